import type { Lang, RegionRef, ReportKind } from '@jingzhun/domain';

/** What a standard report is: its header lines, notes and tables of figures, before it is rendered. */

export type Labels = Record<Lang, string>;

/** How a cell's value is shown: a count, yuan, a share (0.0333 is 3.33%), yes/no, or text. */
export type CellFormat = 'int' | 'money' | 'percent' | 'yesno';
export type CellValue = number | boolean | null;

export interface ReportColumn {
  key: string;
  label: Labels;
  format: CellFormat;
}

/** Columns under one heading (a figure and its households and persons); a heading of null stands alone. */
export interface ReportColumnGroup {
  label: Labels | null;
  columns: ReportColumn[];
}

export interface ReportRow {
  code: string;
  name: string;
  /** The total row (合计), or the region itself when it has no children in the report. */
  total: boolean;
  values: Record<string, CellValue>;
}

export interface ReportTable {
  title: Labels;
  groups: ReportColumnGroup[];
  rows: ReportRow[];
}

export interface Report {
  kind: ReportKind;
  title: Labels;
  region: RegionRef;
  path: RegionRef[];
  year: number;
  generatedAt: Date;
  profile: { scopeCode: string; version: number; name: string };
  /** The header lines in order: title, region, year, generation time, profile, what the figures are. */
  lines: Array<{ label: Labels; value: string }>;
  notes: Labels[];
  tables: ReportTable[];
}

/** A label in Chinese and English. */
export const L = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
/** Both languages of a label on one line, Chinese first. */
export const both = (l: Labels) => (l['zh-CN'] === l.en ? l.en : `${l['zh-CN']} ${l.en}`);

export const HOUSEHOLDS = L('户数', 'Households');
export const PERSONS = L('人数', 'Persons');
export const TOTAL = L('合计', 'Total');

/** China's time (UTC+8) of a moment, as the registry's dates are. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8)`;
}
