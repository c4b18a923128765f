import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../src/kernel/db/database.ts';
import { AppError } from '../src/kernel/errors.ts';
import { createJobKernel } from '../src/kernel/jobs/create.ts';
import type { JobKernel, JobKind, JobView } from '../src/kernel/jobs/kernel.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

const COUNTY = '451022';
const ADMIN = { id: null, name: 'tester' };

/** A kind whose stages the test drives: each stage waits for the test's go-ahead when asked to. */
function testKind(name: string, options: { restart?: 'resume' | 'fail'; runs?: Map<string, number>; gate?: Gate } = {}): JobKind<{ fail?: 'app' | 'bug'; n?: number }> {
  return {
    kind: name,
    stages: ['read', 'write'],
    restart: options.restart ?? 'resume',
    params: z.object({ fail: z.enum(['app', 'bug']).optional(), n: z.number().int().optional() }),
    async run(job) {
      options.runs?.set(job.id, (options.runs.get(job.id) ?? 0) + 1);
      await job.stage('read', async () => {
        job.progress(1, 2);
        job.count('rows', 10);
      });
      await job.stage('write', async () => {
        if (options.gate) await options.gate.wait(job.signal);
        if (job.params.fail === 'app') throw new AppError('validation_failed', { field: 'x' });
        if (job.params.fail === 'bug') throw new TypeError('undefined is not a function');
        job.checkpoint();
        job.progress(2, 2);
        job.count('written', 7);
      });
      return { n: job.params.n ?? 0, attempt: job.attempt };
    },
  };
}

/** A stage held open until the test opens it, or until the job is aborted. */
class Gate {
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  reached = false;
  release(): void {
    this.open();
  }
  wait(signal: AbortSignal): Promise<void> {
    this.reached = true;
    return new Promise((resolve, reject) => {
      this.opened.then(resolve, reject);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }
}

async function until<T>(what: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ended = (kernel: JobKernel, id: string) => until(async () => {
  const v = await kernel.view(id);
  return v && ['succeeded', 'failed', 'cancelled'].includes(v.state) ? v : undefined;
});

describe.each(ENGINES)('the job kernel on %s', (engine) => {
  let t: TestDatabase;
  const kernels: JobKernel[] = [];
  const extra: Array<() => Promise<void>> = [];
  const kernelOn = async (database = t.database, kinds: JobKind<never>[] = [], schedules: Parameters<JobKernel['start']>[0] = []) => {
    const kernel = createJobKernel(database, { heartbeatSeconds: 0.5, pollingSeconds: 0.5 });
    for (const k of kinds) kernel.register(k);
    await kernel.start(schedules);
    kernels.push(kernel);
    return kernel;
  };

  afterEach(async () => {
    for (const k of kernels.splice(0)) await k.stop(1_000);
    for (const close of extra.splice(0)) await close();
    await t?.dispose();
  });

  it('runs a job through its stages, keeping progress, counts, result and an audit entry per state', async () => {
    t = await createTestDatabase(engine);
    const kernel = await kernelOn(t.database, [testKind('sample') as JobKind<never>]);
    const job = await kernel.enqueue('sample', { n: 5 }, { regionCode: COUNTY, actor: ADMIN });
    expect(job.state).toBe('queued');
    const done = await ended(kernel, job.id);
    expect(done).toMatchObject({ state: 'succeeded', stage: 'write', stages_done: ['read', 'write'], progress_done: '2', progress_total: '2', counts: { rows: 10, written: 7 }, result: { n: 5, attempt: 1 }, error: null, attempts: 1 });
    const audit = await t.database.db.selectFrom('audit_event').select(['action', 'actor_name']).where('entity', '=', 'job').where('entity_id', '=', job.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'job.queued', actor_name: 'tester' },
      { action: 'job.succeeded', actor_name: 'system' },
    ]);
  });

  it('ends a job failed with the error code it threw, and hides an unexpected error behind "internal"', async () => {
    t = await createTestDatabase(engine);
    const kernel = await kernelOn(t.database, [testKind('sample') as JobKind<never>]);
    const a = await kernel.enqueue('sample', { fail: 'app' }, { regionCode: COUNTY, actor: ADMIN });
    const b = await kernel.enqueue('sample', { fail: 'bug' }, { regionCode: COUNTY, actor: ADMIN });
    expect(await ended(kernel, a.id)).toMatchObject({ state: 'failed', stages_done: ['read'], error: { code: 'validation_failed', details: { field: 'x' } } });
    const failed = await ended(kernel, b.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'internal' } });
    expect(JSON.stringify(failed.error)).not.toContain('undefined is not a function');
  });

  it('refuses parameters its kind does not accept, and a kind nobody registered', async () => {
    t = await createTestDatabase(engine);
    const kernel = await kernelOn(t.database, [testKind('sample') as JobKind<never>]);
    await expect(kernel.enqueue('sample', { n: 'five' }, { regionCode: COUNTY, actor: ADMIN })).rejects.toThrow(/parameters/);
    await expect(kernel.enqueue('nobody', {}, { regionCode: COUNTY, actor: ADMIN })).rejects.toThrow(/unknown job kind/);
    expect(await t.database.db.selectFrom('job').select('id').execute()).toEqual([]);
  });

  it('cancels a running job at its next checkpoint', async () => {
    t = await createTestDatabase(engine);
    const gate = new Gate();
    const kernel = await kernelOn(t.database, [testKind('sample', { gate }) as JobKind<never>]);
    const job = await kernel.enqueue('sample', {}, { regionCode: COUNTY, actor: ADMIN });
    await until(async () => gate.reached);
    expect(await kernel.cancel(job.id, ADMIN)).toBe(true);
    expect(await ended(kernel, job.id)).toMatchObject({ state: 'cancelled', stages_done: ['read'] });
    expect(await kernel.cancel(job.id, ADMIN)).toBe(false);
  });

  it('resumes an interrupted job after its last finished stage, or fails it by its policy, never silently', async () => {
    t = await createTestDatabase(engine);
    const runs = new Map<string, number>();
    const gate = new Gate();
    const first = await kernelOn(t.database, [testKind('sample', { runs, gate }) as JobKind<never>, testKind('strict', { restart: 'fail', gate }) as JobKind<never>]);
    const resumable = await first.enqueue('sample', { n: 1 }, { regionCode: COUNTY, actor: ADMIN });
    const strict = await first.enqueue('strict', {}, { regionCode: COUNTY, actor: ADMIN });
    await until(async () => {
      const rows = await t.database.db.selectFrom('job').select(['id', 'state', 'stages_done']).execute();
      return rows.filter((r) => r.state === 'running').length === 2 && rows.every((r) => r.stages_done.includes('read'));
    });
    // The server stops while both wait in their second stage: they stay `running` for the next start to judge.
    kernels.splice(kernels.indexOf(first), 1);
    await first.stop(100);
    expect((await first.view(resumable.id))?.state).toBe('running');
    if (engine === 'postgres') await new Promise((r) => setTimeout(r, 2_500)); // the heartbeat goes stale

    const second = await kernelOn(t.database, [testKind('sample', { runs }) as JobKind<never>, testKind('strict', { restart: 'fail' }) as JobKind<never>]);
    const resumed = await ended(second, resumable.id);
    expect(resumed).toMatchObject({ state: 'succeeded', stages_done: ['read', 'write'], attempts: 2, result: { n: 1, attempt: 2 } });
    expect(runs.get(resumable.id)).toBe(2);
    const failed = await ended(second, strict.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'interrupted', details: { reason: 'restart_policy', stage: 'read' } } });
    const actions = await t.database.db.selectFrom('audit_event').select('action').where('entity', '=', 'job').where('entity_id', '=', resumable.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['job.queued', 'job.resumed', 'job.succeeded']);
  });

  it('makes a job for a schedule tick missed while the server was down, once', async () => {
    t = await createTestDatabase(engine);
    const schedule = { name: 'nightly-sample', cron: '30 2 * * *', kind: 'sample', regionCode: COUNTY };
    const kernel = await kernelOn(t.database, [testKind('sample') as JobKind<never>], engine === 'pglite' ? [schedule] : []);
    if (engine === 'postgres') return; // pg-boss keeps server schedules; its ticks are tested by pg-boss itself
    const job = await until(() => t.database.db.selectFrom('job').selectAll().where('schedule', '=', 'nightly-sample').executeTakeFirst());
    await ended(kernel, job.id);
    await kernel.stop(1_000);
    kernels.splice(kernels.indexOf(kernel), 1);
    await kernelOn(t.database, [testKind('sample') as JobKind<never>], [schedule]);
    const all = await t.database.db.selectFrom('job').select('id').where('schedule', '=', 'nightly-sample').execute();
    expect(all).toHaveLength(1);
  });

  it.runIf(engine === 'postgres')('shares the work of one database between two server processes, each job run once', async () => {
    t = await createTestDatabase(engine);
    const other = await openDatabase({ url: t.url as string, poolSize: 5 });
    extra.push(() => other.close());
    const runs = new Map<string, number>();
    const a = await kernelOn(t.database, [testKind('sample', { runs }) as JobKind<never>]);
    const b = await kernelOn(other, [testKind('sample', { runs }) as JobKind<never>]);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await (i % 2 ? a : b).enqueue('sample', { n: i }, { regionCode: COUNTY, actor: ADMIN })).id);
    const views: JobView[] = [];
    for (const id of ids) views.push(await ended(a, id));
    expect(views.every((v) => v.state === 'succeeded' && v.attempts === 1)).toBe(true);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(20);
  });
});
