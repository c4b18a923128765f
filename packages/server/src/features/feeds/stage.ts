import { EXCLUSION_FEEDS, FEED_COLUMNS, type FeedKind, regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import { csvField } from '../../kernel/db/csv.ts';
import type { DB } from '../../kernel/db/schema.ts';

/** The table a feed's checked rows wait in until they are written (the id is a number: safe in a name). */
export function stageTable(feedId: string) {
  if (!/^\d{1,18}$/.test(feedId)) throw new Error(`not a feed id: ${feedId}`);
  return sql.table(`feed_stage_${feedId}`);
}

/** Drops a feed's staged rows. */
export async function dropStage(db: Kysely<DB>, feedId: string) {
  await sql`DROP TABLE IF EXISTS ${stageTable(feedId)}`.execute(db);
}

/**
 * The registered persons a feed's rows name: active members of households that have not left, in the
 * feed's region. The join the write repeats; the rows it leaves out are the feed's unmatched ones.
 */
export function matchedRows(feedId: string, regionCode: string) {
  return sql`
    FROM ${stageTable(feedId)} s
    JOIN person_index p ON p.id_number = s.id_number
    JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    WHERE h.left_on IS NULL AND h.village_code LIKE ${`${regionPrefix(regionCode)}%`}`;
}


/** The summary shown before confirmation: how many rows, how many the registry matches, the persons and households they name. */
export async function summarizeStage(db: Kysely<DB>, feedId: string, regionCode: string) {
  const r = (
    await sql<{ rows: string; matched: string; persons: string; households: string }>`
      SELECT (SELECT count(*) FROM ${stageTable(feedId)}) AS rows, count(*) AS matched,
        count(DISTINCT p.member_id) AS persons, count(DISTINCT p.household_id) AS households
      ${matchedRows(feedId, regionCode)}`.execute(db)
  ).rows[0] as { rows: string; matched: string; persons: string; households: string };
  return { rows: Number(r.rows), matched: Number(r.matched), unmatched: Number(r.rows) - Number(r.matched), persons: Number(r.persons), households: Number(r.households) };
}

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

/** The statement that makes a feed's stage table. */
export function createStageSql(feedId: string, kind: FeedKind): string {
  stageTable(feedId);
  const fields = stageFields(kind).map((f) => `, "${f.field}" text`).join('');
  return `CREATE TABLE feed_stage_${feedId} (row_no integer NOT NULL, id_number varchar(18) NOT NULL, on_date date NOT NULL${fields})`;
}

/** The stage table's columns, as COPY names them. */
export function stageColumns(kind: FeedKind): string[] {
  return ['row_no', 'id_number', 'on_date', ...stageFields(kind).map((f) => `"${f.field}"`)];
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

/**
 * A staged row's fields in SQL, typed: the row's jsonb (fields it lacks left out), the amount a rule sums
 * and whether the row is an event some rule acts on by itself. The rules themselves (raiseAlerts in the
 * domain) decide; these only keep the pass over a county's rows to plain columns.
 */
export function feedRowFigures(kind: FeedKind, alias: string) {
  const fields = stageFields(kind);
  const typed = (name: string) => {
    const f = fields.find((x) => x.field === name);
    if (!f) throw new Error(`${kind} has no field ${name}`);
    return sql`${sql.ref(`${alias}.${name}`)}::${sql.raw(f.type)}`;
  };
  const built = sql`jsonb_build_object(${sql.join(fields.map((f) => sql`${sql.lit(f.field)}, ${typed(f.field)}`))})`;
  // A field a row may lack is left out of its jsonb; a kind whose fields are all required skips the pass.
  const optional = FEED_COLUMNS[kind].some((c) => !c.required && c.field !== 'on');
  const data = optional ? sql`jsonb_strip_nulls(${built})` : built;
  const amount = kind === 'medical_insurance' ? typed('outOfPocket') : kind === 'emergency' ? typed('loss') : sql`NULL::numeric`;
  const event =
    kind === 'public_security' || (EXCLUSION_FEEDS as readonly string[]).includes(kind)
      ? sql`true`
      : kind === 'disability'
        ? sql`coalesce(${typed('grade')} <= 2, false)`
        : kind === 'education'
          ? sql`coalesce(${typed('status')} = 'dropped_out', false)`
          : sql`false`;
  return { data, amount, event };
}

/** What writing a feed found: its rows, how many matched, the persons and households they name, the years they cover. */
export interface FeedWrite {
  rows: number;
  matched: number;
  unmatched: number;
  persons: number;
  households: number;
  /** The households matched in each county, when the rows matched in one county only (the common case); null otherwise. */
  householdsByCounty: Record<string, number> | null;
  years: number[];
}

/**
 * Writes a feed's staged rows in one pass over them: each row matched against the registry as it is now
 * (the join of matchedRows, kept with the rows it leaves out), the matched ones into feed_row with their
 * household, the others into feed_unmatched as the feed's report, and the counts taken from the same join.
 */
export async function writeFeedRows(db: Kysely<DB>, feed: { id: string; kind: FeedKind; regionCode: string }): Promise<FeedWrite> {
  const figures = feedRowFigures(feed.kind, 's');
  // No grouping by county: sorting a million rows by it costs more than the rest of the counts.
  const r = (
    await sql<{ rows: string; matched: string; persons: string; households: string; first: string | null; last: string | null; years: number[] | null }>`
      WITH m AS MATERIALIZED (
        SELECT s.row_no, s.id_number, s.on_date, ${figures.data} AS d, ${figures.amount} AS amount, ${figures.event} AS event,
          p.county_code, p.household_id, p.member_id
        FROM ${stageTable(feed.id)} s
        LEFT JOIN (person_index p JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
            AND h.left_on IS NULL AND h.village_code LIKE ${`${regionPrefix(feed.regionCode)}%`})
          ON p.id_number = s.id_number
      ), matched AS (
        INSERT INTO feed_row (county_code, feed_id, kind, household_id, member_id, id_number, on_date, data, amount, event)
        SELECT m.county_code, ${feed.id}, ${feed.kind}, m.household_id, m.member_id, m.id_number, m.on_date, m.d, m.amount, m.event
        FROM m WHERE m.household_id IS NOT NULL
      ), unmatched AS (
        INSERT INTO feed_unmatched (feed_id, row_no, id_number, on_date, data)
        SELECT ${feed.id}, m.row_no, m.id_number, m.on_date, m.d FROM m WHERE m.household_id IS NULL
      )
      SELECT count(*) AS rows, count(m.household_id) AS matched,
        count(DISTINCT m.member_id) AS persons, count(DISTINCT m.household_id) AS households,
        min(m.county_code) AS first, max(m.county_code) AS last,
        array_agg(DISTINCT extract(year FROM m.on_date)::int) FILTER (WHERE m.household_id IS NOT NULL) AS years
      FROM m`.execute(db)
  ).rows[0] as { rows: string; matched: string; persons: string; households: string; first: string | null; last: string | null; years: number[] | null };
  const rows = Number(r.rows);
  const matched = Number(r.matched);
  const households = Number(r.households);
  return {
    rows,
    matched,
    unmatched: rows - matched,
    persons: Number(r.persons),
    households,
    householdsByCounty: r.first !== null && r.first === r.last ? { [r.first]: households } : null,
    years: r.years ?? [],
  };
}
