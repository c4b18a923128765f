import type { MemberProblem } from './household.ts';
import type { Lang } from './roles.ts';

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
