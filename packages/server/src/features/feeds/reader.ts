import { isUtf8 } from 'node:buffer';
import { DEFAULT_UPLOAD_LIMITS, FileRefused, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { XlsxReader, type XlsxSheet } from '../../kernel/sheets/xlsx-reader.ts';

/** A cell of an .xlsx holding a formula: refused, a feed carries values. */
export const FORMULA: unique symbol = Symbol('formula');

/** A cell as a feed file gives it: text (CSV, or an .xlsx string), a number, a yes/no, nothing, or a formula. */
export type FeedCell = string | number | boolean | null | typeof FORMULA;

/** A data row: its number in the file (the header is row 1) and its cells by position. */
export interface FeedFileRow {
  row: number;
  cells: FeedCell[];
}

/** An open feed file: its header row, then its data rows a batch at a time. */
export interface FeedFile {
  format: 'csv' | 'xlsx';
  /** The sheet read, for an .xlsx (its first). */
  sheet: string | null;
  headers: string[];
  rows: AsyncGenerator<FeedFileRow[]>;
}

const BATCH = 5000;
/** Bytes of a CSV file decoded at a time: the file is never held as one string (two bytes a character once a Chinese header is in it). */
const CHUNK_BYTES = 1 << 20;

/** The encoding of a CSV file: UTF-16 by its byte-order mark, else UTF-8 when valid, else GB18030; null when it holds NUL bytes otherwise (binary, or UTF-16 without its mark). */
export function csvEncoding(buffer: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | null {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  if (buffer.includes(0)) return null;
  return isUtf8(buffer) ? 'utf-8' : 'gb18030';
}

/**
 * The text of a CSV file a chunk at a time: UTF-8 (with or without its byte-order mark), UTF-16 with its
 * mark (Excel's "Unicode text"), or, when it is not valid UTF-8, GB18030, the encoding Chinese Excel and
 * department systems still write CSV in.
 */
export function* decodeCsvChunks(buffer: Buffer, chunkBytes = CHUNK_BYTES): Generator<string> {
  const decoder = new TextDecoder(csvEncoding(buffer) ?? 'utf-8', { ignoreBOM: false });
  let first = true;
  for (let at = 0; at < buffer.length; at += chunkBytes) {
    let text = decoder.decode(buffer.subarray(at, at + chunkBytes), { stream: true });
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The records of CSV text (RFC 4180: fields quoted with ", quotes doubled, newlines inside quotes), in
 * batches, from the text as one string or in chunks (a record may span chunks). Lines without a quote are
 * split directly, which is most of a department's file.
 */
export function* csvRecords(source: string | Iterable<string>, maxLine = DEFAULT_UPLOAD_LIMITS.cellChars * 32): Generator<FeedFileRow[]> {
  let batch: FeedFileRow[] = [];
  let line = 0;
  let carry = '';
  const chunks = typeof source === 'string' ? [source] : source;
  const iterator = chunks[Symbol.iterator]();
  let next = iterator.next();
  for (;;) {
    const following = next.done ? next : iterator.next();
    const final = following.done === true;
    const text = next.done ? carry : carry + next.value;
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      // A record not yet ended waits for the next chunk (unless it is already longer than a line may be).
      if (end === -1 && !final) {
        if (n - pos > maxLine) throw new FileRefused('line_too_long', String(line + 1));
        break;
      }
      if (end === -1) end = n;
      if (end - pos > maxLine) throw new FileRefused('line_too_long', String(line + 1));
      const simple = text.slice(pos, end);
      let cells: string[];
      let lines = 1;
      let after: number;
      if (!simple.includes('"')) {
        cells = (simple.endsWith('\r') ? simple.slice(0, -1) : simple).split(',');
        after = end + 1;
      } else {
        cells = [];
        let field = '';
        let quoted = false;
        let incomplete = false;
        let i = pos;
        for (; i < n; i++) {
          const c = text[i];
          if (quoted) {
            if (c === '"') {
              if (text[i + 1] === '"') {
                field += '"';
                i++;
              } else if (i + 1 === n && !final) {
                incomplete = true;
                break;
              } else quoted = false;
            } else {
              if (c === '\n') lines++;
              field += c;
            }
          } else if (c === '"') quoted = true;
          else if (c === ',') {
            cells.push(field);
            field = '';
          } else if (c === '\n') break;
          else if (c !== '\r') field += c;
        }
        // The chunk ended inside the record (in quotes, or on a quote that may be doubled): read it again whole.
        if (incomplete || (i >= n && !final)) {
          if (n - pos > maxLine) throw new FileRefused('line_too_long', String(line + 1));
          break;
        }
        if (i - pos > maxLine) throw new FileRefused('line_too_long', String(line + 1));
        cells.push(field);
        after = i + 1;
      }
      pos = after;
      const start = line + 1;
      line += lines;
      if (cells.length === 1 && cells[0] === '') continue;
      batch.push({ row: start, cells });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    carry = pos < n ? text.slice(pos) : '';
    if (final) break;
    next = following;
  }
  if (batch.length > 0) yield batch;
}

async function* fromSync(records: Generator<FeedFileRow[]>): AsyncGenerator<FeedFileRow[]> {
  for (const batch of records) {
    yield batch;
    // Let the server answer other requests between batches of a long file.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function cellOf(value: unknown): FeedCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return 'formula' in value ? FORMULA : 'date' in value ? String((value as { date: string }).date) : null;
  return value as FeedCell;
}

/**
 * Opens a feed file by its content (an .xlsx is a zip), reads its header row and hands back the data rows
 * as an async stream. Null when the file is neither; a FileRefused naming its rule when it is one too
 * large or too damaged to read (now or while its rows are read).
 */
export async function openFeedFile(buffer: Buffer, fileName: string, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): Promise<FeedFile | null> {
  if (buffer.subarray(0, 2).toString('latin1') === 'PK') {
    let reader: XlsxReader;
    try {
      reader = await XlsxReader.open(buffer, limits);
    } catch (err) {
      if (err instanceof FileRefused && err.rule !== 'not_xlsx') throw err;
      return null;
    }
    const name = reader.sheets.keys().next().value;
    if (name === undefined) return null;
    const sheet: XlsxSheet = { name, merged: [] };
    const source = reader.rows(name, sheet);
    let headers: string[] | null = null;
    let pending: FeedFileRow[] = [];
    // The header is the first row with anything in it.
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      const rows = next.value;
      const index = rows.findIndex((r) => r.cells.size > 0);
      if (index === -1) continue;
      const head = rows[index] as (typeof rows)[number];
      const width = Math.max(...head.cells.keys()) + 1;
      headers = Array.from({ length: width }, (_, i) => String(head.cells.get(i) ?? ''));
      pending = rows.slice(index + 1).map(toRow);
      break;
    }
    function toRow(r: { number: number; cells: Map<number, unknown> }): FeedFileRow {
      const cells: FeedCell[] = [];
      for (const [i, v] of r.cells) cells[i] = cellOf(v);
      return { row: r.number, cells };
    }
    async function* rest(): AsyncGenerator<FeedFileRow[]> {
      if (pending.length > 0) yield pending;
      for await (const rows of source) yield rows.map(toRow);
    }
    return { format: 'xlsx', sheet: name, headers: headers ?? [], rows: rest() };
  }
  if (csvEncoding(buffer) === null) {
    if (/\.(csv|txt)$/i.test(fileName)) throw new FileRefused('csv_encoding');
    return null;
  }
  const records = csvRecords(decodeCsvChunks(buffer), limits.cellChars * 32);
  const first = records.next();
  const headers = first.done ? [] : (first.value[0]?.cells.map(String) ?? []);
  async function* rest(): AsyncGenerator<FeedFileRow[]> {
    if (!first.done) {
      const after = first.value.slice(1);
      if (after.length > 0) yield after;
    }
    yield* fromSync(records);
  }
  return { format: 'csv', sheet: null, headers, rows: rest() };
}
