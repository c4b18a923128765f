import { EXCLUSION_FEEDS, FEED_COLUMNS, type FeedKind, regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { stageFields } from './stage.ts';

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
function matchedRows(feedId: string, regionCode: string) {
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

/**
 * The households a feed's staged rows match, by county (only the given counties, when given): the rows the
 * alert rules then look at.
 */
export async function householdsMatchedByCounty(db: Kysely<DB>, feedId: string, regionCode: string, counties: readonly string[] | null) {
  return (
    await sql<{ county_code: string; households: string[] }>`
      SELECT p.county_code, array_agg(DISTINCT p.household_id) AS households ${matchedRows(feedId, regionCode)}
        ${counties ? sql`AND p.county_code IN (${sql.join(counties)})` : sql``}
      GROUP BY p.county_code
    `.execute(db)
  ).rows;
}

/** The statement that makes a feed's stage table. */
function createStageSql(feedId: string, kind: FeedKind): string {
  stageTable(feedId);
  const fields = stageFields(kind).map((f) => `, "${f.field}" text`).join('');
  return `CREATE TABLE feed_stage_${feedId} (row_no integer NOT NULL, id_number varchar(18) NOT NULL, on_date date NOT NULL${fields})`;
}

/** The stage table's columns, as COPY names them. */
function stageColumns(kind: FeedKind): string[] {
  return ['row_no', 'id_number', 'on_date', ...stageFields(kind).map((f) => `"${f.field}"`)];
}

/**
 * Writes a buffer of staged lines (CSV) into a feed's stage table, making the table first when `create`
 * (dropping any left over).
 */
export function loadStage(database: Database, feedId: string, kind: FeedKind, create: boolean, csv: Buffer): Promise<void> {
  const table = `feed_stage_${feedId}`;
  const steps = [
    ...(create ? [{ sql: `DROP TABLE IF EXISTS ${table}` }, { sql: createStageSql(feedId, kind) }] : []),
    ...(csv.length > 0 ? [{ table, columns: stageColumns(kind), csv }] : []),
  ];
  return database.bulkLoad(steps);
}

/** Takes statistics of a feed's stage, for the joins to come. */
export async function analyzeStage(db: Kysely<DB>, feedId: string): Promise<void> {
  await sql`ANALYZE ${stageTable(feedId)}`.execute(db);
}

/** The rows of a feed's stage that repeat a resident ID and date, each set in row order, the first `limit` sets by their first row. */
export async function duplicateRows(db: Kysely<DB>, feedId: string, limit: number) {
  return sql<{ rows: number[] }>`
    SELECT array_agg(row_no ORDER BY row_no) AS rows FROM ${stageTable(feedId)}
    GROUP BY id_number, on_date HAVING count(*) > 1
    ORDER BY min(row_no) LIMIT ${limit}
  `.execute(db);
}

/**
 * A staged row's fields in SQL, typed: the row's jsonb (fields it lacks left out), the amount a rule sums
 * and whether the row is an event some rule acts on by itself. The rules themselves (raiseAlerts in the
 * domain) decide; these only keep the pass over a county's rows to plain columns.
 */
function feedRowFigures(kind: FeedKind, alias: string) {
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
