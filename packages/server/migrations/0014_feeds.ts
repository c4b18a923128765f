import { type Kysely, sql } from 'kysely';

/**
 * Why: a feed checked and never confirmed (the wrong file, a newer delivery) kept its staged rows, a
 * million of them for a county's medical insurance list, until someone confirmed it. It can now be
 * discarded: its stage is dropped and the feed stays on record as `discarded`.
 * And `feed_unmatched` loses its foreign key to `feed`, as `feed_row` never had one: its rows are written
 * only by the feed's own write, in the transaction that holds the feed, and checking each of a feed's
 * hundred thousand unmatched rows against it cost the embedded engine about a second. A feed is never
 * deleted, so nothing relied on the cascade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE feed DROP CONSTRAINT feed_state_check`.execute(db);
  await sql`
    ALTER TABLE feed ADD CONSTRAINT feed_state_check
      CHECK (state IN ('validating', 'invalid', 'validated', 'writing', 'done', 'failed', 'discarded'))`.execute(db);
  await sql`ALTER TABLE feed_unmatched DROP CONSTRAINT feed_unmatched_feed_id_fkey`.execute(db);
}
