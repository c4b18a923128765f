import { EXCLUSION_FEEDS, type FeedKind, regionPrefix } from '@jingzhun/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

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

/**
 * What a row of a feed holds for the rules' first pass, as SQL over its fields (jsonb):
 * the amount a rule sums, and whether the row is an event some rule acts on by itself. The rules
 * themselves (raiseAlerts in the domain) decide; these only keep the pass over a county's rows to plain columns.
 */
export function feedRowFigures(kind: FeedKind, fields: RawBuilder<unknown>) {
  const amount =
    kind === 'medical_insurance' ? sql`(${fields}->>'outOfPocket')::numeric` : kind === 'emergency' ? sql`(${fields}->>'loss')::numeric` : sql`NULL::numeric`;
  const event =
    kind === 'public_security' || (EXCLUSION_FEEDS as readonly string[]).includes(kind)
      ? sql`true`
      : kind === 'disability'
        ? sql`coalesce((${fields}->>'grade')::int <= 2, false)`
        : kind === 'education'
          ? sql`coalesce(${fields}->>'status' = 'dropped_out', false)`
          : sql`false`;
  return { amount, event };
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
  const figures = feedRowFigures(feed.kind, sql.ref('m.d'));
  // No grouping by county: sorting a million rows by it costs more than the rest of the counts.
  const r = (
    await sql<{ rows: string; matched: string; persons: string; households: string; first: string | null; last: string | null; years: number[] | null }>`
      WITH m AS MATERIALIZED (
        SELECT s.row_no, s.id_number, s.on_date, s.data::jsonb AS d, p.county_code, p.household_id, p.member_id
        FROM ${stageTable(feed.id)} s
        LEFT JOIN (person_index p JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
            AND h.left_on IS NULL AND h.village_code LIKE ${`${regionPrefix(feed.regionCode)}%`})
          ON p.id_number = s.id_number
      ), matched AS (
        INSERT INTO feed_row (county_code, feed_id, kind, household_id, member_id, id_number, on_date, data, amount, event)
        SELECT m.county_code, ${feed.id}, ${feed.kind}, m.household_id, m.member_id, m.id_number, m.on_date, m.d, ${figures.amount}, ${figures.event}
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
