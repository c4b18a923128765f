import type { z } from 'zod';
import { type Actor, recordAudit, SYSTEM_ACTOR } from '../audit/audit.repository.ts';
import { type Db, inTransaction, type Tx } from '../db/db.ts';
import { AppError } from '../errors.ts';
import {
  beat,
  claimJob,
  findJob,
  finishJob,
  insertJob,
  type JobError,
  type JobRow,
  markStageDone,
  requestCancel,
  requeueJob,
  takeInterrupted,
} from './job.repository.ts';
import type { JobQueue, JobSchedule } from './queue.ts';

/** The audit log's region for work of the whole installation (it names none). */
const INSTALLATION = '';

/** What a job does when the process running it stopped half-way: go on after its last finished stage, or end failed. */
export type RestartPolicy = 'resume' | 'fail';

/** A kind of background work, declared by the feature that owns it and registered with the kernel. */
export interface JobKind<P = unknown> {
  kind: string;
  /** The stages in order, for people (the page shows which one runs) and for resuming. */
  stages: readonly string[];
  restart: RestartPolicy;
  params: z.ZodType<P>;
  /** Does the work; what it returns is kept as the job's result. Errors end the job failed, with their code. */
  run(job: RunningJob<P>): Promise<unknown>;
}

/** A job as its kind's `run` sees it. */
export interface RunningJob<P> {
  id: string;
  kind: string;
  regionCode: string;
  params: P;
  /** 1 on the first run, more after a restart resumed it. */
  attempt: number;
  /** Who asked for it (the system for scheduled work). */
  actor: Actor;
  /** Aborted when someone cancels the job or the server stops. */
  signal: AbortSignal;
  /**
   * Runs one stage unless an earlier attempt finished it. The stage is recorded as done when `work`
   * returns; a stage that writes in a transaction should call `done(tx)` in it, so that its writes and
   * the record of them commit together and a restart never runs it twice.
   */
  stage(name: string, work: (done: (tx: Tx) => Promise<void>) => Promise<void>): Promise<void>;
  /** Live progress (shown while the job runs, kept with each finished stage). */
  progress(done: number, total: number): void;
  /** A figure the job's page shows (rows read, households written…). */
  count(name: string, value: number): void;
  /** Stops the job here if it was cancelled. */
  checkpoint(): void;
}

/** Thrown by `checkpoint()` once a job is cancelled. */
export class JobCancelled extends Error {
  constructor() {
    super('job cancelled');
    this.name = 'JobCancelled';
  }
}

interface Live {
  controller: AbortController;
  done: number;
  total: number;
  counts: Record<string, number>;
}

export interface JobKernelOptions {
  /** Tries of one job (its first run and resumptions) before an interruption ends it failed. */
  maxAttempts?: number;
  /** Where unexpected errors are reported (the server's log); never shown to users. */
  onUnexpected?: (error: unknown, job: { id: string; kind: string }) => void;
}

/** A job as its owner reads it: the stored row, with the live progress of a job running in this process. */
export type JobView = JobRow & { live: boolean };

/**
 * The one runner of background work: every kind gets stages, progress, cancellation, an audit entry for
 * each change of state and a declared restart policy; the queue (in-process on the embedded engine,
 * pg-boss on a server) decides where and when a job runs.
 */
export class JobKernel {
  private readonly kinds = new Map<string, JobKind<never>>();
  private readonly live = new Map<string, Live>();
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private stopping = false;
  private readonly maxAttempts: number;

  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly options: JobKernelOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Declares a kind; before `start`. */
  register<P>(kind: JobKind<P>): void {
    if (this.started) throw new Error(`job kind ${kind.kind} registered after start`);
    if (this.kinds.has(kind.kind)) throw new Error(`job kind ${kind.kind} registered twice`);
    this.kinds.set(kind.kind, kind as unknown as JobKind<never>);
  }

  /** Queues a job of a registered kind, with its audit entry in the same transaction. */
  async enqueue(kind: string, params: unknown, by: { regionCode: string | null; actor: Actor; schedule?: string; tx?: Tx }): Promise<JobRow> {
    const declared = this.kinds.get(kind);
    if (!declared) throw new Error(`unknown job kind ${kind}`);
    const parsed = declared.params.safeParse(params);
    if (!parsed.success) throw new Error(`job ${kind}: parameters do not match the kind's schema`);
    const write = async (tx: Tx) => {
      const row = await insertJob(tx, {
        kind,
        regionCode: by.regionCode,
        params: parsed.data,
        createdBy: by.actor.id,
        createdByName: by.actor.name,
        schedule: by.schedule ?? null,
      });
      await recordAudit(tx, by.actor, { action: 'job.queued', entity: 'job', entityId: row.id, regionCode: by.regionCode ?? INSTALLATION, after: { kind, schedule: by.schedule ?? null } });
      await this.queue.enqueued(tx, row);
      return row;
    };
    const row = by.tx ? await write(by.tx) : await inTransaction(this.db, write);
    if (!by.tx) this.queue.wake();
    return row;
  }

  /** A job with its live progress, or undefined. */
  async view(id: string): Promise<JobView | undefined> {
    const row = await findJob(this.db, id);
    if (!row) return undefined;
    const live = this.live.get(row.id);
    if (!live || row.state !== 'running') return { ...row, live: false };
    return { ...row, progress_done: String(live.done), progress_total: String(live.total), counts: { ...row.counts, ...live.counts }, live: true };
  }

  /** Cancels a queued job at once, a running one at its next checkpoint; false when it had already ended. */
  async cancel(id: string, actor: Actor): Promise<boolean> {
    const row = await findJob(this.db, id);
    if (!row) return false;
    if (row.state === 'queued') {
      return inTransaction(this.db, async (tx) => {
        const ended = await finishJob(tx, id, { state: 'cancelled', from: ['queued'] });
        if (ended) await recordAudit(tx, actor, { action: 'job.cancelled', entity: 'job', entityId: id, regionCode: row.region_code ?? INSTALLATION });
        return ended;
      });
    }
    if (row.state !== 'running') return false;
    const asked = await requestCancel(this.db, id);
    if (asked) await recordAudit(this.db, actor, { action: 'job.cancel_requested', entity: 'job', entityId: id, regionCode: row.region_code ?? INSTALLATION });
    this.live.get(id)?.controller.abort();
    return asked;
  }

  /** Recovers what a stopped process left running, then starts taking jobs and keeping the schedules. */
  async start(schedules: readonly JobSchedule[] = []): Promise<void> {
    this.started = true;
    await this.recover();
    await this.queue.start([...this.kinds.keys()], {
      run: (id) => this.runNext(id),
      recover: () => this.recover(),
    });
    for (const s of schedules) {
      if (!this.kinds.has(s.kind)) throw new Error(`schedule ${s.name}: unknown job kind ${s.kind}`);
      await this.queue.schedule(s, () => this.enqueueScheduled(s));
    }
  }

  /**
   * Stops taking jobs and waits for the running ones until the deadline; those still running then are
   * aborted and left to the next start's restart policy.
   */
  async stop(deadlineMs = 30_000): Promise<void> {
    this.stopping = true;
    await this.queue.stop();
    const all = Promise.all([...this.running]);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    if ((await Promise.race([all.then(() => 'done' as const), late])) === 'late') {
      for (const l of this.live.values()) l.controller.abort();
      await all;
    }
    clearTimeout(timer);
  }

  /** Claims one queued job (the one named, when a queue names it) and starts it: null when there was none, else its end. */
  private async runNext(id?: string): Promise<{ done: Promise<void> } | null> {
    if (this.stopping) return null;
    const row = await claimJob(this.db, [...this.kinds.keys()], id);
    if (!row) return null;
    const task = this.execute(row).finally(() => this.running.delete(task));
    this.running.add(task);
    return { done: task };
  }

  private async enqueueScheduled(s: JobSchedule): Promise<void> {
    if (this.stopping) return;
    await this.enqueue(s.kind, s.params ?? {}, { regionCode: s.regionCode, actor: SYSTEM_ACTOR, schedule: s.name });
  }

  /** Interrupted jobs: resumed after their last finished stage, or failed with the reason, each audited. */
  private async recover(): Promise<void> {
    const resumed = await inTransaction(this.db, async (tx) => {
      const rows = await takeInterrupted(tx, this.queue.staleSeconds);
      const again: JobRow[] = [];
      for (const row of rows) {
        const kind = this.kinds.get(row.kind);
        const why = !kind ? 'unknown_kind' : kind.restart === 'fail' ? 'restart_policy' : row.attempts >= this.maxAttempts ? 'too_many_attempts' : null;
        if (why) {
          const error: JobError = { code: 'interrupted', message: 'the server stopped while the job ran', details: { reason: why, stage: row.stage, attempts: row.attempts } };
          await finishJob(tx, row.id, { state: 'failed', error, from: ['running'] });
          await recordAudit(tx, SYSTEM_ACTOR, { action: 'job.failed', entity: 'job', entityId: row.id, regionCode: row.region_code ?? INSTALLATION, after: error });
        } else {
          await requeueJob(tx, row.id);
          await recordAudit(tx, SYSTEM_ACTOR, { action: 'job.resumed', entity: 'job', entityId: row.id, regionCode: row.region_code ?? INSTALLATION, after: { stagesDone: row.stages_done } });
          await this.queue.enqueued(tx, row);
          again.push(row);
        }
      }
      return again;
    });
    if (resumed.length > 0) this.queue.wake();
  }

  private async execute(row: JobRow): Promise<void> {
    const kind = this.kinds.get(row.kind);
    if (!kind) return this.end(row, 'failed', { error: { code: 'unknown_kind', message: `no job kind ${row.kind} in this version` } });
    const live: Live = { controller: new AbortController(), done: Number(row.progress_done), total: Number(row.progress_total), counts: { ...row.counts } };
    this.live.set(row.id, live);
    const heartbeat = this.heartbeat(row.id, live);
    try {
      const parsed = kind.params.safeParse(row.params);
      if (!parsed.success) throw new AppError('validation_failed', { job: row.kind });
      const result = await kind.run(this.runningJob(row, parsed.data, live));
      if (live.controller.signal.aborted && this.stopping) return; // stopped mid-way: the next start decides
      await this.end(row, 'succeeded', { result: result ?? null, counts: live.counts });
    } catch (error) {
      if (this.stopping && live.controller.signal.aborted) return;
      if (error instanceof JobCancelled || live.controller.signal.aborted) await this.end(row, 'cancelled', { counts: live.counts });
      else await this.end(row, 'failed', { error: this.describe(error, row), counts: live.counts });
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      this.live.delete(row.id);
    }
  }

  private runningJob<P>(row: JobRow, params: P, live: Live): RunningJob<P> {
    const checkpoint = () => {
      if (live.controller.signal.aborted) throw new JobCancelled();
    };
    return {
      id: row.id,
      kind: row.kind,
      regionCode: row.region_code ?? INSTALLATION,
      params,
      attempt: row.attempts,
      actor: row.created_by ? { id: row.created_by, name: row.created_by_name } : SYSTEM_ACTOR,
      signal: live.controller.signal,
      checkpoint,
      progress: (done, total) => {
        live.done = Math.max(0, Math.floor(done));
        live.total = Math.max(0, Math.floor(total));
      },
      count: (name, value) => {
        live.counts[name] = value;
      },
      stage: async (name, work) => {
        if (row.stages_done.includes(name)) return;
        checkpoint();
        let recorded = false;
        await work(async (tx) => {
          await markStageDone(tx, row.id, name, live, live.counts);
          recorded = true;
        });
        if (!recorded) await markStageDone(this.db, row.id, name, live, live.counts);
      },
    };
  }

  /** On a server, tells the other processes the job is alive and learns of a cancellation asked there. */
  private heartbeat(id: string, live: Live): NodeJS.Timeout | null {
    const seconds = this.queue.heartbeatSeconds;
    if (seconds === null) return null;
    const timer = setInterval(() => {
      beat(this.db, id, live).then(
        (cancel) => {
          if (cancel) live.controller.abort();
        },
        () => undefined,
      );
    }, seconds * 1000);
    timer.unref();
    return timer;
  }

  private describe(error: unknown, row: JobRow): JobError {
    if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
    this.options.onUnexpected?.(error, { id: row.id, kind: row.kind });
    return { code: 'internal', message: 'the job failed unexpectedly' };
  }

  private async end(row: JobRow, state: 'succeeded' | 'failed' | 'cancelled', outcome: { result?: unknown; error?: JobError; counts?: Record<string, number> }): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const ended = await finishJob(tx, row.id, { state, ...outcome, from: ['running'] });
      if (ended) await recordAudit(tx, SYSTEM_ACTOR, { action: `job.${state}`, entity: 'job', entityId: row.id, regionCode: row.region_code ?? INSTALLATION, after: outcome.error ?? outcome.counts });
    });
  }
}
