import cronParser from 'cron-parser';
import type { Tx } from '../db/db.ts';
import type { Db } from '../db/db.ts';
import { lastScheduledAt, scheduleBusy, type JobRow } from './job.repository.ts';

/** Work done by the kernel on a timetable: a cron expression read in China's time. */
export interface JobSchedule {
  /** Stable name, kept on each job it makes. */
  name: string;
  /** Five fields, minute first (`30 2 * * *` is 02:30 every day). */
  cron: string;
  kind: string;
  params?: unknown;
  /** The region the work covers (a province's rollup); null for work of the whole installation. */
  regionCode: string | null;
}

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

/** What the kernel asks of a queue. */
export interface QueueHandlers {
  /** Claims a queued job (the one named, if given) and starts it: null when there was none, else its end. */
  run(id?: string): Promise<{ done: Promise<void> } | null>;
  /** Recovers jobs whose process stopped (a server's periodic sweep). */
  recover(): Promise<void>;
}

/** Where jobs wait and who runs them: in this process (embedded engine) or shared by processes (pg-boss). */
export interface JobQueue {
  /** Running jobs whose heartbeat is older than this are interrupted; null: every running job found at start is. */
  readonly staleSeconds: number | null;
  /** How often a running job tells the others it is alive; null when no other process could ask. */
  readonly heartbeatSeconds: number | null;
  start(kinds: readonly string[], handlers: QueueHandlers): Promise<void>;
  /** Called in the transaction that queues (or requeues) the job. */
  enqueued(tx: Tx, row: JobRow): Promise<void>;
  /** Called after that transaction committed. */
  wake(): void;
  schedule(schedule: JobSchedule, tick: (at: Date) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** The previous and next times a cron expression fires, around `now`. */
export function cronTimes(cron: string, now: Date): { previous: Date; next: Date } {
  const it = cronParser.parseExpression(cron, { currentDate: now, tz: SCHEDULE_TIME_ZONE });
  const next = it.next().toDate();
  const back = cronParser.parseExpression(cron, { currentDate: now, tz: SCHEDULE_TIME_ZONE });
  return { previous: back.prev().toDate(), next };
}

const MAX_TIMER_MS = 2_147_000_000;

/**
 * The embedded engine's queue: one process owns the data folder, so jobs run here, a few at a time, taken
 * from the `job` table in order; schedules are timers, and a tick missed while the server was down runs
 * once at start.
 */
export class LocalQueue implements JobQueue {
  readonly staleSeconds = null;
  readonly heartbeatSeconds = null;
  private handlers: QueueHandlers | null = null;
  private active = 0;
  private claiming = false;
  /** A wake that came while claiming: claim again after. */
  private missed = false;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly options: { concurrency?: number; pollMs?: number } = {},
  ) {}

  async start(_kinds: readonly string[], handlers: QueueHandlers): Promise<void> {
    this.handlers = handlers;
    this.poll = setInterval(() => this.wake(), this.options.pollMs ?? 5_000);
    this.poll.unref();
    this.wake();
  }

  async enqueued(): Promise<void> {}

  wake(): void {
    const handlers = this.handlers;
    if (!handlers || this.stopped || this.active >= (this.options.concurrency ?? 2)) return;
    if (this.claiming) {
      this.missed = true;
      return;
    }
    // One claim at a time; a claim that found a job fills the next slot at once.
    this.claiming = true;
    handlers
      .run()
      .catch(() => null)
      .then((running) => {
        this.claiming = false;
        const missed = this.missed;
        this.missed = false;
        if (!running) {
          if (missed) this.wake();
          return;
        }
        this.active++;
        void running.done.finally(() => {
          this.active--;
          this.wake();
        });
        this.wake();
      });
  }

  async schedule(s: JobSchedule, tick: (at: Date) => Promise<void>): Promise<void> {
    const now = new Date();
    const { previous } = cronTimes(s.cron, now);
    const last = await lastScheduledAt(this.db, s.name);
    if ((last === null || last < previous) && !(await scheduleBusy(this.db, s.name))) await tick(previous);
    this.arm(s, tick);
  }

  private arm(s: JobSchedule, tick: (at: Date) => Promise<void>): void {
    if (this.stopped) return;
    const { next } = cronTimes(s.cron, new Date());
    const wait = Math.min(Math.max(0, next.getTime() - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (Date.now() + 1_000 < next.getTime()) return this.arm(s, tick);
      scheduleBusy(this.db, s.name)
        .then((busy) => (busy ? undefined : tick(next)))
        .catch(() => undefined)
        .finally(() => this.arm(s, tick));
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
