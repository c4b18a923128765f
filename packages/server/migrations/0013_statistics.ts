import { type Kysely, sql } from 'kysely';

/**
 * Why: the multidimensional (Alkire-Foster) measure needs each household's deprivations in the six
 * dimensions of 两不愁三保障 and water, decided by the policy profile's own criteria; judging a county's
 * every household takes seconds, so an assessment job keeps the result per household and year, with the
 * profile that judged it and when, and the dashboards sum it in SQL and say how fresh it is. A null
 * dimension is one the data did not tell. `stat_job` keeps each run (an assessment, or a rollup of a region
 * above the county) and its progress. `stat_snapshot` keeps a rollup's figures: a province's or a city's
 * figures are read over millions of households, so they are computed by a job and shown with their time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE household_deprivation (
      county_code char(6) NOT NULL,
      year smallint NOT NULL,
      household_id bigint NOT NULL,
      village_code varchar(12) NOT NULL,
      persons integer NOT NULL,
      food boolean,
      clothing boolean,
      education boolean,
      medical boolean,
      housing boolean,
      water boolean,
      profile_id bigint NOT NULL REFERENCES policy_profile (id),
      assessed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, year, household_id)
    )`.execute(db);
  await sql`CREATE INDEX household_deprivation_village_idx ON household_deprivation (county_code, year, village_code)`.execute(db);

  await sql`
    CREATE TABLE stat_job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      region_code varchar(12) NOT NULL REFERENCES region (code),
      year smallint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('assessment', 'rollup')),
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
      total integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      error text,
      requested_by bigint REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX stat_job_region_idx ON stat_job (region_code, year, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE stat_snapshot (
      region_code varchar(12) NOT NULL REFERENCES region (code),
      year smallint NOT NULL,
      body jsonb NOT NULL,
      computed_at timestamptz NOT NULL,
      job_id bigint REFERENCES stat_job (id),
      PRIMARY KEY (region_code, year)
    )`.execute(db);
}
