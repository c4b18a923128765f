import type { Labels } from '../kernel/labels.ts';
import type { StepCode } from '../procedures/contract.ts';
import type { Evaluation, EvaluationOutcome } from '../standards/evaluation.ts';

/**
 * Inspectors' audits of the relapse-monitoring work: conflicts of interest (优亲厚友: a cadre who took part
 * in the case of a relative, a helper paired with one) and fairness (公平性核查: households in the same
 * situation treated differently, seed 002's "张三和李四家情况基本一样"). Pure: the server loads, these decide.
 */

/** The steps whose actor decides (or shapes the decision on) a case: a relative on the household taints them. */
export const CONFLICT_STEPS = ['application', 'survey', 'verification', 'deliberation', 'township_review', 'county_approval'] as const satisfies readonly StepCode[];

/** How a relative of a cadre or helper was found among a household's members. */
export const CONFLICT_SOURCES = {
  registered: { 'zh-CN': '登记的近亲属', en: 'Registered relative' },
  same_household: { 'zh-CN': '与本人同户', en: 'Shares a household with them' },
  self: { 'zh-CN': '本人', en: 'Themselves' },
} as const satisfies Record<string, Labels>;
export type ConflictSource = keyof typeof CONFLICT_SOURCES;

/** The roles that may keep the relatives and resident IDs of others (users and aid staff) in their region. */
export const KIN_KEEPERS = ['admin', 'county_officer'] as const;

/** The close relatives a cadre or helper registers (近亲属). */
export const KIN_RELATIONS = {
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  child: { 'zh-CN': '子女', en: 'Child' },
  sibling: { 'zh-CN': '兄弟姐妹', en: 'Sibling' },
  grandparent: { 'zh-CN': '祖父母、外祖父母', en: 'Grandparent' },
  grandchild: { 'zh-CN': '孙子女、外孙子女', en: 'Grandchild' },
  in_law: { 'zh-CN': '姻亲', en: 'In-law' },
  other: { 'zh-CN': '其他近亲属', en: 'Other close relative' },
} as const satisfies Record<string, Labels>;
export type KinRelation = keyof typeof KIN_RELATIONS;

/** Messages for the rule codes the audits' field errors name. */
export const AUDIT_RULE_MESSAGES: Record<string, Labels> = {
  one_owner: { 'zh-CN': '只能指定一名用户或一名帮扶人员', en: 'Name a user or a member of staff, not both' },
  relatives_of_others: { 'zh-CN': '只有县级及以上可为他人登记近亲属', en: 'Only a county office registers the relatives of others' },
};

/** The decisions an evaluation reaches, for the facts an audit shows. */
export const OUTCOME_LABELS = {
  poor: { 'zh-CN': '符合贫困标准', en: 'Meets the poverty standard' },
  not_poor: { 'zh-CN': '不符合贫困标准', en: 'Does not meet the poverty standard' },
  may_exit: { 'zh-CN': '达到退出标准', en: 'Meets the exit standard' },
  excluded: { 'zh-CN': '属排除情形', en: 'Excluded' },
  cannot_decide: { 'zh-CN': '数据不全,无法判定', en: 'Data missing: undecided' },
} as const satisfies Record<EvaluationOutcome, Labels>;

/** The treatment fields a fairness pair may differ in. */
export const FAIRNESS_FIELDS = {
  status: { 'zh-CN': '识别状态', en: 'Status' },
  monitoringCategory: { 'zh-CN': '监测类别', en: 'Monitoring category' },
  benefits: { 'zh-CN': '当年享受的帮扶', en: 'Benefits paid in the year' },
} as const satisfies Record<string, Labels>;
export type FairnessField = keyof typeof FAIRNESS_FIELDS;

// ---------------------------------------------------------------------------------------------------
// Fairness

/**
 * The decisive facts of an evaluation: which criteria and exclusions passed, failed or were unknown. The
 * same key the yearly review groups its "same facts, different status" findings by.
 */
export function decisiveFactsKey(e: Pick<Evaluation, 'criteria' | 'exclusions'>): string {
  return [...e.criteria, ...e.exclusions].map((c) => `${c.code}:${String(c.passed)}`).join('|');
}

/**
 * Income per head as a multiple of the poverty line, to one decimal (1.0 at the line, 1.5 half above):
 * households a few yuan apart share a band, one at the line and one at twice it do not. Null when either
 * figure is unknown.
 */
export function incomeBand(perHead: number | null, line: number | null): number | null {
  if (perHead === null || line === null || !(line > 0)) return null;
  return Math.round((perHead / line) * 10) / 10;
}

/** A household as the fairness audit compares it: its facts' group, its treatment, and where it is. */
export interface FairnessUnit {
  id: string;
  village: string;
  status: string;
  monitoringCategory: string | null;
  /** The kinds of benefit paid in the year (measure family, or the payer where no measure), sorted. */
  benefits: readonly string[];
  perHead: number | null;
  outcome: EvaluationOutcome;
}

/** What a household received: status, monitoring category and benefit kinds, as one comparable string. */
export function treatmentOf(u: FairnessUnit): string {
  return `${u.status}|${u.monitoringCategory ?? ''}|${u.benefits.join(',')}`;
}

/** The fields two households' treatments differ in, with each one's value. */
export function treatmentDifferences(a: FairnessUnit, b: FairnessUnit): Array<{ field: FairnessField; a: unknown; b: unknown }> {
  const out: Array<{ field: FairnessField; a: unknown; b: unknown }> = [];
  if (a.status !== b.status) out.push({ field: 'status', a: a.status, b: b.status });
  if ((a.monitoringCategory ?? null) !== (b.monitoringCategory ?? null)) out.push({ field: 'monitoringCategory', a: a.monitoringCategory, b: b.monitoringCategory });
  if (a.benefits.join(',') !== b.benefits.join(',')) out.push({ field: 'benefits', a: [...a.benefits], b: [...b.benefits] });
  return out;
}

/** The status an outcome calls for, where it calls for one. */
function fittingStatus(outcome: EvaluationOutcome): string | null {
  if (outcome === 'poor') return 'poor';
  if (outcome === 'may_exit' || outcome === 'not_poor') return 'exited';
  return null;
}

/** Numeric order of bigint ids carried as strings. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The index of the first unit whose income is not below `value` (units sorted by income, then id). */
function lowerBound(sorted: readonly FairnessUnit[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.perHead ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The unit of a sorted list nearest in income to `value`; the lowest id among equally near ones. */
function nearestIn(sorted: readonly FairnessUnit[], value: number | null): FairnessUnit | undefined {
  if (sorted.length === 0) return undefined;
  if (value === null) return sorted[0];
  const i = lowerBound(sorted, value);
  const above = sorted[i];
  const below = i > 0 ? sorted[lowerBound(sorted, sorted[i - 1]?.perHead ?? 0)] : undefined;
  if (!below) return above;
  if (!above) return below;
  const da = (above.perHead ?? 0) - value;
  const db = value - (below.perHead ?? 0);
  return da < db || (da === db && compareIds(above.id, below.id) < 0) ? above : below;
}

const byIncome = (a: FairnessUnit, b: FairnessUnit) => (a.perHead ?? 0) - (b.perHead ?? 0) || compareIds(a.id, b.id);

/**
 * The unequal pairs of a group of households with the same decisive facts. The treatment most of the group
 * received is the usual one; on a tie, the one whose status the facts call for, then the one that received
 * less (so the household given more stands out), then the one of the lowest id. Every household treated
 * otherwise is paired, as `a`, with its nearest peer treated the usual way: one of its own village if there
 * is one, then the nearest in income per head, then the lowest id. So each household is `a` at most once,
 * and a group treated alike yields nothing.
 */
export function unequalPairs(group: readonly FairnessUnit[]): Array<{ a: FairnessUnit; b: FairnessUnit }> {
  if (group.length < 2) return [];
  const byTreatment = new Map<string, FairnessUnit[]>();
  for (const u of group) {
    const t = treatmentOf(u);
    const list = byTreatment.get(t);
    if (list) list.push(u);
    else byTreatment.set(t, [u]);
  }
  if (byTreatment.size < 2) return [];
  const fits = (list: FairnessUnit[]) => (list.some((u) => u.status === fittingStatus(u.outcome)) ? 1 : 0);
  const lowest = (list: FairnessUnit[]) => list.reduce((m, u) => (compareIds(u.id, m) < 0 ? u.id : m), list[0]?.id ?? '');
  const extras = (list: FairnessUnit[]) => (list[0]?.benefits.length ?? 0) + (list[0]?.monitoringCategory ? 1 : 0);
  const [usualKey] = [...byTreatment.entries()].sort(
    ([, x], [, y]) => y.length - x.length || fits(y) - fits(x) || extras(x) - extras(y) || compareIds(lowest(x), lowest(y)),
  )[0] as [string, FairnessUnit[]];
  const usual = [...(byTreatment.get(usualKey) ?? [])].sort(byIncome);
  const usualByVillage = new Map<string, FairnessUnit[]>();
  for (const u of usual) {
    const list = usualByVillage.get(u.village);
    if (list) list.push(u);
    else usualByVillage.set(u.village, [u]);
  }
  const out: Array<{ a: FairnessUnit; b: FairnessUnit }> = [];
  for (const u of group) {
    if (treatmentOf(u) === usualKey) continue;
    const peer = nearestIn(usualByVillage.get(u.village) ?? usual, u.perHead);
    if (peer) out.push({ a: u, b: peer });
  }
  return out;
}
