import { DIMENSIONS, INCOME_BIN_EDGES, regionPrefix } from '@jingzhun/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { BENEFIT_KIND, deprivationScore, householdSet, inYear, measureUnderWay, multidimensionallyPoor, pairingOpen, OPEN_ALERT_STATES, pairingOverdue, registered, type SetContext } from './sets.repository.ts';

/**
 * The statistics' queries: every figure of the dashboards and the reports is counted here, each a count
 * of one of the sets in sets.repository.ts, and shaped in figures.service.ts. A region is read by its code
 * prefix; `childLength` groups the figures by the child node each household lies in (the code length of
 * the children), or not at all.
 */

export interface Scope {
  prefix: string;
  /** The county codes the region covers, as a pattern (county_code is the leading six digits). */
  counties: RawBuilder<unknown>;
  childLength: number | null;
}

export function scopeOf(code: string, childLength: number | null): Scope {
  const prefix = regionPrefix(code);
  const counties = prefix.length >= 6 ? sql`= ${prefix.slice(0, 6)}` : sql`LIKE ${`${prefix}%`}`;
  return { prefix, counties, childLength };
}

/** The persons of each household: every member on its record, as the registry's figures count them. */
function memberCounts(scope: Scope) {
  return sql`(SELECT county_code, household_id, count(*) AS n FROM member WHERE county_code ${scope.counties} GROUP BY 1, 2)`;
}

/**
 * The persons of the households a grouped query `x` found (county_code, household_id), looked up per
 * household: cheaper than counting a whole region's members when few households are in the set.
 */
const personsOf = sql`(SELECT count(*) FROM member mm WHERE mm.county_code = x.county_code AND mm.household_id = x.household_id)`;

/**
 * The households of a region folded into one row per combination of the facts the household-level sets
 * read, with how many households and persons each holds: the household-level predicates run over these
 * rows (aliased `h`) as over households, once per combination instead of once per household.
 */
function factRows(scope: Scope) {
  const child = scope.childLength === null ? sql`''` : sql`substr(x.village_code, 1, ${scope.childLength})`;
  return sql`(
    SELECT ${child} AS child, x.status, x.year_registered, x.year_exited, x.year_returned, x.monitoring_category,
           x.monitoring_since, x.risk_removed_on, x.left_on, x.main_cause, count(*) AS n, coalesce(sum(m.n), 0) AS persons
    FROM household x LEFT JOIN ${memberCounts(scope)} m ON m.county_code = x.county_code AND m.household_id = x.id
    WHERE x.county_code ${scope.counties} AND x.village_code LIKE ${`${scope.prefix}%`}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)`;
}

/** The sets the registry's figures count, each as households and persons. */
export const REGISTRY_SETS = ['registered', 'poor', 'exited_total', 'entered', 'exited', 'returned', 'monitored', 'risk_removed'] as const;

const NET = sql`(i.wages + i.business + i.property + i.transfers - i.production_costs)`;

/** The expression naming a row's child node from a 12-digit village code column. */
function childOf(scope: Scope, column: RawBuilder<unknown>) {
  return scope.childLength === null ? sql<string>`''` : sql<string>`substr(${column}, 1, ${scope.childLength})`;
}

/** The rows of registryCounts: the registry's sets in GROUPING SETS (grand total, by child, by cause, by category) and the trend as JSON. */
export async function countRegistry(db: Kysely<DB>, scope: Scope, year: number, years: number[] = []) {
  const flags = REGISTRY_SETS.map((s) => sql`${householdSet(s, year)} AS ${sql.ref(`is_${s}`)}`);
  const sums = REGISTRY_SETS.flatMap((s) => [
    sql`sum(f.n) FILTER (WHERE ${sql.ref(`f.is_${s}`)}) AS ${sql.ref(`${s}_h`)}`,
    sql`sum(f.persons) FILTER (WHERE ${sql.ref(`f.is_${s}`)}) AS ${sql.ref(`${s}_p`)}`,
  ]);
  const y = sql<number>`y.year`;
  const { rows } = await sql<Record<string, string | null> & { g: number; child: string | null; main_cause: string | null; monitoring_category: string | null; series: Array<Record<string, number | null>> | null }>`
    WITH fold AS MATERIALIZED ${factRows(scope)},
    f AS MATERIALIZED (
      SELECT h.child, h.main_cause, h.monitoring_category, h.n, h.persons, ${sql.join(flags)}
      FROM fold h
    ), s AS (
      SELECT y.year,
        sum(h.n) FILTER (WHERE ${householdSet('registered', y)}) AS registered,
        sum(h.n) FILTER (WHERE ${householdSet('poor', y)}) AS poor,
        sum(h.persons) FILTER (WHERE ${householdSet('poor', y)}) AS "poorPersons",
        sum(h.n) FILTER (WHERE ${householdSet('exited', y)}) AS exited,
        sum(h.n) FILTER (WHERE ${householdSet('returned', y)}) AS returned,
        sum(h.n) FILTER (WHERE ${householdSet('monitored', y)}) AS monitored
      FROM fold h CROSS JOIN unnest(${years}::int[]) AS y(year)
      GROUP BY y.year
    )
    SELECT grouping(f.child, f.main_cause, f.monitoring_category) AS g, f.child, f.main_cause, f.monitoring_category,
           sum(f.n) FILTER (WHERE f.is_poor) AS poor_by_cause, ${sql.join(sums)}, (SELECT json_agg(s) FROM s) AS series
    FROM f GROUP BY GROUPING SETS ((), (f.child), (f.main_cause), (f.monitoring_category))`.execute(db);
  return rows;
}

/** Rural population of the villages, summed per year and per year and child (GROUPING SETS). */
export async function sumRuralPopulation(db: Kysely<DB>, scope: Scope, years: number[]) {
  const child = scope.childLength === null ? sql`''` : sql`substr(p.region_code, 1, ${scope.childLength})`;
  const { rows } = await sql<{ year: number; child: string | null; g: number; population: string }>`
    SELECT x.year, x.child, grouping(x.child) AS g, sum(x.rural_population) AS population
    FROM (
      SELECT p.year, ${child} AS child, p.rural_population
      FROM region_population p JOIN region r ON r.code = p.region_code AND r.level = 5
      WHERE p.county_code ${scope.counties} AND p.region_code LIKE ${`${scope.prefix}%`} AND p.year = ANY(${years}::int[])
    ) x
    GROUP BY GROUPING SETS ((x.year), (x.year, x.child))`.execute(db);
  return rows;
}

/** The first year with a registration or a population figure, and the last with a population figure. */
export async function findYearBounds(db: Kysely<DB>, scope: Scope) {
  const { rows } = await sql<{ first: number | null; last: number | null }>`
    SELECT least(
             (SELECT min(h.year_registered) FROM household h WHERE h.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`}),
             (SELECT min(p.year) FROM region_population p WHERE p.county_code ${scope.counties} AND p.region_code LIKE ${`${scope.prefix}%`})) AS first,
           (SELECT max(p.year) FROM region_population p WHERE p.county_code ${scope.counties} AND p.region_code LIKE ${`${scope.prefix}%`}) AS last`.execute(db);
  return rows;
}

/** The rows of incomeFigures: the year and the year before, by child and by band (GROUPING SETS). */
export async function countIncome(db: Kysely<DB>, scope: Scope, ctx: SetContext) {
  const { year } = ctx;
  const edges = INCOME_BIN_EDGES;
  const band = sql.join(
    edges.map((from, i) => {
      const to = edges[i + 1];
      return to === undefined ? sql`WHEN i.per_head >= ${from} THEN ${i}` : sql`WHEN i.per_head >= ${from} AND i.per_head < ${to} THEN ${i}`;
    }),
    sql` `,
  );
  const child = scope.childLength === null ? sql`''` : sql`substr(h.village_code, 1, ${scope.childLength})`;
  const { rows } = await sql<{ g: number; year: number; child: string | null; band: number | null; households: string; persons: string; net: string | null; counted: string | null; median: string | null; below_poverty: string; below_poverty_p: string; below_monitoring: string; below_monitoring_p: string }>`
    WITH r AS MATERIALIZED (
      SELECT i.year, ${child} AS child, CASE ${band} END AS band, i.per_head, i.members, ${NET} AS net, i.members AS persons
      FROM household h
      JOIN household_income i ON i.county_code = h.county_code AND i.household_id = h.id
      WHERE h.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`} AND i.per_head IS NOT NULL
        AND ((i.year = ${year} AND ${registered(year)}) OR (i.year = ${year - 1} AND ${registered(year - 1)}))
    )
    SELECT grouping(r.year, r.child, r.band) AS g, r.year, r.child, r.band, count(*) AS households, sum(r.persons) AS persons,
           sum(r.net) AS net, sum(r.members) AS counted, percentile_cont(0.5) WITHIN GROUP (ORDER BY r.per_head) AS median,
           count(*) FILTER (WHERE r.per_head < ${ctx.povertyLine ?? -1}) AS below_poverty,
           coalesce(sum(r.persons) FILTER (WHERE r.per_head < ${ctx.povertyLine ?? -1}), 0) AS below_poverty_p,
           count(*) FILTER (WHERE r.per_head < ${ctx.monitoringLine ?? -1}) AS below_monitoring,
           coalesce(sum(r.persons) FILTER (WHERE r.per_head < ${ctx.monitoringLine ?? -1}), 0) AS below_monitoring_p
    FROM r GROUP BY GROUPING SETS ((r.year), (r.year, r.child), (r.year, r.band))`.execute(db);
  return rows;
}

/** Net income and the persons the records count, by year, of the registered households. */
export async function sumIncomeByYear(db: Kysely<DB>, scope: Scope, years: number[]) {
  const { rows } = await sql<{ year: number; net: string | null; counted: string | null }>`
    SELECT i.year, sum(${NET}) AS net, sum(i.members) AS counted
    FROM household h JOIN household_income i ON i.county_code = h.county_code AND i.household_id = h.id
    WHERE h.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`} AND i.per_head IS NOT NULL
      AND i.year = ANY(${years}::int[]) AND ${registered(sql<number>`i.year`)}
    GROUP BY i.year`.execute(db);
  return rows;
}

/** The rows of procedureFigures, one per kind. */
export async function countProcedures(db: Kysely<DB>, scope: Scope, ctx: SetContext) {
  const within = (c: RawBuilder<unknown>) => inYear(c, ctx.year);
  const { rows } = await sql<Record<string, string> & { kind: string }>`
    WITH x AS (
      SELECT pr.kind, pr.county_code, pr.household_id,
             bool_or(${within(sql`pr.opened_on`)}) AS opened,
             bool_or(pr.state = 'approved' AND ${within(sql`pr.closed_on`)}) AS approved,
             count(*) FILTER (WHERE pr.state = 'rejected' AND ${within(sql`pr.closed_on`)}) AS rejected,
             count(*) FILTER (WHERE pr.state = 'open') AS open,
             bool_or(pr.state = 'open' AND pr.due_on < ${ctx.today}::date) AS overdue
      FROM procedure pr JOIN household h ON h.county_code = pr.county_code AND h.id = pr.household_id
      WHERE pr.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`}
      GROUP BY 1, 2, 3
    )
    SELECT x.kind,
      count(*) FILTER (WHERE x.opened) AS opened, coalesce(sum(x.persons) FILTER (WHERE x.opened), 0) AS opened_p,
      count(*) FILTER (WHERE x.approved) AS approved, coalesce(sum(x.persons) FILTER (WHERE x.approved), 0) AS approved_p,
      sum(x.rejected) AS rejected, sum(x.open) AS open,
      count(*) FILTER (WHERE x.overdue) AS overdue, coalesce(sum(x.persons) FILTER (WHERE x.overdue), 0) AS overdue_p
    FROM (SELECT x.*, ${personsOf} AS persons FROM x) x
    GROUP BY x.kind`.execute(db);
  return rows;
}

/** The one row of multidimensionalFigures: the assessed households, the poor, each dimension, and those changed since. */
export async function countDeprivations(db: Kysely<DB>, scope: Scope, ctx: SetContext) {
  const poor = multidimensionallyPoor(ctx);
  const { score: s, known: k } = deprivationScore(ctx.weights);
  const dims = DIMENSIONS.flatMap((d) => [
    sql`count(*) FILTER (WHERE ${sql.ref(`d.${d}`)} IS TRUE) AS ${sql.ref(`${d}_h`)}`,
    sql`coalesce(sum(d.persons) FILTER (WHERE ${sql.ref(`d.${d}`)} IS TRUE), 0) AS ${sql.ref(`${d}_p`)}`,
  ]);
  const { rows } = await sql<Record<string, string | null>>`
    SELECT count(*) AS assessed,
      count(*) FILTER (WHERE ${k}) AS households, coalesce(sum(d.persons) FILTER (WHERE ${k}), 0) AS persons,
      count(*) FILTER (WHERE NOT ${k}) AS unknown_h,
      count(*) FILTER (WHERE ${poor}) AS poor_h, coalesce(sum(d.persons) FILTER (WHERE ${poor}), 0) AS poor_p,
      coalesce(sum(${s} * d.persons) FILTER (WHERE ${poor}), 0) AS poor_score,
      min(d.assessed_at) AS assessed_at, max(pp.version) AS version,
      (SELECT count(*) FROM household h JOIN household_deprivation d2 ON d2.county_code = h.county_code AND d2.household_id = h.id AND d2.year = ${ctx.year}
        WHERE h.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`} AND h.updated_at > d2.assessed_at) AS changed,
      ${sql.join(dims)}
    FROM household_deprivation d JOIN policy_profile pp ON pp.id = d.profile_id
    WHERE d.county_code ${scope.counties} AND d.year = ${ctx.year} AND d.village_code LIKE ${`${scope.prefix}%`}`.execute(db);
  return rows;
}

/** The rows of monitoredByChild: households and persons by child and category. */
export async function countMonitoredByChild(db: Kysely<DB>, scope: Scope, year: number) {
  const { rows } = await sql<{ child: string; category: string; households: string; persons: string }>`
    SELECT h.child, h.monitoring_category AS category, sum(h.n) AS households, sum(h.persons) AS persons
    FROM ${factRows(scope)} h
    WHERE ${householdSet('monitored', year)}
    GROUP BY 1, 2`.execute(db);
  return rows;
}

/** The rows of measureFiguresByChild, one per child and family. */
export async function countMeasuresByChild(db: Kysely<DB>, scope: Scope, year: number) {
  const { rows } = await sql<{ child: string; family: string; households: string; persons: string; measures: string; amount: string | null }>`
    WITH x AS (
      SELECT ${childOf(scope, sql`h.village_code`)} AS child, m.family, m.county_code, m.household_id, count(*) AS measures, sum(m.amount) AS amount
      FROM household_measure m JOIN household h ON h.county_code = m.county_code AND h.id = m.household_id
      WHERE m.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`} AND ${measureUnderWay(year)}
      GROUP BY 1, 2, 3, 4
    )
    SELECT x.child, x.family, count(*) AS households, coalesce(sum(x.persons), 0) AS persons, sum(x.measures) AS measures, sum(x.amount) AS amount
    FROM (SELECT x.*, ${personsOf} AS persons FROM x) x
    GROUP BY x.child, x.family`.execute(db);
  return rows;
}

/** The rows of benefitFiguresByChild, one per child and kind. */
export async function countBenefitsByChild(db: Kysely<DB>, scope: Scope, year: number) {
  const { rows } = await sql<{ child: string; kind: string; households: string; persons: string; payments: string; amount: string | null }>`
    WITH x AS (
      SELECT ${childOf(scope, sql`h.village_code`)} AS child, ${BENEFIT_KIND} AS kind, b.county_code, b.household_id,
             count(*) AS payments, sum(b.amount) AS amount
      FROM household_benefit b
      JOIN household h ON h.county_code = b.county_code AND h.id = b.household_id
      LEFT JOIN household_measure m ON m.county_code = b.county_code AND m.id = b.measure_id
      WHERE b.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`}
        AND ${inYear(sql`b.paid_on`, year)}
      GROUP BY 1, 2, 3, 4
    )
    SELECT x.child, x.kind, count(*) AS households, coalesce(sum(x.persons), 0) AS persons, sum(x.payments) AS payments, sum(x.amount) AS amount
    FROM (SELECT x.*, ${personsOf} AS persons FROM x) x
    GROUP BY x.child, x.kind`.execute(db);
  return rows;
}

/** The rows of alertFiguresByChild, one per child and rule. */
export async function countAlertsByChild(db: Kysely<DB>, scope: Scope, year: number) {
  const { rows } = await sql<{ child: string; rule: string; raised: string; raised_h: string; raised_p: string; open_h: string; open_p: string }>`
    WITH x AS (
      SELECT ${childOf(scope, sql`a.village_code`)} AS child, a.rule, a.county_code, a.household_id,
             count(*) FILTER (WHERE ${inYear(sql`a.raised_on`, year)}) AS raised,
             bool_or(a.state IN ${OPEN_ALERT_STATES}) AS open
      FROM alert a WHERE a.county_code ${scope.counties} AND a.village_code LIKE ${`${scope.prefix}%`}
      GROUP BY 1, 2, 3, 4
    )
    SELECT x.child, x.rule, sum(x.raised) AS raised,
      count(*) FILTER (WHERE x.raised > 0) AS raised_h, coalesce(sum(x.persons) FILTER (WHERE x.raised > 0), 0) AS raised_p,
      count(*) FILTER (WHERE x.open) AS open_h, coalesce(sum(x.persons) FILTER (WHERE x.open), 0) AS open_p
    FROM (SELECT x.*, ${personsOf} AS persons FROM x) x
    GROUP BY x.child, x.rule`.execute(db);
  return rows;
}

/** The rows of visitFiguresByChild, one per child. */
export async function countVisitsByChild(db: Kysely<DB>, scope: Scope, ctx: SetContext) {
  const { year } = ctx;
  const { rows } = await sql<{ child: string; paired: string; paired_p: string; overdue: string; overdue_p: string; visited: string; visited_p: string; visits: string }>`
    WITH p AS (
      SELECT ${childOf(scope, sql`h.village_code`)} AS child, h.county_code, h.id, bool_or(${pairingOverdue(ctx)}) AS overdue
      FROM household_pairing p JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
      WHERE p.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`} AND h.left_on IS NULL
        AND ${pairingOpen(ctx.asOf)}
      GROUP BY 1, 2, 3
    ), v AS (
      SELECT ${childOf(scope, sql`h.village_code`)} AS child, v.county_code, v.household_id AS id, count(*) AS visits
      FROM visit v JOIN household h ON h.county_code = v.county_code AND h.id = v.household_id
      WHERE v.county_code ${scope.counties} AND h.village_code LIKE ${`${scope.prefix}%`}
        AND ${inYear(sql`v.visited_on`, year)}
      GROUP BY 1, 2, 3
    ), mc AS ${memberCounts(scope)}, u AS (
      SELECT p.child, 1 AS paired, coalesce(mc.n, 0) AS paired_p, CASE WHEN p.overdue THEN 1 ELSE 0 END AS overdue,
             CASE WHEN p.overdue THEN coalesce(mc.n, 0) ELSE 0 END AS overdue_p, 0 AS visited, 0 AS visited_p, 0 AS visits
      FROM p LEFT JOIN mc ON mc.county_code = p.county_code AND mc.household_id = p.id
      UNION ALL
      SELECT v.child, 0, 0, 0, 0, 1, coalesce(mc.n, 0), v.visits
      FROM v LEFT JOIN mc ON mc.county_code = v.county_code AND mc.household_id = v.id
    )
    SELECT u.child, sum(u.paired) AS paired, sum(u.paired_p) AS paired_p, sum(u.overdue) AS overdue, sum(u.overdue_p) AS overdue_p,
           sum(u.visited) AS visited, sum(u.visited_p) AS visited_p, sum(u.visits) AS visits
    FROM u GROUP BY u.child`.execute(db);
  return rows;
}
