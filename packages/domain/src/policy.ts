import { z } from 'zod';
import { HOUSING_GRADES } from './household.ts';
import { CAUSES } from './registry.ts';
import type { ProcedureRules } from './procedure-rules.ts';
import { COUNTRY_CODE, ancestorCodes, levelOfCode } from './region.ts';
import type { Lang } from './roles.ts';

/**
 * Policy profiles: the standards of poverty alleviation as versioned data, never as constants in code
 * (the seeds complain of policies "issued in the morning and withdrawn in the afternoon"). The code holds
 * a fixed catalogue of named tests; a profile says which tests apply, with which parameters, from which
 * date, for which region. Every decision records the profile versions it used.
 */

type Labels = Record<Lang, string>;

/** The keys of the default measure catalogue (assistance.ts holds their labels; kept here to avoid a cycle). */
const DEFAULT_MEASURE_FAMILY_KEYS_SET: Record<string, true> = Object.fromEntries(
  ['industry', 'employment', 'relocation', 'public_welfare_job', 'education', 'health', 'housing_renovation', 'finance', 'living_conditions', 'safety_net', 'ecological', 'consumption', 'other'].map((k) => [k, true]),
);
const CAUSE_KEYS: readonly string[] = Object.keys(CAUSES);

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

const isoDate = z.iso.date();
const yearKey = z.string().regex(/^\d{4}$/, 'a four-digit year');
const ruleCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _');

type Ctx = z.core.$RefinementCtx;

/** Adds an issue that carries a stable rule code, so clients match on `params.rule` and never on text. */
function fail(ctx: Ctx, path: PropertyKey[], rule: string, message: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { rule } });
}

// ---- criteria and exclusions: a discriminated union on the test kind ----

const criterionVariants = [
  z.strictObject({ code: ruleCode, test: z.literal('income_above_line') }),
  z.strictObject({ code: ruleCode, test: z.literal('food_secure') }),
  z.strictObject({ code: ruleCode, test: z.literal('clothing_secure') }),
  z
    .strictObject({
      code: ruleCode,
      test: z.literal('compulsory_education'),
      /** School ages in whole years, both inclusive, as of 31 August (the enrolment cut-off). */
      minAge: z.number().int().min(3).max(25),
      maxAge: z.number().int().min(3).max(25),
      /** Up to this age a pre-school status still counts as attending (entry may wait a year). */
      preschoolMaxAge: z.number().int().min(0).max(25),
      /** Disability grades whose children count as schooled (送教上门, taught at home). */
      exemptDisabilityGrades: z.array(z.number().int().min(1).max(4)).max(4),
    })
    .superRefine((v, ctx) => {
      if (v.minAge > v.maxAge) fail(ctx, ['minAge'], 'school_age_order', `minAge ${v.minAge} is above maxAge ${v.maxAge}`);
    }),
  z.strictObject({
    code: ruleCode,
    test: z.literal('basic_medical'),
    /** Whether a member with a chronic or serious illness must hold a chronic-disease card (慢病卡). */
    requireChronicCard: z.boolean(),
  }),
  z.strictObject({
    code: ruleCode,
    test: z.literal('housing_safe'),
    acceptedGrades: z.array(z.enum(Object.keys(HOUSING_GRADES) as ['A', 'B', 'C', 'D'])).min(1).max(4),
  }),
  z.strictObject({ code: ruleCode, test: z.literal('water_safe'), aspects: z.array(z.enum(WATER_ASPECTS)).min(1).max(4) }),
] as const;

const exclusionVariants = EXCLUSION_TESTS.map((test) => z.strictObject({ code: ruleCode, test: z.literal(test) }));

/** Refuses an unknown test kind with its own rule code before the union picks a variant by kind. */
function knownTest(tests: readonly string[]) {
  return z.unknown().superRefine((value, ctx) => {
    const test = typeof value === 'object' && value !== null ? (value as { test?: unknown }).test : undefined;
    if (typeof test === 'string' && !tests.includes(test)) {
      fail(ctx, ['test'], 'unknown_test', `unknown test kind "${test}"; known: ${tests.join(', ')}`);
    }
  });
}

export const criterionRuleSchema = knownTest(CRITERION_TESTS).pipe(z.discriminatedUnion('test', criterionVariants));
export type CriterionRule = z.output<typeof criterionRuleSchema>;
export const exclusionRuleSchema = knownTest(EXCLUSION_TESTS).pipe(
  z.discriminatedUnion('test', exclusionVariants as unknown as [(typeof exclusionVariants)[number], ...(typeof exclusionVariants)[number][]]),
);
export type ExclusionRule = z.output<typeof exclusionRuleSchema>;

function uniqueCodes(list: ReadonlyArray<{ code: string }>, ctx: Ctx): void {
  const seen = new Set<string>();
  list.forEach((rule, i) => {
    if (seen.has(rule.code)) fail(ctx, [i, 'code'], 'duplicate_code', `code "${rule.code}" appears more than once`);
    seen.add(rule.code);
  });
}

// ---- sections ----

const lineTable = z.record(yearKey, z.number().positive().finite());

/** Checks monitoring ≥ poverty for every year either table names, lines carried forward. */
function checkLines(lines: { poverty?: Record<string, number>; monitoring?: Record<string, number> }, ctx: Ctx): void {
  if (!lines.poverty || !lines.monitoring) return;
  const years = [...new Set([...Object.keys(lines.poverty), ...Object.keys(lines.monitoring)])].map(Number).sort((a, b) => a - b);
  for (const year of years) {
    const poverty = carried(lines.poverty, year);
    const monitoring = carried(lines.monitoring, year);
    if (poverty && monitoring && monitoring.value < poverty.value) {
      fail(
        ctx,
        ['monitoring', String(monitoring.year)],
        'monitoring_below_poverty_line',
        `the monitoring line ${monitoring.value} in force in ${year} is below that year's poverty line ${poverty.value}`,
      );
    }
  }
}

const linesSchema = z
  .strictObject({ poverty: lineTable, monitoring: lineTable })
  .superRefine((lines, ctx) => {
    if (Object.keys(lines.poverty).length === 0) fail(ctx, ['poverty'], 'poverty_line_required', 'no year has a poverty line');
    checkLines(lines, ctx);
  });
const linesOverrideSchema = z.strictObject({ poverty: lineTable.optional(), monitoring: lineTable.optional() }).superRefine(checkLines);

const incomeSchema = z.strictObject({
  /** How many consecutive years, ending with the evaluated one, must each be above that year's line. */
  stableYears: z.number().int().min(1).max(10),
});

const share = z.number().min(0).max(1);
const exitThresholdsSchema = z
  .strictObject({
    default: z.number(),
    west: z.number(),
    westProvinces: z.array(z.string().regex(/^\d{2}$/, 'a two-digit province code')),
  })
  .superRefine((t, ctx) => {
    for (const key of ['default', 'west'] as const) {
      if (!(t[key] > 0 && t[key] < 1)) fail(ctx, [key], 'threshold_range', `${key} threshold ${t[key]} is not strictly between 0 and 1`);
    }
  });

const procedureRulesSchema = z
  .strictObject({
    noticeDays: z.number().int(),
    totalWorkingDays: z.number().int().min(1).max(365),
    stepWorkingDays: z.record(ruleCode, z.number().int().min(1).max(365)),
    holidays: z.array(isoDate).max(5000),
    extraWorkdays: z.array(isoDate).max(2000),
    publishedYears: z.array(yearKey).max(200).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.noticeDays < 1) fail(ctx, ['noticeDays'], 'notice_days_min', `a notice of ${p.noticeDays} days is shorter than one day`);
    for (const [step, days] of Object.entries(p.stepWorkingDays)) {
      if (days > p.totalWorkingDays) {
        fail(ctx, ['stepWorkingDays', step], 'step_exceeds_total', `step ${step} (${days} days) exceeds the total of ${p.totalWorkingDays} working days`);
      }
    }
    const holidays = new Set(p.holidays);
    p.extraWorkdays.forEach((d, i) => {
      if (holidays.has(d)) fail(ctx, ['extraWorkdays', i], 'holiday_is_workday', `${d} is both a holiday and an extra working day`);
    });
    const published = new Set<string>();
    p.publishedYears?.forEach((y, i) => {
      if (published.has(y)) fail(ctx, ['publishedYears', i], 'duplicate_code', `year ${y} is listed twice`);
      published.add(y);
    });
  }) satisfies z.ZodType<ProcedureRules>;

const fourLooksSchema = z
  .strictObject({
    /** Points of each look; the default 25 each makes a total of 100. */
    weights: z.strictObject({ house: z.number().min(0), grain: z.number().min(0), labour: z.number().min(0), schooling: z.number().min(0) }),
    /** Share of the house points each safety grade earns. */
    houseGradeShares: z.strictObject({ A: share, B: share, C: share, D: share }),
    /** Working ages (inclusive, as of 31 August) whose labour counts. */
    workingAge: z.strictObject({ min: z.number().int().min(10).max(100), max: z.number().int().min(10).max(100) }),
    /** Labour units each capacity is worth. */
    labourShares: z.strictObject({ skilled: share, normal: share, weak: share, lost: share, none: share }),
    /** Labour units per household member that earn the full labour points (0.5: one labourer per two mouths). */
    fullLabourPerMember: z.number().gt(0).max(1),
  })
  .superRefine((f, ctx) => {
    if (Object.values(f.weights).every((w) => w === 0)) fail(ctx, ['weights'], 'weights_zero', 'all four weights are zero');
    if (f.workingAge.min > f.workingAge.max) {
      fail(ctx, ['workingAge', 'min'], 'working_age_order', `working age ${f.workingAge.min} is above ${f.workingAge.max}`);
    }
  });

const multidimensionalSchema = z
  .strictObject({
    weights: z.strictObject(Object.fromEntries(DIMENSIONS.map((d) => [d, share])) as Record<Dimension, typeof share>),
    /** A person is multidimensionally poor when the weighted share of deprivations reaches k. */
    k: z.number(),
  })
  .superRefine((m, ctx) => {
    const sum = Object.values(m.weights).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) fail(ctx, ['weights'], 'weights_sum', `the weights add up to ${sum}, not 1`);
    if (!(m.k > 0 && m.k <= 1)) fail(ctx, ['k'], 'cutoff_range', `k = ${m.k} is outside (0, 1]`);
  });

/**
 * What a village's public notice may show of a household to anyone who reads it. Notices name the head
 * in full by custom; a province may require the given name masked (张*三). ID numbers are always masked.
 */
const disclosureSchema = z.strictObject({ headName: z.enum(['full', 'masked']) });

/**
 * Assistance settings (帮扶): how often a paired helper must visit, how many days a month a resident work
 * team member must spend in the village, measure families the region adds to the default catalogue, and
 * which families answer a cause when the default table does not suit. Optional: defaults apply.
 */
const assistanceSchema = z
  .strictObject({
    visitIntervalDays: z.number().int().min(1).max(366),
    minDaysInVillage: z.number().int().min(1).max(31),
    families: z
      .array(z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case key'), 'zh-CN': z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(60) }))
      .max(40),
    coverage: z.record(z.string(), z.array(z.string()).max(20)),
  })
  .superRefine((a, ctx) => {
    a.families.forEach((f, i) => {
      if (f.key in DEFAULT_MEASURE_FAMILY_KEYS_SET || a.families.findIndex((g) => g.key === f.key) !== i) {
        fail(ctx, ['families', i, 'key'], 'family_exists', `family "${f.key}" is already in the catalogue`);
      }
    });
    const known = new Set([...Object.keys(DEFAULT_MEASURE_FAMILY_KEYS_SET), ...a.families.map((f) => f.key)]);
    for (const [cause, families] of Object.entries(a.coverage)) {
      if (!CAUSE_KEYS.includes(cause)) fail(ctx, ['coverage', cause], 'unknown_cause', `"${cause}" is not a cause of poverty`);
      families.forEach((f, i) => {
        if (!known.has(f)) fail(ctx, ['coverage', cause, i], 'unknown_family', `"${f}" is not a family of the catalogue`);
      });
    }
  });
export type AssistanceSettings = z.output<typeof assistanceSchema>;

/** What applies when no level sets `assistance`: a visit a month, 20 days a month in the village. */
export const ASSISTANCE_DEFAULTS: AssistanceSettings = Object.freeze({ visitIntervalDays: 30, minDaysInVillage: 20, families: [], coverage: {} });

/** The alert rules of relapse monitoring (monitoring.ts holds their labels; kept here to avoid a cycle). */
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

/**
 * Relapse monitoring (防返贫监测): which alert rules run, their thresholds, how many days each severity
 * leaves to act, and how long income must stay above the line before a risk is removed. Optional.
 */
const monitoringSchema = z
  .strictObject({
    rules: z.array(z.enum(ALERT_RULE_KEYS)).max(ALERT_RULE_KEYS.length),
    /** A fall of income per head by more than this share year on year raises an alert. */
    incomeDropShare: z.number(),
    /** Yuan of out-of-pocket medical spending in a year above which a household is alerted. */
    medicalOutOfPocket: z.number().min(0).max(10_000_000),
    disasterLoss: z.number().min(0).max(10_000_000),
    dueDays: z.strictObject({ high: z.number().int().min(1).max(90), medium: z.number().int().min(1).max(90), low: z.number().int().min(1).max(180) }),
    /** Months of income above the line (with 三保障 and water) before risk removal. */
    stableMonths: z.number().int().min(1).max(36),
  })
  .superRefine((m, ctx) => {
    if (!(m.incomeDropShare > 0 && m.incomeDropShare < 1)) fail(ctx, ['incomeDropShare'], 'share_range', `${m.incomeDropShare} is not a share between 0 and 1`);
    if (new Set(m.rules).size !== m.rules.length) fail(ctx, ['rules'], 'duplicate_code', 'a rule is named twice');
  });
export type MonitoringSettings = z.output<typeof monitoringSchema>;

/** What applies when no level sets `monitoring`: every rule, a 30% fall, 10,000 yuan, six stable months. */
export const MONITORING_DEFAULTS: MonitoringSettings = Object.freeze({
  rules: [...ALERT_RULE_KEYS],
  incomeDropShare: 0.3,
  medicalOutOfPocket: 10_000,
  disasterLoss: 10_000,
  dueDays: { high: 7, medium: 15, low: 30 },
  stableMonths: 6,
});

const header = {
  id: z.string().min(1).max(40).optional(),
  scopeCode: z.string(),
  version: z.number().int().min(1),
  effectiveFrom: isoDate,
  name: z.string().trim().min(1).max(200),
};

function checkScope(scopeCode: string, ctx: Ctx): void {
  const level = levelOfCode(scopeCode);
  if (level === null || level > 3) fail(ctx, ['scopeCode'], 'scope_level', `"${scopeCode}" is not CN or a province, city or county code`);
}

const sections = {
  lines: linesSchema,
  income: incomeSchema,
  criteria: z.array(criterionRuleSchema).max(30).superRefine(uniqueCodes),
  exclusions: z.array(exclusionRuleSchema).max(30).superRefine(uniqueCodes),
  exitThresholds: exitThresholdsSchema,
  procedures: procedureRulesSchema,
  fourLooks: fourLooksSchema,
  multidimensional: multidimensionalSchema,
  disclosure: disclosureSchema.optional(),
  assistance: assistanceSchema.optional(),
  monitoring: monitoringSchema.optional(),
};

/** The sections of a profile; an override replaces each one it holds wholesale, except `lines`. */
export const PROFILE_SECTIONS = Object.keys(sections) as Array<keyof typeof sections>;
export type ProfileSection = keyof typeof sections;
/** Sections with a default when no level sets them (what a public notice discloses: the full name). */
const REQUIRED_SECTIONS = PROFILE_SECTIONS.filter((s) => s !== 'disclosure' && s !== 'assistance' && s !== 'monitoring');

/** How a public notice shows a household's head, by the profile in force (full unless it says masked). */
export function noticeHeadName(profile: Pick<PolicyProfile, 'disclosure'>, name: string): string {
  if (profile.disclosure?.headName !== 'masked' || name.length < 2) return name;
  const chars = [...name];
  return chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const profileRefSchema = z.strictObject({ scopeCode: z.string(), version: z.number().int().min(1), effectiveFrom: isoDate });

/**
 * A complete profile: every section present. Contradictions carry `params.rule` (see POLICY_RULE_MESSAGES).
 * `basis` lists the versions a resolved profile was merged from, so a stored decision can show them.
 */
export const policyProfileSchema = z
  .strictObject({ ...header, ...sections, basis: z.array(profileRefSchema).optional() })
  .superRefine((p, ctx) => checkScope(p.scopeCode, ctx));
export type PolicyProfile = z.output<typeof policyProfileSchema>;

/**
 * A province's, city's or county's version: any subset of the sections. The national version must be
 * complete. Lines may name only the years (and only the table) they change.
 */
export const policyOverrideSchema = z
  .strictObject({
    ...header,
    lines: linesOverrideSchema.optional(),
    income: sections.income.optional(),
    criteria: sections.criteria.optional(),
    exclusions: sections.exclusions.optional(),
    exitThresholds: sections.exitThresholds.optional(),
    procedures: sections.procedures.optional(),
    fourLooks: sections.fourLooks.optional(),
    multidimensional: sections.multidimensional.optional(),
    disclosure: disclosureSchema.optional(),
    assistance: assistanceSchema.optional(),
    monitoring: monitoringSchema.optional(),
  })
  .superRefine((p, ctx) => {
    checkScope(p.scopeCode, ctx);
    if (p.scopeCode === COUNTRY_CODE) {
      for (const section of REQUIRED_SECTIONS) {
        if (p[section] === undefined) fail(ctx, [section], 'national_incomplete', `the national profile lacks section ${section}`);
      }
      if (p.lines && (!p.lines.poverty || !p.lines.monitoring)) fail(ctx, ['lines'], 'national_incomplete', 'the national profile needs both line tables');
    }
  });
export type PolicyOverride = z.output<typeof policyOverrideSchema>;

/** One version that went into a resolved profile; decisions keep these. */
export type ProfileRef = z.output<typeof profileRefSchema>;

/** A profile merged for one region and date, with the versions it came from (country first). */
export type ResolvedProfile = PolicyProfile & { basis: ProfileRef[] };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The national default: the lines of DOMAIN.md, the household exit standard of 2016 (income stably
 * above the line, 两不愁三保障 and safe water), the usual 八类人员 that data can check, 2% / 3% exit
 * thresholds with the twelve provinces of 西部大开发, a 7-day notice and a 20-working-day procedure.
 */
export const NATIONAL_DEFAULT_PROFILE: PolicyProfile = deepFreeze({
  scopeCode: COUNTRY_CODE,
  version: 1,
  effectiveFrom: '2014-01-01',
  name: '国家扶贫标准(默认)',
  lines: {
    poverty: { '2014': 2800, '2015': 2855, '2016': 2952, '2017': 2952, '2018': 2995, '2019': 3218, '2020': 4000 },
    monitoring: { '2021': 6000 },
  },
  // One year: the national standard asks for income "stably above" without a count of years; the
  // stability is judged by the 三保障 and the helpers. Provinces that count years set it here.
  income: { stableYears: 1 },
  criteria: [
    { code: 'income', test: 'income_above_line' },
    { code: 'food', test: 'food_secure' },
    { code: 'clothing', test: 'clothing_secure' },
    { code: 'education', test: 'compulsory_education', minAge: 6, maxAge: 15, preschoolMaxAge: 6, exemptDisabilityGrades: [1, 2] },
    { code: 'medical', test: 'basic_medical', requireChronicCard: true },
    { code: 'housing', test: 'housing_safe', acceptedGrades: ['A', 'B'] },
    { code: 'water', test: 'water_safe', aspects: ['quantity', 'quality', 'convenience', 'guarantee'] },
  ],
  exclusions: [
    { code: 'public_payroll', test: 'public_payroll' },
    { code: 'car', test: 'car' },
    { code: 'machinery', test: 'machinery' },
    { code: 'town_property', test: 'town_property' },
    { code: 'registered_business', test: 'registered_business' },
  ],
  exitThresholds: { default: 0.02, west: 0.03, westProvinces: ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'] },
  procedures: {
    noticeDays: 7,
    totalWorkingDays: 20,
    stepWorkingDays: {
      application: 3,
      proposal: 3,
      survey: 5,
      verification: 5,
      household_consent: 3,
      deliberation: 5,
      notice: 10,
      township_review: 5,
      county_approval: 5,
    },
    holidays: [],
    extraWorkdays: [],
  },
  fourLooks: {
    weights: { house: 25, grain: 25, labour: 25, schooling: 25 },
    houseGradeShares: { A: 1, B: 0.75, C: 0.25, D: 0 },
    workingAge: { min: 16, max: 64 },
    labourShares: { skilled: 1, normal: 1, weak: 0.5, lost: 0, none: 0 },
    fullLabourPerMember: 0.5,
  },
  multidimensional: {
    weights: { food: 1 / 6, clothing: 1 / 6, education: 1 / 6, medical: 1 / 6, housing: 1 / 6, water: 1 / 6 },
    k: 1 / 3,
  },
});

function carried(table: Record<string, number>, year: number): { value: number; year: number } | null {
  let best: number | null = null;
  for (const key of Object.keys(table)) {
    const y = Number(key);
    if (y <= year && (best === null || y > best)) best = y;
  }
  return best === null ? null : { value: table[String(best)] as number, year: best };
}

/** The line in force in a year: that year's entry, else the latest earlier one (and which year it is). */
export function lineFor(
  profile: Pick<PolicyProfile, 'lines'>,
  kind: 'poverty' | 'monitoring',
  year: number,
): { value: number; year: number } | null {
  return carried(profile.lines[kind], year);
}

/**
 * The profile in force in a region on a date. For each level (country, province, city, county) the
 * version with the highest number among those effective on the date applies: a new version supersedes
 * every older one from its effective date on, so a back-dated correction rewrites the period it names
 * while the older versions stay on record for the decisions that used them. Levels merge from the
 * country down; a section a level holds replaces the one above wholesale, except `lines`, whose two
 * tables merge year by year (a county may add its own line for one year). Null when no national
 * version is in effect.
 */
export function resolveProfile(versions: readonly PolicyOverride[], regionCode: string, onDate: string): ResolvedProfile | null {
  const chain = ancestorCodes(regionCode).filter((code) => (levelOfCode(code) ?? 9) <= 3);
  const picked: PolicyOverride[] = [];
  for (const scope of chain) {
    let best: PolicyOverride | undefined;
    for (const v of versions) {
      if (v.scopeCode === scope && v.effectiveFrom <= onDate && (!best || v.version > best.version)) best = v;
    }
    if (best) picked.push(best);
  }
  const national = picked[0];
  if (!national || national.scopeCode !== COUNTRY_CODE) return null;

  const merged: Partial<PolicyProfile> = {};
  for (const v of picked) {
    for (const section of PROFILE_SECTIONS) {
      if (section === 'lines') {
        if (!v.lines) continue;
        merged.lines = {
          poverty: { ...merged.lines?.poverty, ...v.lines.poverty },
          monitoring: { ...merged.lines?.monitoring, ...v.lines.monitoring },
        };
      } else if (v[section] !== undefined) {
        (merged as Record<string, unknown>)[section] = v[section];
      }
    }
  }
  const missing = REQUIRED_SECTIONS.filter((s) => merged[s] === undefined);
  if (missing.length > 0) throw new Error(`national policy version ${national.version} lacks sections: ${missing.join(', ')}`);
  const top = picked[picked.length - 1] as PolicyOverride;
  return {
    ...(merged as Omit<PolicyProfile, 'scopeCode' | 'version' | 'effectiveFrom' | 'name'>),
    ...(top.id === undefined ? {} : { id: top.id }),
    scopeCode: top.scopeCode,
    version: top.version,
    effectiveFrom: picked.map((v) => v.effectiveFrom).reduce((a, b) => (a > b ? a : b)),
    name: top.name,
    basis: picked.map((v) => ({ scopeCode: v.scopeCode, version: v.version, effectiveFrom: v.effectiveFrom })),
  };
}

/** The poverty-incidence threshold below which a village or county in the region may exit. */
export function exitThresholdFor(profile: Pick<PolicyProfile, 'exitThresholds'>, regionCode: string): number {
  const t = profile.exitThresholds;
  const province = regionCode === COUNTRY_CODE ? '' : regionCode.slice(0, 2);
  return t.westProvinces.includes(province) ? t.west : t.default;
}

/** One changed value between two profile versions, for the audit trail. */
export interface ProfileChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCodedList = (v: unknown): v is Array<{ code: string }> =>
  Array.isArray(v) && v.every((x) => isPlainObject(x) && typeof x.code === 'string');

function diffInto(before: unknown, after: unknown, path: string, out: ProfileChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      diffInto(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
  } else if (isCodedList(before) && isCodedList(after)) {
    // Rules are keyed by code so that changing one parameter names that rule, not the whole list.
    const byCode = (list: Array<{ code: string }>) => Object.fromEntries(list.map((r) => [r.code, r]));
    diffInto(byCode(before), byCode(after), path, out);
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({ path, before, after });
  }
}

/** The paths whose values differ between two versions (rules keyed by code; `id` and `basis` ignored). */
export function diffProfiles(a: PolicyOverride | PolicyProfile, b: PolicyOverride | PolicyProfile): ProfileChange[] {
  const strip = ({ id: _id, basis: _basis, ...rest }: PolicyOverride & { basis?: unknown }) => rest;
  const out: ProfileChange[] = [];
  diffInto(strip(a), strip(b), '', out);
  return out;
}
