import {
  ALERT_RULES,
  CAUSES,
  DIMENSION_LABELS,
  exitThresholdFor,
  type Lang,
  MEASURE_FAMILIES,
  MONITORING_CATEGORIES,
  PROCEDURE_KINDS,
  type RegionRef,
  type StatFigure,
  type StatSet,
  type StatsOverview,
} from '@jingzhun/domain';
import type { Count, RegistryCounts } from './figures.service.ts';
import type { OverviewParts } from './service.ts';

/** The overview in its published shape: every figure with the drill-down that lists its households, labels in one language. */

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

/** Puts the parts of an overview into its published shape, in one language. */
export function assemble(
  parts: OverviewParts,
  region: { code: string; name: string; level: RegionRef['level'] },
  years: number[],
  y: number,
  lang: Lang,
  at: Date,
  source: 'live' | 'snapshot',
): StatsOverview {
  const { path, registry, population, income, measures, benefits, visits, procedures, alerts, md, profile, ctx } = parts;
  const rural = population.total.get(y) ?? null;
  const childRows = childRowsOf(parts, y);
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
    income: incomeOf(income),
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
    multidimensional: multidimensionalOf(md, ctx, lang),
    children: childRows,
    series: seriesOf(parts, years),
  };
}

function registryOf0(): RegistryCounts {
  const zero = () => ({ households: 0, persons: 0 });
  return { registered: zero(), poor: zero(), exited_total: zero(), entered: zero(), exited: zero(), returned: zero(), monitored: zero(), risk_removed: zero() };
}

/** Each child of the region with its registry, mean income and whether its incidence meets the exit threshold. */
function childRowsOf(parts: OverviewParts, y: number) {
  const { children, registry, population, income, profile } = parts;
  return children.map((c: { code: string; name: string; level: RegionRef['level'] }) => {
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
}

/** The income figures with their drill-downs and the bands' labels. */
function incomeOf(income: OverviewParts['income']) {
  return {
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
  };
}

/** The Alkire-Foster measure with its drill-downs, or null before any assessment of the year. */
function multidimensionalOf(md: OverviewParts['md'], ctx: OverviewParts['ctx'], lang: Lang) {
  if (md === null) return null;
  return {
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
  };
}

/** The trend: each year's registry, incidence, mean income and monitored households. */
function seriesOf(parts: OverviewParts, years: number[]) {
  const { registry, population, incomeTrend } = parts;
  return years.map((year) => {
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
  });
}
