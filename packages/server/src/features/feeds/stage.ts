import { FEED_COLUMNS, type FeedKind } from '@jingzhun/domain';
import { csvField } from '../../kernel/db/csv.ts';

/** A feed's own fields (beside the resident ID and the date) and the SQL type each is written as. */
export interface StageField {
  field: string;
  type: 'numeric' | 'integer' | 'boolean' | 'text';
}

/** The fields of a kind of feed, in the order they are staged: one text column each, typed when written. */
export function stageFields(kind: FeedKind): StageField[] {
  return FEED_COLUMNS[kind]
    .filter((c) => c.field !== 'idNumber' && c.field !== 'on')
    .map((c) => {
      // Field names are identifiers of the domain's own list: safe as quoted column names.
      if (!/^[A-Za-z]\w*$/.test(c.field)) throw new Error(`not a field name: ${c.field}`);
      return { field: c.field, type: c.type === 'money' ? 'numeric' : c.type === 'int' ? 'integer' : c.type === 'bool' ? 'boolean' : 'text' };
    });
}

/**
 * One checked row as a line of the stage's COPY (CSV): plain values, no JSON to build per row; the fields
 * become the row's jsonb when it is written. A field the row lacks is NULL.
 */
export function stageLine(fields: readonly StageField[], row: number, idNumber: string, on: string, data: Record<string, unknown>): string {
  return `${row},${idNumber},${on}${stageLineFields(fields, data)}`;
}

/** The end of a staged line after the resident ID and the date: each field after its comma, then the line break. */
export function stageLineFields(fields: readonly StageField[], data: Record<string, unknown>): string {
  let line = '';
  for (const { field } of fields) {
    const v = data[field];
    line += v === undefined || v === null ? ',' : typeof v === 'string' ? `,${csvField(v)}` : `,${String(v)}`;
  }
  return `${line}\n`;
}

/**
 * `stageLine` written into a buffer straight from the bytes a plain CSV line holds its resident ID (18) and
 * date (10) in, `rest` being `stageLineFields` of the row: where the line ends. The caller leaves room for it
 * (48 bytes and three a character of `rest`).
 */
export function writeStageLine(out: Buffer, at: number, row: number, id: Uint8Array, idAt: number, date: Uint8Array, dateAt: number, rest: string): number {
  let used = at;
  // The row number's digits, then the ID's and the date's bytes as they are (a byte loop: 28 bytes cost less than two copy calls).
  let digits = 1;
  for (let r = row; r >= 10; r = Math.floor(r / 10)) digits++;
  for (let r = row, i = used + digits - 1; i >= used; i--, r = Math.floor(r / 10)) out[i] = 48 + (r % 10);
  used += digits;
  out[used++] = 44;
  for (let i = 0; i < 18; i++) out[used++] = id[idAt + i] as number;
  out[used++] = 44;
  for (let i = 0; i < 10; i++) out[used++] = date[dateAt + i] as number;
  return used + out.write(rest, used);
}
