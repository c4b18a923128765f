import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { regionPrefix } from '@jingzhun/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, PDF } from '../../kernel/http/download.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { recordAudit } from '../../kernel/audit/audit.repository.ts';
import { bookletData, householdPageUrl, renderBooklets, villageContext } from './service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });
const KIND_NAMES = { booklet: '扶贫手册', card: '明白卡' } as const;
/**
 * The share of a batch's progress that reading the households takes; rendering the one PDF takes the rest
 * (about as long again) and reports nothing until it ends, so the job says which phase it is in.
 */
const READING_SHARE = 0.5;

/** The address the QR codes point at: the one the request came to (the server behind its own name). */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function presentJob(
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

/**
 * Makes every booklet or card of a village (households still registered, by number) into one PDF, reporting
 * each household read; the file is stored with the job.
 */
async function runBatch(db: Kysely<DB>, jobs: BackgroundJobs, user: SessionUser, jobId: string, village: { code: string; name: string }, kind: 'booklet' | 'card', origin: string) {
  const households = await db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', village.code.slice(0, 6))
    .where('village_code', '=', village.code)
    .where('left_on', 'is', null)
    .orderBy('household_no')
    .execute();
  await db.updateTable('booklet_job').set({ total: households.length }).where('id', '=', jobId).execute();
  const items = [];
  const context = await villageContext(db, village.code);
  for (const [i, h] of households.entries()) {
    items.push({ data: await bookletData(db, user, h.id, context), url: householdPageUrl(origin, h.id) });
    jobs.report(jobId, READING_SHARE * ((i + 1) / Math.max(households.length, 1)));
    if (i % 10 === 9) {
      await db.updateTable('booklet_job').set({ done: i + 1 }).where('id', '=', jobId).execute();
      await yieldToRequests();
    }
  }
  const fileName = `${village.name}-${KIND_NAMES[kind]}.pdf`;
  const content = await renderBooklets(kind, items, fileName);
  await db
    .updateTable('booklet_job')
    .set({ state: 'done', done: households.length, content, file_name: fileName, finished_at: new Date() })
    .where('id', '=', jobId)
    .execute();
}

/** The household booklet (一户一册) and benefit card (明白卡) as PDFs, one household or a whole village. */
export function bookletRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const jobs = new BackgroundJobs();
  app.addHook('onClose', () => jobs.drain());

  for (const kind of ['booklet', 'card'] as const) {
    r.get(
      `/households/:id/${kind}.pdf`,
      {
        preValidation: guard('readRegistry'),
        schema: {
          tags: ['assistance'],
          summary:
            kind === 'booklet'
              ? 'The household booklet (扶贫手册): profile, members (IDs masked), income, conditions, causes, helpers, plan, measures, benefits, visits; a QR code opens the household page'
              : 'The benefit card (明白卡): helpers and phones, this year’s measures and benefits; a QR code opens the household page',
          params: idParam,
        },
      },
      async (request, reply) => {
        const user = requireCapability(request, 'readRegistry');
        const data = await bookletData(db, user, request.params.id);
        const pdf = await renderBooklets(kind, [{ data, url: householdPageUrl(originOf(request), data.household.id) }], `${data.household.headName}-${KIND_NAMES[kind]}`);
        return reply
          .header('content-type', PDF)
          .header('content-disposition', contentDisposition(`${data.household.householdNo}-${data.household.headName}-${KIND_NAMES[kind]}.pdf`, 'inline'))
          .send(pdf);
      },
    );
  }

  r.post(
    '/regions/:code/booklets',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Make the booklets or cards of every registered household of a village in the background; poll the job, then download one PDF',
        params: z.strictObject({ code: z.string().regex(/^\d{12}$/, 'a village code') }),
        body: z.strictObject({ kind: z.enum(['booklet', 'card']) }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const { code } = request.params;
      regionInScope(user, 'code', code);
      const village = await db.selectFrom('region').select(['code', 'name']).where('code', '=', code).where('level', '=', 5).executeTakeFirst();
      if (!village) throw new AppError('region_not_found', { field: 'code' });
      const { kind } = request.body;
      const job = await db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('booklet_job').values({ region_code: code, kind, state: 'running', requested_by: user.id }).returningAll().executeTakeFirstOrThrow();
        await recordAudit(trx, actorOf(request, user), { action: 'booklets.requested', entity: 'booklet_job', entityId: row.id, regionCode: code, after: { kind } });
        return row;
      });
      const origin = originOf(request);
      jobs.run(
        job.id,
        () => runBatch(db, jobs, user, job.id, village, kind, origin),
        async (err) => {
          request.log.error({ err, jobId: job.id }, 'booklet batch failed');
          await db.updateTable('booklet_job').set({ state: 'failed', error: err instanceof Error ? err.message : String(err), finished_at: new Date() }).where('id', '=', job.id).execute();
        },
      );
      return reply.status(202).send(presentJob(job));
    },
  );

  async function visibleJob(user: SessionUser, id: string): Promise<Parameters<typeof presentJob>[0] & { file_name: string | null; live: number | null }> {
    const job = await db
      .selectFrom('booklet_job')
      .select(['id', 'region_code', 'kind', 'state', 'total', 'done', 'error', 'file_name', 'created_at', 'finished_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!job || !job.region_code.startsWith(regionPrefix(user.regionCode))) throw new AppError('not_found', { entity: 'booklet_job', id });
    const live = jobs.progressOf(job.id);
    if (job.state === 'running' && live === null) {
      // Not running in this process: it finished just now, or the server stopped while it ran.
      const marked = await db
        .updateTable('booklet_job')
        .set({ state: 'failed', error: 'interrupted', finished_at: new Date() })
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      if (!marked) return visibleJob(user, id);
      return { ...job, state: 'failed', error: 'interrupted', live: null };
    }
    return live === null ? { ...job, live } : { ...job, live, done: Math.max(job.done, Math.round((Math.min(live, READING_SHARE) / READING_SHARE) * job.total)) };
  }

  r.get(
    '/booklet-jobs/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'A batch of booklets or cards: state and progress (households done of total)', params: idParam } },
    async (request) => {
      const job = await visibleJob(requireCapability(request, 'readRegistry'), request.params.id);
      return presentJob(job, job.live);
    },
  );

  r.get(
    '/booklet-jobs/:id/file',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'The PDF of a finished batch', params: idParam } },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const job = await visibleJob(user, request.params.id);
      if (job.state !== 'done') throw new AppError('conflict', { field: 'id', rule: 'job_not_done', state: job.state });
      const row = await db.selectFrom('booklet_job').select(['content', 'file_name']).where('id', '=', job.id).executeTakeFirstOrThrow();
      return reply
        .header('content-type', PDF)
        .header('content-disposition', contentDisposition(row.file_name ?? 'booklets.pdf'))
        .send(row.content);
    },
  );
}
