import { type Kysely, sql } from 'kysely';

/**
 * Why: the registry (建档立卡) in full. Households gain causes, bank account, living conditions for
 * 两不愁三保障 and water, and the assets exclusion rules look at; members gain education, health,
 * labour, employment and insurance, and leave a household by status and date instead of being deleted.
 * Incomes are kept per year and source; events record how households change; every correction is a
 * row of household_change with its reason, so any past state can be rebuilt.
 *
 * A living person appears once in the whole registry. Within a county a partial unique index holds it;
 * across counties person_index does: it is keyed by the ID number alone (under Citus it would be
 * distributed by id_number, not by county), the one deliberate exception to county-keyed tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE household
      ADD COLUMN secondary_causes text[] NOT NULL DEFAULT '{}',
      ADD COLUMN bank_account text,
      ADD COLUMN bank_name text,
      ADD COLUMN food_secure boolean,
      ADD COLUMN clothing_secure boolean,
      ADD COLUMN housing_grade char(1) CHECK (housing_grade IN ('A', 'B', 'C', 'D')),
      ADD COLUMN water_quantity boolean,
      ADD COLUMN water_quality boolean,
      ADD COLUMN water_convenience boolean,
      ADD COLUMN water_guarantee boolean,
      ADD COLUMN has_car boolean NOT NULL DEFAULT false,
      ADD COLUMN has_machinery boolean NOT NULL DEFAULT false,
      ADD COLUMN has_town_property boolean NOT NULL DEFAULT false,
      ADD COLUMN has_registered_business boolean NOT NULL DEFAULT false,
      ADD COLUMN left_on date,
      ADD COLUMN left_reason text
  `.execute(db);
  await sql`CREATE INDEX household_id_idx ON household (id)`.execute(db);
  await sql`CREATE INDEX household_initials_idx ON household (county_code, head_name_initials text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX household_pinyin_idx ON household (county_code, head_name_pinyin)`.execute(db);

  await sql`
    ALTER TABLE member
      ADD COLUMN ethnicity text,
      ADD COLUMN education text,
      ADD COLUMN school_status text NOT NULL DEFAULT 'not_in_school',
      ADD COLUMN health text NOT NULL DEFAULT 'healthy',
      ADD COLUMN disability_type text,
      ADD COLUMN disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
      ADD COLUMN chronic_disease_card boolean NOT NULL DEFAULT false,
      ADD COLUMN labour_capacity text NOT NULL DEFAULT 'normal',
      ADD COLUMN employment text NOT NULL DEFAULT 'none',
      ADD COLUMN medical_insured boolean NOT NULL DEFAULT false,
      ADD COLUMN pension_insured boolean NOT NULL DEFAULT false,
      ADD COLUMN public_payroll boolean NOT NULL DEFAULT false,
      ADD COLUMN phone text,
      ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deceased', 'left')),
      ADD COLUMN joined_on date,
      ADD COLUMN left_on date,
      ADD COLUMN left_reason text
  `.execute(db);
  // A person who leaves one household and joins another of the county has two member rows, one left.
  await sql`ALTER TABLE member DROP CONSTRAINT member_county_code_id_number_key`.execute(db);
  await sql`CREATE UNIQUE INDEX member_active_id_number_key ON member (county_code, id_number) WHERE status = 'active'`.execute(db);
  await sql`CREATE INDEX member_id_number_idx ON member (id_number)`.execute(db);
  await sql`CREATE INDEX member_initials_idx ON member (county_code, name_initials text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX member_pinyin_idx ON member (county_code, name_pinyin text_pattern_ops)`.execute(db);
  // "The last digits of an ID" is a suffix search: an index on the reversed number makes it a prefix one.
  await sql`CREATE INDEX member_id_suffix_idx ON member (county_code, reverse(id_number) text_pattern_ops)`.execute(db);

  await sql`
    CREATE TABLE person_index (
      id_number varchar(18) PRIMARY KEY,
      county_code char(6) NOT NULL,
      household_id bigint NOT NULL,
      member_id bigint NOT NULL
    )`.execute(db);
  await sql`
    INSERT INTO person_index (id_number, county_code, household_id, member_id)
    SELECT id_number, county_code, household_id, id FROM member WHERE status = 'active'
  `.execute(db);

  await sql`
    CREATE TABLE household_income (
      county_code char(6) NOT NULL,
      household_id bigint NOT NULL,
      year smallint NOT NULL CHECK (year BETWEEN 2010 AND 2100),
      wages numeric(12, 2) NOT NULL CHECK (wages >= 0),
      business numeric(12, 2) NOT NULL CHECK (business >= 0),
      property numeric(12, 2) NOT NULL CHECK (property >= 0),
      transfers numeric(12, 2) NOT NULL CHECK (transfers >= 0),
      production_costs numeric(12, 2) NOT NULL CHECK (production_costs >= 0),
      PRIMARY KEY (county_code, household_id, year),
      FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)
    )`.execute(db);

  await sql`
    CREATE TABLE household_event (
      county_code char(6) NOT NULL,
      id bigint GENERATED BY DEFAULT AS IDENTITY,
      household_id bigint NOT NULL,
      kind text NOT NULL,
      occurred_on date NOT NULL,
      reason text NOT NULL,
      member_id bigint,
      related_household_id bigint,
      details jsonb,
      actor_id bigint,
      actor_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id),
      FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)
    )`.execute(db);
  await sql`CREATE INDEX household_event_household_idx ON household_event (county_code, household_id, occurred_on)`.execute(db);

  await sql`
    CREATE TABLE household_change (
      county_code char(6) NOT NULL,
      id bigint GENERATED BY DEFAULT AS IDENTITY,
      household_id bigint NOT NULL,
      entity text NOT NULL CHECK (entity IN ('household', 'member', 'income')),
      entity_id text NOT NULL,
      field text NOT NULL,
      old_value jsonb,
      new_value jsonb,
      reason text NOT NULL,
      actor_id bigint,
      actor_name text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, id),
      FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)
    )`.execute(db);
  await sql`CREATE INDEX household_change_household_idx ON household_change (county_code, household_id, at)`.execute(db);
}
