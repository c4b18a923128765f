import { DIMENSIONS, type Dimension, INCOME_BIN_EDGES, incomeBinKey, yearInChina } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import {
  countAlertsByChild,
  countBenefitsByChild,
  countDeprivations,
  countIncome,
  countMeasuresByChild,
  countMonitoredByChild,
  countProcedures,
  countRegistry,
  countVisitsByChild,
  findYearBounds,
  REGISTRY_SETS,
  type Scope,
  scopeOf as scopeOfRegion,
  sumIncomeByYear,
  sumRuralPopulation,
} from './figures.repository.ts';
import type { SetContext } from './sets.repository.ts';

/**
 * The statistics' figures: every figure of the dashboards and the reports comes from here, each a count
 * of one of the sets in sets.repository.ts, counted by figures.repository.ts and shaped here. A region is
 * read by its code prefix; `childLength` groups the figures by the child node each household lies in (the
 * code length of the children), or not at all.
 */

export type { Scope };

/** The region of `code` as the figures read it, grouped by children of `childLength` digits (or not at all). */
export function scopeOf(code: string, childLength: number | null): Scope {
  return scopeOfRegion(code, childLength);
}

const n = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

export type RegistrySet = (typeof REGISTRY_SETS)[number];

export interface Count {
  households: number;
  persons: number;
}
export type RegistryCounts = Record<RegistrySet, Count>;

const EMPTY: Count = { households: 0, persons: 0 };
function emptyRegistry(): RegistryCounts {
  return Object.fromEntries(REGISTRY_SETS.map((s) => [s, { ...EMPTY }])) as RegistryCounts;
}

export interface SeriesPoint {
  registered: number;
  poor: number;
  poorPersons: number;
  exited: number;
  returned: number;
  monitored: number;
}

/**
 * The registry's sets for the region as a whole and per child, the registered households by main cause
 * and the monitored ones by category (GROUPING SETS), and, given `years`, the trend of each year (the same
 * sets with the year as a column): one pass over the folded facts.
 */
export async function registryCounts(db: Db, scope: Scope, year: number, years: number[] = []) {
  const rows = await countRegistry(db, scope, year, years);
  const read = (r: Record<string, unknown>): RegistryCounts =>
    Object.fromEntries(REGISTRY_SETS.map((s) => [s, { households: n(r[`${s}_h`] as string | null), persons: n(r[`${s}_p`] as string | null) }])) as RegistryCounts;
  let total = emptyRegistry();
  const children = new Map<string, RegistryCounts>();
  const causes: Array<{ key: string; households: number; persons: number; poorHouseholds: number }> = [];
  const categories: Array<{ key: string; households: number; persons: number }> = [];
  // grouping() sets a bit per column left out: 7 for the grand total, 3 by child, 5 by cause, 6 by category.
  for (const r of rows) {
    if (r.g === 7) total = read(r);
    else if (r.g === 3 && r.child !== null) children.set(r.child, read(r));
    else if (r.g === 5 && r.main_cause !== null && n(r.registered_h) > 0) {
      causes.push({ key: r.main_cause, households: n(r.registered_h), persons: n(r.registered_p), poorHouseholds: n(r.poor_by_cause) });
    } else if (r.g === 6 && r.monitoring_category !== null && n(r.monitored_h) > 0) {
      categories.push({ key: r.monitoring_category, households: n(r.monitored_h), persons: n(r.monitored_p) });
    }
  }
  causes.sort((a, b) => b.households - a.households || a.key.localeCompare(b.key));
  categories.sort((a, b) => a.key.localeCompare(b.key));
  const series = new Map<number, SeriesPoint>(
    (rows[0]?.series ?? []).map((p) => [
      Number(p.year),
      { registered: n(p.registered), poor: n(p.poor), poorPersons: n(p.poorPersons), exited: n(p.exited), returned: n(p.returned), monitored: n(p.monitored) },
    ]),
  );
  return { total, children, causes, categories, series };
}

/** Rural population (the denominator of incidence) of the region and per child, per year. */
export async function ruralPopulation(db: Db, scope: Scope, years: number[]) {
  const rows = await sumRuralPopulation(db, scope, years);
  const total = new Map<number, number>();
  const byChild = new Map<string, number>();
  for (const r of rows) {
    if (r.g === 1) total.set(Number(r.year), Number(r.population));
    else if (r.child !== null) byChild.set(`${r.year}:${r.child}`, Number(r.population));
  }
  return { total, byChild };
}

/**
 * The years a region has figures for: every year from its first registration (or its first rural
 * population figure) to this year; a year without a new registration still has its registry.
 */
export async function yearsWithData(db: Db, scope: Scope): Promise<number[]> {
  const rows = await findYearBounds(db, scope);
  const first = rows[0]?.first ?? null;
  if (first === null) return [];
  const last = Math.max(Number(rows[0]?.last ?? 0), yearInChina());
  return Array.from({ length: last - Number(first) + 1 }, (_, i) => Number(first) + i);
}

/**
 * Net income per head of the registered households with an income record in the year: the mean weighted
 * by persons (all net income over all persons counted in the records, as the yearly reports give it; the
 * persons shown here are those the records count, present in the year), the
 * median of the households' figures, the bands, those below each line, and the mean per child and for the
 * year before.
 */
export async function incomeFigures(db: Db, scope: Scope, ctx: SetContext) {
  const { year } = ctx;
  const edges = INCOME_BIN_EDGES;
  const rows = await countIncome(db, scope, ctx);
  const mean = (r: { net: string | null; counted: string | null }) => (n(r.counted) > 0 ? Math.round((n(r.net) / n(r.counted)) * 100) / 100 : null);
  let current: (typeof rows)[number] | undefined;
  let previous: (typeof rows)[number] | undefined;
  const childMeans = new Map<string, number | null>();
  const bands = new Map<number, Count>();
  for (const r of rows) {
    const y = Number(r.year);
    // grouping(): 3 the year alone, 1 year and child, 2 year and band.
    if (r.g === 3) {
      if (y === year) current = r;
      else previous = r;
    } else if (r.g === 1 && y === year && r.child !== null) childMeans.set(r.child, mean(r));
    else if (r.g === 2 && y === year && r.band !== null) bands.set(Number(r.band), { households: n(r.households), persons: n(r.persons) });
  }
  const currentMean = current ? mean(current) : null;
  const previousMean = previous ? mean(previous) : null;
  return {
    recorded: { households: n(current?.households), persons: n(current?.persons) },
    mean: currentMean,
    median: current?.median === null || current?.median === undefined ? null : Math.round(Number(current.median) * 100) / 100,
    previousMean,
    growth: currentMean !== null && previousMean !== null && previousMean > 0 ? currentMean / previousMean - 1 : null,
    belowPovertyLine: { households: n(current?.below_poverty), persons: n(current?.below_poverty_p) },
    belowMonitoringLine: { households: n(current?.below_monitoring), persons: n(current?.below_monitoring_p) },
    distribution: edges.map((from, i) => {
      const to = edges[i + 1] ?? null;
      return { key: incomeBinKey(from, to), from, to, ...(bands.get(i) ?? EMPTY) };
    }),
    childMeans,
  };
}

/** Mean income per head by year, for the trend. */
export async function incomeSeries(db: Db, scope: Scope, years: number[]) {
  const rows = await sumIncomeByYear(db, scope, years);
  return new Map(rows.map((r) => [Number(r.year), n(r.counted) > 0 ? Math.round((n(r.net) / n(r.counted)) * 100) / 100 : null]));
}

/** Households with measures of each family under way in the year: households, measures, amount (most households first). */
export async function measureFigures(db: Db, scope: Scope, year: number) {
  const byKey = (await measureFiguresByChild(db, { ...scope, childLength: null }, year)).get('') ?? new Map();
  return [...byKey].map(([key, f]) => ({ key, ...f })).sort((a, b) => b.households - a.households || a.key.localeCompare(b.key));
}

/** Benefits paid in the year by kind (the measure's family, or the payer where no measure), largest amount first. */
export async function benefitFigures(db: Db, scope: Scope, year: number) {
  const byKey = (await benefitFiguresByChild(db, { ...scope, childLength: null }, year)).get('') ?? new Map();
  return [...byKey].map(([key, f]) => ({ key, ...f })).sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
}

/**
 * Visit compliance on the day (the year's end, or today): households with an open pairing, those with a
 * pairing overdue by the interval, and the households visited and visits made in the year.
 */
export async function visitFigures(db: Db, scope: Scope, ctx: SetContext) {
  const found = (await visitFiguresByChild(db, { ...scope, childLength: null }, ctx)).get('');
  return found ?? { paired: { ...EMPTY }, overdue: { ...EMPTY }, visited: { ...EMPTY }, visits: 0, compliance: null };
}

/** Procedures by kind: opened and approved in the year, rejected in the year, open now and overdue now (households each). */
export async function procedureFigures(db: Db, scope: Scope, ctx: SetContext) {
  const rows = await countProcedures(db, scope, ctx);
  return new Map(
    rows.map((r) => [
      r.kind,
      {
        opened: { households: n(r.opened), persons: n(r.opened_p) },
        approved: { households: n(r.approved), persons: n(r.approved_p) },
        rejected: n(r.rejected),
        open: n(r.open),
        overdue: { households: n(r.overdue), persons: n(r.overdue_p) },
      },
    ]),
  );
}

/** Alerts by rule: raised in the year (alerts and households), and households with one not yet handled. */
export async function alertFigures(db: Db, scope: Scope, year: number) {
  return (await alertFiguresByChild(db, { ...scope, childLength: null }, year)).get('') ?? new Map();
}

/**
 * The Alkire-Foster measure from the stored assessments of the year (weighted by persons, as the domain's
 * alkireFoster), with each dimension's deprived households, when and by which profile they were assessed,
 * and how many households of the region changed after their assessment.
 */
export async function multidimensionalFigures(db: Db, scope: Scope, ctx: SetContext) {
  const rows = await countDeprivations(db, scope, ctx);
  const r = rows[0] ?? {};
  if (n(r.assessed) === 0) return null;
  const persons = n(r.persons);
  const poorPersons = n(r.poor_p);
  const H = persons === 0 ? 0 : poorPersons / persons;
  const A = poorPersons === 0 ? 0 : n(r.poor_score) / poorPersons;
  const assessedAt = r.assessed_at as unknown;
  return {
    households: n(r.households),
    persons,
    unknownHouseholds: n(r.unknown_h),
    poor: { households: n(r.poor_h), persons: poorPersons },
    H,
    A,
    M0: H * A,
    dimensions: DIMENSIONS.map((d: Dimension) => ({ dimension: d, households: n(r[`${d}_h`]), persons: n(r[`${d}_p`]) })),
    assessedAt: assessedAt instanceof Date ? assessedAt.toISOString() : assessedAt === null || assessedAt === undefined ? null : String(assessedAt),
    changedSince: n(r.changed),
    profileVersion: num(r.version),
  };
}

/*
 * Per-child breakdowns for the standard reports. Each groups by the child node a household lies in (the
 * scope's `childLength`, or '' for the region as a whole) under the same conditions as the region-wide
 * function it mirrors, so a report's child rows add up to the figure the overview shows for the region.
 */

/** Monitored households at the year's end by child and category (the `monitored` set), households and persons. */
export async function monitoredByChild(db: Db, scope: Scope, year: number) {
  const rows = await countMonitoredByChild(db, scope, year);
  const out = new Map<string, Map<string, Count>>();
  for (const r of rows) {
    const byCategory = out.get(r.child) ?? new Map<string, Count>();
    byCategory.set(r.category, { households: n(r.households), persons: n(r.persons) });
    out.set(r.child, byCategory);
  }
  return out;
}

/** As measureFigures, by child: households with measures of each family under way in the year, measures, amount. */
export async function measureFiguresByChild(db: Db, scope: Scope, year: number) {
  const rows = await countMeasuresByChild(db, scope, year);
  return keyedByChild(rows.map((r) => ({ child: r.child, key: r.family, households: n(r.households), persons: n(r.persons), measures: n(r.measures), amount: n(r.amount) })));
}

/** As benefitFigures, by child: benefits paid in the year by kind (the measure's family, or the payer). */
export async function benefitFiguresByChild(db: Db, scope: Scope, year: number) {
  const rows = await countBenefitsByChild(db, scope, year);
  return keyedByChild(rows.map((r) => ({ child: r.child, key: r.kind, households: n(r.households), persons: n(r.persons), payments: n(r.payments), amount: n(r.amount) })));
}

/** As alertFigures, by child (the alert's village): alerts raised in the year by rule, and households with one not yet handled. */
export async function alertFiguresByChild(db: Db, scope: Scope, year: number) {
  const rows = await countAlertsByChild(db, scope, year);
  return keyedByChild(
    rows.map((r) => ({ child: r.child, key: r.rule, raised: n(r.raised), households: n(r.raised_h), persons: n(r.raised_p), open: { households: n(r.open_h), persons: n(r.open_p) } })),
  );
}

/** As visitFigures, by child: paired and overdue households on the day, households visited and visits made in the year. */
export async function visitFiguresByChild(db: Db, scope: Scope, ctx: SetContext) {
  const rows = await countVisitsByChild(db, scope, ctx);
  return new Map(
    rows.map((r) => {
      const paired = { households: n(r.paired), persons: n(r.paired_p) };
      const overdue = { households: n(r.overdue), persons: n(r.overdue_p) };
      return [
        r.child,
        {
          paired,
          overdue,
          visited: { households: n(r.visited), persons: n(r.visited_p) },
          visits: n(r.visits),
          compliance: paired.households > 0 ? (paired.households - overdue.households) / paired.households : null,
        },
      ];
    }),
  );
}

/** Rows of (child, key, …figures) as a map of child to a map of key to its figures. */
function keyedByChild<T extends { child: string; key: string }>(rows: T[]): Map<string, Map<string, Omit<T, 'child' | 'key'>>> {
  const out = new Map<string, Map<string, Omit<T, 'child' | 'key'>>>();
  for (const { child, key, ...rest } of rows) {
    const byKey = out.get(child) ?? new Map<string, Omit<T, 'child' | 'key'>>();
    byKey.set(key, rest);
    out.set(child, byKey);
  }
  return out;
}
