import { regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/**
 * The open pairings of a region on a date, each with the last visit its helper made to its household
 * on or before that date: the one query behind visit compliance, "my households" and the ledger.
 * A pairing never visited is counted from its start, so a pairing made yesterday is not yet overdue.
 */
function openPairings(db: Kysely<DB>, prefix: string, asOf: string) {
  return db
    .selectFrom('household_pairing as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('aid_staff as s', 's.id', 'p.staff_id')
    .where('h.village_code', 'like', `${prefix}%`)
    .where('h.left_on', 'is', null)
    .where('p.starts_on', '<=', asOf)
    .where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', asOf)]))
    .select((eb) => [
      'p.id as pairing_id',
      'p.county_code',
      'p.household_id',
      'p.staff_id',
      's.unit_id',
      'p.starts_on',
      eb
        .selectFrom('visit_helper as vh')
        .select((e) => e.fn.max('vh.visited_on').as('d'))
        .whereRef('vh.county_code', '=', 'p.county_code')
        .whereRef('vh.household_id', '=', 'p.household_id')
        .whereRef('vh.staff_id', '=', 'p.staff_id')
        .where('vh.visited_on', '<=', asOf)
        .as('last_visited_on'),
    ]);
}

/**
 * The compliance figures of a region in one statement. A pairing is overdue when it began at least the
 * interval ago and its helper has made no visit to its household within the interval: one probe of the
 * (county, household, helper, date) index per pairing, a plan that stays sound whatever the statistics
 * say (the embedded engine has no autovacuum, and a join against the interval's visits, estimated from
 * an empty table, ran 100 s). The last visit is looked up only for the overdue pairings the list shows.
 * Totals, units and helpers come from one pass (GROUPING SETS); helpers are the 500 with most overdue.
 */
export function complianceStatement(q: { prefix: string; counties: string[]; asOf: string; cutoff: string; unitId?: string | undefined; staffId?: string | undefined; limit: number; offset: number; helperLimit?: number }) {
  const unit = q.unitId ? sql`AND s.unit_id = ${q.unitId}` : sql``;
  const staff = q.staffId ? sql`AND p.staff_id = ${q.staffId}` : sql``;
  return sql<{ groups: ComplianceGroup[] | null; items: ComplianceItem[] | null }>`
    WITH c AS MATERIALIZED (
      SELECT p.id AS pairing_id, p.county_code, p.household_id, p.staff_id, s.unit_id, p.starts_on,
             p.starts_on <= ${q.cutoff}::date AND NOT EXISTS (
               SELECT 1 FROM visit_helper vh WHERE vh.county_code = p.county_code AND vh.household_id = p.household_id AND vh.staff_id = p.staff_id
                 AND vh.visited_on > ${q.cutoff}::date AND vh.visited_on <= ${q.asOf}::date
             ) AS overdue
      FROM household_pairing p
      JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
      JOIN aid_staff s ON s.id = p.staff_id
      WHERE p.county_code = ANY(${q.counties}) AND h.village_code LIKE ${`${q.prefix}%`} AND h.left_on IS NULL
        AND p.starts_on <= ${q.asOf}::date AND (p.ends_on IS NULL OR p.ends_on >= ${q.asOf}::date) ${unit} ${staff}
    ), groups AS (
      SELECT grouping(unit_id, staff_id) AS g, unit_id, staff_id, count(*) AS pairings,
             count(*) FILTER (WHERE overdue) AS overdue, count(DISTINCT household_id) FILTER (WHERE overdue) AS households
      FROM c GROUP BY GROUPING SETS ((), (unit_id), (staff_id))
    ), late AS (
      SELECT c.*, (SELECT max(vh.visited_on) FROM visit_helper vh WHERE vh.county_code = c.county_code AND vh.household_id = c.household_id
                     AND vh.staff_id = c.staff_id AND vh.visited_on <= ${q.asOf}::date) AS last_visited_on
      FROM c WHERE overdue
    ), page AS (
      SELECT * FROM late ORDER BY coalesce(last_visited_on, starts_on), pairing_id LIMIT ${q.limit} OFFSET ${q.offset}
    )
    SELECT
      (SELECT json_agg(x) FROM (
        SELECT g.g, g.pairings, g.overdue, g.households, u.id AS unit_id, u.name AS unit_name, s.id AS staff_id, s.name AS staff_name, su.name AS staff_unit_name
        FROM groups g LEFT JOIN aid_unit u ON u.id = g.unit_id LEFT JOIN aid_staff s ON s.id = g.staff_id LEFT JOIN aid_unit su ON su.id = s.unit_id
        WHERE g.g <> 2 OR g.staff_id IN (SELECT staff_id FROM groups WHERE g = 2 ORDER BY overdue DESC, staff_id LIMIT ${q.helperLimit ?? 500})
      ) x) AS groups,
      (SELECT json_agg(x ORDER BY x.since, x.pairing_id) FROM (
        SELECT page.pairing_id, coalesce(page.last_visited_on, page.starts_on) AS since, page.household_id, h.household_no, h.head_name, h.village_code,
               page.staff_id, s.name AS staff_name, u.name AS unit_name, page.starts_on, page.last_visited_on
        FROM page JOIN household h ON h.county_code = page.county_code AND h.id = page.household_id
        JOIN aid_staff s ON s.id = page.staff_id JOIN aid_unit u ON u.id = s.unit_id
      ) x) AS items`;
}

interface ComplianceGroup {
  /** 3: the totals; 1: a unit (grouping of unit_id, staff_id = 01); 2: a helper (10). */
  g: number;
  pairings: number;
  overdue: number;
  households: number;
  unit_id: string | null;
  unit_name: string | null;
  staff_id: string | null;
  staff_name: string | null;
  staff_unit_name: string | null;
}
interface ComplianceItem {
  pairing_id: string;
  household_id: string;
  household_no: string;
  head_name: string;
  village_code: string;
  staff_id: string;
  staff_name: string;
  unit_name: string;
  starts_on: string;
  last_visited_on: string | null;
}

/** Runs the compliance statement: its groups (totals, units, helpers) and the page of overdue pairings. */
export async function complianceFigures(db: Kysely<DB>, q: Parameters<typeof complianceStatement>[0]) {
  const { rows } = await complianceStatement(q).execute(db);
  return rows[0];
}

/** A member of staff's unit, name and phone. */
export function findStaffSummary(db: Kysely<DB>, staffId: string) {
  return db.selectFrom('aid_staff').select(['id', 'unit_id', 'name', 'phone']).where('id', '=', staffId).executeTakeFirst();
}

/** A member of staff, every column. */
export function findStaff(db: Kysely<DB>, staffId: string) {
  return db.selectFrom('aid_staff').selectAll().where('id', '=', staffId).executeTakeFirst();
}

/** The counties a region covers (itself when it is a county or below). */
export async function countiesOf(db: Kysely<DB>, code: string): Promise<string[]> {
  const prefix = regionPrefix(code);
  if (prefix.length >= 6) return [prefix.slice(0, 6)];
  const rows = await db.selectFrom('region').select('code').where('level', '=', 3).where('code', 'like', `${prefix}%`).orderBy('code').execute();
  return rows.map((r) => r.code);
}

/** A helper's open pairings in a region on a date, with each household, its village, its present members and the last visit. */
export function listPairedHouseholds(db: Kysely<DB>, prefix: string, asOf: string, staffId: string) {
  return db
    .with('p', () => openPairings(db, prefix, asOf).where('p.staff_id', '=', staffId))
    .selectFrom('p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('region as g', 'g.code', 'h.village_code')
    .select(['p.pairing_id', 'h.id', 'h.household_no', 'h.head_name', 'h.village_code', 'g.name as village_name', 'h.status', 'h.main_cause', 'h.phone', 'h.address', 'p.starts_on', 'p.last_visited_on'])
    .select((eb) => eb.selectFrom('member as m').whereRef('m.county_code', '=', 'h.county_code').whereRef('m.household_id', '=', 'h.id').where('m.left_on', 'is', null).select((e) => e.fn.countAll<string>().as('n')).as('size'))
    .execute();
}

/**
 * A helper's year inside a region (a LIKE pattern): the households paired at any time in it with the
 * visits made to each, every visit made, and the measures answered for.
 */
export function helperYear(db: Kysely<DB>, staffId: string, prefix: string, from: string, to: string) {
  return Promise.all([
    db
      .selectFrom('household_pairing as p')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
      .innerJoin('region as g', 'g.code', 'h.village_code')
      .select(['h.id', 'h.household_no', 'h.head_name', 'h.village_code', 'g.name as village_name', 'h.status', 'h.main_cause', 'p.starts_on', 'p.ends_on'])
      .select((eb) =>
        eb
          .selectFrom('visit_helper as vh')
          .whereRef('vh.county_code', '=', 'p.county_code')
          .whereRef('vh.household_id', '=', 'p.household_id')
          .where('vh.staff_id', '=', staffId)
          .where('vh.visited_on', '>=', from)
          .where('vh.visited_on', '<=', to)
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('visits'),
      )
      .where('p.staff_id', '=', staffId)
      .where('h.village_code', 'like', prefix)
      .where('p.starts_on', '<=', to)
      .where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', from)]))
      .orderBy('h.village_code')
      .orderBy('h.household_no')
      .execute(),
    db
      .selectFrom('visit_helper as vh')
      .innerJoin('visit as v', (j) => j.onRef('v.county_code', '=', 'vh.county_code').onRef('v.id', '=', 'vh.visit_id'))
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
      .select(['v.id', 'v.visited_on', 'h.id as household_id', 'h.household_no', 'h.head_name', 'v.seen', 'v.problems', 'v.agreed', 'v.spent', 'v.campaign_id', 'v.photo_ids', 'v.latitude'])
      .where('vh.staff_id', '=', staffId)
      .where('vh.visited_on', '>=', from)
      .where('vh.visited_on', '<=', to)
      .where('h.village_code', 'like', prefix)
      .orderBy('v.visited_on', 'desc')
      .orderBy('v.id', 'desc')
      .execute(),
    db
      .selectFrom('household_measure as m')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'm.county_code').onRef('h.id', '=', 'm.household_id'))
      .select(['m.id', 'h.id as household_id', 'h.household_no', 'h.head_name', 'm.family', 'm.content', 'm.amount', 'm.starts_on', 'm.ends_on', 'm.status', 'm.result'])
      .where('m.helper_id', '=', staffId)
      .where('h.village_code', 'like', prefix)
      .where('m.starts_on', '<=', to)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', from)]))
      .orderBy('m.starts_on')
      .orderBy('m.id')
      .execute(),
  ]);
}
