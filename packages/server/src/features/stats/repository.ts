import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/*
 * The statistics' own records: the rollup snapshots of the regions above the county, and the jobs that
 * assess deprivations and roll figures up.
 */

/** The kinds of background job the statistics run. */
export type StatJobKind = 'assessment' | 'rollup';

/** The rolled-up overview of a region and year, in both languages, if a rollup has run. */
export function findSnapshot(db: Kysely<DB>, regionCode: string, year: number) {
  return db.selectFrom('stat_snapshot').select('body').where('region_code', '=', regionCode).where('year', '=', year).executeTakeFirst();
}

/** Keeps the rolled-up overview of a region and year, replacing the one before. */
export async function saveSnapshot(db: Kysely<DB>, regionCode: string, year: number, body: unknown, at: Date, jobId: string): Promise<void> {
  await db
    .insertInto('stat_snapshot')
    .values({ region_code: regionCode, year, body: JSON.stringify(body), computed_at: at, job_id: jobId })
    .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ body: JSON.stringify(body), computed_at: at, job_id: jobId }))
    .execute();
}

/** The job of a kind running for a region and year, if any. */
export function findRunningJob(db: Kysely<DB>, kind: StatJobKind, regionCode: string, year: number) {
  return db.selectFrom('stat_job').select('id').where('kind', '=', kind).where('state', '=', 'running').where('region_code', '=', regionCode).where('year', '=', year).executeTakeFirst();
}

/** Records a job as running, requested by a user. */
export function insertJob(db: Kysely<DB>, kind: StatJobKind, regionCode: string, year: number, requestedBy: string) {
  return db.insertInto('stat_job').values({ region_code: regionCode, year, kind, state: 'running', requested_by: requestedBy }).returningAll().executeTakeFirstOrThrow();
}

/** Saves how far a running job has come. */
export async function updateJobProgress(db: Kysely<DB>, id: string, done: number, total: number): Promise<void> {
  await db.updateTable('stat_job').set({ done, total }).where('id', '=', id).execute();
}

/** Marks a job done. */
export async function finishJob(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('stat_job').set({ state: 'done', finished_at: new Date() }).where('id', '=', id).execute();
}

/** Marks a job failed with its error. */
export async function failJob(db: Kysely<DB>, id: string, error: string): Promise<void> {
  await db.updateTable('stat_job').set({ state: 'failed', error, finished_at: new Date() }).where('id', '=', id).execute();
}

/** A job of a kind by id. */
export function findJob(db: Kysely<DB>, id: string, kind: StatJobKind) {
  return db.selectFrom('stat_job').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

/** The latest ten jobs of a kind for a region (and year), newest first. */
export function listJobs(db: Kysely<DB>, kind: StatJobKind, regionCode: string, year: number | undefined) {
  let query = db.selectFrom('stat_job').selectAll().where('kind', '=', kind).where('region_code', '=', regionCode);
  if (year !== undefined) query = query.where('year', '=', year);
  return query.orderBy('created_at', 'desc').limit(10).execute();
}
