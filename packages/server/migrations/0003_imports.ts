import { type Kysely, sql } from 'kysely';

/**
 * Why: Excel imports run as staged jobs (upload → validate every row → summary → confirm → write in one
 * transaction → report). The job keeps the uploaded file, so the error report can mark the user's own
 * cells, and its outcome, so the user can come back to it. Jobs belong to a user and a region, not to a
 * county's data, and stay few: they are keyed by id alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      user_id bigint NOT NULL REFERENCES app_user (id),
      region_code varchar(12) NOT NULL REFERENCES region (code),
      file_name text NOT NULL,
      file bytea NOT NULL,
      state text NOT NULL CHECK (state IN ('validating', 'invalid', 'validated', 'writing', 'done', 'failed')),
      counts jsonb NOT NULL DEFAULT '{}',
      errors jsonb NOT NULL DEFAULT '[]',
      error_count integer NOT NULL DEFAULT 0,
      message text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX import_job_user_idx ON import_job (user_id, id)`.execute(db);
}
