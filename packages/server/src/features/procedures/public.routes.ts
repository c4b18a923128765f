import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/http/deps.ts';
import type { Actor } from '../../kernel/audit/audit.repository.ts';
import { noticePdf, villageNotices } from './notice.ts';
import { recordObjection } from './service.ts';

/** Objections anyone may file without signing in, per address: enough for a family, not for a flood. */
const PUBLIC_OBJECTIONS = { max: 5, windowMs: 10 * 60 * 1000 };

/** A village's public notices, without sign-in: read them, print them, file an objection. */
export function publicNoticeRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/public/notices/:villageCode',
    {
      schema: {
        tags: ['public'],
        summary: 'The public notices of a village (no sign-in): households under notice with masked IDs, the decision, the notice period and the phone for objections',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
      },
    },
    async (request) => villageNotices(db, request.params.villageCode),
  );

  r.get(
    '/public/notices/:villageCode/notice.pdf',
    {
      schema: {
        tags: ['public'],
        summary: 'The same notice as a printable PDF (A4), to post on the village board',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
      },
    },
    async (request, reply) => {
      const notices = await villageNotices(db, request.params.villageCode);
      const pdf = await noticePdf(notices, request.lang);
      const name = `${notices.village.name}-${request.lang === 'zh-CN' ? '公示' : 'notice'}-${notices.today}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="notice.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(pdf);
    },
  );

  r.post(
    '/public/notices/:villageCode/objections',
    {
      // Per client address, counted once the objection is well-formed (429 rate_limited with Retry-After).
      config: { rateLimit: { max: PUBLIC_OBJECTIONS.max, timeWindow: PUBLIC_OBJECTIONS.windowMs, hook: 'preHandler' } },
      schema: {
        tags: ['public'],
        summary: 'File an objection to a household under notice (no sign-in; name and contact optional); it lands on the case',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
        body: z.strictObject({
          procedureId: z.string().regex(/^\d{1,18}$/, 'a procedure id'),
          text: z.string().trim().min(2).max(4000),
          by: z.string().trim().min(1).max(40).optional(),
          contact: z.string().trim().min(1).max(60).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { procedureId, ...objection } = request.body;
      const actor: Actor = { id: null, name: 'public', requestId: request.id };
      await recordObjection(db, null, actor, procedureId, objection, request.params.villageCode);
      return reply.status(201).send({ received: true });
    },
  );
}
