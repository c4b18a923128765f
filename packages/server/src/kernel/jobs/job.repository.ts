import { sql } from 'kysely';
import type { Db } from '../db/db.ts';

/** The states of a job; the last three are final. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job's error as the owner reads it: a code from the error catalogue or 'interrupted', and why. */
export interface JobError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface NewJob {
  kind: string;
  /** Null for work of the whole installation. */
  regionCode: string | null;
  params: unknown;
  createdBy: string | null;
  createdByName: string;
  schedule?: string | null;
  runAfter?: Date;
}

const JOB_COLUMNS = [
  'id',
  'kind',
  'region_code',
  'state',
  'stage',
  'stages_done',
  'progress_done',
  'progress_total',
  'counts',
  'params',
  'result',
  'error',
  'attempts',
  'cancel_requested',
  'schedule',
  'created_by',
  'created_by_name',
  'created_at',
  'run_after',
  'started_at',
  'heartbeat_at',
  'finished_at',
] as const;

/** Queues a job; call it in the transaction that records its audit entry. */
export async function insertJob(db: Db, job: NewJob) {
  return db
    .insertInto('job')
    .values({
      kind: job.kind,
      region_code: job.regionCode,
      params: JSON.stringify(job.params ?? {}),
      created_by: job.createdBy,
      created_by_name: job.createdByName,
      schedule: job.schedule ?? null,
      run_after: job.runAfter ?? new Date(),
    })
    .returning(JOB_COLUMNS)
    .executeTakeFirstOrThrow();
}

export type JobRow = Awaited<ReturnType<typeof insertJob>>;

export function findJob(db: Db, id: string) {
  return db.selectFrom('job').select(JOB_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Jobs of some kinds in a region and below it, newest first. */
export function listJobs(db: Db, filter: { kinds: readonly string[]; regionPrefix: string; limit: number }) {
  return db
    .selectFrom('job')
    .select(JOB_COLUMNS)
    .where('kind', 'in', filter.kinds)
    .where('region_code', 'like', `${filter.regionPrefix}%`)
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/**
 * Takes a queued job to run: only one caller wins (the row is locked and skipped by the others), so no
 * job runs twice however many processes ask. With an id, that job only (a queue named it).
 */
export async function claimJob(db: Db, kinds: readonly string[], id?: string) {
  if (kinds.length === 0) return undefined;
  const next = db
    .selectFrom('job')
    .select('id')
    .where('state', '=', 'queued')
    .where('run_after', '<=', sql<Date>`now()`)
    .where('kind', 'in', kinds)
    .$if(id !== undefined, (q) => q.where('id', '=', id as string))
    .orderBy('run_after')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable('job')
    .set({
      state: 'running',
      attempts: sql`attempts + 1`,
      started_at: sql`coalesce(started_at, now())`,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
    .returning(JOB_COLUMNS)
    .executeTakeFirst();
}

/** Records a finished stage (and the progress and counts reached with it). */
export async function markStageDone(db: Db, id: string, stage: string, progress: { done: number; total: number }, counts: Record<string, number>) {
  await db
    .updateTable('job')
    .set({
      stage,
      stages_done: sql`array_append(stages_done, ${stage}::text)`,
      progress_done: progress.done,
      progress_total: progress.total,
      counts: JSON.stringify(counts),
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/** Marks a running job alive, and answers whether someone asked to cancel it (undefined: no longer running). */
export async function beat(db: Db, id: string, progress: { done: number; total: number }): Promise<boolean | undefined> {
  const row = await db
    .updateTable('job')
    .set({ heartbeat_at: sql`now()`, progress_done: progress.done, progress_total: progress.total })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('cancel_requested')
    .executeTakeFirst();
  return row?.cancel_requested;
}

/** Ends a running job (or a queued one being cancelled); false when it was not in a state to end. */
export async function finishJob(
  db: Db,
  id: string,
  end: { state: 'succeeded' | 'failed' | 'cancelled'; result?: unknown; error?: JobError; counts?: Record<string, number>; from: readonly JobState[] },
): Promise<boolean> {
  const done = await db
    .updateTable('job')
    .set({
      state: end.state,
      result: end.result === undefined ? null : JSON.stringify(end.result),
      error: end.error === undefined ? null : JSON.stringify(end.error),
      ...(end.counts ? { counts: JSON.stringify(end.counts) } : {}),
      finished_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('state', 'in', end.from)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Asks a running job to stop at its next check. */
export async function requestCancel(db: Db, id: string): Promise<boolean> {
  const done = await db.updateTable('job').set({ cancel_requested: true }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/**
 * Running jobs nobody is running any more: on the embedded engine every running job at start (one process
 * owns the data folder), on a server those whose heartbeat stopped more than `staleSeconds` ago. Locked and
 * skipped like a claim, so two processes never recover the same job.
 */
export function takeInterrupted(db: Db, staleSeconds: number | null) {
  return db
    .selectFrom('job')
    .select(JOB_COLUMNS)
    .where('state', '=', 'running')
    .$if(staleSeconds !== null, (q) => q.where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Puts an interrupted job back in the queue, to resume after its last finished stage. */
export async function requeueJob(db: Db, id: string): Promise<void> {
  await db.updateTable('job').set({ state: 'queued', heartbeat_at: null, run_after: sql`now()` }).where('id', '=', id).where('state', '=', 'running').execute();
}

/** When the schedule last made a job (null: never). */
export async function lastScheduledAt(db: Db, schedule: string): Promise<Date | null> {
  const row = await db.selectFrom('job').select('created_at').where('schedule', '=', schedule).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.created_at ?? null;
}

/** Whether a job of the schedule is still queued or running (a slow nightly run is not queued twice). */
export async function scheduleBusy(db: Db, schedule: string): Promise<boolean> {
  const row = await db.selectFrom('job').select('id').where('schedule', '=', schedule).where('state', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}
