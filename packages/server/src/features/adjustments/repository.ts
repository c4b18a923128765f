import { regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The categories of finding a run stores (the service's `AdjustmentCategory`). */
type Category = 'should_enter' | 'should_exit' | 'should_return' | 'excluded' | 'cannot_decide' | 'inconsistent';

/** One finding as it is stored. */
export interface AdjustmentItemRow {
  county_code: string;
  run_id: string;
  household_id: string;
  category: Category;
  village_code: string;
  status: string;
  outcome: string;
  reasons: string;
  peer_household_id: string | null;
}

/** A region by code with its level, or undefined. */
export function findRegionLevel(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', '=', code).executeTakeFirst();
}

/** Stores a new run, running; returns its id. */
export async function insertRun(db: Kysely<DB>, run: { regionCode: string; year: number; basis: unknown; createdBy: string }): Promise<string> {
  const { id } = await db
    .insertInto('adjustment_run')
    .values({ region_code: run.regionCode, year: run.year, state: 'running', basis: JSON.stringify(run.basis), created_by: run.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Marks a run failed with its message. */
export async function markRunFailed(db: Kysely<DB>, id: string, message: string): Promise<void> {
  await db.updateTable('adjustment_run').set({ state: 'failed', message, finished_at: new Date() }).where('id', '=', id).execute();
}

/** The keys of every registered household (not removed) of a region, by county and id. */
export function householdKeysOfRegion(db: Kysely<DB>, region: string) {
  const prefix = regionPrefix(region);
  return db
    .selectFrom('household')
    .select(['county_code', 'id', 'village_code'])
    .where('village_code', 'like', `${prefix}%`)
    .where('status', '<>', 'removed')
    .$if(prefix.length >= 6, (q) => q.where('county_code', '=', prefix.slice(0, 6)))
    .orderBy('county_code')
    .orderBy('id')
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

/** A household with its members and incomes, as the rules read it. */
export type DetailedHousehold = Awaited<ReturnType<typeof householdsWithDetails>>[number];

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

/** Stores a run's findings, a thousand per statement. */
export async function insertItems(db: Kysely<DB>, items: readonly AdjustmentItemRow[]): Promise<void> {
  for (let i = 0; i < items.length; i += 1000) await db.insertInto('adjustment_item').values(items.slice(i, i + 1000)).execute();
}

/** Marks a run done with the households it evaluated and its counts by finding. */
export async function markRunDone(db: Kysely<DB>, id: string, households: number, counts: Record<Category, number>): Promise<void> {
  await db
    .updateTable('adjustment_run')
    .set({ state: 'done', households, counts: JSON.stringify(counts), finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** One run by id, or undefined. */
export function findRun(db: Kysely<DB>, id: string) {
  return db.selectFrom('adjustment_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page of a run's findings, by category and village, with the households' numbers and heads. */
export async function runItems(db: Kysely<DB>, runId: string, filter: { category?: string | undefined; village?: string | undefined; page: number; pageSize: number }) {
  let query = db
    .selectFrom('adjustment_item as a')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'a.county_code').onRef('h.id', '=', 'a.household_id'))
    .innerJoin('region as v', 'v.code', 'a.village_code')
    .leftJoin('household as p', (j) => j.onRef('p.county_code', '=', 'a.county_code').onRef('p.id', '=', 'a.peer_household_id'))
    .where('a.run_id', '=', runId);
  if (filter.category) query = query.where('a.category', '=', filter.category as 'should_exit');
  if (filter.village) query = query.where('a.village_code', 'like', `${filter.village}%`);
  const [items, total] = await Promise.all([
    query
      .select([
        'a.household_id', 'a.category', 'a.village_code', 'a.status', 'a.outcome', 'a.reasons', 'a.peer_household_id', 'a.procedure_id',
        'h.household_no', 'h.head_name', 'v.name as village_name', 'p.household_no as peer_household_no', 'p.head_name as peer_head_name', 'p.status as peer_status',
      ])
      .orderBy('a.category')
      .orderBy('h.household_no')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The findings of a run for some households, of the given categories. */
export function findingsOf(db: Kysely<DB>, runId: string, householdIds: string[], categories: Category[]) {
  return db
    .selectFrom('adjustment_item')
    .select(['county_code', 'household_id', 'category', 'procedure_id'])
    .where('run_id', '=', runId)
    .where('household_id', 'in', householdIds.length > 0 ? householdIds : ['0'])
    .where('category', 'in', categories)
    .execute();
}

/** Notes on a finding the procedure opened for it. */
export async function setItemProcedure(db: Kysely<DB>, item: { county_code: string; run_id: string; household_id: string; category: Category }, procedureId: string): Promise<void> {
  await db
    .updateTable('adjustment_item')
    .set({ procedure_id: procedureId })
    .where('county_code', '=', item.county_code)
    .where('run_id', '=', item.run_id)
    .where('household_id', '=', item.household_id)
    .where('category', '=', item.category)
    .execute();
}

/** The latest runs inside a region. */
export function listRunsOfRegion(db: Kysely<DB>, regionCode: string) {
  return db
    .selectFrom('adjustment_run as r')
    .innerJoin('region as g', 'g.code', 'r.region_code')
    .select(['r.id', 'r.region_code', 'g.name as region_name', 'r.year', 'r.state', 'r.households', 'r.counts', 'r.created_at', 'r.finished_at'])
    .where('r.region_code', 'like', `${regionPrefix(regionCode)}%`)
    .orderBy('r.id', 'desc')
    .limit(50)
    .execute();
}
