import { type Kysely, sql } from 'kysely';

/**
 * Why: an attachment (a photo or scan of evidence) was kept by region only, so a helper, who reads only
 * the households paired with it, could fetch the evidence of any household of its village by id. Each
 * attachment now names the household it was stored for. Existing ones take the household of the visit
 * or case that refers to them; one referred to by neither keeps none and is read, among helpers, only by
 * the one who stored it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE attachment ADD COLUMN household_id bigint`.execute(db);
  await sql`
    ALTER TABLE attachment ADD CONSTRAINT attachment_household_fkey
      FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)`.execute(db);
  await sql`
    UPDATE attachment a SET household_id = x.household_id
    FROM (SELECT DISTINCT v.county_code, v.household_id, unnest(v.photo_ids) AS attachment_id FROM visit v) x
    WHERE a.county_code = x.county_code AND a.id = x.attachment_id AND a.household_id IS NULL`.execute(db);
  await sql`
    UPDATE attachment a SET household_id = x.household_id
    FROM (
      SELECT DISTINCT p.county_code, p.household_id, (ref #>> '{}')::bigint AS attachment_id
      FROM procedure p CROSS JOIN LATERAL jsonb_path_query(p.doc, 'lax $.**.attachments[*]') AS ref
      WHERE jsonb_typeof(ref) = 'string' AND ref #>> '{}' ~ '^[0-9]{1,18}$'
    ) x
    WHERE a.county_code = x.county_code AND a.id = x.attachment_id AND a.household_id IS NULL`.execute(db);
  await sql`CREATE INDEX attachment_household_idx ON attachment (county_code, household_id) WHERE household_id IS NOT NULL`.execute(db);
}
