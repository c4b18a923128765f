import type { Labels } from '../kernel/labels.ts';
import type { AssistanceSettings, MonitoringSettings, PolicyProfile } from './contract.ts';

/**
 * Policy profiles: the standards of poverty alleviation as versioned data, never as constants in code
 * (the seeds complain of policies "issued in the morning and withdrawn in the afternoon"). The code holds
 * a fixed catalogue of named tests; a profile says which tests apply, with which parameters, from which
 * date, for which region. Every decision records the profile versions it used.
 */

/** The tests a household exit criterion may name (两不愁三保障, safe water and income). */
export const CRITERION_TESTS = [
  'income_above_line',
  'food_secure',
  'clothing_secure',
  'compulsory_education',
  'basic_medical',
  'housing_safe',
  'water_safe',
] as const;
export type CriterionTest = (typeof CRITERION_TESTS)[number];

/** The tests an exclusion (八类人员) may name; each looks at data other departments can confirm. */
export const EXCLUSION_TESTS = ['public_payroll', 'car', 'machinery', 'town_property', 'registered_business'] as const;
export type ExclusionTest = (typeof EXCLUSION_TESTS)[number];

/** The four aspects of safe drinking water (水量、水质、用水方便程度、供水保证率). */
export const WATER_ASPECTS = ['quantity', 'quality', 'convenience', 'guarantee'] as const;
export type WaterAspect = (typeof WATER_ASPECTS)[number];

/** The dimensions of the multidimensional (Alkire-Foster) measure, one per non-income standard. */
export const DIMENSIONS = ['food', 'clothing', 'education', 'medical', 'housing', 'water'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Names of the tests for the profile editor and for explanations. */
export const POLICY_TEST_LABELS = {
  income_above_line: { 'zh-CN': '人均纯收入稳定超过标准线', en: 'Net income per head stably above the line' },
  food_secure: { 'zh-CN': '不愁吃', en: 'Food secure' },
  clothing_secure: { 'zh-CN': '不愁穿', en: 'Clothing secure' },
  compulsory_education: { 'zh-CN': '义务教育有保障', en: 'Compulsory education' },
  basic_medical: { 'zh-CN': '基本医疗有保障', en: 'Basic medical care' },
  housing_safe: { 'zh-CN': '住房安全有保障', en: 'Safe housing' },
  water_safe: { 'zh-CN': '饮水安全有保障', en: 'Safe drinking water' },
  public_payroll: { 'zh-CN': '家庭成员为财政供养人员', en: 'A member on the public payroll' },
  car: { 'zh-CN': '家庭拥有小汽车', en: 'Owns a car' },
  machinery: { 'zh-CN': '家庭拥有工程机械', en: 'Owns construction machinery' },
  town_property: { 'zh-CN': '在城镇购买商品房', en: 'Bought commercial housing in town' },
  registered_business: { 'zh-CN': '登记注册企业或个体工商户', en: 'Runs a registered business' },
} as const satisfies Record<CriterionTest | ExclusionTest, Labels>;

/** Messages for the rule codes a profile's validation issues carry in `params.rule`. */
export const POLICY_RULE_MESSAGES: Record<string, Labels> = {
  family_exists: { 'zh-CN': '措施类别已在目录中', en: 'That measure family is already in the catalogue' },
  unknown_family: { 'zh-CN': '措施目录中没有该类别', en: 'No measure family of the catalogue has that key' },
  unknown_cause: { 'zh-CN': '不认识的致贫原因', en: 'Unknown cause of poverty' },
  share_range: { 'zh-CN': '比例须在 0 与 1 之间', en: 'A share lies between 0 and 1' },
  unknown_test: { 'zh-CN': '不认识的判定规则类型', en: 'Unknown test kind' },
  duplicate_code: { 'zh-CN': '规则代码重复', en: 'The same rule code appears twice' },
  poverty_line_required: { 'zh-CN': '至少须有一年的贫困线', en: 'At least one year needs a poverty line' },
  monitoring_below_poverty_line: { 'zh-CN': '监测线低于同年贫困线', en: 'The monitoring line is below that year’s poverty line' },
  threshold_range: { 'zh-CN': '贫困发生率阈值须大于 0 且小于 1', en: 'An incidence threshold lies strictly between 0 and 1' },
  notice_days_min: { 'zh-CN': '公示期至少 1 天', en: 'A public notice lasts at least one day' },
  step_exceeds_total: { 'zh-CN': '单个环节时限超过全流程时限', en: 'A step’s deadline is longer than the whole procedure’s' },
  holiday_is_workday: { 'zh-CN': '同一日期不能既是节假日又是调休工作日', en: 'A date cannot be both a holiday and an extra working day' },
  school_age_order: { 'zh-CN': '义务教育起始年龄大于截止年龄', en: 'The lowest school age is above the highest' },
  working_age_order: { 'zh-CN': '劳动年龄下限大于上限', en: 'The lowest working age is above the highest' },
  weights_zero: { 'zh-CN': '权重之和须大于 0', en: 'The weights must not all be zero' },
  weights_sum: { 'zh-CN': '各维度权重之和须为 1', en: 'The dimension weights must add up to 1' },
  cutoff_range: { 'zh-CN': '多维贫困临界值须大于 0 且不超过 1', en: 'The poverty cutoff k lies in (0, 1]' },
  scope_level: { 'zh-CN': '政策只能由全国、省、市或县制定', en: 'A policy belongs to the country, a province, a city or a county' },
  national_incomplete: { 'zh-CN': '全国政策须包含所有部分', en: 'The national profile needs every section' },
};

/** The alert rules of relapse monitoring (alerts/rules.ts holds their labels; kept here to avoid a cycle). */
export const ALERT_RULE_KEYS = [
  'income_below_line',
  'income_drop',
  'medical_spending',
  'disaster_loss',
  'main_worker_lost',
  'child_out_of_school',
  'exclusion_hit',
  'person_dead',
] as const;

/** What applies when no level sets `assistance`: a visit a month, 20 days a month in the village. */
export const ASSISTANCE_DEFAULTS: AssistanceSettings = Object.freeze({ visitIntervalDays: 30, minDaysInVillage: 20, families: [], coverage: {} });

/** What applies when no level sets `monitoring`: every rule, a 30% fall, 10,000 yuan, six stable months. */
export const MONITORING_DEFAULTS: MonitoringSettings = Object.freeze({
  rules: [...ALERT_RULE_KEYS],
  incomeDropShare: 0.3,
  medicalOutOfPocket: 10_000,
  disasterLoss: 10_000,
  dueDays: { high: 7, medium: 15, low: 30 },
  stableMonths: 6,
});

/** How a public notice shows a household's head, by the profile in force (full unless it says masked). */
export function noticeHeadName(profile: Pick<PolicyProfile, 'disclosure'>, name: string): string {
  if (profile.disclosure?.headName !== 'masked' || name.length < 2) return name;
  const chars = [...name];
  return chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
