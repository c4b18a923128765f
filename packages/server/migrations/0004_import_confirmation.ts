import { type Kysely, sql } from 'kysely';

/**
 * Why: a written import is a decision someone took; the job records who confirmed it and when, beside
 * the audit event, so the import screen can say it without reading the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_job ADD COLUMN confirmed_at timestamptz, ADD COLUMN confirmed_by bigint REFERENCES app_user (id)`.execute(db);
}
