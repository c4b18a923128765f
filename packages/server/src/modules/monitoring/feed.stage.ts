import { EXCLUSION_FEEDS, type FeedKind, regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
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
export function matchedRows(feedId: string, regionCode: string, options: { fields?: boolean } = {}) {
  // With \`fields\`, each row's fields parsed once as \`j.d\` (jsonb) for the statement to read.
  const fields = options.fields ? sql`CROSS JOIN LATERAL (SELECT s.data::jsonb AS d) j` : sql``;
  return sql`
    FROM ${stageTable(feedId)} s
    JOIN person_index p ON p.id_number = s.id_number
    JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    ${fields}
    WHERE h.left_on IS NULL AND h.village_code LIKE ${`${regionPrefix(regionCode)}%`}`;
}


/**
 * What a row of a feed holds for the rules' first pass, as SQL over its fields \`j.d\` (jsonb): the amount a
 * rule sums, and whether the row is an event some rule acts on by itself. The rules themselves
 * (raiseAlerts in the domain) decide; these only keep the pass over a county's rows to plain columns.
 */
export function feedRowFigures(kind: FeedKind) {
  const amount =
    kind === 'medical_insurance' ? sql`(j.d->>'outOfPocket')::numeric` : kind === 'emergency' ? sql`(j.d->>'loss')::numeric` : sql`NULL::numeric`;
  const event =
    kind === 'public_security' || (EXCLUSION_FEEDS as readonly string[]).includes(kind)
      ? sql`true`
      : kind === 'disability'
        ? sql`coalesce((j.d->>'grade')::int <= 2, false)`
        : kind === 'education'
          ? sql`coalesce(j.d->>'status' = 'dropped_out', false)`
          : sql`false`;
  return { amount, event };
}
