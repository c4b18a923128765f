import type { Labels } from '../kernel/labels.ts';

/** The standard reports (标准报表), each as .xlsx and .pdf. */
export const REPORT_KINDS = {
  summary: { 'zh-CN': '年度汇总表(分乡镇、村)', en: 'Yearly summary by township and village' },
  exits: { 'zh-CN': '脱贫退出情况表', en: 'Exits and returns' },
  monitoring: { 'zh-CN': '防返贫监测情况表', en: 'Relapse monitoring' },
  measures: { 'zh-CN': '帮扶措施和收益情况表', en: 'Measures and benefits' },
  visits: { 'zh-CN': '走访帮扶落实情况表', en: 'Visit compliance' },
} as const satisfies Record<string, Labels>;
export type ReportKind = keyof typeof REPORT_KINDS;
export const REPORT_KIND_NAMES = Object.keys(REPORT_KINDS) as [ReportKind, ...ReportKind[]];

/** Messages for the rules of the standard reports' routes and of the rural-population import. */
export const REPORT_RULE_MESSAGES: Record<string, Labels> = {
  unknown_report_kind: { 'zh-CN': '没有这种报表;可选:summary、exits、monitoring、measures、visits', en: 'No such report; one of summary, exits, monitoring, measures, visits' },
  unknown_report_format: { 'zh-CN': '报表格式只能是 .xlsx 或 .pdf', en: 'A report is .xlsx or .pdf' },
  population_rows: { 'zh-CN': '文件中有不符合要求的行,未写入任何数据', en: 'Rows of the file break the rules below; nothing was written' },
  village_code_format: { 'zh-CN': '村代码应为 12 位数字', en: 'A village code has 12 digits' },
  population_year_range: { 'zh-CN': '年份应为 2010 年至今年之间的整数', en: 'The year is a whole number from 2010 to this year' },
  population_not_integer: { 'zh-CN': '农村户籍人口应为整数', en: 'The rural population is a whole number' },
  population_negative: { 'zh-CN': '农村户籍人口不能为负数', en: 'The rural population cannot be negative' },
  population_too_large: { 'zh-CN': '农村户籍人口超过一个村的合理上限(1,000,000)', en: 'The rural population is beyond any village (over 1,000,000)' },
  population_below_poor: {
    'zh-CN': '农村户籍人口少于该村该年的未脱贫人口,请核实(已导入)',
    en: 'The rural population is below the village’s poor persons of that year; please check (imported anyway)',
  },
};
