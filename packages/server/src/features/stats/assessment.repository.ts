import { regionPrefix } from '@jingzhun/domain';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, HouseholdDeprivationTable } from '../../kernel/db/schema.ts';

/** Rows per INSERT statement. */
const WRITE_BATCH = 1000;

/** A household's stored assessment of a year, as written. */
export type DeprivationRow = Insertable<HouseholdDeprivationTable>;

/** The ids of a county's households registered by the year inside a region, in id order. */
export async function registeredHouseholdIds(db: Kysely<DB>, county: string, code: string, year: number): Promise<string[]> {
  const prefix = regionPrefix(code);
  return (
    await db
      .selectFrom('household')
      .select('id')
      .where('county_code', '=', county)
      .where('village_code', 'like', `${prefix}%`)
      .where('status', 'not in', ['removed', 'candidate'])
      .where('year_registered', '<=', year)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
}

/**
 * Replaces a county's assessments of a year inside a region with `rows`, in one transaction so the
 * dashboards never sum half a county.
 */
export async function replaceDeprivations(db: Kysely<DB>, county: string, code: string, year: number, rows: DeprivationRow[]): Promise<void> {
  const prefix = regionPrefix(code);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('household_deprivation').where('county_code', '=', county).where('year', '=', year).where('village_code', 'like', `${prefix}%`).execute();
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await trx
        .insertInto('household_deprivation')
        .values(rows.slice(i, i + WRITE_BATCH))
        .execute();
    }
  });
}

/*
 * The households an assessment judges, with their active members and incomes: the same reads as the
 * households feature's (households/repository.ts), kept here because a feature reads only its own
 * repository.
 */

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
