import type { Labels as Text } from '../kernel/labels.ts';
import type { ProfileRef, PolicyProfile } from './contract.ts';
import { criterionResult, exclusionResult, joinEn, joinZh, presentMembers } from './criteria.ts';
import { fourLooks } from './four-looks.ts';

/**
 * Household decisions against a policy profile, explained: every criterion says what it saw, what it
 * needed, and which data were missing, in both languages. Two households with the same data get the
 * same decision (seed 002: "张三和李四家情况基本一样"), on the server and in the browser's preview.
 *
 * Dates. A decision is about the household as it stood at the end of the evaluated year: the members
 * counted are those present on 31 December, the same rule as `membersAtYearEnd`, so the people whose
 * schooling and insurance are judged are exactly the people the year's income is divided among. Ages
 * are taken on 31 August of the year, the enrolment cut-off most provinces use: a child who is 6 on that
 * day is due in school that September, one who is 16 has finished the nine compulsory years. One age
 * date for every rule (school and working age) keeps the explanations consistent.
 *
 * Three-valued logic: a test is passed (true), failed (false) or unknown (null). A test known to fail
 * decides even when another lacks data; a missing value is never read as a pass or a fail.
 */

/** A member as the rules read it: a structural subset of `MemberView`, every datum nullable (unknown). */
export interface EvaluationMember {
  name?: string | null;
  birthDate: string | null;
  /** Absent means active, as for a member just typed into a form. */
  status?: 'active' | 'deceased' | 'left' | null;
  joinedOn?: string | null;
  leftOn?: string | null;
  schoolStatus: string | null;
  health: string | null;
  chronicDiseaseCard: boolean | null;
  medicalInsured: boolean | null;
  labourCapacity: string | null;
  employment?: string | null;
  publicPayroll: boolean | null;
  disabilityGrade: number | null;
}

/** A household as the rules read it: a structural subset of `HouseholdDetail`, so either can be passed. */
export interface EvaluationInput {
  status: string;
  attribute?: string | null;
  conditions: {
    foodSecure: boolean | null;
    clothingSecure: boolean | null;
    housingGrade: string | null;
    waterQuantity: boolean | null;
    waterQuality: boolean | null;
    waterConvenience: boolean | null;
    waterGuarantee: boolean | null;
  } | null;
  assets: { car: boolean | null; machinery: boolean | null; townProperty: boolean | null; registeredBusiness: boolean | null } | null;
  members: readonly EvaluationMember[];
  incomes: ReadonlyArray<{ year: number; perHead: number | null; members?: number; net?: number }>;
}

/** JSON-like values a criterion reports as observed and required. */
export type Observed = string | number | boolean | null | readonly Observed[] | { readonly [key: string]: Observed };

/** One criterion or exclusion as decided: `passed` null when the data do not tell. */
export interface Criterion {
  code: string;
  kind: 'criterion' | 'exclusion';
  /** The test kind of the profile rule (`compulsory_education`, `car`, ...). */
  test: string;
  /** For an exclusion, passed means the household is clear of it. */
  passed: boolean | null;
  observed: Observed;
  threshold: Observed;
  /** Field paths whose absence left the test unknown or incomplete (`members[2].medicalInsured`). */
  missing: string[];
  message: Text;
}

export type EvaluationOutcome = 'poor' | 'not_poor' | 'may_exit' | 'excluded' | 'cannot_decide';

/** The 四看法 points of a household; a look is null when its data are missing. */
export interface FourLooks {
  house: number | null;
  grain: number | null;
  labour: number | null;
  schooling: number | null;
  total: number | null;
  missing: string[];
}

export interface Evaluation {
  outcome: EvaluationOutcome;
  profileVersion: number;
  profileScope: string;
  /** Every version that went into the profile, country first (one entry for an unmerged profile). */
  profileBasis: ProfileRef[];
  year: number;
  line: 'poverty' | 'monitoring';
  criteria: Criterion[];
  exclusions: Criterion[];
  missing: string[];
  /**
   * The decision in one sentence per language, naming what decided it: the exclusions hit, the standards
   * failed, or, when nothing known decides, every fact not recorded (an unknown fact never decides).
   */
  explanation: Text;
  fourLooks: FourLooks;
}

export interface EvaluationOptions {
  /** Which income line the income criterion uses; `monitoring` is for relapse monitoring (防返贫). */
  line?: 'poverty' | 'monitoring';
}

// ---- the decision ----

/** Decides a household for a year against a profile and explains every criterion and exclusion. */
export function evaluateHousehold(
  household: EvaluationInput,
  profile: PolicyProfile,
  year: number,
  options: EvaluationOptions = {},
): Evaluation {
  const line = options.line ?? 'poverty';
  const present = presentMembers(household, year);
  const criteria: Criterion[] = profile.criteria.map((rule) => ({
    code: rule.code,
    kind: 'criterion',
    test: rule.test,
    ...criterionResult(rule, household, profile, year, line, present),
  }));
  const exclusions: Criterion[] = profile.exclusions.map((rule) => ({
    code: rule.code,
    kind: 'exclusion',
    test: rule.test,
    ...exclusionResult(rule, household, present),
  }));
  // Precedence: an exclusion hit decides; then any failed criterion (known to fail, whatever else is
  // missing); only then does unknown data stop the decision.
  const everything = [...criteria, ...exclusions];
  const outcome: EvaluationOutcome = exclusions.some((e) => e.passed === false)
    ? 'excluded'
    : criteria.some((c) => c.passed === false)
      ? 'poor'
      : everything.some((c) => c.passed === null)
        ? 'cannot_decide'
        : household.status === 'poor'
          ? 'may_exit'
          : 'not_poor';
  return {
    outcome,
    explanation: explain(outcome, criteria, exclusions),
    profileVersion: profile.version,
    profileScope: profile.scopeCode,
    profileBasis: profile.basis ? [...profile.basis] : [{ scopeCode: profile.scopeCode, version: profile.version, effectiveFrom: profile.effectiveFrom }],
    year,
    line,
    criteria,
    exclusions,
    missing: [...new Set(everything.flatMap((c) => c.missing))],
    fourLooks: fourLooks(household, profile, year),
  };
}

/** The sentence that says what decided an outcome, from the criteria's own messages. */
function explain(outcome: EvaluationOutcome, criteria: readonly Criterion[], exclusions: readonly Criterion[]): Text {
  const messages = (list: readonly Criterion[]): Text => ({
    'zh-CN': joinZh(list.map((c) => c.message['zh-CN'])),
    en: joinEn(list.map((c) => c.message.en)),
  });
  switch (outcome) {
    case 'excluded': {
      const m = messages(exclusions.filter((c) => c.passed === false));
      return { 'zh-CN': `属于排除情形:${m['zh-CN']}`, en: `Excluded: ${m.en}` };
    }
    case 'poor': {
      const m = messages(criteria.filter((c) => c.passed === false));
      return { 'zh-CN': `未达到标准:${m['zh-CN']}`, en: `Standards not met: ${m.en}` };
    }
    case 'cannot_decide': {
      const m = messages([...criteria, ...exclusions].filter((c) => c.passed === null));
      return {
        'zh-CN': `无法判定:以下情况未填写,未填写的情况不作为认定依据。${m['zh-CN']}`,
        en: `Cannot decide: the facts below are not recorded, and a fact not recorded decides nothing. ${m.en}`,
      };
    }
    case 'may_exit':
      return { 'zh-CN': '各项标准均已达到,无排除情形,可按程序退出', en: 'Every standard is met and no exclusion applies: the household may exit through the procedure' };
    case 'not_poor':
      return { 'zh-CN': '各项标准均已达到,无排除情形', en: 'Every standard is met and no exclusion applies' };
  }
}
