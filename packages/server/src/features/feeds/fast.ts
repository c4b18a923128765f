import { isUtf8 } from 'node:buffer';
import { EARLIEST_FEED_DATE, type FeedColumn, type FeedKind, feedFieldsQuickCheck, ID_CHECK_CHARS, ID_CHECK_WEIGHTS, isRealDate, readFeedCell } from '@jingzhun/domain';

/**
 * The byte-level reading of a plain CSV feed (UTF-8, not a quote in it: every line a record, every comma a
 * separator), the way most of a department's million rows come. A line is split where its commas are, its
 * resident ID and date are checked on the bytes, its own fields go through the domain's plain-code check,
 * and the line the stage takes is written straight into the stage's buffer: no string, array or object
 * per row for the ID and the date. A line this does not plainly accept is handed back to the general
 * reading, which judges it with the domain's schema and names every problem; both give a line they accept
 * the same staged form (a test holds them to it).
 */

const COMMA = 44;
const CR = 13;
const LF = 10;
const QUOTE = 34;
const DASH = 45;
const ZERO = 48;
/** The domain's check characters as bytes. */
const CHECK = [...ID_CHECK_CHARS].map((c) => c.charCodeAt(0));
/** The earliest date a row may hold, as YYYYMMDD. */
const EARLIEST = Number(EARLIEST_FEED_DATE.replaceAll('-', ''));

/**
 * Whether a CSV file can be read here: valid UTF-8, its header on its first line (after a byte-order mark,
 * if any: the general reading takes the first line that is not empty), and not a quote in it.
 */
export function plainCsv(buffer: Buffer): boolean {
  const first = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.length > first && buffer[first] !== LF && buffer[first] !== CR && buffer.indexOf(QUOTE) === -1 && isUtf8(buffer);
}

function digitsAt(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = (b[i] as number) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** A resident ID in its clean form (17 digits and a digit or X) with a real birth date from 1880 on and the right check character. */
export function cleanIdAt(b: Uint8Array, at: number, end: number): boolean {
  if (end - at !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = (b[at + i] as number) - ZERO;
    if (d < 0 || d > 9) return false;
    sum += d * (ID_CHECK_WEIGHTS[i] as number);
  }
  if (b[at + 17] !== CHECK[sum % 11]) return false;
  const y = digitsAt(b, at + 6, 4);
  return y >= 1880 && isRealDate(y, digitsAt(b, at + 10, 2), digitsAt(b, at + 12, 2));
}

/** A date YYYY-MM-DD that exists, as the number YYYYMMDD; -1 otherwise. */
export function isoDayAt(b: Uint8Array, at: number, end: number): number {
  if (end - at !== 10 || b[at + 4] !== DASH || b[at + 7] !== DASH) return -1;
  const y = digitsAt(b, at, 4);
  const m = digitsAt(b, at + 5, 2);
  const d = digitsAt(b, at + 8, 2);
  return y >= 0 && m >= 0 && d >= 0 && isRealDate(y, m, d) ? y * 10000 + m * 100 + d : -1;
}

/** Where a plain CSV file's data begins and how a line's cells map to a feed's fields. */
export interface PlainCsvPlan {
  kind: FeedKind;
  /** Cell index of each field (the resident ID, the date, the feed's own), -1 when the file has no such column. */
  idIndex: number;
  onIndex: number;
  fields: Array<{ column: FeedColumn; index: number }>;
  /** The feed's date (YYYY-MM-DD), for rows without their own. */
  asOf: string;
  today: string;
}

/** The plan of a feed whose columns sit at these cells (field → its column and cell index, as `planColumns` placed them). */
export function plainCsvPlan(kind: FeedKind, fieldColumn: ReadonlyMap<string, { column: FeedColumn; index: number }>, asOf: string, today: string): PlainCsvPlan {
  const fields = [...fieldColumn].filter(([field]) => field !== 'idNumber' && field !== 'on').map(([, c]) => c);
  return { kind, idIndex: fieldColumn.get('idNumber')?.index ?? -1, onIndex: fieldColumn.get('on')?.index ?? -1, fields, asOf, today };
}

/**
 * What the reader found on a line: plainly valid (`staged`: handed to the stage when one was given), blank
 * (nothing, or only separators: not a row), or not plainly valid (`judge`: the general reading must).
 */
export type LineResult = 'staged' | 'blank' | 'judge';

/** Takes a plainly valid row: its number, the bytes holding its resident ID and its date (the feed's when it has none), its fields. */
export type StageRow = (row: number, id: Buffer, idAt: number, date: Buffer, dateAt: number, data: Record<string, unknown>) => void;

/**
 * Reads a plain CSV file's lines a row at a time. `line` judges one line and, when it is plainly valid,
 * writes its staged form through `out` and its key (resident ID and date) through `key`.
 */
export class PlainCsvReader {
  private readonly cuts = new Int32Array(256);
  private readonly fieldsCheck: (fields: Record<string, unknown>) => Record<string, unknown> | null;
  private readonly today: number;
  private readonly asOf: Buffer;
  private readonly width: number;

  constructor(
    private readonly buffer: Buffer,
    private readonly plan: PlainCsvPlan,
  ) {
    this.fieldsCheck = feedFieldsQuickCheck(plan.kind);
    this.today = Number(plan.today.replaceAll('-', ''));
    this.asOf = Buffer.from(plan.asOf, 'latin1');
    this.width = Math.max(plan.idIndex, plan.onIndex, ...plan.fields.map((f) => f.index)) + 1;
  }

  /** The lines of the file after its header: [start, end) of each, without its line break, and its row number (the header is row 1). */
  *lines(): Generator<{ row: number; start: number; end: number }> {
    const b = this.buffer;
    let at = b.indexOf(LF) + 1;
    if (at === 0) return;
    let row = 1;
    const line = { row: 0, start: 0, end: 0 };
    while (at < b.length) {
      let end = b.indexOf(LF, at);
      if (end === -1) end = b.length;
      row++;
      line.row = row;
      line.start = at;
      line.end = end > at && b[end - 1] === CR ? end - 1 : end;
      yield line;
      at = end + 1;
    }
  }

  /** The cells of a line as text, for the general reading. */
  cells(start: number, end: number): string[] {
    return this.buffer.toString('utf8', start, end).split(',');
  }

  /** Judges one line; when it is plainly valid and `stage` is given, hands the row to it. */
  line(row: number, start: number, end: number, stage: StageRow | null): LineResult {
    const b = this.buffer;
    const cuts = this.cuts;
    // cuts[i] is where cell i starts; cell i ends one before cuts[i + 1].
    let n = 0;
    cuts[n++] = start;
    let filled = false;
    for (let i = start; i < end; i++) {
      if (b[i] === COMMA) {
        // More cells than kept: blank if nothing but separators, else for the general reading.
        if (n >= cuts.length - 1) return filled || i > (cuts[n - 1] as number) || b.subarray(i, end).some((c) => c !== COMMA) ? 'judge' : 'blank';
        if (i > (cuts[n - 1] as number)) filled = true;
        cuts[n++] = i + 1;
      }
    }
    if (end > (cuts[n - 1] as number)) filled = true;
    cuts[n] = end + 1;
    if (!filled) return 'blank';
    if (n < this.width) return 'judge';

    // Cell i is [cuts[i], cuts[i + 1] - 1).
    const { idIndex, onIndex } = this.plan;
    if (idIndex < 0) return 'judge';
    const idAt = cuts[idIndex] as number;
    if (!cleanIdAt(b, idAt, (cuts[idIndex + 1] as number) - 1)) return 'judge';
    let date = this.asOf;
    let dateAt = 0;
    if (onIndex >= 0) {
      const s = cuts[onIndex] as number;
      const e = (cuts[onIndex + 1] as number) - 1;
      if (e > s) {
        const day = isoDayAt(b, s, e);
        if (day < EARLIEST || day > this.today) return 'judge';
        date = b;
        dateAt = s;
      }
    }
    const fields: Record<string, unknown> = {};
    for (const { column, index } of this.plan.fields) {
      const s = cuts[index] as number;
      const e = (cuts[index + 1] as number) - 1;
      if (e === s) continue;
      const read = readFeedCell(column, b.toString('utf8', s, e));
      if ('rule' in read) return 'judge';
      if (read.value !== undefined) fields[column.field] = read.value;
    }
    const data = this.fieldsCheck(fields);
    if (!data) return 'judge';
    stage?.(row, b, idAt, date, dateAt, data);
    return 'staged';
  }
}
