import { ERRORS, type ErrorCode, errorMessage, FIELD_RULE_MESSAGES } from '@jingzhun/domain';

type Message = { 'zh-CN': string; en: string };

/** What each import rule means for people, in both languages. */
export const IMPORT_RULES: Record<string, Message> = {
  not_xlsx: { 'zh-CN': '文件不是有效的 .xlsx 工作簿', en: 'The file is not a valid .xlsx workbook' },
  empty: { 'zh-CN': '工作表中没有数据行', en: 'The sheets hold no data rows' },
  missing_sheet: { 'zh-CN': '缺少工作表(请使用下载的模板)', en: 'A sheet is missing (use the downloaded template)' },
  missing_column: { 'zh-CN': '缺少列或列名被修改', en: 'A column is missing or was renamed' },
  unknown_column: { 'zh-CN': '多出了模板中没有的列', en: 'A column that is not in the template' },
  merged_cells: { 'zh-CN': '工作表中有合并单元格,请取消合并', en: 'The sheet has merged cells; unmerge them' },
  formula: { 'zh-CN': '单元格中是公式,请只填写数值或文字', en: 'The cell holds a formula; enter values only' },
  too_many_rows: { 'zh-CN': '行数超过单个文件的上限,请分成多个文件', en: 'Too many rows for one file; split it' },
  required: { 'zh-CN': '必填', en: 'Required' },
  too_long: { 'zh-CN': '内容过长', en: 'Too long' },
  id_not_text: {
    'zh-CN': '身份证号被存成了数字,后几位已丢失;请把该列设为文本后重新填写',
    en: 'The ID was stored as a number and lost its last digits; format the column as text and re-enter it',
  },
  integer_range: { 'zh-CN': '应为范围内的整数', en: 'A whole number in range' },
  number: { 'zh-CN': '应为数字', en: 'A number' },
  not_negative: { 'zh-CN': '金额不能为负数', en: 'An amount cannot be negative' },
  date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'A date as YYYY-MM-DD' },
  yes_no: { 'zh-CN': '请填写「是」或「否」', en: 'Enter 是 (yes) or 否 (no)' },
  unknown_code: { 'zh-CN': '不是下拉列表中的值', en: 'Not one of the dropdown values' },
  number_or_group: { 'zh-CN': '「户编号」和「户序号」须且只能填一个', en: 'Fill exactly one of 户编号 (household no.) and 户序号 (group)' },
  duplicate_in_file: { 'zh-CN': '与文件中另一行重复', en: 'Repeats another row of the file' },
  household_not_found: { 'zh-CN': '户编号不存在或不在您的管辖范围内', en: 'No such household number in your region' },
  household_closed: { 'zh-CN': '该户已移出建档立卡', en: 'This household has left the registry' },
  member_change_needs_event: {
    'zh-CN': '已登记户新增成员须在系统中登记变动(出生、婚入、迁入)',
    en: 'A new member of a registered household is added through an event (birth, marriage, moving in)',
  },
  member_missing: {
    'zh-CN': '文件中缺少该户的在册成员;成员减少须登记变动(死亡、婚出、迁出)',
    en: 'A current member is missing from the file; members leave through an event (death, marriage, moving out)',
  },
  not_correctable: { 'zh-CN': '建档年份不能通过导入修改', en: 'The year of registration cannot be changed by an import' },
  region_not_found: { 'zh-CN': '村代码不存在', en: 'No village has that code' },
  region_outside_scope: { 'zh-CN': '村不在您的管辖范围内', en: 'The village is outside your region' },
  household_not_in_file: { 'zh-CN': '收入行对应的户不在本文件中', en: 'The income row names a household that is not in this file' },
  invalid_type: { 'zh-CN': '类型不正确', en: 'Wrong type' },
  too_small: { 'zh-CN': '数值或长度过小', en: 'Too small' },
  too_big: { 'zh-CN': '数值或长度过大', en: 'Too big' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'Wrong format' },
  invalid_value: { 'zh-CN': '取值不正确', en: 'Not an allowed value' },
  ...FIELD_RULE_MESSAGES,
};

/** The message of a rule in a language: the import's own, else the API's error of that code, else its name. */
export function ruleMessage(rule: string, lang: 'zh-CN' | 'en'): string {
  return IMPORT_RULES[rule]?.[lang] ?? (rule in ERRORS ? errorMessage(rule as ErrorCode, lang) : rule);
}
