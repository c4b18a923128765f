import { type Kysely, sql } from 'kysely';

/**
 * Why: a member registered without health, insurance or payroll was stored as healthy, uninsured and
 * off the payroll, and a household without assets as owning none: defaults became facts, and the yearly
 * adjustment decided households poor on a fact nobody had stated. These columns now hold null for
 * "not recorded", which the rules read as unknown. Existing rows keep their values: which of them were
 * stated and which were defaults cannot be told apart any more, so nothing is guessed either way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE member
      ALTER COLUMN school_status DROP NOT NULL, ALTER COLUMN school_status DROP DEFAULT,
      ALTER COLUMN health DROP NOT NULL, ALTER COLUMN health DROP DEFAULT,
      ALTER COLUMN chronic_disease_card DROP NOT NULL, ALTER COLUMN chronic_disease_card DROP DEFAULT,
      ALTER COLUMN labour_capacity DROP NOT NULL, ALTER COLUMN labour_capacity DROP DEFAULT,
      ALTER COLUMN employment DROP NOT NULL, ALTER COLUMN employment DROP DEFAULT,
      ALTER COLUMN medical_insured DROP NOT NULL, ALTER COLUMN medical_insured DROP DEFAULT,
      ALTER COLUMN pension_insured DROP NOT NULL, ALTER COLUMN pension_insured DROP DEFAULT,
      ALTER COLUMN public_payroll DROP NOT NULL, ALTER COLUMN public_payroll DROP DEFAULT
  `.execute(db);
  await sql`
    ALTER TABLE household
      ALTER COLUMN has_car DROP NOT NULL, ALTER COLUMN has_car DROP DEFAULT,
      ALTER COLUMN has_machinery DROP NOT NULL, ALTER COLUMN has_machinery DROP DEFAULT,
      ALTER COLUMN has_town_property DROP NOT NULL, ALTER COLUMN has_town_property DROP DEFAULT,
      ALTER COLUMN has_registered_business DROP NOT NULL, ALTER COLUMN has_registered_business DROP DEFAULT
  `.execute(db);
}
