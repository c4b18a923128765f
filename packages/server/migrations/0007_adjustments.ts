import { type Kysely, sql } from 'kysely';

/**
 * Why: the yearly dynamic adjustment (动态调整) evaluates every household of a region and lists those
 * whose status no longer fits their facts: should enter, should exit, should return, excluded,
 * undecidable for missing data, and households treated differently from others with the same facts.
 * A run is kept with the profile versions it used, so a list can be checked against its rules later;
 * its items grow with households and carry the county code in their key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE adjustment_run (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      region_code varchar(12) NOT NULL REFERENCES region (code),
      year smallint NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
      households integer NOT NULL DEFAULT 0,
      counts jsonb NOT NULL DEFAULT '{}',
      basis jsonb NOT NULL DEFAULT '[]',
      message text,
      created_by bigint REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE adjustment_item (
      county_code char(6) NOT NULL,
      run_id bigint NOT NULL REFERENCES adjustment_run (id),
      household_id bigint NOT NULL,
      category text NOT NULL CHECK (category IN ('should_enter', 'should_exit', 'should_return', 'excluded', 'cannot_decide', 'inconsistent')),
      village_code varchar(12) NOT NULL,
      status text NOT NULL,
      outcome text NOT NULL,
      reasons jsonb NOT NULL,
      peer_household_id bigint,
      procedure_id bigint,
      PRIMARY KEY (county_code, run_id, household_id, category)
    )`.execute(db);
  await sql`CREATE INDEX adjustment_item_run_idx ON adjustment_item (run_id, category, village_code)`.execute(db);
}
