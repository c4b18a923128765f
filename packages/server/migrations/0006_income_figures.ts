import { type Kysely, sql } from 'kysely';

/**
 * Why: net income per head is the figure lists filter on and statistics sum, over counties of half a
 * million people and provinces of ten million. Computing it per query (members present at each year's
 * end, counted per household) made an income-range filter take seconds. Each income year now keeps its
 * divisor, `members`, written by the same transaction as any change to the household's members or
 * incomes, and `per_head` follows from it as a generated column, so the figure can never disagree with
 * its parts and a range is an index scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE household_income ADD COLUMN members smallint CHECK (members >= 0)`.execute(db);
  await sql`
    UPDATE household_income i SET members = (
      SELECT count(*) FROM member m
      WHERE m.county_code = i.county_code AND m.household_id = i.household_id
        AND m.birth_date <= make_date(i.year, 12, 31)
        AND coalesce(m.joined_on, m.birth_date) <= make_date(i.year, 12, 31)
        AND (m.left_on IS NULL OR m.left_on > make_date(i.year, 12, 31)))`.execute(db);
  await sql`
    ALTER TABLE household_income ADD COLUMN per_head numeric(12, 2) GENERATED ALWAYS AS (
      CASE WHEN members > 0 THEN round((wages + business + property + transfers - production_costs) / members, 2) END
    ) STORED`.execute(db);
  await sql`CREATE INDEX household_income_per_head_idx ON household_income (county_code, year, per_head)`.execute(db);
}
