import { statJobSchema, statsOverviewSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { actorOf, guard, regionOfRequest, requireCapability } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { BackgroundJobs } from '../../jobs/background.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assessRegion } from './assessment.ts';
import { statRegionAndYear, statsOverview } from './stats.service.ts';

const regionCode = z.string().regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, 'a region code');
const year = z.coerce.number().int().min(2010).max(2100);
const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

type JobRow = { id: string; region_code: string; year: number; state: 'running' | 'done' | 'failed'; total: number; done: number; error: string | null; created_at: Date; finished_at: Date | null };

function presentJob(job: JobRow, live: number | null) {
  return {
    id: job.id,
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

function readJob(db: Kysely<DB>, id: string) {
  return db.selectFrom('stat_job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Statistics (统计分析): the overview of a region and year, and the deprivation assessment runs behind the multidimensional measure. */
export function statsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const jobs = new BackgroundJobs();
  app.addHook('onClose', () => jobs.drain());

  r.get(
    '/stats/overview',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary:
          'Every indicator of a region and year: registry, incidence, exits and returns, monitoring, income (mean, median, bands, growth), causes, measures, benefits, visit compliance, procedures, alerts, exit thresholds, the Alkire-Foster measure, the children and the trend; each count names the household list it opens',
        querystring: z.strictObject({ region: regionCode.optional(), year: year.optional() }),
        response: { 200: statsOverviewSchema },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const region = regionOfRequest(user, request.query.region);
      return statsOverview(db, user, region, request.query.year, request.lang);
    },
  );

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
      const running = await db.selectFrom('stat_job').select('id').where('state', '=', 'running').where('region_code', '=', region.code).where('year', '=', y).executeTakeFirst();
      if (running) throw new AppError('conflict', { field: 'region', rule: 'assessment_running', jobId: running.id });
      const job = await db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('stat_job').values({ region_code: region.code, year: y, state: 'running', requested_by: user.id }).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, actorOf(request, user), { action: 'stats.assessment_requested', entity: 'stat_job', entityId: row.id, regionCode: region.code, after: { year: y } });
        return row;
      });
      jobs.run(
        job.id,
        async () => {
          await assessRegion(db, region.code, y, async (done, total) => {
            jobs.report(job.id, total === 0 ? 1 : done / total);
            if (done === 0 || done === total || done % 10_000 < 2000) await db.updateTable('stat_job').set({ done, total }).where('id', '=', job.id).execute();
          });
          await db.updateTable('stat_job').set({ state: 'done', finished_at: new Date() }).where('id', '=', job.id).execute();
        },
        async (err) => {
          request.log.error({ err }, 'assessment failed');
          await db.updateTable('stat_job').set({ state: 'failed', error: err instanceof Error ? err.message : String(err), finished_at: new Date() }).where('id', '=', job.id).execute();
        },
      );
      return reply.status(202).send(presentJob(job, 0));
    },
  );

  r.get(
    '/stats/assessments/:id',
    {
      preValidation: guard('readRegistry'),
      schema: { tags: ['statistics'], summary: 'An assessment run: progress, and when it finished', params: idParam, response: { 200: statJobSchema } },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const job = await readJob(db, request.params.id);
      if (!job) throw new AppError('not_found', { field: 'id' });
      regionOfRequest(user, job.region_code);
      return presentJob(job, jobs.progressOf(job.id));
    },
  );

  r.get(
    '/stats/assessments',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary: 'The latest assessment runs of a region and year',
        querystring: z.strictObject({ region: regionCode.optional(), year: year.optional() }),
        response: { 200: z.object({ items: z.array(statJobSchema) }) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const code = regionOfRequest(user, request.query.region);
      let query = db.selectFrom('stat_job').selectAll().where('region_code', '=', code);
      if (request.query.year !== undefined) query = query.where('year', '=', request.query.year);
      const rows = await query.orderBy('created_at', 'desc').limit(10).execute();
      return { items: rows.map((j) => presentJob(j, jobs.progressOf(j.id))) };
    },
  );
}
