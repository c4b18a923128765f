import { z } from 'zod';
import { CAUSES, HOUSING_GRADES } from '../households/rules.ts';
import type { ProcedureRules } from '../kernel/procedure-rules.ts';
import { COUNTRY_CODE, levelOfCode } from '../kernel/region.ts';
import { carried } from './lines.ts';
import { ALERT_RULE_KEYS, CRITERION_TESTS, DIMENSIONS, EXCLUSION_TESTS, WATER_ASPECTS, type Dimension } from './rules.ts';

// The schemas of policy profiles (see rules.ts): each section, a complete profile and a level's override.

/** The keys of the default measure catalogue (assistance/rules.ts holds their labels; kept here to avoid a cycle). */
const DEFAULT_MEASURE_FAMILY_KEYS_SET: Record<string, true> = Object.fromEntries(
  ['industry', 'employment', 'relocation', 'public_welfare_job', 'education', 'health', 'housing_renovation', 'finance', 'living_conditions', 'safety_net', 'ecological', 'consumption', 'other'].map((k) => [k, true]),
);
const CAUSE_KEYS: readonly string[] = Object.keys(CAUSES);

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
