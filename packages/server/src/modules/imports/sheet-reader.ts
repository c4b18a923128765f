import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
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

/** Whether the workbook's sheets merge any cells (the stream reader skips merges, so look in the XML). */
async function sheetsWithMerges(buffer: Buffer): Promise<Set<string>> {
  const zip = await JSZip.loadAsync(buffer);
  const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const relsXml = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map([...relsXml.matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const merged = new Set<string>();
  for (const m of workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = targets.get(m[2] ?? '');
    if (!target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const entry = zip.file(path);
    if (!entry) continue;
    // Scan the sheet in chunks: the tail of each chunk is kept so a tag split across two is still seen.
    let tail = '';
    // JSZip's stream is an old-style one: wrap it to iterate.
    for await (const chunk of new Readable().wrap(entry.nodeStream('nodebuffer')) as AsyncIterable<Buffer>) {
      const text = tail + chunk.toString('latin1');
      if (text.includes('<mergeCell ')) {
        merged.add(m[1] ?? '');
        break;
      }
      tail = text.slice(-16);
    }
  }
  return merged;
}

/**
 * Reads the named sheets of an .xlsx with the streaming reader (memory stays flat however many rows),
 * checking the header row against the expected columns and refusing formulas and merged cells.
 */
export async function readSheets(
  buffer: Buffer,
  sheets: Record<string, SheetColumn[]>,
  onRows: (count: number) => void,
): Promise<{ rows: Record<string, SheetRow[]>; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const rows: Record<string, SheetRow[]> = Object.fromEntries(Object.keys(sheets).map((k) => [k, []]));
  let merged: Set<string>;
  try {
    merged = await sheetsWithMerges(buffer);
  } catch {
    return { rows, problems: [{ sheet: null, row: null, column: null, cell: null, rule: 'not_xlsx' }] };
  }
  const seen = new Set<string>();
  let total = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    });
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      const columns = sheets[name];
      if (!columns) {
        for await (const _row of ws) {
          // Other sheets (instructions, code lists) are read past.
        }
        continue;
      }
      seen.add(name);
      if (merged.has(name)) problems.push({ sheet: name, row: null, column: null, cell: null, rule: 'merged_cells' });
      let header: string[] | null = null;
      let skip = false;
      for await (const row of ws) {
        // A sheet with wrong columns is read to its end unprocessed: leaving the stream early can stall it.
        if (skip) continue;
        const cells = (row.values as unknown[]).slice(1);
        if (header === null) {
          header = cells.map(headerText);
          const expected = columns.map((c) => c.header);
          const missing = expected.filter((h) => !header?.includes(h));
          const extra = header.filter((h) => h !== '' && !expected.includes(h));
          for (const h of missing) problems.push({ sheet: name, row: 1, column: h, cell: null, rule: 'missing_column' });
          for (const h of extra) problems.push({ sheet: name, row: 1, column: h, cell: null, rule: 'unknown_column' });
          skip = missing.length > 0 || extra.length > 0;
          continue;
        }
        if (cells.every((c) => plain(c) === null || plain(c) === '')) continue;
        total++;
        if (total > MAX_IMPORT_ROWS) {
          problems.push({ sheet: name, row: row.number, column: null, cell: null, rule: 'too_many_rows', detail: String(MAX_IMPORT_ROWS) });
          return { rows, problems };
        }
        const values: Record<string, unknown> = {};
        header.forEach((h, i) => {
          const column = columns.find((c) => c.header === h);
          if (!column) return;
          const raw = cells[i];
          if (raw && typeof raw === 'object' && ('formula' in raw || 'sharedFormula' in raw)) {
            problems.push({ sheet: name, row: row.number, column: column.header, cell: `${columnLetter(i)}${row.number}`, rule: 'formula' });
            return;
          }
          values[column.key] = { value: plain(raw), cell: `${columnLetter(i)}${row.number}` };
        });
        rows[name]?.push({ row: row.number, values });
        if (total % 5000 === 0) onRows(total);
      }
    }
  } catch {
    return { rows, problems: [...problems, { sheet: null, row: null, column: null, cell: null, rule: 'not_xlsx' }] };
  }
  for (const name of Object.keys(sheets)) {
    if (!seen.has(name)) problems.push({ sheet: name, row: null, column: null, cell: null, rule: 'missing_sheet' });
  }
  if (total === 0 && problems.length === 0) problems.push({ sheet: null, row: null, column: null, cell: null, rule: 'empty' });
  onRows(total);
  return { rows, problems };
}
