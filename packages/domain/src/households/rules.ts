import { parseIdNumber } from '../kernel/id-number.ts';
import type { Labels } from '../kernel/labels.ts';
import type { Lang } from '../kernel/roles.ts';
import type { IncomeInput, MemberInput } from './contract.ts';

/** The national list of causes of poverty (致贫原因), with the code names used everywhere. */
export const CAUSES = {
  illness: { 'zh-CN': '因病', en: 'Illness' },
  disability: { 'zh-CN': '因残', en: 'Disability' },
  schooling: { 'zh-CN': '因学', en: 'Schooling costs' },
  disaster: { 'zh-CN': '因灾', en: 'Disaster' },
  lack_of_land: { 'zh-CN': '缺土地', en: 'Lack of land' },
  lack_of_water: { 'zh-CN': '缺水', en: 'Lack of water' },
  lack_of_skills: { 'zh-CN': '缺技术', en: 'Lack of skills' },
  lack_of_labour: { 'zh-CN': '缺劳力', en: 'Lack of labour' },
  lack_of_capital: { 'zh-CN': '缺资金', en: 'Lack of capital' },
  poor_transport: { 'zh-CN': '交通条件落后', en: 'Poor transport' },
  lack_of_drive: { 'zh-CN': '自身发展动力不足', en: 'Lack of drive' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Labels>;
export type Cause = keyof typeof CAUSES;

/** Household attribute (户属性). */
export const HOUSEHOLD_ATTRIBUTES = {
  general: { 'zh-CN': '一般户', en: 'General' },
  dibao: { 'zh-CN': '低保户', en: 'Minimum living allowance (低保)' },
  tekun: { 'zh-CN': '特困供养户', en: 'Extreme-poverty support (特困)' },
} as const satisfies Record<string, Labels>;
export type HouseholdAttribute = keyof typeof HOUSEHOLD_ATTRIBUTES;

/**
 * Where a registered household stands. `candidate` is recorded for identification and becomes `poor` only
 * when the county approves; `removed` left the registry (with a reason). Neither counts as poor anywhere.
 */
export const HOUSEHOLD_STATUSES = {
  candidate: { 'zh-CN': '待识别', en: 'Applicant' },
  poor: { 'zh-CN': '未脱贫', en: 'Poor' },
  exited: { 'zh-CN': '已脱贫', en: 'Exited' },
  removed: { 'zh-CN': '已移出', en: 'Removed' },
} as const satisfies Record<string, Labels>;
export type HouseholdStatus = keyof typeof HOUSEHOLD_STATUSES;

/** Relation of a member to the head of household (与户主关系). */
export const RELATIONS = {
  head: { 'zh-CN': '户主', en: 'Head' },
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  child: { 'zh-CN': '子女', en: 'Child' },
  child_in_law: { 'zh-CN': '儿媳/女婿', en: 'Child-in-law' },
  grandchild: { 'zh-CN': '孙子女', en: 'Grandchild' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  sibling: { 'zh-CN': '兄弟姐妹', en: 'Sibling' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Labels>;
export type Relation = keyof typeof RELATIONS;

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

/** Messages for people for each member problem. */
export const MEMBER_PROBLEM_MESSAGES: Record<MemberProblem['code'], Record<Lang, string>> = {
  id_format: { 'zh-CN': '身份证号应为 18 位(17 位数字加校验位)', en: 'An ID number has 18 characters: 17 digits and a check character' },
  id_birth_date: { 'zh-CN': '身份证号中的出生日期不存在', en: 'The birth date inside the ID number does not exist' },
  id_check_char: { 'zh-CN': '身份证号校验位不正确', en: 'The check character of the ID number is wrong' },
  id_birth_mismatch: { 'zh-CN': '出生日期与身份证号不一致', en: 'The birth date disagrees with the ID number' },
  id_sex_mismatch: { 'zh-CN': '性别与身份证号不一致', en: 'The sex disagrees with the ID number' },
  birth_in_future: { 'zh-CN': '出生日期不能晚于今天', en: 'The birth date cannot be in the future' },
  disability_without_type: { 'zh-CN': '残疾须填写残疾类别和等级', en: 'A disability needs its type and grade' },
  unknown_id_region: {
    'zh-CN': '身份证号的地区码不在现行区划中(旧码仍有效,请核实)',
    en: 'The ID number’s region code is not a current one (old codes stay valid; please check)',
  },
};
