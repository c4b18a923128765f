import PgBoss from 'pg-boss';
import { type Db, sqlExecutor, type Tx } from '../db/db.ts';
import type { JobRow } from './job.repository.ts';
import { type JobQueue, type JobSchedule, type QueueHandlers, SCHEDULE_TIME_ZONE } from './queue.ts';

const queueOf = (kind: string) => `jz-job-${kind}`;
const cronQueueOf = (name: string) => `jz-cron-${name}`;

/**
 * A PostgreSQL server's queue: pg-boss carries each job's id, sent in the transaction that queued it, to
 * whichever server process fetches it first; the claim in the `job` table makes sure no job runs twice.
 * pg-boss keeps the schedules too, so a tick makes one job however many processes keep the schedule.
 * A process that dies leaves its job's heartbeat to go stale; any process then recovers it.
 */
export class BossQueue implements JobQueue {
  readonly staleSeconds: number;
  readonly heartbeatSeconds: number;
  private readonly boss: PgBoss;
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    db: Db,
    private readonly options: { heartbeatSeconds?: number; pollingSeconds?: number } = {},
  ) {
    this.heartbeatSeconds = options.heartbeatSeconds ?? 15;
    this.staleSeconds = this.heartbeatSeconds * 4;
    this.boss = new PgBoss({ db: sqlExecutor(db) as PgBoss.Db, schema: 'pgboss', migrate: true, supervise: true, schedule: true });
    // pg-boss reports its own troubles as events; a lost poll is retried by it, a lost job recovered by the sweep.
    this.boss.on('error', () => undefined);
  }

  async start(kinds: readonly string[], handlers: QueueHandlers): Promise<void> {
    await this.boss.start();
    const pollingIntervalSeconds = this.options.pollingSeconds ?? 2;
    for (const kind of kinds) {
      await this.boss.createQueue(queueOf(kind), { name: queueOf(kind), retryLimit: 0, expireInSeconds: 23 * 3600 });
      await this.boss.work<{ id: string }>(queueOf(kind), { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        if (!job) return;
        const running = await handlers.run(job.data.id);
        await running?.done;
      });
    }
    this.sweep = setInterval(() => void handlers.recover().catch(() => undefined), this.staleSeconds * 1000);
    this.sweep.unref();
  }

  async enqueued(tx: Tx, row: JobRow): Promise<void> {
    await this.boss.send(queueOf(row.kind), { id: row.id }, { db: sqlExecutor(tx) as PgBoss.Db, retryLimit: 0, expireInSeconds: 23 * 3600 });
  }

  wake(): void {}

  async schedule(s: JobSchedule, tick: (at: Date) => Promise<void>): Promise<void> {
    const name = cronQueueOf(s.name);
    await this.boss.createQueue(name, { name, retryLimit: 2 });
    await this.boss.schedule(name, s.cron, {}, { tz: SCHEDULE_TIME_ZONE, singletonKey: s.name });
    await this.boss.work(name, { pollingIntervalSeconds: this.options.pollingSeconds ?? 2, batchSize: 1 }, async () => {
      await tick(new Date());
    });
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 5_000 });
  }
}
