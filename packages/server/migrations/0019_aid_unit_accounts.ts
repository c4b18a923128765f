import { type Kysely, sql } from 'kysely';

/**
 * Why: the `aid_unit` role (帮扶单位) signed in to nothing, because an account could not say which unit it
 * speaks for. An aid unit's account now names its unit, and reads that unit's work only: its staff, their
 * pairings, visits and ledgers, and the visit compliance of its pairings. Only an `aid_unit` account may
 * name a unit. An existing `aid_unit` account takes the unit its login already works for as a member of
 * staff, when there is one; the others keep no unit and see no unit's work until an administrator gives
 * them one (nothing is guessed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE app_user ADD COLUMN aid_unit_id bigint REFERENCES aid_unit (id)`.execute(db);
  await sql`
    UPDATE app_user u SET aid_unit_id = s.unit_id
    FROM aid_staff s WHERE s.user_id = u.id AND u.role = 'aid_unit'`.execute(db);
  await sql`ALTER TABLE app_user ADD CONSTRAINT app_user_aid_unit_role CHECK (aid_unit_id IS NULL OR role = 'aid_unit')`.execute(db);
  await sql`CREATE INDEX app_user_aid_unit_idx ON app_user (aid_unit_id) WHERE aid_unit_id IS NOT NULL`.execute(db);
}
