import { type Kysely, sql } from 'kysely';

/**
 * Why: a household that leaves the registry (leave_registry) keeps its members as they were, status
 * `active` inside a closed household, so the partial unique index "one active row per ID number and
 * county" still held them: registering such a person again, which the person index allows, died on
 * that index with a 500. A member row now says whether it is in the registry (`in_registry`), false
 * for every member of a household that left, and the index holds only active members still in the
 * registry. The key keeps the county code first, as every key does for Citus. Person index rows left
 * behind by bulk loads of households that had already left are removed, as leave_registry removes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE member ADD COLUMN in_registry boolean NOT NULL DEFAULT true`.execute(db);
  await sql`
    UPDATE member m SET in_registry = false
    FROM household h
    WHERE h.county_code = m.county_code AND h.id = m.household_id AND h.status = 'removed'`.execute(db);
  await sql`
    DELETE FROM person_index p
    USING household h
    WHERE h.county_code = p.county_code AND h.id = p.household_id AND h.status = 'removed'`.execute(db);
  await sql`DROP INDEX member_active_id_number_key`.execute(db);
  await sql`
    CREATE UNIQUE INDEX member_registered_id_number_key ON member (county_code, id_number)
    WHERE status = 'active' AND in_registry`.execute(db);
}
