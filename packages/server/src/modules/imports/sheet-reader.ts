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
  /** Cell values by column key (absent when empty). */
  values: Record<string, unknown>;
}

/** Where each column key sits in a sheet (0-based), to name cells in problems without storing them per row. */
export type ColumnPositions = Record<string, number>;

/** Data rows one sheet may hold: a large county's registry (about 100,000 persons), not a province's. */
export const MAX_IMPORT_ROWS = 150_000;

/** The letters of a 0-based column index, as spreadsheets name it (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
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
): Promise<{ rows: Record<string, SheetRow[]>; problems: ImportProblem[]; positions: Record<string, ColumnPositions> }> {
  const problems: ImportProblem[] = [];
  const rows: Record<string, SheetRow[]> = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
  const positions: Record<string, ColumnPositions> = {};
  let reader: XlsxReader;
  try {
    reader = await XlsxReader.open(buffer);
  } catch {
    return { rows, problems: [{ sheet: null, row: null, column: null, cell: null, rule: 'not_xlsx' }], positions };
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
    let stop = false;
    for await (const batch of reader.rows(name, sheet)) {
      for (const row of batch) {
        if (byHeader === null) {
          const width = Math.max(0, ...row.cells.keys()) + 1;
          const header = Array.from({ length: width }, (_, i) => headerText(row.cells.get(i)));
          const expected = columns.map((c) => c.header);
          const missing = expected.filter((h) => !header.includes(h));
          const extra = header.filter((h) => h !== '' && !expected.includes(h));
          for (const h of missing) problems.push({ sheet: name, row: row.number, column: h, cell: null, rule: 'missing_column' });
          for (const h of extra) problems.push({ sheet: name, row: row.number, column: h, cell: null, rule: 'unknown_column' });
          if (missing.length > 0 || extra.length > 0) {
            stop = true;
            break;
          }
          byHeader = header.map((h) => columns.find((c) => c.header === h));
          positions[name] = Object.fromEntries(byHeader.flatMap((c, i) => (c ? [[c.key, i]] : [])));
          continue;
        }
        let present = false;
        for (const v of row.cells.values()) if (v !== null && v !== '') present = true;
        if (!present) continue;
        if (++sheetRows > maxRows) {
          problems.push({ sheet: name, row: row.number, column: null, cell: null, rule: 'too_many_rows', detail: String(maxRows) });
          return { rows, problems, positions };
        }
        total++;
        const values: Record<string, unknown> = {};
        for (const [i, raw] of row.cells) {
          const column = byHeader[i];
          if (!column || raw === null) continue;
          if (typeof raw === 'object' && 'formula' in raw) {
            problems.push({ sheet: name, row: row.number, column: column.header, cell: `${columnLetter(i)}${row.number}`, rule: 'formula' });
            continue;
          }
          values[column.key] = typeof raw === 'object' ? raw.date : raw;
        }
        rows[name]?.push({ row: row.number, values });
        if (total % 5000 === 0) onRows(total);
      }
      if (stop) break;
    }
    if (sheet.merged.length > 0) problems.push({ sheet: name, row: null, column: null, cell: sheet.merged[0] ?? null, rule: 'merged_cells' });
  }
  if (total === 0 && problems.length === 0) problems.push({ sheet: null, row: null, column: null, cell: null, rule: 'empty' });
  onRows(total);
  return { rows, problems, positions };
}

/** The A1 address of a column key's cell in a row, when the sheet has that column. */
export function cellAddress(positions: ColumnPositions | undefined, key: string, row: number): string | null {
  const index = positions?.[key];
  return index === undefined ? null : `${columnLetter(index)}${row}`;
}
