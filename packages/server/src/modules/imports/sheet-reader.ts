import { XlsxReader, type XlsxSheet } from './xlsx-reader.ts';
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

/** Data rows one sheet may hold: a large county's registry (about 100,000 persons), not a province's. */
export const MAX_IMPORT_ROWS = 150_000;

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
  return (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/\*$/, '').replace(/\s/g, '');
}

/**
 * Reads the named sheets of an .xlsx row by row, checking the header row against the expected columns
 * and refusing formulas and merged cells. Stops at the row limit without reading further.
 */
export async function readSheets(
  buffer: Buffer,
  sheets: Record<string, SheetColumn[]>,
  onRows: (count: number) => void,
  maxRows = MAX_IMPORT_ROWS,
): Promise<{ rows: Record<string, SheetRow[]>; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const rows: Record<string, SheetRow[]> = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
  let reader: XlsxReader;
  try {
    reader = await XlsxReader.open(buffer);
  } catch {
    return { rows, problems: [{ sheet: null, row: null, column: null, cell: null, rule: 'not_xlsx' }] };
  }
  let total = 0;
  for (const [name, columns] of Object.entries(sheets)) {
    if (!reader.sheets.has(name)) {
      problems.push({ sheet: name, row: null, column: null, cell: null, rule: 'missing_sheet' });
      continue;
    }
    const sheet: XlsxSheet = { name, merged: [] };
    let byHeader: Array<SheetColumn | undefined> | null = null;
    let sheetRows = 0;
    for await (const row of reader.rows(name, sheet)) {
      if (byHeader === null) {
        const width = Math.max(0, ...row.cells.keys()) + 1;
        const header = Array.from({ length: width }, (_, i) => headerText(row.cells.get(i)));
        const expected = columns.map((c) => c.header);
        const missing = expected.filter((h) => !header.includes(h));
        const extra = header.filter((h) => h !== '' && !expected.includes(h));
        for (const h of missing) problems.push({ sheet: name, row: row.number, column: h, cell: null, rule: 'missing_column' });
        for (const h of extra) problems.push({ sheet: name, row: row.number, column: h, cell: null, rule: 'unknown_column' });
        if (missing.length > 0 || extra.length > 0) break;
        byHeader = header.map((h) => columns.find((c) => c.header === h));
        continue;
      }
      const present = [...row.cells.values()].some((v) => v !== null && v !== '');
      if (!present) continue;
      if (++sheetRows > maxRows) {
        problems.push({ sheet: name, row: row.number, column: null, cell: null, rule: 'too_many_rows', detail: String(maxRows) });
        return { rows, problems };
      }
      total++;
      const values: Record<string, unknown> = {};
      byHeader.forEach((column, i) => {
        if (!column) return;
        const raw = row.cells.get(i) ?? null;
        const address = `${columnLetter(i)}${row.number}`;
        if (raw !== null && typeof raw === 'object' && 'formula' in raw) {
          problems.push({ sheet: name, row: row.number, column: column.header, cell: address, rule: 'formula' });
          return;
        }
        values[column.key] = { value: raw !== null && typeof raw === 'object' ? raw.date : raw, cell: address };
      });
      rows[name]?.push({ row: row.number, values });
      if (total % 5000 === 0) onRows(total);
    }
    if (sheet.merged.length > 0) problems.push({ sheet: name, row: null, column: null, cell: sheet.merged[0] ?? null, rule: 'merged_cells' });
  }
  if (total === 0 && problems.length === 0) problems.push({ sheet: null, row: null, column: null, cell: null, rule: 'empty' });
  onRows(total);
  return { rows, problems };
}
