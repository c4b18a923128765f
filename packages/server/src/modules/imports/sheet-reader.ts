import ExcelJS from 'exceljs';
import type { SheetColumn } from '../households/household.sheet.ts';

/** A problem with one cell, one row or the whole file, as the import reports it. */
export interface ImportProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  /** A1 address of the cell, for the marked-up report. */
  cell: string | null;
  rule: string;
  detail?: string;
}

export interface SheetRow {
  row: number;
  values: Record<string, unknown>;
}

/** Rows a file may hold across its sheets: enough for a large county's yearly update, not a province. */
export const MAX_IMPORT_ROWS = 120_000;

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The header as typed, without the required-marker and spaces. */
function headerText(value: unknown): string {
  return String(plain(value) ?? '').replace(/\*$/, '').replace(/\s/g, '');
}

/** A cell's value without rich-text or hyperlink wrappers; formulas are reported by the caller. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !(value instanceof Date)) {
    const v = value as { richText?: Array<{ text: string }>; text?: string; formula?: string; sharedFormula?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return v.text;
  }
  return value;
}

/**
 * Reads the named sheets of an .xlsx, checking the header row against the expected columns and refusing
 * formulas and merged cells. The whole workbook is loaded: ExcelJS 4.4's streaming reader decodes each
 * chunk of XML on its own and garbles a Chinese character split across two chunks (seen here on
 * generated files, in shared strings and inline strings alike), which no import may risk.
 */
export async function readSheets(
  buffer: Buffer,
  sheets: Record<string, SheetColumn[]>,
  onRows: (count: number) => void,
): Promise<{ rows: Record<string, SheetRow[]>; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const rows: Record<string, SheetRow[]> = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { rows, problems: [{ sheet: null, row: null, column: null, cell: null, rule: 'not_xlsx' }] };
  }
  let total = 0;
  for (const [name, columns] of Object.entries(sheets)) {
    const ws = wb.getWorksheet(name);
    if (!ws) {
      problems.push({ sheet: name, row: null, column: null, cell: null, rule: 'missing_sheet' });
      continue;
    }
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    if (merges.length > 0) problems.push({ sheet: name, row: null, column: null, cell: merges[0] ?? null, rule: 'merged_cells' });
    if (ws.actualRowCount > MAX_IMPORT_ROWS + 1 || total + ws.actualRowCount > MAX_IMPORT_ROWS + Object.keys(sheets).length) {
      problems.push({ sheet: name, row: null, column: null, cell: null, rule: 'too_many_rows', detail: String(MAX_IMPORT_ROWS) });
      return { rows, problems };
    }
    const header = ((ws.getRow(1).values as unknown[]) ?? []).slice(1).map(headerText);
    const expected = columns.map((c) => c.header);
    const missing = expected.filter((h) => !header.includes(h));
    const extra = header.filter((h) => h !== '' && !expected.includes(h));
    for (const h of missing) problems.push({ sheet: name, row: 1, column: h, cell: null, rule: 'missing_column' });
    for (const h of extra) problems.push({ sheet: name, row: 1, column: h, cell: null, rule: 'unknown_column' });
    if (missing.length > 0 || extra.length > 0) continue;
    const byHeader = header.map((h) => columns.find((c) => c.header === h));
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells = (row.values as unknown[]).slice(1);
      if (cells.every((c) => plain(c) === null || plain(c) === '')) return;
      total++;
      const values: Record<string, unknown> = {};
      byHeader.forEach((column, i) => {
        if (!column) return;
        const raw = cells[i];
        const address = `${columnLetter(i)}${number}`;
        if (raw && typeof raw === 'object' && ('formula' in raw || 'sharedFormula' in raw)) {
          problems.push({ sheet: name, row: number, column: column.header, cell: address, rule: 'formula' });
          return;
        }
        values[column.key] = { value: plain(raw), cell: address };
      });
      rows[name]?.push({ row: number, values });
      if (total % 5000 === 0) onRows(total);
    });
  }
  if (total === 0 && problems.length === 0) problems.push({ sheet: null, row: null, column: null, cell: null, rule: 'empty' });
  onRows(total);
  return { rows, problems };
}
