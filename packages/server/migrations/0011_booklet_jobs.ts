import { type Kysely, sql } from 'kysely';

/**
 * Why: a village's booklets or benefit cards (一户一册一卡) are made in one run, in the background, and
 * downloaded as one PDF. The run and its file are kept so the download survives a closed browser tab and
 * a restart; a run still going when the server stopped is marked failed at the next start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE booklet_job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      region_code varchar(12) NOT NULL REFERENCES region (code),
      kind text NOT NULL CHECK (kind IN ('booklet', 'card')),
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
      total integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      error text,
      file_name text,
      content bytea,
      requested_by bigint NOT NULL REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX booklet_job_region_idx ON booklet_job (region_code, created_at DESC)`.execute(db);
}
