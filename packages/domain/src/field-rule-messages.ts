import { MEMBER_PROBLEM_MESSAGES } from './households/rules.ts';
import { MEASURE_RULE_MESSAGES } from './assistance/rules.ts';
import { POLICY_RULE_MESSAGES } from './standards/rules.ts';
import { PROCEDURE_FIELD_RULES } from './procedures/rules.ts';
import { VISIT_RULE_MESSAGES } from './visits/rules.ts';
import { FEED_RULE_MESSAGES } from './feeds/rules.ts';
import { AUDIT_RULE_MESSAGES } from './checks/rules.ts';
import { PASSWORD_RULE_MESSAGES } from './kernel/password.ts';
import type { Lang } from './kernel/roles.ts';
import { TEXT_RULE_MESSAGES } from './kernel/text.ts';
import { REPORT_RULE_MESSAGES } from './reports/rules.ts';
import { STAT_RULE_MESSAGES } from './stats/rules.ts';
import { UPLOAD_RULE_MESSAGES } from './kernel/uploads.ts';

// The one place that sees every feature: the server words any field rule from this table, so it sits above
// the features (in no feature of its own), and no feature imports it.

/** Messages for the other rules a field error may name, beyond the error codes and member problems. */
export const FIELD_RULE_MESSAGES: Record<string, Record<Lang, string>> = {
  ...MEMBER_PROBLEM_MESSAGES,
  ...POLICY_RULE_MESSAGES,
  ...PROCEDURE_FIELD_RULES,
  ...MEASURE_RULE_MESSAGES,
  ...VISIT_RULE_MESSAGES,
  ...FEED_RULE_MESSAGES,
  ...AUDIT_RULE_MESSAGES,
  ...STAT_RULE_MESSAGES,
  ...REPORT_RULE_MESSAGES,
  ...TEXT_RULE_MESSAGES,
  ...UPLOAD_RULE_MESSAGES,
  id_number_in_url: {
    'zh-CN': '完整身份证号不能放在网址中,请用「按身份证号查找」(POST /households/search)',
    en: 'A full ID number never goes in a URL: use the ID number search (POST /households/search)',
  },
  ...PASSWORD_RULE_MESSAGES,
  year_range: { 'zh-CN': '年份须在 2014 年(建档立卡开始)至今年之间', en: 'The year lies between 2014 (when the registry began) and this year' },
  duplicate_id_number: { 'zh-CN': '与本户另一成员的身份证号相同', en: 'Same ID number as another member of this household' },
  duplicate_year: { 'zh-CN': '同一年度的收入只能填写一次', en: 'Each year’s income is given once' },
  not_in_future: { 'zh-CN': '日期不能晚于今天', en: 'The date cannot be in the future' },
  before_registration: { 'zh-CN': '该日期早于本户建档', en: 'That date is before the household was registered' },
  required_for_corrections: { 'zh-CN': '本次导入会修改已登记户,请填写修改原因', en: 'This import corrects registered households: give a reason' },
  not_self: { 'zh-CN': '不能停用或降低自己的账号', en: 'You cannot disable or demote your own account' },
  change_head_first: { 'zh-CN': '户主不能直接减少,请先变更户主', en: 'The head cannot leave; change the head first' },
  use_head_change_event: { 'zh-CN': '户主须通过「变更户主」变动', en: 'The head changes through a change-of-head event' },
  already_head: { 'zh-CN': '此人已是户主', en: 'This member is already the head' },
  birth_date_is_event_date: { 'zh-CN': '出生登记的日期应为出生日期', en: 'A birth is recorded on the birth date' },
  region_code: { 'zh-CN': '行政区划代码应为 2、4、6、9 或 12 位数字', en: 'A region code has 2, 4, 6, 9 or 12 digits' },
  file_too_large: { 'zh-CN': '文件超过 20 MB 上限,请分成几个文件导入', en: 'The file is over the 20 MB limit; split it into several files' },
  status_does_not_allow: {
    'zh-CN': '该户当前的状态不能发起这类程序(识别须为待识别户,退出须为未脱贫户,返贫须为已脱贫户)',
    en: 'The household’s status does not allow this kind of case (identification: applicant; exit: poor; return: exited)',
  },
  case_already_open: { 'zh-CN': '该户已有一件同类程序在办理中', en: 'The household already has an open case of this kind' },
  not_monitored: { 'zh-CN': '该户不在监测中,不能办理风险消除', en: 'The household is not monitored: there is no risk to remove' },
  already_monitored: { 'zh-CN': '该户已纳入监测', en: 'The household is already monitored' },
  attachment_not_found: { 'zh-CN': '附件不存在或不在您的管辖范围内', en: 'An attachment does not exist or is outside your region' },
  version_taken: { 'zh-CN': '有人刚刚保存了新版本,请刷新后再改', en: 'Someone saved a new version meanwhile; reload and edit again' },
  no_profile_in_force: { 'zh-CN': '该日期没有生效的政策标准', en: 'No policy profile is in force on that date' },
  helper_not_paired: { 'zh-CN': '该帮扶责任人在措施期间未与本户结对', en: 'That helper is not paired with this household during the measure' },
  measure_not_found: { 'zh-CN': '该措施不属于本户', en: 'That measure is not this household’s' },
  unit_name_taken: { 'zh-CN': '本级已登记同名的帮扶单位', en: 'An aid unit of that name is already recorded here' },
  helper_not_found: { 'zh-CN': '帮扶责任人不存在、已停用或不在您的范围内', en: 'No such active helper within your reach' },
  user_not_found: { 'zh-CN': '账号不存在或不在您的管辖范围内', en: 'No such account in your region' },
  user_already_staff: { 'zh-CN': '该账号已绑定另一名帮扶人员', en: 'That account already belongs to another member of staff' },
  already_ended: { 'zh-CN': '该结对关系已在更早的日期结束', en: 'This pairing already ended on an earlier date' },
  unit_kept_above: { 'zh-CN': '该帮扶单位由上级登记管理,您不能修改', en: 'This aid unit is kept by an office above yours' },
  attachment_too_large: { 'zh-CN': '附件不能超过 10 MB', en: 'An attachment is at most 10 MB' },
  attachment_type: { 'zh-CN': '附件只能是照片(JPEG、PNG、WebP)或 PDF 扫描件', en: 'An attachment is a photo (JPEG, PNG, WebP) or a PDF scan' },
  job_not_done: { 'zh-CN': '文件尚未生成完成', en: 'The file is not ready yet' },
  aid_unit_required: { 'zh-CN': '帮扶单位账号须选定所属的帮扶单位', en: 'An aid unit’s account names the unit it speaks for' },
  aid_unit_only: { 'zh-CN': '只有帮扶单位账号可以选定帮扶单位', en: 'Only an aid unit’s account names a unit' },
  aid_unit_not_found: { 'zh-CN': '帮扶单位不存在或不在您的管辖范围内', en: 'No such aid unit within your reach' },
  aid_unit_region: {
    'zh-CN': '账号的区划须是帮扶单位的登记区划,或在其上级或下级',
    en: 'The account’s region must be the unit’s, above it or inside it',
  },
  differs_from_current: { 'zh-CN': '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
};
