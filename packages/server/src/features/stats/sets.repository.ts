import { DIMENSIONS, type Dimension, parseIncomeBin, type StatSet } from '@jingzhun/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * The one definition of every set of households a figure counts (see STAT_SETS in the domain). Each
 * predicate reads a household as `h`; the dashboards count with it and the household list filters with it,
 * so a number and the list it opens cannot disagree. The household-level sets read only columns of `h`
 * and also apply to any relation that carries those columns under the alias `h` (the grouped rows the
 * overview counts, one per combination of facts, with their household and person counts).
 */

/** What the sets of a year depend on besides the household. */
export interface SetContext {
  year: number;
  /** Lines of the year in force, yuan per head. */
  povertyLine: number | null;
  monitoringLine: number | null;
  /** The day pairings and visits are judged on (the year's end, or today for the current year) and the interval's start. */
  asOf: string;
  cutoff: string;
  /** Today, for what is overdue now. */
  today: string;
  /** The profile's weights and cut-off for the multidimensional measure. */
  weights: Record<Dimension, number>;
  k: number;
}

/** A set as a condition on a household `h`, for the household list's WHERE. */
export type SetPredicate = RawBuilder<SqlBool>;

/** A year as a constant, or as an SQL expression (the trend counts every year in one pass). */
export type YearOf = number | RawBuilder<number>;

const yearEnd = (year: number) => `${year}-12-31`;
const yearStart = (year: number) => `${year}-01-01`;
const endOf = (year: YearOf) => (typeof year === 'number' ? sql`${yearEnd(year)}::date` : sql`make_date(${year}, 12, 31)`);
const startOf = (year: YearOf) => (typeof year === 'number' ? sql`${yearStart(year)}::date` : sql`make_date(${year}, 1, 1)`);

/*
 * The conditions on other records the sets and the grouped counts share: written once here, read by the
 * EXISTS of a drill-down and by the GROUP BY of a figure alike.
 */

/** A date column within the year. */
export function inYear(column: RawBuilder<unknown>, year: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} BETWEEN ${yearStart(year)}::date AND ${yearEnd(year)}::date`;
}

/** A measure `m` under way at some time in the year, not cancelled. */
export function measureUnderWay(year: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(m.status <> 'cancelled' AND m.starts_on <= ${yearEnd(year)}::date AND (m.ends_on IS NULL OR m.ends_on >= ${yearStart(year)}::date))`;
}

/** A benefit's kind: the family of the measure `m` it pays for, else the payer recorded on `b`. */
export const BENEFIT_KIND = sql<string>`coalesce(m.family, b.source)`;

/** A pairing `p` open on the day. */
export function pairingOpen(asOf: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(p.starts_on <= ${asOf}::date AND (p.ends_on IS NULL OR p.ends_on >= ${asOf}::date))`;
}

/** Registered (建档立卡) by the end of the year: applicants and households removed from the registry never count. */
export function registered(year: YearOf): RawBuilder<SqlBool> {
  return sql<SqlBool>`(h.status NOT IN ('removed', 'candidate') AND h.year_registered <= ${year})`;
}

/** Still poor at the end of the year: not exited by then, or returned to poverty since. */
export function poorAt(year: YearOf): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${registered(year)} AND (h.year_exited IS NULL OR h.year_exited > ${year} OR coalesce(h.year_returned <= ${year}, false)))`;
}

/** The household-level sets: columns of `h` only. */
export const HOUSEHOLD_SETS = ['registered', 'poor', 'exited_total', 'entered', 'exited', 'returned', 'monitored', 'risk_removed', 'cause'] as const;
type HouseholdSet = (typeof HOUSEHOLD_SETS)[number];

export function isHouseholdSet(set: StatSet): set is HouseholdSet {
  return (HOUSEHOLD_SETS as readonly string[]).includes(set);
}

/** A household-level set as a predicate over the columns of `h`. */
export function householdSet(set: HouseholdSet, year: YearOf, key?: string): RawBuilder<SqlBool> {
  switch (set) {
    case 'registered':
      return registered(year);
    case 'poor':
      return poorAt(year);
    case 'exited_total':
      return sql<SqlBool>`(${registered(year)} AND NOT ${poorAt(year)})`;
    case 'entered':
      return sql<SqlBool>`(${registered(year)} AND h.year_registered = ${year})`;
    case 'exited':
      return sql<SqlBool>`(${registered(year)} AND h.year_exited = ${year})`;
    case 'returned':
      return sql<SqlBool>`(${registered(year)} AND h.year_returned = ${year})`;
    case 'monitored': {
      // Monitored at the end of the year: included by then and not removed from monitoring since (a
      // marginal household need not be registered poor); households that left before are not.
      const category = key ? sql`AND h.monitoring_category = ${key}` : sql``;
      return sql<SqlBool>`(h.monitoring_category IS NOT NULL ${category} AND h.monitoring_since <= ${endOf(year)}
        AND (h.left_on IS NULL OR h.left_on > ${endOf(year)}))`;
    }
    case 'risk_removed':
      return sql<SqlBool>`(h.risk_removed_on BETWEEN ${startOf(year)} AND ${endOf(year)})`;
    case 'cause':
      return sql<SqlBool>`(${registered(year)} AND h.main_cause = ${key ?? ''})`;
  }
}

/** The household's net income per head in a year, as its income record keeps it. */
function perHead(year: number) {
  return sql`(SELECT i.per_head FROM household_income i WHERE i.county_code = h.county_code AND i.household_id = h.id AND i.year = ${year})`;
}

/** The weighted deprivation score of an assessed household as SQL over `d`, and whether every dimension is known. */
export function deprivationScore(weights: Record<Dimension, number>) {
  const score = sql.join(
    DIMENSIONS.map((dim) => sql`(CASE WHEN ${sql.ref(`d.${dim}`)} THEN ${weights[dim]}::float8 ELSE 0 END)`),
    sql` + `,
  );
  const known = sql.join(DIMENSIONS.map((dim) => sql`${sql.ref(`d.${dim}`)} IS NOT NULL`), sql` AND `);
  return { score: sql<number>`(${score})`, known: sql<SqlBool>`(${known})` };
}

/** Multidimensionally poor: every dimension known and a weighted score of at least k (the domain's tolerance). */
export function multidimensionallyPoor(ctx: Pick<SetContext, 'weights' | 'k'>) {
  const { score, known } = deprivationScore(ctx.weights);
  return sql<SqlBool>`(${known} AND ${score} >= ${ctx.k - 1e-9}::float8 AND ${score} > 0)`;
}

/** Open pairings on the day: the household's helpers then. */
function openPairing(asOf: string) {
  return sql`FROM household_pairing p WHERE p.county_code = h.county_code AND p.household_id = h.id AND ${pairingOpen(asOf)}`;
}

/**
 * A pairing overdue on the day: begun at least the interval ago and its helper has not visited since the
 * interval began (the rule of visit compliance, 走访频次).
 */
export function pairingOverdue(ctx: Pick<SetContext, 'asOf' | 'cutoff'>) {
  return sql<SqlBool>`(p.starts_on <= ${ctx.cutoff}::date AND NOT EXISTS (
    SELECT 1 FROM visit_helper vh WHERE vh.county_code = p.county_code AND vh.household_id = p.household_id AND vh.staff_id = p.staff_id
      AND vh.visited_on > ${ctx.cutoff}::date AND vh.visited_on <= ${ctx.asOf}::date))`;
}

const OPEN_ALERT = sql`('open', 'assigned', 'verified')`;

/**
 * Any set as a predicate over a household `h`. Sets that look at other records (incomes, measures,
 * benefits, visits, procedures, alerts, assessments) test them with EXISTS; the overview counts those
 * with grouped queries of the same conditions, and the tests hold the two to the same answers.
 */
export function setPredicate(set: StatSet, ctx: SetContext, key?: string): RawBuilder<SqlBool> {
  const { year } = ctx;
  if (isHouseholdSet(set)) return householdSet(set, year, key);
  const within = (column: RawBuilder<unknown>) => inYear(column, year);
  switch (set) {
    case 'income': {
      const bin = key ? parseIncomeBin(key) : null;
      const upper = bin?.to === null || bin === null ? sql`` : sql`AND ${perHead(year)} < ${bin.to}`;
      return sql<SqlBool>`(${registered(year)} AND ${perHead(year)} >= ${bin?.from ?? -1} ${upper})`;
    }
    case 'income_recorded':
      return sql<SqlBool>`(${registered(year)} AND ${perHead(year)} IS NOT NULL)`;
    case 'below_poverty_line':
      return sql<SqlBool>`(${registered(year)} AND ${perHead(year)} < ${ctx.povertyLine ?? -1})`;
    case 'below_monitoring_line':
      return sql<SqlBool>`(${registered(year)} AND ${perHead(year)} < ${ctx.monitoringLine ?? -1})`;
    case 'measure':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM household_measure m WHERE m.county_code = h.county_code AND m.household_id = h.id
        AND m.family = ${key ?? ''} AND ${measureUnderWay(year)})`;
    case 'benefit':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM household_benefit b
        LEFT JOIN household_measure m ON m.county_code = b.county_code AND m.id = b.measure_id
        WHERE b.county_code = h.county_code AND b.household_id = h.id AND ${within(sql`b.paid_on`)}
          AND ${BENEFIT_KIND} = ${key ?? ''})`;
    case 'paired':
      return sql<SqlBool>`(h.left_on IS NULL AND EXISTS (SELECT 1 ${openPairing(ctx.asOf)}))`;
    case 'visit_overdue':
      return sql<SqlBool>`(h.left_on IS NULL AND EXISTS (SELECT 1 ${openPairing(ctx.asOf)} AND ${pairingOverdue(ctx)}))`;
    case 'visited':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM visit v WHERE v.county_code = h.county_code AND v.household_id = h.id AND ${within(sql`v.visited_on`)})`;
    case 'procedure_opened':
    case 'procedure_approved':
    case 'procedure_overdue': {
      const kind = key ? sql`AND pr.kind = ${key}` : sql``;
      const state =
        set === 'procedure_opened'
          ? within(sql`pr.opened_on`)
          : set === 'procedure_approved'
            ? sql`pr.state = 'approved' AND ${within(sql`pr.closed_on`)}`
            : sql`pr.state = 'open' AND pr.due_on < ${ctx.today}::date`;
      return sql<SqlBool>`EXISTS (SELECT 1 FROM procedure pr WHERE pr.county_code = h.county_code AND pr.household_id = h.id AND ${state} ${kind})`;
    }
    case 'alert':
    case 'alert_open': {
      const rule = key ? sql`AND a.rule = ${key}` : sql``;
      const when = set === 'alert' ? within(sql`a.raised_on`) : sql`a.state IN ${OPEN_ALERT}`;
      return sql<SqlBool>`EXISTS (SELECT 1 FROM alert a WHERE a.county_code = h.county_code AND a.household_id = h.id AND ${when} ${rule})`;
    }
    case 'deprived': {
      const dim = DIMENSIONS.find((d) => d === key) ?? 'food';
      return sql<SqlBool>`EXISTS (SELECT 1 FROM household_deprivation d WHERE d.county_code = h.county_code AND d.year = ${year}
        AND d.household_id = h.id AND ${sql.ref(`d.${dim}`)} IS TRUE)`;
    }
    case 'multidimensional_poor':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM household_deprivation d WHERE d.county_code = h.county_code AND d.year = ${year}
        AND d.household_id = h.id AND ${multidimensionallyPoor(ctx)})`;
  }
  throw new Error(`no predicate for ${set satisfies never}`);
}

export const OPEN_ALERT_STATES = OPEN_ALERT;
