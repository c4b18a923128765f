import { regionPrefix } from '@jingzhun/domain';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

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
export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

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
  sort: 'headName' | 'householdNo' | 'yearRegistered' | 'village' | 'incomePerHead';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Net income per head of a household in a year, divided by the members present at the year's end. */
function perHeadSql(year: number): RawBuilder<string | null> {
  const end = `${year}-12-31`;
  return sql<string | null>`(
    SELECT round((i.wages + i.business + i.property + i.transfers - i.production_costs)
                 / nullif((SELECT count(*) FROM member m
                           WHERE m.county_code = h.county_code AND m.household_id = h.id
                             AND m.birth_date <= ${end}::date
                             AND coalesce(m.joined_on, m.birth_date) <= ${end}::date
                             AND (m.left_on IS NULL OR m.left_on > ${end}::date)), 0), 2)
    FROM household_income i
    WHERE i.county_code = h.county_code AND i.household_id = h.id AND i.year = ${year})`;
}

/**
 * A page of households inside a region: filtered, searched (name, full pinyin, initials, or the last
 * digits of any member's ID) and sorted; Chinese names sort by their stored pinyin on both engines.
 */
export async function listHouseholds(db: Kysely<DB>, filter: HouseholdListFilter) {
  const prefix = regionPrefix(filter.region ?? filter.scopeCode);
  const incomeYear = filter.incomeYear ?? new Date().getFullYear() - 1;
  let query = db.selectFrom('household as h').innerJoin('region as v', 'v.code', 'h.village_code');
  if (prefix.length >= 6) query = query.where('h.county_code', '=', prefix.slice(0, 6));
  query = query.where('h.village_code', 'like', `${prefix}%`);
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.attribute) query = query.where('h.attribute', '=', filter.attribute);
  if (filter.mainCause) query = query.where('h.main_cause', '=', filter.mainCause);
  if (filter.disability !== undefined) {
    const disabled = sql<SqlBool>`EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code
      AND m.household_id = h.id AND m.status = 'active' AND m.health = 'disabled')`;
    query = query.where(filter.disability ? disabled : sql<SqlBool>`NOT ${disabled}`);
  }
  if (filter.incomeMin !== undefined) query = query.where(sql<SqlBool>`${perHeadSql(incomeYear)} >= ${filter.incomeMin}`);
  if (filter.incomeMax !== undefined) query = query.where(sql<SqlBool>`${perHeadSql(incomeYear)} <= ${filter.incomeMax}`);
  const q = filter.q?.trim();
  if (q) {
    let match: Expression<SqlBool>;
    if (/^\d{3,17}[\dXx]?$/.test(q)) {
      match = sql<SqlBool>`m.id_number LIKE ${`%${q.toUpperCase()}`}`;
    } else if (/^[a-z]+$/i.test(q)) {
      const lower = escapeLike(q.toLowerCase());
      match = sql<SqlBool>`(m.name_initials LIKE ${`${lower}%`} OR m.name_pinyin LIKE ${`${lower}%`})`;
    } else {
      match = sql<SqlBool>`m.name LIKE ${`%${escapeLike(q)}%`}`;
    }
    query = query.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id
        AND m.status = 'active' AND ${match})`,
    );
  }
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
        'h.id', 'h.county_code', 'h.household_no', 'h.village_code', 'v.name as village_name', 'h.head_name',
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
