import type { Database } from '../db/database.ts';
import { BossQueue } from './boss-queue.ts';
import { JobKernel, type JobKernelOptions } from './kernel.ts';
import { LocalQueue } from './queue.ts';

export interface QueueOptions {
  /** Embedded engine: jobs run at once in this process. */
  concurrency?: number;
  /** Server: how often a running job proves it is alive (a job silent four times as long is recovered). */
  heartbeatSeconds?: number;
  /** Server: how often each process asks pg-boss for work. */
  pollingSeconds?: number;
}

/** The job kernel for a database: an in-process queue on the embedded engine, pg-boss on a server. */
export function createJobKernel(database: Database, options: JobKernelOptions & QueueOptions = {}): JobKernel {
  const queue =
    database.engine === 'pglite'
      ? new LocalQueue(database.db, { concurrency: options.concurrency ?? 2 })
      : new BossQueue(database.db, { heartbeatSeconds: options.heartbeatSeconds ?? 15, pollingSeconds: options.pollingSeconds ?? 2 });
  return new JobKernel(database.db, queue, options);
}
