import { z } from 'zod';
import { regionRefSchema } from './regions/contract.ts';
import { DIMENSIONS } from './standards/rules.ts';
import type { Lang } from './kernel/roles.ts';

/**
 * Statistics (统计分析): the sets of households every figure counts. A figure on a dashboard or in a report
 * is the size of one of these sets for a region and year, and opens the household list filtered by the
 * same set (`stat`, `statYear`, `statKey` on `GET /households`), so a number can always be traced to the
 * households behind it. The server holds one SQL predicate per set, used both to count and to list.
 */

type Labels = Record<Lang, string>;

/** What a set's key names, when the set needs one. */
export type StatKeyKind = 'cause' | 'category' | 'income_bin' | 'family' | 'benefit' | 'procedure' | 'rule' | 'dimension';

export const STAT_SETS = {
  registered: { labels: { 'zh-CN': '建档立卡户', en: 'Registered households' }, key: null },
  poor: { labels: { 'zh-CN': '未脱贫户', en: 'Poor households' }, key: null },
  exited_total: { labels: { 'zh-CN': '累计脱贫户', en: 'Exited households (to date)' }, key: null },
  entered: { labels: { 'zh-CN': '当年识别纳入', en: 'Registered in the year' }, key: null },
  exited: { labels: { 'zh-CN': '当年脱贫', en: 'Exited in the year' }, key: null },
  returned: { labels: { 'zh-CN': '当年返贫', en: 'Returned to poverty in the year' }, key: null },
  monitored: { labels: { 'zh-CN': '监测对象', en: 'Monitored households' }, key: 'category' },
  risk_removed: { labels: { 'zh-CN': '当年风险消除', en: 'Risk removed in the year' }, key: null },
  cause: { labels: { 'zh-CN': '致贫原因', en: 'Main cause of poverty' }, key: 'cause' },
  income: { labels: { 'zh-CN': '人均纯收入区间', en: 'Net income per head band' }, key: 'income_bin' },
  income_recorded: { labels: { 'zh-CN': '有收入记录', en: 'With an income record' }, key: null },
  below_poverty_line: { labels: { 'zh-CN': '收入低于贫困线', en: 'Income below the poverty line' }, key: null },
  below_monitoring_line: { labels: { 'zh-CN': '收入低于监测线', en: 'Income below the monitoring line' }, key: null },
  measure: { labels: { 'zh-CN': '帮扶措施', en: 'Assistance measures' }, key: 'family' },
  benefit: { labels: { 'zh-CN': '收益发放', en: 'Benefits paid' }, key: 'benefit' },
  paired: { labels: { 'zh-CN': '结对帮扶户', en: 'Paired households' }, key: null },
  visited: { labels: { 'zh-CN': '当年已走访', en: 'Visited in the year' }, key: null },
  visit_overdue: { labels: { 'zh-CN': '走访超期', en: 'Visit overdue' }, key: null },
  procedure_opened: { labels: { 'zh-CN': '当年发起程序', en: 'Procedures opened in the year' }, key: 'procedure' },
  procedure_approved: { labels: { 'zh-CN': '当年办结程序', en: 'Procedures approved in the year' }, key: 'procedure' },
  procedure_overdue: { labels: { 'zh-CN': '程序超期', en: 'Procedures overdue' }, key: 'procedure' },
  alert: { labels: { 'zh-CN': '当年预警', en: 'Alerts raised in the year' }, key: 'rule' },
  alert_open: { labels: { 'zh-CN': '未处置预警', en: 'Alerts not yet handled' }, key: 'rule' },
  deprived: { labels: { 'zh-CN': '单维度被剥夺', en: 'Deprived in a dimension' }, key: 'dimension' },
  multidimensional_poor: { labels: { 'zh-CN': '多维贫困户', en: 'Multidimensionally poor' }, key: null },
} as const satisfies Record<string, { labels: Labels; key: StatKeyKind | null }>;
export type StatSet = keyof typeof STAT_SETS;
export const STAT_SET_NAMES = Object.keys(STAT_SETS) as [StatSet, ...StatSet[]];

/** Whether a set needs a key (a cause, a rule…) to be listed; `monitored` and the procedures take one optionally. */
export function statKeyRequired(set: StatSet): boolean {
  const kind = STAT_SETS[set].key;
  return kind !== null && set !== 'monitored' && !set.startsWith('procedure_') && set !== 'alert' && set !== 'alert_open';
}

/** An income band's key: `from-to` in whole yuan, `to` left empty for the open top band. */
export function incomeBinKey(from: number, to: number | null): string {
  return `${from}-${to ?? ''}`;
}

/** Reads an income band's key; null when it is not one. */
export function parseIncomeBin(key: string): { from: number; to: number | null } | null {
  const m = /^(\d{1,7})-(\d{1,7})?$/.exec(key);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? null : Number(m[2]);
  return to !== null && to <= from ? null : { from, to };
}

/** The bands of the income distribution, in yuan per head: finer below 10,000 where the lines are. */
export const INCOME_BIN_EDGES = [0, 2000, 3000, 4000, 5000, 6000, 8000, 10_000, 15_000, 20_000, 30_000] as const;

/** The dimensions of the multidimensional measure in words. */
export const DIMENSION_LABELS = {
  food: { 'zh-CN': '不愁吃', en: 'Food' },
  clothing: { 'zh-CN': '不愁穿', en: 'Clothing' },
  education: { 'zh-CN': '义务教育', en: 'Compulsory education' },
  medical: { 'zh-CN': '基本医疗', en: 'Basic medical care' },
  housing: { 'zh-CN': '住房安全', en: 'Safe housing' },
  water: { 'zh-CN': '饮水安全', en: 'Safe drinking water' },
} as const satisfies Record<(typeof DIMENSIONS)[number], Labels>;

/** The drill-down a figure opens: the household list filtered by a set, for a region and year. */
export const statDrillSchema = z.object({
  stat: z.enum(STAT_SET_NAMES),
  statKey: z.string().optional(),
});
export type StatDrill = z.infer<typeof statDrillSchema>;

/** A count with what it opens. */
const figure = z.object({ households: z.number().int(), persons: z.number().int(), drill: statDrillSchema });
export type StatFigure = z.infer<typeof figure>;
const keyed = figure.extend({ key: z.string(), label: z.string() });
const money = z.number();

/** The standard reports (标准报表), each as .xlsx and .pdf. */
export const REPORT_KINDS = {
  summary: { 'zh-CN': '年度汇总表(分乡镇、村)', en: 'Yearly summary by township and village' },
  exits: { 'zh-CN': '脱贫退出情况表', en: 'Exits and returns' },
  monitoring: { 'zh-CN': '防返贫监测情况表', en: 'Relapse monitoring' },
  measures: { 'zh-CN': '帮扶措施和收益情况表', en: 'Measures and benefits' },
  visits: { 'zh-CN': '走访帮扶落实情况表', en: 'Visit compliance' },
} as const satisfies Record<string, Labels>;
export type ReportKind = keyof typeof REPORT_KINDS;
export const REPORT_KIND_NAMES = Object.keys(REPORT_KINDS) as [ReportKind, ...ReportKind[]];

/** The registry figures of one region node (the whole, or a child in the breakdown). */
export const statRegistrySchema = z.object({
  registered: figure,
  poor: figure,
  exitedTotal: figure,
  entered: figure,
  exited: figure,
  returned: figure,
  monitored: figure,
  ruralPopulation: z.number().int().nullable(),
  /** Registered poor persons / rural population (0.1501 is 15.01%); null without the population. */
  incidence: z.number().nullable(),
});
export type StatRegistry = z.infer<typeof statRegistrySchema>;

export const statChildSchema = regionRefSchema.extend({
  registry: statRegistrySchema,
  incomeMean: z.number().nullable(),
  /** Meets the exit threshold on incidence (villages and counties); null without the population. */
  meetsIncidence: z.boolean().nullable(),
});
export type StatChild = z.infer<typeof statChildSchema>;

export const statSeriesPointSchema = z.object({
  year: z.number().int(),
  registered: z.number().int(),
  poorHouseholds: z.number().int(),
  poorPersons: z.number().int(),
  exitedHouseholds: z.number().int(),
  returnedHouseholds: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  incidence: z.number().nullable(),
  incomeMean: z.number().nullable(),
  monitored: z.number().int(),
});
export type StatSeriesPoint = z.infer<typeof statSeriesPointSchema>;

export const multidimensionalSchemaOut = z.object({
  /** Weights and the cut-off k from the profile in force for the year. */
  weights: z.record(z.enum(DIMENSIONS), z.number()),
  k: z.number(),
  /** Persons and households with every dimension known, and those left out for an unknown one. */
  households: z.number().int(),
  persons: z.number().int(),
  unknownHouseholds: z.number().int(),
  poor: figure,
  H: z.number(),
  A: z.number(),
  M0: z.number(),
  dimensions: z.array(keyed.extend({ dimension: z.enum(DIMENSIONS) })),
  /** When the deprivations were last assessed (a job), how many households changed since; null: never. */
  assessedAt: z.string().nullable(),
  changedSince: z.number().int(),
  profileVersion: z.number().int().nullable(),
});
export type StatMultidimensional = z.infer<typeof multidimensionalSchemaOut>;

export const statsOverviewSchema = z.object({
  region: regionRefSchema,
  path: z.array(regionRefSchema),
  year: z.number().int(),
  availableYears: z.array(z.number().int()),
  /**
   * When the figures were read, and how: `live` at the request (a county and below), or `snapshot`, a
   * rollup job's figures (a city, a province, the country: millions of households), as of `generatedAt`.
   */
  generatedAt: z.string(),
  source: z.enum(['live', 'snapshot']),
  profile: z.object({ scopeCode: z.string(), version: z.number().int(), name: z.string() }),
  lines: z.object({ poverty: z.number().nullable(), monitoring: z.number().nullable() }),
  registry: statRegistrySchema,
  monitoring: z.object({
    byCategory: z.array(keyed),
    riskRemoved: figure,
  }),
  income: z.object({
    recorded: figure,
    /** Net income per head, weighted by persons (all net income / all persons), as the yearly reports do. */
    mean: money.nullable(),
    /** Median of the households' income per head. */
    median: money.nullable(),
    previousMean: money.nullable(),
    /** Growth of the mean against the year before (0.12 is 12%). */
    growth: z.number().nullable(),
    belowPovertyLine: figure,
    belowMonitoringLine: figure,
    distribution: z.array(keyed.extend({ from: z.number(), to: z.number().nullable() })),
  }),
  causes: z.array(keyed.extend({ poorHouseholds: z.number().int() })),
  measures: z.array(keyed.extend({ measures: z.number().int(), amount: money })),
  benefits: z.array(keyed.extend({ payments: z.number().int(), amount: money })),
  visits: z.object({
    asOf: z.string(),
    paired: figure,
    visited: figure,
    visits: z.number().int(),
    overdue: figure,
    /** Paired households not overdue / paired households. */
    compliance: z.number().nullable(),
  }),
  procedures: z.array(
    z.object({ kind: z.string(), label: z.string(), opened: figure, approved: figure, rejected: z.number().int(), open: z.number().int(), overdue: figure }),
  ),
  alerts: z.array(keyed.extend({ raised: z.number().int(), open: figure })),
  exitThresholds: z.object({
    threshold: z.number(),
    /** Children (villages, townships, counties…) meeting the incidence threshold, failing it, or without population. */
    meeting: z.number().int(),
    failing: z.number().int(),
    unknown: z.number().int(),
  }),
  multidimensional: multidimensionalSchemaOut.nullable(),
  children: z.array(statChildSchema),
  series: z.array(statSeriesPointSchema),
});
export type StatsOverview = z.infer<typeof statsOverviewSchema>;

/** A statistics job: a deprivation assessment (多维贫困测算) or a rollup above the county (汇总); progress and freshness. */
export const statJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['assessment', 'rollup']),
  regionCode: z.string(),
  year: z.number().int(),
  state: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  progress: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type StatJob = z.infer<typeof statJobSchema>;

/**
 * Why a set's key is not acceptable, as a rule code (`stat_key_required`, `stat_key_unknown`), or null.
 * Free keys (measure families, benefit kinds) are any short text: a region's catalogue may add its own.
 */
export function statKeyProblem(set: StatSet, key: string | undefined, known: Partial<Record<StatKeyKind, readonly string[]>>): string | null {
  const kind = STAT_SETS[set].key;
  if (key === undefined || key === '') return statKeyRequired(set) ? 'stat_key_required' : null;
  if (kind === null) return 'stat_key_unknown';
  if (kind === 'income_bin') return parseIncomeBin(key) === null ? 'stat_key_unknown' : null;
  const list = known[kind];
  if (list) return list.includes(key) ? null : 'stat_key_unknown';
  return key.length <= 40 ? null : 'stat_key_unknown';
}

/** Messages for the rules a statistics request's field errors name. */
export const STAT_RULE_MESSAGES: Record<string, Labels> = {
  stat_key_required: { 'zh-CN': '该统计口径需要指定分类(如致贫原因、预警规则)', en: 'This figure needs its category (a cause, a rule…)' },
  stat_key_unknown: { 'zh-CN': '统计口径的分类不存在', en: 'No such category for this figure' },
  stats_not_rolled_up: {
    'zh-CN': '该地区该年度的统计尚未汇总:市、省级统计由汇总任务生成,请先发起汇总',
    en: 'No rollup of this region and year yet: city and province figures come from a rollup job; start one first',
  },
  map_not_configured: { 'zh-CN': '未配置地图:地图须由部署单位提供并注明审图号', en: 'No map configured: a map must come from the deployer, with its map review number' },
  map_unreadable: { 'zh-CN': '配置的地图文件无法读取,请联系管理员', en: 'The configured map file cannot be read; ask the administrator' },
  rollup_level: { 'zh-CN': '县及以下的统计实时生成,无需汇总', en: 'A county and below are counted live; no rollup needed' },
  rollup_running: { 'zh-CN': '该地区该年度的汇总正在进行', en: 'A rollup of this region and year is already running' },
  assessment_running: { 'zh-CN': '该地区该年度的测算正在进行', en: 'An assessment of this region and year is already running' },
};

/** Messages for the rules of the standard reports' routes and of the rural-population import. */
export const REPORT_RULE_MESSAGES: Record<string, Labels> = {
  unknown_report_kind: { 'zh-CN': '没有这种报表;可选:summary、exits、monitoring、measures、visits', en: 'No such report; one of summary, exits, monitoring, measures, visits' },
  unknown_report_format: { 'zh-CN': '报表格式只能是 .xlsx 或 .pdf', en: 'A report is .xlsx or .pdf' },
  population_rows: { 'zh-CN': '文件中有不符合要求的行,未写入任何数据', en: 'Rows of the file break the rules below; nothing was written' },
  village_code_format: { 'zh-CN': '村代码应为 12 位数字', en: 'A village code has 12 digits' },
  population_year_range: { 'zh-CN': '年份应为 2010 年至今年之间的整数', en: 'The year is a whole number from 2010 to this year' },
  population_not_integer: { 'zh-CN': '农村户籍人口应为整数', en: 'The rural population is a whole number' },
  population_negative: { 'zh-CN': '农村户籍人口不能为负数', en: 'The rural population cannot be negative' },
  population_too_large: { 'zh-CN': '农村户籍人口超过一个村的合理上限(1,000,000)', en: 'The rural population is beyond any village (over 1,000,000)' },
  population_below_poor: {
    'zh-CN': '农村户籍人口少于该村该年的未脱贫人口,请核实(已导入)',
    en: 'The rural population is below the village’s poor persons of that year; please check (imported anyway)',
  },
};

/** One village's rural population of a year, as the population list shows it. */
export const populationItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  township: z.object({ code: z.string(), name: z.string() }).nullable(),
  year: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  source: z.string().nullable(),
});
export type PopulationItem = z.infer<typeof populationItemSchema>;

/** A problem or warning of a population file: where it is and the rule. */
export const populationProblemSchema = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  cell: z.string().nullable(),
  rule: z.string(),
  message: z.string(),
  detail: z.string().nullable(),
});
export type PopulationProblem = z.infer<typeof populationProblemSchema>;

/** What a population import wrote: rows written (inserted or updated), rows left blank, and the warnings it passed. */
export const populationImportResultSchema = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  warnings: z.array(populationProblemSchema),
});
export type PopulationImportResult = z.infer<typeof populationImportResultSchema>;
