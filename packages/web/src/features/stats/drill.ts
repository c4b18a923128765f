import {
  ALERT_RULES,
  CAUSES,
  DIMENSION_LABELS,
  MEASURE_FAMILIES,
  MONITORING_CATEGORIES,
  parseIncomeBin,
  PROCEDURE_KINDS,
  STAT_SET_NAMES,
  STAT_SETS,
  type Lang,
  type StatDrill,
  type StatSet,
} from '@jingzhun/domain';

/** The query parameters that narrow the household list to the households a figure counted. */
export const DRILL_PARAMS = ['stat', 'statYear', 'statKey'] as const;

/** The `?…` of the household list behind a figure of a region and year. */
export function drillSearch(region: string, year: number, drill: StatDrill): string {
  const params = new URLSearchParams({ region, stat: drill.stat, statYear: String(year) });
  if (drill.statKey) params.set('statKey', drill.statKey);
  return `?${params.toString()}`;
}

/** The link (path and query) of the household list behind a figure. */
export function drillHref(region: string, year: number, drill: StatDrill): string {
  return `/households${drillSearch(region, year, drill)}`;
}

/** A figure's set read from the URL, or undefined when absent or unknown. */
export function readDrill(params: URLSearchParams): { stat: StatSet; statYear: number | undefined; statKey: string | undefined } | undefined {
  const stat = params.get('stat');
  if (stat === null || !(STAT_SET_NAMES as readonly string[]).includes(stat)) return undefined;
  const year = params.get('statYear');
  return {
    stat: stat as StatSet,
    statYear: year !== null && /^\d{4}$/.test(year) ? Number(year) : undefined,
    statKey: params.get('statKey') || undefined,
  };
}

type Labels = Record<Lang, string>;
const KEY_LABELS: Partial<Record<NonNullable<(typeof STAT_SETS)[StatSet]['key']>, Record<string, Labels>>> = {
  cause: CAUSES,
  category: MONITORING_CATEGORIES,
  family: MEASURE_FAMILIES,
  procedure: PROCEDURE_KINDS,
  rule: ALERT_RULES,
  dimension: DIMENSION_LABELS,
};

/** A set's key in words: a cause, a rule, an income band; a key of a region's own catalogue as it is. */
export function statKeyLabel(stat: StatSet, key: string, lang: Lang): string {
  const kind = STAT_SETS[stat].key;
  if (kind === 'income_bin') {
    const bin = parseIncomeBin(key);
    if (!bin) return key;
    const unit = lang === 'en' ? ' yuan' : ' 元';
    return bin.to === null ? `≥ ${bin.from}${unit}` : `${bin.from}–${bin.to}${unit}`;
  }
  const labels = kind ? KEY_LABELS[kind] : undefined;
  return labels && Object.hasOwn(labels, key) ? labels[key]![lang] : key;
}

/** What a figure counts in words, e.g. "2019 年 · 未脱贫户" or "2019 年 · 致贫原因:因病". */
export function statFigureLabel(drill: { stat: StatSet; statYear?: number | undefined; statKey?: string | undefined }, lang: Lang): string {
  const set = STAT_SETS[drill.stat].labels[lang];
  const what = drill.statKey ? `${set}${lang === 'en' ? ': ' : ':'}${statKeyLabel(drill.stat, drill.statKey, lang)}` : set;
  if (drill.statYear === undefined) return what;
  return lang === 'en' ? `${drill.statYear} · ${what}` : `${drill.statYear} 年 · ${what}`;
}
