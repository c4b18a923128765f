import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { regionPrefix } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import type { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';
import { bookletData, householdPageUrl, renderBooklets, villageContext } from './service.ts';
import { failJob, findJob, findJobFile, findVillage, finishJob, insertJob, listVillageHouseholds, markJobInterrupted, updateJobCounts } from './repository.ts';

export const KIND_NAMES = { booklet: '扶贫手册', card: '明白卡' } as const;
/**
 * The share of a batch's progress that reading the households takes; rendering the one PDF takes the rest
 * (about as long again) and reports nothing until it ends, so the job says which phase it is in.
 */
const READING_SHARE = 0.5;

/** A batch job as the API shows it, with its progress (live when it runs in this process). */
export function presentJob(
  job: { id: string; region_code: string; kind: 'booklet' | 'card'; state: string; total: number; done: number; error: string | null; created_at: Date; finished_at: Date | null },
  live: number | null = null,
) {
  const reading = live === null || live < READING_SHARE;
  return {
    id: job.id,
    kind: job.kind,
    regionCode: job.region_code,
    state: job.state,
    total: job.total,
    done: job.done,
    progress: job.state === 'done' ? 1 : (live ?? (job.total === 0 ? 0 : (READING_SHARE * job.done) / job.total)),
    /** While running: reading the households, or rendering the PDF. */
    phase: job.state === 'running' ? (reading ? 'reading' : 'rendering') : null,
    error: job.error,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}

/** Records a batch asked for a village inside the user's region, with its audit entry; returns the job and the village. */
export async function requestBatch(db: Db, user: SessionUser, actor: Actor, code: string, kind: 'booklet' | 'card') {
  regionInScope(user, 'code', code);
  const village = await findVillage(db, code);
  if (!village) throw new AppError('region_not_found', { field: 'code' });
  const job = await inTransaction(db, async (trx) => {
    const row = await insertJob(trx, { regionCode: code, kind, requestedBy: user.id });
    await recordAudit(trx, actor, { action: 'booklets.requested', entity: 'booklet_job', entityId: row.id, regionCode: code, after: { kind } });
    return row;
  });
  return { job, village };
}

/**
 * Makes every booklet or card of a village (households still registered, by number) into one PDF, reporting
 * each household read; the file is stored with the job.
 */
export async function runBatch(db: Db, jobs: BackgroundJobs, user: SessionUser, jobId: string, village: { code: string; name: string }, kind: 'booklet' | 'card', origin: string) {
  const households = await listVillageHouseholds(db, village.code);
  await updateJobCounts(db, jobId, { total: households.length });
  const items = [];
  const context = await villageContext(db, village.code);
  for (const [i, h] of households.entries()) {
    items.push({ data: await bookletData(db, user, h.id, context), url: householdPageUrl(origin, h.id) });
    jobs.report(jobId, READING_SHARE * ((i + 1) / Math.max(households.length, 1)));
    if (i % 10 === 9) {
      await updateJobCounts(db, jobId, { done: i + 1 });
      await yieldToRequests();
    }
  }
  const fileName = `${village.name}-${KIND_NAMES[kind]}.pdf`;
  const content = await renderBooklets(kind, items, fileName);
  await finishJob(db, jobId, { total: households.length, content, fileName });
}

/** Records that a batch failed, with its error's message. */
export async function batchFailed(db: Db, jobId: string, err: unknown): Promise<void> {
  await failJob(db, jobId, err instanceof Error ? err.message : String(err));
}

/** A batch job of the user's region with its live progress; a job no longer running anywhere is marked interrupted. */
export async function visibleJob(db: Db, jobs: BackgroundJobs, user: SessionUser, id: string): Promise<Parameters<typeof presentJob>[0] & { file_name: string | null; live: number | null }> {
  const job = await findJob(db, id);
  if (!job || !job.region_code.startsWith(regionPrefix(user.regionCode))) throw new AppError('not_found', { entity: 'booklet_job', id });
  const live = jobs.progressOf(job.id);
  if (job.state === 'running' && live === null) {
    // Not running in this process: it finished just now, or the server stopped while it ran.
    const marked = await markJobInterrupted(db, job.id);
    if (!marked) return visibleJob(db, jobs, user, id);
    return { ...job, state: 'failed', error: 'interrupted', live: null };
  }
  return live === null ? { ...job, live } : { ...job, live, done: Math.max(job.done, Math.round((Math.min(live, READING_SHARE) / READING_SHARE) * job.total)) };
}

/** The PDF of a finished batch of the user's region. */
export async function batchFile(db: Db, jobs: BackgroundJobs, user: SessionUser, id: string) {
  const job = await visibleJob(db, jobs, user, id);
  if (job.state !== 'done') throw new AppError('conflict', { field: 'id', rule: 'job_not_done', state: job.state });
  return findJobFile(db, job.id);
}
