import type { Lang } from './roles.ts';

/**
 * Why an uploaded file (a workbook, a CSV, an attachment) was refused as a whole, before or while it was
 * read: the file, not one of its rows, is at fault. Every upload names one of these, never a message of
 * the library that read it.
 */
export const UPLOAD_RULE_MESSAGES = {
  empty_file: { 'zh-CN': '文件是空的', en: 'The file is empty' },
  xlsx_uncompressed_too_large: {
    'zh-CN': '工作簿解压后过大(可能是压缩炸弹),请检查文件或分成几个文件导入',
    en: 'The workbook is too large once unpacked (it may be a zip bomb); check it or split it into several files',
  },
  xlsx_too_many_entries: { 'zh-CN': '工作簿内部的文件过多,不是正常的 Excel 文件', en: 'The workbook holds too many parts to be an ordinary Excel file' },
  xlsx_text_too_large: {
    'zh-CN': '工作簿中的文字总量过大,请分成几个文件导入',
    en: 'The workbook holds too much text; split it into several files',
  },
  xlsx_malformed: { 'zh-CN': '工作簿已损坏或不完整,请用 Excel 重新保存后再导入', en: 'The workbook is damaged or incomplete; save it again with Excel and retry' },
  xlsx_doctype: {
    'zh-CN': '工作簿中含有文档类型声明(DTD),Excel 不会生成这样的文件,已拒绝',
    en: 'The workbook holds a document type declaration (DTD), which Excel never writes; refused',
  },
  column_out_of_range: { 'zh-CN': '单元格超出了 Excel 的列范围(XFD)', en: 'A cell lies beyond Excel’s last column (XFD)' },
  cell_too_long: { 'zh-CN': '单元格内容过长(超过 Excel 单元格的上限)', en: 'A cell is longer than an Excel cell may be' },
  line_too_long: { 'zh-CN': 'CSV 文件中有一行过长,请检查分隔符和引号', en: 'A line of the CSV file is too long; check its separators and quotes' },
  csv_encoding: {
    'zh-CN': 'CSV 文件的编码无法识别,请另存为 UTF-8 或 GBK 编码的 CSV',
    en: 'The CSV file’s encoding is not recognised; save it as CSV in UTF-8 or GBK',
  },
  job_failed: { 'zh-CN': '处理中断,没有写入任何数据;请重试或联系管理员', en: 'Processing stopped and nothing was written; retry or ask an administrator' },
  interrupted_by_restart: { 'zh-CN': '服务器重启中断了处理,没有写入任何数据;请重新上传', en: 'A server restart interrupted the work and nothing was written; upload again' },
} as const satisfies Record<string, Record<Lang, string>>;

/** A rule naming why a whole uploaded file was refused. */
export type UploadRule = keyof typeof UPLOAD_RULE_MESSAGES;
