import { type Kysely, sql } from 'kysely';

/**
 * Why: five tables kept five kinds of background work (imports, feeds, adjustment runs, booklets,
 * rollups), each with its own states, its progress in memory and no way back after a restart. One
 * `job` table serves the job kernel for every kind: its state and stage survive a restart, so queued
 * work runs and interrupted work resumes from its last finished stage or ends failed with the reason.
 * The kinds' own tables keep their results (an import's plan, a feed's rows) and point here. A job of the
 * installation as a whole (purging expired sessions, the embedded engine's checkpoint) names no region.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
      region_code varchar(12) REFERENCES region (code),
      state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      stage text,
      stages_done text[] NOT NULL DEFAULT '{}',
      progress_done bigint NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
      progress_total bigint NOT NULL DEFAULT 0 CHECK (progress_total >= 0),
      counts jsonb NOT NULL DEFAULT '{}',
      params jsonb NOT NULL DEFAULT '{}',
      result jsonb,
      error jsonb,
      attempts integer NOT NULL DEFAULT 0,
      cancel_requested boolean NOT NULL DEFAULT false,
      schedule text,
      created_by bigint REFERENCES app_user (id),
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      run_after timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      CHECK ((state IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX job_queued_idx ON job (run_after, id) WHERE state = 'queued'`.execute(db);
  await sql`CREATE INDEX job_running_idx ON job (heartbeat_at) WHERE state = 'running'`.execute(db);
  await sql`CREATE INDEX job_kind_idx ON job (kind, region_code, id DESC)`.execute(db);
  await sql`CREATE INDEX job_schedule_idx ON job (schedule, created_at DESC) WHERE schedule IS NOT NULL`.execute(db);
}
