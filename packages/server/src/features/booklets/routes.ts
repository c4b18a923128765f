import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, PDF } from '../../kernel/http/download.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { bookletData, householdPageUrl, renderBooklets } from './service.ts';
import { batchFailed, batchFile, KIND_NAMES, presentJob, requestBatch, runBatch, visibleJob } from './batch.service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** The address the QR codes point at: the one the request came to (the server behind its own name). */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
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
      const { kind } = request.body;
      const { job, village } = await requestBatch(db, user, actorOf(request, user), request.params.code, kind);
      const origin = originOf(request);
      jobs.run(
        job.id,
        () => runBatch(db, jobs, user, job.id, village, kind, origin),
        async (err) => {
          request.log.error({ err, jobId: job.id }, 'booklet batch failed');
          await batchFailed(db, job.id, err);
        },
      );
      return reply.status(202).send(presentJob(job));
    },
  );

  r.get(
    '/booklet-jobs/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'A batch of booklets or cards: state and progress (households done of total)', params: idParam } },
    async (request) => {
      const job = await visibleJob(db, jobs, requireCapability(request, 'readRegistry'), request.params.id);
      return presentJob(job, job.live);
    },
  );

  r.get(
    '/booklet-jobs/:id/file',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'The PDF of a finished batch', params: idParam } },
    async (request, reply) => {
      const row = await batchFile(db, jobs, requireCapability(request, 'readRegistry'), request.params.id);
      return reply
        .header('content-type', PDF)
        .header('content-disposition', contentDisposition(row.file_name ?? 'booklets.pdf'))
        .send(row.content);
    },
  );
}
