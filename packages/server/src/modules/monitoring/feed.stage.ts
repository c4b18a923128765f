import { regionPrefix } from '@jingzhun/domain';
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
export function matchedRows(feedId: string, regionCode: string) {
  return sql`
    FROM ${stageTable(feedId)} s
    JOIN person_index p ON p.id_number = s.id_number
    JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    WHERE h.left_on IS NULL AND h.village_code LIKE ${`${regionPrefix(regionCode)}%`}`;
}

