import { z } from 'zod';
import { CAUSES, HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, RELATIONS } from './registry.ts';
import { parseIdNumber } from './id-number.ts';
import type { Lang } from './roles.ts';
import { lineText } from './text.ts';

type Labels = Record<Lang, string>;
const keys = <T extends Record<string, Labels>>(list: T) => Object.keys(list) as [keyof T & string, ...Array<keyof T & string>];

export const SEXES = { male: { 'zh-CN': '男', en: 'Male' }, female: { 'zh-CN': '女', en: 'Female' } } as const satisfies Record<string, Labels>;

export const EDUCATION_LEVELS = {
  illiterate: { 'zh-CN': '文盲或半文盲', en: 'Illiterate' },
  primary: { 'zh-CN': '小学', en: 'Primary' },
  junior: { 'zh-CN': '初中', en: 'Junior secondary' },
  senior: { 'zh-CN': '高中', en: 'Senior secondary' },
  vocational: { 'zh-CN': '中专/中职', en: 'Vocational' },
  college: { 'zh-CN': '大专及以上', en: 'College or above' },
  preschool: { 'zh-CN': '学龄前', en: 'Pre-school age' },
} as const satisfies Record<string, Labels>;

/** Where a member stands with school; `dropped_out` under 16 is what 控辍保学 looks for. */
export const SCHOOL_STATUSES = {
  not_in_school: { 'zh-CN': '非在校生', en: 'Not in school' },
  preschool: { 'zh-CN': '学前教育', en: 'Pre-school' },
  primary: { 'zh-CN': '小学在读', en: 'In primary school' },
  junior: { 'zh-CN': '初中在读', en: 'In junior secondary' },
  senior: { 'zh-CN': '高中在读', en: 'In senior secondary' },
  vocational: { 'zh-CN': '中职在读', en: 'In vocational school' },
  college: { 'zh-CN': '大专及以上在读', en: 'In college' },
  dropped_out: { 'zh-CN': '辍学', en: 'Dropped out' },
} as const satisfies Record<string, Labels>;

export const HEALTH_STATES = {
  healthy: { 'zh-CN': '健康', en: 'Healthy' },
  chronic: { 'zh-CN': '长期慢性病', en: 'Chronic disease' },
  serious: { 'zh-CN': '患有大病', en: 'Serious illness' },
  disabled: { 'zh-CN': '残疾', en: 'Disability' },
} as const satisfies Record<string, Labels>;

export const DISABILITY_TYPES = {
  visual: { 'zh-CN': '视力残疾', en: 'Visual' },
  hearing: { 'zh-CN': '听力残疾', en: 'Hearing' },
  speech: { 'zh-CN': '言语残疾', en: 'Speech' },
  physical: { 'zh-CN': '肢体残疾', en: 'Physical' },
  intellectual: { 'zh-CN': '智力残疾', en: 'Intellectual' },
  mental: { 'zh-CN': '精神残疾', en: 'Mental' },
  multiple: { 'zh-CN': '多重残疾', en: 'Multiple' },
} as const satisfies Record<string, Labels>;

export const LABOUR_CAPACITIES = {
  skilled: { 'zh-CN': '技能劳动力', en: 'Skilled labour' },
  normal: { 'zh-CN': '普通劳动力', en: 'Ordinary labour' },
  weak: { 'zh-CN': '弱劳动力或半劳动力', en: 'Weak labour' },
  lost: { 'zh-CN': '丧失劳动力', en: 'Lost labour capacity' },
  none: { 'zh-CN': '无劳动力', en: 'No labour capacity' },
} as const satisfies Record<string, Labels>;

export const EMPLOYMENT_KINDS = {
  none: { 'zh-CN': '未就业', en: 'Not employed' },
  local: { 'zh-CN': '本地务工', en: 'Local work' },
  migrant: { 'zh-CN': '外出务工', en: 'Migrant work' },
  public_welfare: { 'zh-CN': '公益岗位', en: 'Public-welfare job' },
  self_employed: { 'zh-CN': '自主经营', en: 'Self-employed' },
} as const satisfies Record<string, Labels>;

export const HOUSING_GRADES = {
  A: { 'zh-CN': 'A级(安全)', en: 'A (safe)' },
  B: { 'zh-CN': 'B级(基本安全)', en: 'B (basically safe)' },
  C: { 'zh-CN': 'C级(局部危房)', en: 'C (partly unsafe)' },
  D: { 'zh-CN': 'D级(整栋危房)', en: 'D (unsafe)' },
} as const satisfies Record<string, Labels>;

/** Household events: how a household changes, never by deleting rows. */
export const HOUSEHOLD_EVENT_KINDS = {
  birth: { 'zh-CN': '出生', en: 'Birth' },
  death: { 'zh-CN': '死亡', en: 'Death' },
  marriage_in: { 'zh-CN': '婚入', en: 'Marriage in' },
  marriage_out: { 'zh-CN': '婚出', en: 'Marriage out' },
  move_in: { 'zh-CN': '迁入', en: 'Moved in' },
  move_out: { 'zh-CN': '迁出', en: 'Moved out' },
  head_change: { 'zh-CN': '变更户主', en: 'Change of head' },
  split: { 'zh-CN': '分户', en: 'Split' },
  merge: { 'zh-CN': '合户', en: 'Merge' },
  leave_registry: { 'zh-CN': '移出建档立卡', en: 'Left the registry' },
} as const satisfies Record<string, Labels>;

export const sexSchema = z.enum(keys(SEXES));
export const causeSchema = z.enum(keys(CAUSES));
export const attributeSchema = z.enum(keys(HOUSEHOLD_ATTRIBUTES));
export const householdStatusSchema = z.enum(keys(HOUSEHOLD_STATUSES));
export const relationSchema = z.enum(keys(RELATIONS));

const isoDate = z.iso.date();
const money = z.number().min(0).max(100_000_000).multipleOf(0.01);
/** A mobile (11 digits) or landline number, as households, helpers and notices give them. */
export const phoneSchema = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'a mobile (11 digits) or landline number');
const phone = phoneSchema;
/** A line of text: the shared rule (no control character), trimmed, at most `max` characters. */
const text = (max: number) => lineText.trim().max(max);

/** A member's fields, without defaults (a correction must not reset what it does not name). */
const memberFields = {
  name: text(40).min(1),
  idNumber: z.string().trim().min(1).max(30),
  relation: relationSchema,
  sex: sexSchema,
  birthDate: isoDate,
  ethnicity: text(20).optional(),
  education: z.enum(keys(EDUCATION_LEVELS)).optional(),
  schoolStatus: z.enum(keys(SCHOOL_STATUSES)).nullable(),
  health: z.enum(keys(HEALTH_STATES)).nullable(),
  disabilityType: z.enum(keys(DISABILITY_TYPES)).nullable().optional(),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  chronicDiseaseCard: z.boolean().nullable(),
  labourCapacity: z.enum(keys(LABOUR_CAPACITIES)).nullable(),
  employment: z.enum(keys(EMPLOYMENT_KINDS)).nullable(),
  medicalInsured: z.boolean().nullable(),
  pensionInsured: z.boolean().nullable(),
  publicPayroll: z.boolean().nullable(),
  phone: phone.nullable().optional(),
};

/** The member facts a registration may leave out: what is not given is unknown (null), never a default. */
export const MEMBER_FACTS = [
  'schoolStatus',
  'health',
  'chronicDiseaseCard',
  'labourCapacity',
  'employment',
  'medicalInsured',
  'pensionInsured',
  'publicPayroll',
] as const;

/**
 * A member as it is entered. A fact left out is unknown (null), not healthy, insured or off the payroll:
 * a default would be a fact nobody stated, and the rules would decide on it.
 */
export const memberInputSchema = z.strictObject({
  ...memberFields,
  schoolStatus: memberFields.schoolStatus.default(null),
  health: memberFields.health.default(null),
  chronicDiseaseCard: memberFields.chronicDiseaseCard.default(null),
  labourCapacity: memberFields.labourCapacity.default(null),
  employment: memberFields.employment.default(null),
  medicalInsured: memberFields.medicalInsured.default(null),
  pensionInsured: memberFields.pensionInsured.default(null),
  publicPayroll: memberFields.publicPayroll.default(null),
});
export type MemberInput = z.infer<typeof memberInputSchema>;

/** Living conditions for 两不愁三保障 and safe water; each left out or null is unknown. */
export const conditionsSchema = z.strictObject({
  foodSecure: z.boolean().nullable().optional(),
  clothingSecure: z.boolean().nullable().optional(),
  housingGrade: z.enum(keys(HOUSING_GRADES)).nullable().optional(),
  waterQuantity: z.boolean().nullable().optional(),
  waterQuality: z.boolean().nullable().optional(),
  waterConvenience: z.boolean().nullable().optional(),
  waterGuarantee: z.boolean().nullable().optional(),
});
export type Conditions = z.infer<typeof conditionsSchema>;

/** Assets the exclusion rules (八类人员) look at; each left out or null is unknown, not "none". */
export const assetsSchema = z.strictObject({
  car: z.boolean().nullable().optional(),
  machinery: z.boolean().nullable().optional(),
  townProperty: z.boolean().nullable().optional(),
  registeredBusiness: z.boolean().nullable().optional(),
});
export type Assets = z.infer<typeof assetsSchema>;

/** One year's income by source; net and per head are computed, never typed. */
export const incomeInputSchema = z.strictObject({
  year: z.number().int().min(2010).max(2100),
  wages: money,
  business: money,
  property: money,
  transfers: money,
  productionCosts: money,
});
export type IncomeInput = z.infer<typeof incomeInputSchema>;

const householdFields = {
  villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code'),
  address: text(200).default(''),
  phone: phone.nullable().optional(),
  attribute: attributeSchema,
  mainCause: causeSchema,
  secondaryCauses: z.array(causeSchema).max(11).default([]),
  bankAccount: z.string().regex(/^\d{8,30}$/, '8 to 30 digits').nullable().optional(),
  bankName: text(60).nullable().optional(),
  yearRegistered: z.number().int().min(2013).max(2100),
  conditions: conditionsSchema.optional(),
  assets: assetsSchema.optional(),
};

/** A new household with its members (exactly one head) and optional income years. */
export const householdCreateSchema = z.strictObject({
  ...householdFields,
  /**
   * `poor` enters a household already identified (the registry as it stands); `candidate` records an
   * applicant, who becomes poor only through the identification procedure.
   */
  status: z.enum(['poor', 'candidate']).default('poor'),
  members: z.array(memberInputSchema).min(1).max(30),
  incomes: z.array(incomeInputSchema).max(30).default([]),
});
export type HouseholdCreate = z.infer<typeof householdCreateSchema>;

/**
 * A correction to a household: any of its fields, always with a reason. No field has a default here:
 * a correction that does not name a field must leave it as it is.
 */
export const householdPatchSchema = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  address: text(200).optional(),
  phone: householdFields.phone,
  attribute: attributeSchema.optional(),
  mainCause: causeSchema.optional(),
  secondaryCauses: z.array(causeSchema).max(11).optional(),
  bankAccount: householdFields.bankAccount,
  bankName: householdFields.bankName,
  conditions: conditionsSchema.optional(),
  assets: assetsSchema.optional(),
  incomes: z.array(incomeInputSchema).max(30).optional(),
});
export type HouseholdPatch = z.infer<typeof householdPatchSchema>;

export interface MemberProblem {
  path: string;
  code: 'id_format' | 'id_birth_date' | 'id_check_char' | 'id_birth_mismatch' | 'id_sex_mismatch' | 'birth_in_future' | 'disability_without_type' | 'unknown_id_region';
  severity: 'error' | 'warning';
}

/**
 * Checks a member beyond field types: the ID's check character, its birth date and sex against the
 * member's, no birth in the future, disability details. An unknown region prefix is only a warning
 * (IDs keep the code they were issued with), decided by the caller's `knownRegion`.
 */
export function checkMember(
  member: Pick<MemberInput, 'idNumber' | 'birthDate' | 'sex' | 'health' | 'disabilityType' | 'disabilityGrade'>,
  today: string,
  knownRegion?: (countyCode: string) => boolean,
): MemberProblem[] {
  const problems: MemberProblem[] = [];
  const parsed = parseIdNumber(member.idNumber);
  if (!parsed.ok) {
    const code = parsed.problem === 'format' ? 'id_format' : parsed.problem === 'birth_date' ? 'id_birth_date' : 'id_check_char';
    problems.push({ path: 'idNumber', code, severity: 'error' });
  } else {
    if (parsed.value.birthDate !== member.birthDate) problems.push({ path: 'birthDate', code: 'id_birth_mismatch', severity: 'error' });
    if (parsed.value.sex !== member.sex) problems.push({ path: 'sex', code: 'id_sex_mismatch', severity: 'error' });
    if (knownRegion && !knownRegion(parsed.value.regionCode)) problems.push({ path: 'idNumber', code: 'unknown_id_region', severity: 'warning' });
  }
  if (member.birthDate > today) problems.push({ path: 'birthDate', code: 'birth_in_future', severity: 'error' });
  if (member.health === 'disabled' && (!member.disabilityType || !member.disabilityGrade)) {
    problems.push({ path: 'disabilityType', code: 'disability_without_type', severity: 'error' });
  }
  return problems;
}

/**
 * The first day a household's record speaks for: 1 January of its registration year (建档年份, the only
 * date of registration the registry keeps). A record that arrives later with its past (the demo, a
 * legacy import) can be viewed as of any day from this one.
 */
export function registrationDate(yearRegistered: number): string {
  return `${yearRegistered}-01-01`;
}

/** The members list must have exactly one head. */
export function headCount(members: ReadonlyArray<{ relation: string }>): number {
  return members.filter((m) => m.relation === 'head').length;
}

/** Net income and net income per head of one year (yuan, two decimals); per head is null with no members. */
export function netIncome(income: Omit<IncomeInput, 'year'>, members: number): { net: number; perHead: number | null } {
  const cents = Math.round((income.wages + income.business + income.property + income.transfers - income.productionCosts) * 100);
  return { net: cents / 100, perHead: members > 0 ? Math.round(cents / members) / 100 : null };
}

/** Events that bring a new member in, with the member's data. */
export const JOINING_EVENTS = ['birth', 'marriage_in', 'move_in'] as const;
/** Events that take a member out, never deleting the row. */
export const LEAVING_EVENTS = ['death', 'marriage_out', 'move_out'] as const;

/** A household event as it is recorded: what happened, when, why, and to whom. */
export const householdEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(JOINING_EVENTS),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    member: memberInputSchema,
  }),
  z.strictObject({
    kind: z.enum(LEAVING_EVENTS),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    memberId: z.string().regex(/^\d{1,18}$/),
  }),
  z.strictObject({
    kind: z.literal('head_change'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    memberId: z.string().regex(/^\d{1,18}$/),
    formerHeadRelation: relationSchema.exclude(['head']),
  }),
  z.strictObject({
    kind: z.literal('leave_registry'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
  }),
  z.strictObject({
    kind: z.literal('split'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    /** The members who form the new household (never the current head). */
    memberIds: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(30),
    /** Which of them heads the new household. */
    newHeadId: z.string().regex(/^\d{1,18}$/),
    /** The others' relation to the new head (default: other). */
    relations: z.record(z.string(), relationSchema.exclude(['head'])).default({}),
  }),
  z.strictObject({
    kind: z.literal('merge'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    /** The household this one joins; this one then leaves the registry. */
    intoHouseholdId: z.string().regex(/^\d{1,18}$/),
    /** Each member's relation to the other household's head (default: other). */
    relations: z.record(z.string(), relationSchema.exclude(['head'])).default({}),
  }),
]);
export type HouseholdEventInput = z.infer<typeof householdEventSchema>;

/** A correction to a member: any of its fields, always with a reason. */
export const memberPatchSchema = z
  .strictObject(memberFields)
  .partial()
  .extend({ reason: z.string().trim().min(2).max(500) });
export type MemberPatch = z.infer<typeof memberPatchSchema>;

/**
 * Members present at the end of a year: born, joined and not yet left by 31 December. The divisor of
 * that year's net income per head, the same on the server and in the browser's preview.
 */
export function membersAtYearEnd(
  members: ReadonlyArray<{ birth_date: string; joined_on: string | null; left_on: string | null }>,
  year: number,
): number {
  const end = `${year}-12-31`;
  return members.filter((m) => m.birth_date <= end && (m.joined_on ?? m.birth_date) <= end && (m.left_on === null || m.left_on > end)).length;
}
