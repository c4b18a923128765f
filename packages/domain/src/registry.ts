import type { Lang } from './roles.ts';

type Labels = Record<Lang, string>;

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

/** The label of a code in one of the lists above. */
export function codeLabel<T extends Record<string, Labels>>(list: T, code: keyof T, lang: Lang): string {
  return list[code]?.[lang] ?? String(code);
}
