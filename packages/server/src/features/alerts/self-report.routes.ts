import { regionCodeSchema, selfReportSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { closeSelfReport, fileSelfReport, findVillages, linkSelfReport, listSelfReports } from './self-report.service.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const idParam = z.strictObject({ id });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
/** Self-reports anyone may file without signing in, per address. */
const PUBLIC_REPORTS = { max: 5, windowMs: 10 * 60 * 1000 };

/** Self-reports: their triage (linked to a household's alert, or closed), and the public form that files them without sign-in. */
export function selfReportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/self-reports',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['monitoring'],
        summary: 'Self-reports from the public form in your region, open first',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), state: z.enum(['open', 'linked', 'closed']).optional(), ...page }),
      },
    },
    async (request) => listSelfReports(db, requireCapability(request, 'readRegistry'), request.query),
  );

  r.post(
    '/self-reports/:id/link',
    { preValidation: guard('triageAlerts'), schema: { tags: ['monitoring'], summary: 'Link a self-report to its household: an alert to triage', params: idParam, body: z.strictObject({ householdId: id }) } },
    async (request, reply) => {
      const user = requireCapability(request, 'triageAlerts');
      const alertId = await linkSelfReport(db, user, actorOf(request, user), request.params.id, request.body.householdId);
      return reply.status(201).send({ alertId });
    },
  );

  r.post(
    '/self-reports/:id/close',
    {
      preValidation: guard('triageAlerts'),
      schema: { tags: ['monitoring'], summary: 'Close a self-report that needs no alert, with the reason', params: idParam, body: z.strictObject({ reason: z.string().trim().min(2).max(2000) }) },
    },
    async (request) => {
      const user = requireCapability(request, 'triageAlerts');
      await closeSelfReport(db, user, actorOf(request, user), request.params.id, request.body.reason);
      return { closed: true };
    },
  );

  // ---- public: no sign-in ----

  r.get(
    '/public/villages',
    {
      schema: {
        tags: ['public'],
        summary: 'Find a village by name or pinyin initials, for the public forms (no sign-in)',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(40) }),
      },
    },
    async (request) => ({ items: await findVillages(db, request.query.q) }),
  );

  r.post(
    '/public/self-reports',
    {
      // Per client address, counted once the report is well-formed (429 rate_limited with Retry-After).
      config: { rateLimit: { max: PUBLIC_REPORTS.max, timeWindow: PUBLIC_REPORTS.windowMs, hook: 'preHandler' } },
      schema: {
        tags: ['public'],
        summary: 'Report a hardship (no sign-in): village, a phone to call back, what happened; the village’s cadres see it in their inbox',
        body: selfReportSchema,
      },
    },
    async (request, reply) => {
      const reportId = await fileSelfReport(db, request.body);
      return reply.status(201).send({ received: true, id: reportId });
    },
  );
}
