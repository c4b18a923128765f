import {
  ALERT_RULES,
  ASSISTANCE_DEFAULTS,
  CAUSES,
  daysBefore,
  DIMENSION_LABELS,
  exitThresholdFor,
  type Lang,
  lineFor,
  MEASURE_FAMILIES,
  MONITORING_CATEGORIES,
  PROCEDURE_KINDS,
  type RegionRef,
  type StatFigure,
  type StatSet,
  type StatsOverview,
  todayInChina,
  yearInChina,
} from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { effectiveProfile } from '../standards/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { listChildren } from '../regions/repository.ts';
import { CHILD_CODE_LENGTH, getVisibleRegion, regionPath } from '../regions/service.ts';
import {
  alertFigures,
  benefitFigures,
  type Count,
  incomeFigures,
  incomeSeries,
  measureFigures,
  multidimensionalFigures,
  procedureFigures,
  registryCounts,
  type RegistryCounts,
  ruralPopulation,
  scopeOf,
  visitFigures,
  yearsWithData,
} from './queries.ts';
import type { SetContext } from './sets.ts';

/** A count with the drill-down that lists its households. */
function fig(count: Count | undefined, stat: StatSet, statKey?: string): StatFigure {
  return { households: count?.households ?? 0, persons: count?.persons ?? 0, drill: statKey === undefined ? { stat } : { stat, statKey } };
}

function registryOf(c: RegistryCounts, rural: number | null) {
  return {
    registered: fig(c.registered, 'registered'),
    poor: fig(c.poor, 'poor'),
    exitedTotal: fig(c.exited_total, 'exited_total'),
    entered: fig(c.entered, 'entered'),
    exited: fig(c.exited, 'exited'),
    returned: fig(c.returned, 'returned'),
    monitored: fig(c.monitored, 'monitored'),
    ruralPopulation: rural,
    incidence: rural && rural > 0 ? c.poor.persons / rural : null,
  };
}

const label = (labels: Record<string, Record<Lang, string>>, key: string, lang: Lang) => labels[key]?.[lang] ?? key;

/**
 * A region the user may read statistics of, and the year checked against the years with data: a region
 * outside the user's is refused as outside their scope, a year without data names the years there are.
 */
export async function statRegionAndYear(db: Kysely<DB>, user: SessionUser, code: string, year: number | undefined) {
  const region = await getVisibleRegion(db, user, code);
  const found = await yearsWithData(db, scopeOf(region.code, null));
  // A region with nothing registered yet still has this year, all of it zero.
  const years = found.length > 0 ? found : [yearInChina()];
  const latestComplete = years.filter((y) => y < yearInChina()).at(-1) ?? years.at(-1);
  const chosen = year ?? latestComplete ?? yearInChina();
  if (!years.includes(chosen)) throw new AppError('year_out_of_range', { field: 'year', year: chosen, available: years });
  return { region, years, year: chosen };
}

/** What the sets of a region's year depend on: its lines, the day visits are judged on, the AF weights. */
export async function setContextFor(db: Kysely<DB>, regionCode: string, year: number) {
  // Profiles stop at the county: the county's is every township's and village's.
  const profile = await effectiveProfile(db, regionCode.length > 6 ? regionCode.slice(0, 6) : regionCode, decisionDate(year));
  const today = todayInChina();
  const asOf = `${year}-12-31` < today ? `${year}-12-31` : today;
  const interval = (profile.assistance ?? ASSISTANCE_DEFAULTS).visitIntervalDays;
  const ctx: SetContext = {
    year,
    povertyLine: lineFor(profile, 'poverty', year)?.value ?? null,
    monitoringLine: lineFor(profile, 'monitoring', year)?.value ?? null,
    asOf,
    cutoff: daysBefore(asOf, interval),
    today,
    weights: profile.multidimensional.weights,
    k: profile.multidimensional.k,
  };
  return { profile, ctx };
}

/** Reads every part of a region's overview: at once (live), or one after another with progress (a rollup job). */
async function gather(
  db: Kysely<DB>,
  region: { code: string; level: number },
  years: number[],
  y: number,
  progress?: (done: number, total: number) => Promise<void>,
) {
  const childLength = CHILD_CODE_LENGTH[region.level] ?? null;
  const scope = scopeOf(region.code, childLength);
  const whole = scopeOf(region.code, null);
  const { profile, ctx } = await setContextFor(db, region.code, y);
  const tasks = {
    path: () => regionPath(db, region.code),
    children: () => (childLength === null ? Promise.resolve([]) : listChildren(db, region.code)),
    registry: () => registryCounts(db, scope, y, years),
    population: () => ruralPopulation(db, scope, years),
    income: () => incomeFigures(db, scope, ctx),
    incomeTrend: () => incomeSeries(db, whole, years),
    measures: () => measureFigures(db, whole, y),
    benefits: () => benefitFigures(db, whole, y),
    visits: () => visitFigures(db, whole, ctx),
    procedures: () => procedureFigures(db, whole, ctx),
    alerts: () => alertFigures(db, whole, y),
    md: () => multidimensionalFigures(db, whole, ctx),
  };
  type Parts = { [K in keyof typeof tasks]: Awaited<ReturnType<(typeof tasks)[K]>> };
  const entries = Object.entries(tasks) as Array<[keyof Parts, () => Promise<unknown>]>;
  const out: Partial<Record<keyof Parts, unknown>> = {};
  if (progress) {
    for (const [i, [key, task]] of entries.entries()) {
      out[key] = await task();
      await progress(i + 1, entries.length);
    }
  } else {
    await Promise.all(entries.map(async ([key, task]) => (out[key] = await task())));
  }
  return { ...(out as Parts), profile, ctx };
}

/** The levels whose figures are read at the request; above them (city, province, country) a rollup job keeps them. */
export const LIVE_FROM_LEVEL = 3;

/**
 * The statistics of a region and year (统计分析): every indicator of issue 7 for the region, its children and
 * its trend, each count with the household list it opens. A county and below are read at the request
 * (`source: live`); a city, a province or the country from the latest rollup of that year (`snapshot`, as of
 * `generatedAt`), or `stats_not_rolled_up` before the first. The multidimensional measure sums the stored
 * assessments and says when they were made and how many households changed since.
 */
export async function statsOverview(db: Kysely<DB>, user: SessionUser, code: string, year: number | undefined, lang: Lang): Promise<StatsOverview> {
  const { region, years, year: y } = await statRegionAndYear(db, user, code, year);
  if (region.level < LIVE_FROM_LEVEL) {
    const snapshot = await db.selectFrom('stat_snapshot').select('body').where('region_code', '=', region.code).where('year', '=', y).executeTakeFirst();
    if (!snapshot) throw new AppError('not_found', { field: 'year', rule: 'stats_not_rolled_up', region: region.code, year: y });
    return (snapshot.body as Record<Lang, StatsOverview>)[lang];
  }
  return assemble(await gather(db, region, years, y), region, years, y, lang, new Date(), 'live');
}

/**
 * Rolls a region's figures of a year up into a snapshot (汇总): the same parts as a live overview, read one
 * after another with progress, kept in both languages with the time they were read.
 */
export async function rollUp(db: Kysely<DB>, region: { code: string; name: string; level: RegionRef['level'] }, year: number, jobId: string, progress: (done: number, total: number) => Promise<void>) {
  const years = await yearsWithData(db, scopeOf(region.code, null));
  const parts = await gather(db, region, years, year, progress);
  const at = new Date();
  const body = { 'zh-CN': assemble(parts, region, years, year, 'zh-CN', at, 'snapshot'), en: assemble(parts, region, years, year, 'en', at, 'snapshot') };
  await db
    .insertInto('stat_snapshot')
    .values({ region_code: region.code, year, body: JSON.stringify(body), computed_at: at, job_id: jobId })
    .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ body: JSON.stringify(body), computed_at: at, job_id: jobId }))
    .execute();
}

/** Puts the parts of an overview into its published shape, in one language. */
function assemble(
  parts: Awaited<ReturnType<typeof gather>>,
  region: { code: string; name: string; level: RegionRef['level'] },
  years: number[],
  y: number,
  lang: Lang,
  at: Date,
  source: 'live' | 'snapshot',
): StatsOverview {
  const { path, children, registry, population, income, incomeTrend, measures, benefits, visits, procedures, alerts, md, profile, ctx } = parts;
  const rural = population.total.get(y) ?? null;
  const childRows = children.map((c: { code: string; name: string; level: RegionRef['level'] }) => {
    const counts = registry.children.get(c.code) ?? registryOf0();
    const childRural = population.byChild.get(`${y}:${c.code}`) ?? null;
    const reg = registryOf(counts, childRural);
    const threshold = exitThresholdFor(profile, c.code);
    return {
      code: c.code,
      name: c.name,
      level: c.level,
      registry: reg,
      incomeMean: income.childMeans.get(c.code) ?? null,
      meetsIncidence: reg.incidence === null ? null : reg.incidence < threshold,
    };
  });
  const meeting = childRows.filter((c) => c.meetsIncidence === true).length;
  const failing = childRows.filter((c) => c.meetsIncidence === false).length;
  return {
    region: { code: region.code, name: region.name, level: region.level },
    path,
    year: y,
    availableYears: years,
    generatedAt: at.toISOString(),
    source,
    profile: { scopeCode: profile.scopeCode, version: profile.version, name: profile.name },
    lines: { poverty: ctx.povertyLine, monitoring: ctx.monitoringLine },
    registry: registryOf(registry.total, rural),
    monitoring: {
      byCategory: Object.keys(MONITORING_CATEGORIES).map((key) => {
        const found = registry.categories.find((c) => c.key === key);
        return { key, label: label(MONITORING_CATEGORIES, key, lang), ...fig(found, 'monitored', key) };
      }),
      riskRemoved: fig(registry.total.risk_removed, 'risk_removed'),
    },
    income: {
      recorded: fig(income.recorded, 'income_recorded'),
      mean: income.mean,
      median: income.median,
      previousMean: income.previousMean,
      growth: income.growth,
      belowPovertyLine: fig(income.belowPovertyLine, 'below_poverty_line'),
      belowMonitoringLine: fig(income.belowMonitoringLine, 'below_monitoring_line'),
      distribution: income.distribution.map((b) => ({
        key: b.key,
        label: b.to === null ? `≥ ${b.from}` : `${b.from}–${b.to}`,
        from: b.from,
        to: b.to,
        ...fig(b, 'income', b.key),
      })),
    },
    causes: registry.causes.map((c) => ({ key: c.key, label: label(CAUSES, c.key, lang), poorHouseholds: c.poorHouseholds, ...fig(c, 'cause', c.key) })),
    measures: measures.map((m) => ({ key: m.key, label: label(MEASURE_FAMILIES, m.key, lang), measures: m.measures, amount: m.amount, ...fig(m, 'measure', m.key) })),
    benefits: benefits.map((b) => ({ key: b.key, label: label(MEASURE_FAMILIES, b.key, lang), payments: b.payments, amount: b.amount, ...fig(b, 'benefit', b.key) })),
    visits: {
      asOf: ctx.asOf,
      paired: fig(visits.paired, 'paired'),
      visited: fig(visits.visited, 'visited'),
      visits: visits.visits,
      overdue: fig(visits.overdue, 'visit_overdue'),
      compliance: visits.compliance,
    },
    procedures: Object.keys(PROCEDURE_KINDS).map((kind) => {
      const p = procedures.get(kind);
      return {
        kind,
        label: label(PROCEDURE_KINDS, kind, lang),
        opened: fig(p?.opened, 'procedure_opened', kind),
        approved: fig(p?.approved, 'procedure_approved', kind),
        rejected: p?.rejected ?? 0,
        open: p?.open ?? 0,
        overdue: fig(p?.overdue, 'procedure_overdue', kind),
      };
    }),
    alerts: Object.keys(ALERT_RULES).map((rule) => {
      const a = alerts.get(rule);
      return {
        key: rule,
        label: label(ALERT_RULES, rule, lang),
        raised: a?.raised ?? 0,
        open: fig(a?.open, 'alert_open', rule),
        ...fig(a, 'alert', rule),
      };
    }),
    exitThresholds: { threshold: exitThresholdFor(profile, region.code), meeting, failing, unknown: childRows.length - meeting - failing },
    multidimensional:
      md === null
        ? null
        : {
            weights: ctx.weights,
            k: ctx.k,
            households: md.households,
            persons: md.persons,
            unknownHouseholds: md.unknownHouseholds,
            poor: fig(md.poor, 'multidimensional_poor'),
            H: md.H,
            A: md.A,
            M0: md.M0,
            dimensions: md.dimensions.map((d) => ({ key: d.dimension, dimension: d.dimension, label: DIMENSION_LABELS[d.dimension][lang], ...fig(d, 'deprived', d.dimension) })),
            assessedAt: md.assessedAt,
            changedSince: md.changedSince,
            profileVersion: md.profileVersion,
          },
    children: childRows,
    series: years.map((year) => {
      const s = registry.series.get(year);
      const pop = population.total.get(year) ?? null;
      return {
        year,
        registered: s?.registered ?? 0,
        poorHouseholds: s?.poor ?? 0,
        poorPersons: s?.poorPersons ?? 0,
        exitedHouseholds: s?.exited ?? 0,
        returnedHouseholds: s?.returned ?? 0,
        ruralPopulation: pop,
        incidence: pop && pop > 0 ? (s?.poorPersons ?? 0) / pop : null,
        incomeMean: incomeTrend.get(year) ?? null,
        monitored: s?.monitored ?? 0,
      };
    }),
  };
}

function registryOf0(): RegistryCounts {
  const zero = () => ({ households: 0, persons: 0 });
  return { registered: zero(), poor: zero(), exited_total: zero(), entered: zero(), exited: zero(), returned: zero(), monitored: zero(), risk_removed: zero() };
}
