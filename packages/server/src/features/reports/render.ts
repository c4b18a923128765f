import ExcelJS from 'exceljs';
import { renderPdf } from '../../kernel/pdf/pdf.ts';
import { both, type CellFormat, type CellValue, L, type Report, type ReportColumn, type ReportColumnGroup, type ReportRow } from './report.ts';

/** A built report rendered: as a workbook (.xlsx) or as a PDF, with the same header lines and tables. */

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A value as the PDF prints it: counts grouped, yuan and shares to 2 decimals, yes/no in both languages. */
export function formatCell(value: CellValue, format: CellFormat): string {
  if (value === null) return '—';
  if (format === 'yesno' || typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  if (format === 'percent') return `${(value * 100).toFixed(2)}%`;
  if (format === 'money') return money.format(value);
  return grouping.format(value);
}

const XLSX_FORMATS: Record<CellFormat, string | undefined> = { int: '#,##0', money: '#,##0.00', percent: '0.00%', yesno: undefined };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };

/** The report as a workbook: one sheet per table, each opening with the report's header lines. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.title = `${both(report.title)} ${report.region.name} ${report.year}`;
  wb.created = report.generatedAt;
  const names = new Set<string>();
  for (const [index, table] of report.tables.entries()) {
    // Sheet names: at most 31 characters, no []:*?/\ and unique.
    let name = table.title['zh-CN'].replace(/[[\]:*?/\\]/g, ' ').slice(0, 28);
    if (names.has(name)) name = `${name.slice(0, 26)} ${index + 1}`;
    names.add(name);
    const ws = wb.addWorksheet(name);
    for (const line of report.lines) ws.addRow([both(line.label), line.value]);
    for (const note of report.notes) ws.addRow([both(L('注', 'Note')), both(note)]);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRow([]);
    ws.addRow([both(table.title)]).font = { bold: true };
    const columns = table.groups.flatMap((g) => g.columns);
    const top = ws.addRow([both(L('地区', 'Region')), ...table.groups.flatMap((g) => g.columns.map((c, i) => (g.label === null ? both(c.label) : i === 0 ? both(g.label) : null)))]);
    const sub = ws.addRow([null, ...table.groups.flatMap((g) => g.columns.map((c) => (g.label === null ? null : both(c.label))))]);
    // Merge each heading over its columns, and single columns and the region over both header rows.
    ws.mergeCells(top.number, 1, sub.number, 1);
    let col = 2;
    for (const g of table.groups) {
      if (g.label === null) for (let i = 0; i < g.columns.length; i++) ws.mergeCells(top.number, col + i, sub.number, col + i);
      else if (g.columns.length > 1) ws.mergeCells(top.number, col, top.number, col + g.columns.length - 1);
      col += g.columns.length;
    }
    for (const row of [top, sub]) {
      row.font = { bold: true };
      row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.fill = HEADER_FILL;
      });
    }
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: sub.number }];
    for (const r of table.rows) {
      const added = ws.addRow([r.name, ...columns.map((c) => toXlsx(r.values[c.key] ?? null, c.format))]);
      columns.forEach((c, i) => {
        const fmt = XLSX_FORMATS[c.format];
        if (fmt) added.getCell(i + 2).numFmt = fmt;
      });
      if (r.total) added.font = { bold: true };
    }
    if (columns.length === 0) ws.addRow([both(L('本年度无数据', 'No figures for the year'))]);
    ws.getColumn(1).width = 22;
    for (let i = 0; i < columns.length; i++) ws.getColumn(i + 2).width = 14;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function toXlsx(value: CellValue, format: CellFormat): string | number | null {
  if (value === null) return null;
  if (format === 'yesno' || typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  return value;
}

/**
 * The width a PDF table has for its columns besides the region's, in units of a count's column (yuan take
 * one and a half): wider tables are cut into parts by heading. A4 landscape holds 15 units at 7-8 pt.
 */
const PDF_UNITS = 15;
const PDF_MARGIN = 24;
/** A4 landscape's width in points less the margins, and the region's column. */
const PDF_WIDTH = 841.89 - 2 * PDF_MARGIN;
const PDF_NAME_WIDTH = 72;
/** A cell's padding (4 pt each side) and its rule, which pdfmake adds to each column's width. */
const PDF_CELL_EXTRA = 8.5;
const unitsOf = (c: ReportColumn) => (c.format === 'money' ? 1.5 : 1);

/** The report as a PDF (A4 landscape): the header lines, then each table, cut into parts when too wide. */
export async function reportPdf(report: Report): Promise<Buffer> {
  const content: unknown[] = [
    { text: both(report.title), style: 'title' },
    ...report.lines.slice(1).map((line) => ({ text: [{ text: `${both(line.label)}: `, bold: true }, line.value], style: 'line' })),
    ...report.notes.map((n) => ({ text: `${both(L('注', 'Note'))}: ${both(n)}`, style: 'note' })),
  ];
  for (const table of report.tables) {
    content.push({ text: both(table.title), style: 'tableTitle' });
    const parts = splitGroups(table.groups);
    if (parts.length === 0) content.push({ text: both(L('本年度无数据', 'No figures for the year')), style: 'note' });
    for (const [i, groups] of parts.entries()) {
      if (parts.length > 1) content.push({ text: `(${i + 1}/${parts.length})`, style: 'note' });
      content.push(pdfTable(groups, table.rows));
    }
  }
  return renderPdf({
    info: { title: `${both(report.title)} ${report.region.name} ${report.year}`, author: 'jingzhun', subject: report.kind },
    pageOrientation: 'landscape',
    pageMargins: [PDF_MARGIN, 32, PDF_MARGIN, 36],
    content,
    defaultStyle: { fontSize: 8, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 6] },
      line: { fontSize: 9, margin: [0, 0, 0, 1] },
      note: { fontSize: 8, color: '#555', margin: [0, 1, 0, 1] },
      tableTitle: { fontSize: 10, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (page, pages) => ({ text: `第 ${page} / ${pages} 页 Page ${page} of ${pages}`, alignment: 'center', fontSize: 7, color: '#888' }),
  });
}

/** Headings taken in order into parts of at most PDF_UNITS units (a heading is never split). */
function splitGroups(groups: ReportColumnGroup[]): ReportColumnGroup[][] {
  const parts: ReportColumnGroup[][] = [];
  let current: ReportColumnGroup[] = [];
  let width = 0;
  for (const g of groups) {
    const units = g.columns.reduce((sum, c) => sum + unitsOf(c), 0);
    if (width + units > PDF_UNITS && current.length > 0) {
      parts.push(current);
      current = [];
      width = 0;
    }
    current.push(g);
    width += units;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function pdfTable(groups: ReportColumnGroup[], rows: ReportRow[]) {
  const head = { bold: true, fillColor: '#eeeeee', alignment: 'center' as const, fontSize: 7 };
  const top: unknown[] = [{ text: both(L('地区', 'Region')), rowSpan: 2, ...head }];
  const sub: unknown[] = [{}];
  for (const g of groups) {
    if (g.label === null) {
      for (const c of g.columns) {
        top.push({ text: both(c.label), rowSpan: 2, ...head });
        sub.push({});
      }
    } else {
      top.push({ text: both(g.label), colSpan: g.columns.length, ...head }, ...g.columns.slice(1).map(() => ({})));
      sub.push(...g.columns.map((c) => ({ text: both(c.label), ...head })));
    }
  }
  const columns = groups.flatMap((g) => g.columns);
  // Widths by units of the whole page, so a part with few columns is as wide as one with many.
  const free = PDF_WIDTH - PDF_NAME_WIDTH - (columns.length + 1) * PDF_CELL_EXTRA - 1;
  const unitWidth = (PDF_WIDTH - PDF_NAME_WIDTH - (PDF_UNITS + 1) * PDF_CELL_EXTRA - 1) / PDF_UNITS;
  const total = columns.reduce((sum, c) => sum + unitsOf(c), 0);
  const widths = columns.map((c) => Math.min(unitWidth * unitsOf(c) * 2, (free * unitsOf(c)) / total));
  const body = rows.map((r) => [
    { text: r.name, bold: r.total },
    ...columns.map((c) => ({ text: formatCell(r.values[c.key] ?? null, c.format), alignment: 'right', bold: r.total })),
  ]);
  return {
    table: { headerRows: 2, dontBreakRows: true, widths: [PDF_NAME_WIDTH, ...widths], body: [top, sub, ...body] },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#999', vLineColor: () => '#999' },
    margin: [0, 0, 0, 6],
  };
}

