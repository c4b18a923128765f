import { statJobSchema } from '@jingzhun/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import type { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { recordAudit } from '../../kernel/audit/audit.repository.ts';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { assessRegion } from './assessment.ts';
import { LIVE_FROM_LEVEL, rollUp, statRegionAndYear } from './service.ts';
import { statRegionCode } from './drill.ts';
import { failJob, findJob, findRunningJob, finishJob, insertJob, listJobs, type StatJobKind, updateJobProgress } from './repository.ts';

const regionCode = statRegionCode;
const year = z.coerce.number().int().min(2010).max(2100);
const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });
type Kind = StatJobKind;

type JobRow = { id: string; kind: Kind; region_code: string; year: number; state: 'running' | 'done' | 'failed'; total: number; done: number; error: string | null; created_at: Date; finished_at: Date | null };

function presentJob(job: JobRow, live: number | null) {
  return {
    id: job.id,
    kind: job.kind,
    regionCode: job.region_code,
    year: job.year,
    state: job.state,
    total: job.total,
    done: job.done,
    progress: job.state === 'done' ? 1 : (live ?? (job.total === 0 ? null : job.done / job.total)),
    error: job.error,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}

/** Starts a job of a kind for a region and year, unless one is running; the work reports progress as (done, total). */
async function startJob(
  db: Db,
  jobs: BackgroundJobs,
  request: FastifyRequest,
  user: SessionUser,
  kind: Kind,
  region: { code: string },
  y: number,
  work: (jobId: string, progress: (done: number, total: number) => Promise<void>) => Promise<void>,
) {
  const running = await findRunningJob(db, kind, region.code, y);
  if (running) throw new AppError('conflict', { field: 'region', rule: `${kind}_running`, jobId: running.id });
  const job = await inTransaction(db, async (trx) => {
    const row = await insertJob(trx, kind, region.code, y, user.id);
    await recordAudit(trx, actorOf(request, user), { action: `stats.${kind}_requested`, entity: 'stat_job', entityId: row.id, regionCode: region.code, after: { year: y } });
    return row;
  });
  let saved = 0;
  jobs.run(
    job.id,
    async () => {
      await work(job.id, async (done, total) => {
        jobs.report(job.id, total === 0 ? 1 : done / total);
        // The row follows the work every few percent (the embedded engine's one connection is shared).
        if (done === total || done - saved >= Math.max(1, total / 20)) {
          saved = done;
          await updateJobProgress(db, job.id, done, total);
        }
      });
      await finishJob(db, job.id);
    },
    async (err) => {
      request.log.error({ err }, `${kind} failed`);
      await failJob(db, job.id, err instanceof Error ? err.message : String(err));
    },
  );
  return presentJob(job, 0);
}

/**
 * The jobs behind the statistics: deprivation assessments (the multidimensional measure) and rollups of
 * the regions above the county (their figures as of the job), started in the background and followed.
 */
export function statJobRoutes(app: FastifyInstance, db: Db, jobs: BackgroundJobs) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/stats/assessments',
    {
      preValidation: guard('manageStatistics'),
      schema: {
        tags: ['statistics'],
        summary: 'Assess every registered household of a region for a year against the 两不愁三保障 and water criteria of the profile in force (the multidimensional measure), in the background',
        body: z.strictObject({ region: regionCode.optional(), year }),
        response: { 202: statJobSchema },
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageStatistics');
      const code = regionOfRequest(user, request.body.region);
      const { region, year: y } = await statRegionAndYear(db, user, code, request.body.year);
      const job = await startJob(db, jobs, request, user, 'assessment', region, y, async (_id, progress) => {
        await assessRegion(db, region.code, y, progress);
      });
      return reply.status(202).send(job);
    },
  );

  r.post(
    '/stats/rollups',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary: 'Roll up the figures of a city, a province or the country for a year in the background (汇总); the overview then shows them as of the rollup',
        body: z.strictObject({ region: regionCode.optional(), year }),
        response: { 202: statJobSchema },
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const code = regionOfRequest(user, request.body.region);
      const { region, year: y } = await statRegionAndYear(db, user, code, request.body.year);
      if (region.level >= LIVE_FROM_LEVEL) throw new AppError('validation_failed', { field: 'region', rule: 'rollup_level' });
      const job = await startJob(db, jobs, request, user, 'rollup', region, y, (id, progress) => rollUp(db, region, y, id, progress));
      return reply.status(202).send(job);
    },
  );

  jobReadRoutes(app, db, jobs);
}

/** A job run by id, and the latest runs of a region, for each kind. */
function jobReadRoutes(app: FastifyInstance, db: Db, jobs: BackgroundJobs) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const [path, kind] of [['/stats/assessments', 'assessment'], ['/stats/rollups', 'rollup']] as const) {
    r.get(
      `${path}/:id`,
      {
        preValidation: guard('readRegistry'),
        schema: { tags: ['statistics'], summary: `A ${kind} run: progress, and when it finished`, params: idParam, response: { 200: statJobSchema } },
      },
      async (request) => {
        const user = requireCapability(request, 'readRegistry');
        const job = await findJob(db, request.params.id, kind);
        if (!job || !inScope(user, job.region_code)) throw new AppError('not_found', { entity: 'statJob', id: request.params.id });
        return presentJob(job, jobs.progressOf(job.id));
      },
    );

    r.get(
      path,
      {
        preValidation: guard('readRegistry'),
        schema: {
          tags: ['statistics'],
          summary: `The latest ${kind} runs of a region (and year)`,
          querystring: z.strictObject({ region: regionCode.optional(), year: year.optional() }),
          response: { 200: z.object({ items: z.array(statJobSchema) }) },
        },
      },
      async (request) => {
        const user = requireCapability(request, 'readRegistry');
        const code = regionOfRequest(user, request.query.region);
        const rows = await listJobs(db, kind, code, request.query.year);
        return { items: rows.map((j) => presentJob(j, jobs.progressOf(j.id))) };
      },
    );
  }
}
