import { DEFAULT_UPLOAD_LIMITS, FileRefused, type UploadLimits } from '../uploads/limits.ts';
import { columnLetter, STRING_OVERHEAD, XlsxReader, type XlsxSheet } from './xlsx-reader.ts';

/** Column letters are the workbook reader's; callers of the import keep asking here. */
export { columnLetter };

/** A problem with one cell, one row or the whole file, as the import reports it. */
type Labels = Record<string, { 'zh-CN': string; en: string }>;

/** How a column's cells are written and read. */
export type CellKind =
  | { kind: 'text'; max: number }
  | { kind: 'id' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'money' }
  | { kind: 'date' }
  | { kind: 'bool' }
  | { kind: 'code'; list: Labels; listName: string }
  | { kind: 'codes'; list: Labels; listName: string };

export interface SheetColumn {
  key: string;
  header: string;
  width: number;
  required: boolean;
  cell: CellKind;
  /** Filled on the head's row only (household fields). */
  household?: boolean;
  note?: string;
}

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

/** The header as typed, without the required-marker and spaces. */
function headerText(value: unknown): string {
  return (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/\*$/, '').replace(/\s/g, '');
}

type ReadSheets = { rows: Record<string, SheetRow[]>; problems: ImportProblem[]; positions: Record<string, ColumnPositions> };

/**
 * Reads the named sheets of an .xlsx row by row, checking the header row against the expected columns
 * and refusing formulas and merged cells. Stops at the row limit without reading further. A file refused
 * as a whole (not a workbook, a zip bomb, a cell too long, more text than the limits keep) is one problem
 * naming its rule, and no rows.
 */
export async function readSheets(
  buffer: Buffer,
  sheets: Record<string, SheetColumn[]>,
  onRows: (count: number) => void,
  { limits = DEFAULT_UPLOAD_LIMITS, maxRows = MAX_IMPORT_ROWS }: { limits?: UploadLimits; maxRows?: number } = {},
): Promise<ReadSheets> {
  const rows: Record<string, SheetRow[]> = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
  try {
    return await readOpenSheets(buffer, sheets, onRows, limits, maxRows, rows);
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    const empty = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
    return { rows: empty, problems: [{ sheet: null, row: null, column: null, cell: null, rule: err.rule, ...(err.detail ? { detail: err.detail } : {}) }], positions: {} };
  }
}

async function readOpenSheets(
  buffer: Buffer,
  sheets: Record<string, SheetColumn[]>,
  onRows: (count: number) => void,
  limits: UploadLimits,
  maxRows: number,
  rows: Record<string, SheetRow[]>,
): Promise<ReadSheets> {
  const problems: ImportProblem[] = [];
  const positions: Record<string, ColumnPositions> = {};
  const reader = await XlsxReader.open(buffer, limits);
  // The text the rows keep (shared strings are counted by the reader; a cell's own text is counted here).
  let held = 0;
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
          if (typeof raw === 'string') {
            held += STRING_OVERHEAD / 2 + 2 * raw.length;
            if (held > limits.xlsxTextBytes) throw new FileRefused('xlsx_text_too_large', name);
          }
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
