import type { Labels } from '../kernel/labels.ts';
import type { DIMENSIONS } from '../standards/rules.ts';

/**
 * Statistics (统计分析): the sets of households every figure counts. A figure on a dashboard or in a report
 * is the size of one of these sets for a region and year, and opens the household list filtered by the
 * same set (`stat`, `statYear`, `statKey` on `GET /households`), so a number can always be traced to the
 * households behind it. The server holds one SQL predicate per set, used both to count and to list.
 */

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
