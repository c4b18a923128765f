import type { Cause } from '../households/rules.ts';
import type { Labels } from '../kernel/labels.ts';
import type { Lang } from '../kernel/roles.ts';
import type { AssistanceSettings } from '../standards/contract.ts';
import { ASSISTANCE_DEFAULTS } from '../standards/rules.ts';

/**
 * Assistance (帮扶): the families of measures a household's plan draws on, the rules a measure must keep,
 * and the check that every cause of a household's poverty has a measure that answers it ("一户一法").
 */

/** The default families of measures (the 五个一批 and the later policy families). */
export const MEASURE_FAMILIES = {
  industry: { 'zh-CN': '产业帮扶', en: 'Industry' },
  employment: { 'zh-CN': '就业帮扶', en: 'Employment' },
  relocation: { 'zh-CN': '易地扶贫搬迁', en: 'Relocation' },
  public_welfare_job: { 'zh-CN': '公益岗位', en: 'Public-welfare job' },
  education: { 'zh-CN': '教育帮扶', en: 'Education' },
  health: { 'zh-CN': '健康帮扶', en: 'Health' },
  housing_renovation: { 'zh-CN': '危房改造', en: 'Housing renovation' },
  finance: { 'zh-CN': '金融帮扶(小额信贷)', en: 'Finance (micro-credit)' },
  living_conditions: { 'zh-CN': '生活条件改善', en: 'Living conditions' },
  safety_net: { 'zh-CN': '综合保障/兜底', en: 'Safety net' },
  ecological: { 'zh-CN': '生态帮扶', en: 'Ecological compensation' },
  consumption: { 'zh-CN': '消费帮扶', en: 'Consumption aid' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Labels>;
/** A family key: one of the defaults or one a region's profile adds to its catalogue. */
export type MeasureFamily = keyof typeof MEASURE_FAMILIES | (string & {});
/** Where a measure stands. */
export const MEASURE_STATUSES = {
  planned: { 'zh-CN': '计划', en: 'Planned' },
  in_progress: { 'zh-CN': '实施中', en: 'In progress' },
  done: { 'zh-CN': '已完成', en: 'Done' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
} as const satisfies Record<string, Labels>;
export type MeasureStatus = keyof typeof MEASURE_STATUSES;

/** Micro-credit for poor households (扶贫小额信贷): at most 50,000 yuan for at most three years. */
export const MICROCREDIT_LIMITS = { amount: 50_000, years: 3 } as const;

/**
 * Which families answer each cause of poverty: a household whose cause has no live measure of any of its
 * families is listed by the coverage check (因病 with no health measure, 缺劳力 with no safety net, …).
 * `other` asks for no particular family. Counties may extend the lists; these are the defaults.
 */
export const CAUSE_COVERAGE: Readonly<Record<Cause, readonly MeasureFamily[]>> = {
  illness: ['health'],
  disability: ['health', 'safety_net'],
  schooling: ['education'],
  disaster: ['housing_renovation', 'safety_net', 'industry'],
  lack_of_land: ['industry', 'employment', 'relocation'],
  lack_of_water: ['living_conditions', 'relocation'],
  lack_of_skills: ['employment', 'education'],
  lack_of_labour: ['safety_net', 'public_welfare_job'],
  lack_of_capital: ['finance', 'industry'],
  poor_transport: ['relocation', 'living_conditions'],
  lack_of_drive: ['employment', 'public_welfare_job', 'industry'],
  other: [],
};

/** Messages for the rule codes of measures. */
export const MEASURE_RULE_MESSAGES: Record<string, Labels> = {
  microcredit_amount: { 'zh-CN': '扶贫小额信贷额度不超过 5 万元', en: 'Micro-credit is at most 50,000 yuan' },
  microcredit_term: { 'zh-CN': '扶贫小额信贷期限不超过 3 年,须填写到期日', en: 'Micro-credit has an end date at most 3 years after its start' },
};

/** A cause of a household without a live measure of any family that answers it. */
export interface UncoveredCause {
  cause: Cause;
  /** The families any one of which would answer it. */
  families: readonly MeasureFamily[];
}

/**
 * The causes of a household (main and secondary) that no live measure answers on a date: a measure is
 * live from its start to its end (or open-ended) unless cancelled. Causes needing no particular family
 * (`other`) are never listed.
 */
export function uncoveredCauses(
  causes: readonly Cause[],
  measures: ReadonlyArray<{ family: MeasureFamily; status: MeasureStatus; startsOn: string; endsOn?: string | null }>,
  onDate: string,
  coverage: Readonly<Record<Cause, readonly MeasureFamily[]>> = CAUSE_COVERAGE,
): UncoveredCause[] {
  const live = new Set(
    measures.filter((m) => m.status !== 'cancelled' && m.startsOn <= onDate && (!m.endsOn || m.endsOn >= onDate)).map((m) => m.family),
  );
  return [...new Set(causes)]
    .map((cause) => ({ cause, families: coverage[cause] ?? [] }))
    .filter(({ families }) => families.length > 0 && !families.some((f) => live.has(f)));
}

/** Kinds of aid units (帮扶单位). */
export const AID_UNIT_KINDS = {
  government: { 'zh-CN': '党政机关', en: 'Government office' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  institution: { 'zh-CN': '事业单位', en: 'Public institution' },
  social: { 'zh-CN': '社会组织', en: 'Social organisation' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Labels>;

/** One family of a region's measure catalogue, with its labels and the causes it answers. */
export interface CatalogueFamily {
  key: MeasureFamily;
  labels: Labels;
  /** Whether the family comes with the product (false: the region's profile added it). */
  builtIn: boolean;
}

/** A region's measure catalogue: the default families, those its profile adds, and the cause → families table. */
export interface MeasureCatalogue {
  families: CatalogueFamily[];
  coverage: Record<Cause, readonly MeasureFamily[]>;
}

/** The catalogue a region's assistance settings make (defaults when the profile sets none). */
export function measureCatalogue(settings: AssistanceSettings | undefined): MeasureCatalogue {
  const s = settings ?? ASSISTANCE_DEFAULTS;
  return {
    families: [
      ...Object.entries(MEASURE_FAMILIES).map(([key, labels]) => ({ key, labels: { 'zh-CN': labels['zh-CN'], en: labels.en }, builtIn: true })),
      ...s.families.map((f) => ({ key: f.key, labels: { 'zh-CN': f['zh-CN'], en: f.en }, builtIn: false })),
    ],
    coverage: { ...CAUSE_COVERAGE, ...(s.coverage as Partial<Record<Cause, readonly MeasureFamily[]>>) },
  };
}

/** The label of a family in a catalogue, falling back to its key for a family the catalogue no longer holds. */
export function familyLabel(catalogue: MeasureCatalogue, key: string, lang: Lang): string {
  return catalogue.families.find((f) => f.key === key)?.labels[lang] ?? key;
}
