import { regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The states a feed can be taken from, by a confirmation or a discard. */
type TakenFrom = 'validated' | 'invalid' | 'failed';

/** Marks a feed being read or written as failed, with the code of why. */
export async function markFeedFailed(db: Kysely<DB>, id: string, code: string): Promise<void> {
  await db
    .updateTable('feed')
    .set({ state: 'failed', message: code, updated_at: new Date(), finished_at: new Date() })
    .where('id', '=', id)
    .where('state', 'in', ['validating', 'writing'])
    .execute();
}

/** One feed by id, as stored. */
export function findFeed(db: Kysely<DB>, id: string) {
  return db.selectFrom('feed').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Whether a region exists. */
export async function regionExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const region = await db.selectFrom('region').select('code').where('code', '=', code).executeTakeFirst();
  return region !== undefined;
}

/** Stores a new feed, validating; returns its id. */
export async function insertFeed(
  db: Kysely<DB>,
  feed: { kind: string; regionCode: string; source: string; asOf: string; fileName: string; mapping: unknown; userId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('feed')
    .values({
      kind: feed.kind,
      region_code: feed.regionCode,
      source: feed.source,
      as_of: feed.asOf,
      file_name: feed.fileName,
      mapping: JSON.stringify(feed.mapping),
      user_id: feed.userId,
      state: 'validating',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** What a feed's check ended in: its state (and, handed straight to the write, who confirmed it), counts and problems. */
export interface CheckedFeed {
  state: 'invalid' | 'writing' | 'validated';
  confirmedBy: string | null;
  counts: unknown;
  errors: unknown;
  errorCount: number;
  finished: boolean;
}

/** Records what a feed's check ended in. */
export async function recordCheck(db: Kysely<DB>, id: string, check: CheckedFeed): Promise<void> {
  await db
    .updateTable('feed')
    .set({
      state: check.state,
      ...(check.confirmedBy ? { confirmed_at: new Date(), confirmed_by: check.confirmedBy } : {}),
      counts: JSON.stringify(check.counts),
      errors: JSON.stringify(check.errors),
      error_count: check.errorCount,
      updated_at: new Date(),
      finished_at: check.finished ? new Date() : null,
    })
    .where('id', '=', id)
    .execute();
}

/** Moves a feed out of one of the given states, only if it is still there; false when it was not. */
export async function moveFeed(
  db: Kysely<DB>,
  id: string,
  from: readonly TakenFrom[],
  set: { state: 'writing' | 'discarded'; confirmed_at?: Date; confirmed_by?: string; finished_at?: Date },
): Promise<boolean> {
  const taken = await db
    .updateTable('feed')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return taken.numUpdatedRows > 0n;
}

/** The state a feed is in now, or undefined. */
export function feedState(db: Kysely<DB>, id: string) {
  return db.selectFrom('feed').select('state').where('id', '=', id).executeTakeFirst();
}

/** Gives the transaction 64 MB of working memory (for the hash tables of a bulk write). */
export async function raiseWorkMem(db: Kysely<DB>): Promise<void> {
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
}

/** Takes statistics of feed_row, only the columns the rules' reads filter and sum on. */
export async function analyzeFeedRows(db: Kysely<DB>): Promise<void> {
  await sql`ANALYZE feed_row (county_code, household_id, on_date, kind, amount, event)`.execute(db);
}

/** Marks a feed written, with its counts. */
export async function markFeedDone(db: Kysely<DB>, id: string, counts: unknown): Promise<void> {
  await db
    .updateTable('feed')
    .set({ state: 'done', counts: JSON.stringify(counts), updated_at: new Date(), finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** One feed by id with the names of who uploaded and who confirmed it, or undefined. */
export function findFeedWithNames(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('feed as f')
    .leftJoin('app_user as u', 'u.id', 'f.user_id')
    .leftJoin('app_user as c', 'c.id', 'f.confirmed_by')
    .selectAll('f')
    .select(['u.display_name as user_name', 'c.display_name as confirmed_by_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/** A feed with the names of who uploaded and who confirmed it. */
export type FeedWithNames = NonNullable<Awaited<ReturnType<typeof findFeedWithNames>>>;

/** The feeds of a region, newest first; discarded ones only when asked for (they stay on record, off the list). */
export async function listFeedsOfRegion(db: Kysely<DB>, regionCode: string, filter: { kind?: string | undefined; discarded?: boolean | undefined; page: number; pageSize: number }) {
  let q = db.selectFrom('feed as f').where('f.region_code', 'like', `${regionPrefix(regionCode)}%`);
  if (filter.kind) q = q.where('f.kind', '=', filter.kind);
  if (!filter.discarded) q = q.where('f.state', '<>', 'discarded');
  const [items, total] = await Promise.all([
    q
      .leftJoin('app_user as u', 'u.id', 'f.user_id')
      .leftJoin('app_user as c', 'c.id', 'f.confirmed_by')
      .selectAll('f')
      .select(['u.display_name as user_name', 'c.display_name as confirmed_by_name'])
      .orderBy('f.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** A page of a feed's rows no registered person in its region matched, with the ID masked. */
export async function unmatchedRows(db: Kysely<DB>, feedId: string, page: number, pageSize: number) {
  const q = db.selectFrom('feed_unmatched').where('feed_id', '=', feedId);
  const [items, total] = await Promise.all([
    q.select(['row_no', 'id_number', 'on_date', 'data']).orderBy('row_no').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
