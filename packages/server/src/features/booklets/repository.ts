import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The names of the county and the township a village lies in, county first. */
export function listPlacesAbove(db: Kysely<DB>, villageCode: string) {
  return db.selectFrom('region').select('name').where('code', 'in', [villageCode.slice(0, 6), villageCode.slice(0, 9)]).orderBy('code').execute();
}

/** A village's code and name, when a village (level 5) has that code. */
export function findVillage(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name']).where('code', '=', code).where('level', '=', 5).executeTakeFirst();
}

/** The households of a village still registered, by number. */
export function listVillageHouseholds(db: Kysely<DB>, villageCode: string) {
  return db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', villageCode.slice(0, 6))
    .where('village_code', '=', villageCode)
    .where('left_on', 'is', null)
    .orderBy('household_no')
    .execute();
}

/** Inserts a running batch job; returns its row. */
export function insertJob(trx: Transaction<DB>, job: { regionCode: string; kind: 'booklet' | 'card'; requestedBy: string }) {
  return trx.insertInto('booklet_job').values({ region_code: job.regionCode, kind: job.kind, state: 'running', requested_by: job.requestedBy }).returningAll().executeTakeFirstOrThrow();
}

/** Records how many households a batch has, or how many it has read. */
export async function updateJobCounts(db: Kysely<DB>, jobId: string, counts: { total: number } | { done: number }): Promise<void> {
  await db.updateTable('booklet_job').set(counts).where('id', '=', jobId).execute();
}

/** Marks a batch done and stores its file. */
export async function finishJob(db: Kysely<DB>, jobId: string, done: { total: number; content: Buffer; fileName: string }): Promise<void> {
  await db
    .updateTable('booklet_job')
    .set({ state: 'done', done: done.total, content: done.content, file_name: done.fileName, finished_at: new Date() })
    .where('id', '=', jobId)
    .execute();
}

/** Marks a batch failed with its error. */
export async function failJob(db: Kysely<DB>, jobId: string, error: string): Promise<void> {
  await db.updateTable('booklet_job').set({ state: 'failed', error, finished_at: new Date() }).where('id', '=', jobId).execute();
}

/** Marks a batch still recorded as running as interrupted; undefined when it is no longer running. */
export function markJobInterrupted(db: Kysely<DB>, jobId: string) {
  return db
    .updateTable('booklet_job')
    .set({ state: 'failed', error: 'interrupted', finished_at: new Date() })
    .where('id', '=', jobId)
    .where('state', '=', 'running')
    .returning('id')
    .executeTakeFirst();
}

/** A batch job without its file. */
export function findJob(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('booklet_job')
    .select(['id', 'region_code', 'kind', 'state', 'total', 'done', 'error', 'file_name', 'created_at', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The file of a batch job. */
export function findJobFile(db: Kysely<DB>, id: string) {
  return db.selectFrom('booklet_job').select(['content', 'file_name']).where('id', '=', id).executeTakeFirstOrThrow();
}
