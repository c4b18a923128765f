import { regionPrefix, yearInChina } from '@jingzhun/domain';
import { CompiledQuery, type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { BulkStep } from '../../kernel/db/database.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { pairedWithUser } from '../../kernel/scope/need-to-know.repository.ts';
import { bareName, NAME_SEPARATORS } from '../../kernel/text/pinyin.ts';

/** One household by id, with its village's name. */
export function findHousehold(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.code', 'h.village_code')
    .selectAll('h')
    .select('v.name as village_name')
    .where('h.id', '=', id)
    .executeTakeFirst();
}

/** The county of a household by its id alone (null when there is none), to lead the keys of its rows. */
export async function countyOfHousehold(db: Kysely<DB>, householdId: string): Promise<string | null> {
  if (!/^\d{1,18}$/.test(householdId)) return null;
  const row = await db.selectFrom('household').select('county_code').where('id', '=', householdId).executeTakeFirst();
  return row?.county_code ?? null;
}

export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

/** Which of some region codes exist. */
export async function knownRegionCodes(db: Kysely<DB>, codes: string[]): Promise<string[]> {
  const rows = await db.selectFrom('region').select('code').where('code', 'in', codes).execute();
  return rows.map((r) => r.code);
}

/** A region's code and level, if it exists. */
export function findRegionLevel(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', '=', code).executeTakeFirst();
}

/** The members of a household, those who left included, head first. */
export function findMembers(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('member')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy(sql`relation = 'head'`, 'desc')
    .orderBy('birth_date')
    .orderBy('id')
    .execute();
}
export type MemberRow = Awaited<ReturnType<typeof findMembers>>[number];

/** The incomes of a household by year. */
export function findIncomes(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('household_income')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy('year')
    .execute();
}

/**
 * Recounts, for every income year of the given households, the members present at the year's end: the
 * divisor of net income per head. Run in the transaction of every write that adds, removes or moves
 * members or records incomes (bulk loads run it as one of their steps), so the stored figure never
 * disagrees with its parts. Parameters: $1 county codes, $2 household ids.
 */
export const REFRESH_INCOME_MEMBERS_SQL = `
  UPDATE household_income i SET members = (
    SELECT count(*) FROM member m
    WHERE m.county_code = i.county_code AND m.household_id = i.household_id
      AND m.birth_date <= make_date(i.year, 12, 31)
      AND coalesce(m.joined_on, m.birth_date) <= make_date(i.year, 12, 31)
      AND (m.left_on IS NULL OR m.left_on > make_date(i.year, 12, 31)))
  WHERE i.county_code = ANY($1::text[]) AND i.household_id = ANY($2::bigint[])`;

/** The same recount as a step of a bulk load, for households of several counties. */
export function refreshIncomeMembersStep(countyCodes: readonly string[], householdIds: readonly string[]): BulkStep {
  return { sql: REFRESH_INCOME_MEMBERS_SQL, params: [[...countyCodes], [...householdIds]] };
}

/** Recounts the per-head divisor of every income year of some households of one county. */
export async function refreshIncomeMembers(db: Kysely<DB>, countyCode: string, householdIds: readonly string[]): Promise<void> {
  if (householdIds.length === 0) return;
  await db.executeQuery(CompiledQuery.raw(REFRESH_INCOME_MEMBERS_SQL, [[countyCode], [...householdIds]]));
}

/** The events of a household, oldest first. */
export function findEvents(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('household_event')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
}

/** The corrections of a household, newest first. */
export function findChanges(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('household_change')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Where a living person is registered, if anywhere. */
export function findRegisteredPerson(db: Kysely<DB>, idNumber: string) {
  return db
    .selectFrom('person_index as p')
    .innerJoin('household as h', (join) => join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .select(['p.id_number', 'p.county_code', 'p.household_id', 'p.member_id', 'h.village_code', 'h.household_no', 'h.head_name'])
    .where('p.id_number', '=', idNumber)
    .executeTakeFirst();
}

export interface HouseholdListFilter {
  scopeCode: string;
  region?: string | undefined;
  status?: string | undefined;
  attribute?: string | undefined;
  mainCause?: string | undefined;
  disability?: boolean | undefined;
  incomeYear?: number | undefined;
  incomeMin?: number | undefined;
  incomeMax?: number | undefined;
  q?: string | undefined;
  /** A member's full ID number (normalised): only from a request body, never from a URL. */
  idNumber?: string | undefined;
  /** A statistics figure's set (its drill-down): the households the figure counted. */
  where?: RawBuilder<SqlBool> | undefined;
  /** Need to know: only the households paired today with this user's aid staff record (a helper's). */
  pairedWithUser?: { userId: string; on: string } | undefined;
  sort: 'headName' | 'householdNo' | 'yearRegistered' | 'village' | 'incomePerHead';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Net income per head of a household in a year, as kept with its income record. */
function perHeadSql(year: number): RawBuilder<string | null> {
  return sql<string | null>`(SELECT i.per_head FROM household_income i WHERE i.county_code = h.county_code AND i.household_id = h.id AND i.year = ${year})`;
}

/** The households matching a list's filters and search, inside a region. */
function filteredHouseholds(db: Kysely<DB>, filter: Omit<HouseholdListFilter, 'sort' | 'order' | 'page' | 'pageSize'>, incomeYear: number) {
  const prefix = regionPrefix(filter.region ?? filter.scopeCode);
  let query = db.selectFrom('household as h').innerJoin('region as v', 'v.code', 'h.village_code');
  if (prefix.length >= 6) query = query.where('h.county_code', '=', prefix.slice(0, 6));
  query = query.where('h.village_code', 'like', `${prefix}%`);
  if (filter.where) query = query.where(filter.where);
  if (filter.pairedWithUser) {
    const { userId, on } = filter.pairedWithUser;
    query = query.where(pairedWithUser(userId, on, 'h.county_code', 'h.id'));
  }
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.attribute) query = query.where('h.attribute', '=', filter.attribute);
  if (filter.mainCause) query = query.where('h.main_cause', '=', filter.mainCause);
  if (filter.disability !== undefined) {
    const disabled = sql<SqlBool>`EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code
      AND m.household_id = h.id AND m.status = 'active' AND m.health = 'disabled')`;
    query = query.where(filter.disability ? disabled : sql<SqlBool>`NOT ${disabled}`);
  }
  if (filter.incomeMin !== undefined || filter.incomeMax !== undefined) {
    const min = filter.incomeMin ?? 0;
    const max = filter.incomeMax ?? Number.MAX_SAFE_INTEGER;
    const county = prefix.length >= 6 ? sql`= ${prefix.slice(0, 6)}` : sql`LIKE ${`${prefix}%`}`;
    query = query.where(sql<SqlBool>`(h.county_code, h.id) IN (SELECT i.county_code, i.household_id FROM household_income i
      WHERE i.county_code ${county} AND i.year = ${incomeYear} AND i.per_head BETWEEN ${min} AND ${max})`);
  }
  if (filter.idNumber) {
    query = query.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id
        AND m.status = 'active' AND m.id_number = ${filter.idNumber})`,
    );
  }
  // Spaces and middle dots are no part of a name: `李四` finds `李 四`, `aygl mmt` finds 阿依古丽·买买提.
  const q = filter.q === undefined ? '' : bareName(filter.q);
  if (q) {
    let match: Expression<SqlBool>;
    if (/^\d{3,17}[\dXx]?$/.test(q)) {
      match = sql<SqlBool>`reverse(m.id_number) LIKE ${`${[...q.toUpperCase()].reverse().join('')}%`}`;
    } else if (/^[a-z]+$/i.test(q)) {
      const lower = escapeLike(q.toLowerCase());
      match = sql<SqlBool>`(m.name_initials LIKE ${`${lower}%`} OR m.name_pinyin LIKE ${`${lower}%`})`;
    } else {
      match = sql<SqlBool>`translate(m.name, ${NAME_SEPARATORS}, '') LIKE ${`%${escapeLike(q)}%`}`;
    }
    query = query.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id
        AND m.status = 'active' AND ${match})`,
    );
  }
  return query;
}

/** The year a list's income filters and column refer to when none is given: last year. */
export function defaultIncomeYear(): number {
  return yearInChina() - 1;
}

/**
 * A page of households inside a region: filtered, searched (name, full pinyin, initials, or the last
 * digits of any member's ID) and sorted; Chinese names sort by their stored pinyin on both engines.
 */
export async function listHouseholds(db: Kysely<DB>, filter: HouseholdListFilter) {
  const incomeYear = filter.incomeYear ?? defaultIncomeYear();
  const query = filteredHouseholds(db, filter, incomeYear);
  const sortColumn = {
    headName: sql`h.head_name_pinyin`,
    householdNo: sql`h.household_no`,
    yearRegistered: sql`h.year_registered`,
    village: sql`h.village_code`,
    incomePerHead: perHeadSql(incomeYear),
  }[filter.sort];
  const [items, total] = await Promise.all([
    query
      .select([
        'h.id', 'h.county_code', 'h.household_no', 'h.village_code', 'v.name as village_name', 'h.head_name', 'h.head_name_initials',
        'h.attribute', 'h.status', 'h.main_cause', 'h.year_registered', 'h.year_exited', 'h.phone',
      ])
      .select([
        perHeadSql(incomeYear).as('income_per_head'),
        sql<string>`(SELECT count(*) FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.status = 'active')`.as('member_count'),
        sql<string | null>`(SELECT m.id_number FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id
          AND m.status = 'active' AND m.relation = 'head' LIMIT 1)`.as('head_id_number'),
      ])
      .orderBy(sortColumn, (ob) => (filter.order === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
      .orderBy('h.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), incomeYear };
}

/** The ids of all households matching a list's filters, in household-number order (for exports). */
export async function householdKeysForExport(db: Kysely<DB>, filter: Omit<HouseholdListFilter, 'sort' | 'order' | 'page' | 'pageSize'>) {
  return filteredHouseholds(db, filter, filter.incomeYear ?? defaultIncomeYear())
    .select(['h.county_code', 'h.id'])
    .orderBy('h.household_no')
    .execute();
}

/**
 * Households of one county whose ids lie in a range, with their active members and incomes: three range
 * scans instead of lists of ids, for work that walks a whole county in id order (the yearly review).
 */
export async function householdsInIdRange(db: Kysely<DB>, countyCode: string, fromId: string, toId: string) {
  const [households, members, incomes] = await Promise.all([
    db.selectFrom('household').selectAll().where('county_code', '=', countyCode).where('id', '>=', fromId).where('id', '<=', toId).where('status', '<>', 'removed').execute(),
    db
      .selectFrom('member')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('household_id', '>=', fromId)
      .where('household_id', '<=', toId)
      .where('status', '=', 'active')
      .orderBy('household_id')
      .orderBy(sql`relation = 'head'`, 'desc')
      .orderBy('birth_date')
      .orderBy('id')
      .execute(),
    db.selectFrom('household_income').selectAll().where('county_code', '=', countyCode).where('household_id', '>=', fromId).where('household_id', '<=', toId).orderBy('year').execute(),
  ]);
  const membersOf = groupBy(members, (m) => m.household_id);
  const incomesOf = groupBy(incomes, (i) => i.household_id);
  return households.map((h) => ({ household: h, members: membersOf.get(h.id) ?? [], incomes: incomesOf.get(h.id) ?? [] }));
}

/** Households with their members and incomes, for a chunk of ids of one county. */
export async function householdsWithDetails(db: Kysely<DB>, countyCode: string, ids: string[]) {
  if (ids.length === 0) return [];
  const [households, members, incomes] = await Promise.all([
    db.selectFrom('household').selectAll().where('county_code', '=', countyCode).where('id', 'in', ids).orderBy('household_no').execute(),
    db
      .selectFrom('member')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('household_id', 'in', ids)
      .where('status', '=', 'active')
      .orderBy(sql`relation = 'head'`, 'desc')
      .orderBy('birth_date')
      .orderBy('id')
      .execute(),
    db.selectFrom('household_income').selectAll().where('county_code', '=', countyCode).where('household_id', 'in', ids).orderBy('year').execute(),
  ]);
  const membersOf = groupBy(members, (m) => m.household_id);
  const incomesOf = groupBy(incomes, (i) => i.household_id);
  return households.map((h) => ({ household: h, members: membersOf.get(h.id) ?? [], incomes: incomesOf.get(h.id) ?? [] }));
}

/** Groups items by a key (Map.groupBy needs Node 21; this runs on Node 20). */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
