import { type Kysely, sql } from 'kysely';

/**
 * Why: visit compliance asks which pairings had a visit within the interval (a month by default). Read
 * by date over a county, those visits are one range of this index instead of one probe per pairing
 * (126,000 probes for a county of 500,000 persons).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX visit_helper_day_idx ON visit_helper (county_code, visited_on)`.execute(db);
}
