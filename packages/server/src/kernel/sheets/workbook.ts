import ExcelJS from 'exceljs';

/** A column of a written sheet: its header, width and how a row gives its cell. */
export interface Column<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null;
  /** Kept as text so household numbers and dates never turn into numbers. */
  text?: boolean;
}

export function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: Array<Column<T>>, rows: readonly T[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(Object.fromEntries(columns.map((c, i) => [String(i), c.value(row)])));
}

/** The Chinese label of a code, the code itself when the list lacks it, null for none. */
export const label = (list: Record<string, { 'zh-CN': string }>, key: string | null) => (key ? (list[key]?.['zh-CN'] ?? key) : null);

/** A workbook of the given sheets, as bytes. */
export async function workbookOf(title: string, build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.title = title;
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
