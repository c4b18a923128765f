import { type Kysely, sql } from 'kysely';

/**
 * Why: a feed checked and never confirmed (the wrong file, a newer delivery) kept its staged rows, a
 * million of them for a county's medical insurance list, until someone confirmed it. It can now be
 * discarded: its stage is dropped and the feed stays on record as `discarded`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE feed DROP CONSTRAINT feed_state_check`.execute(db);
  await sql`
    ALTER TABLE feed ADD CONSTRAINT feed_state_check
      CHECK (state IN ('validating', 'invalid', 'validated', 'writing', 'done', 'failed', 'discarded'))`.execute(db);
}
