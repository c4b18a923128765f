import { FIELD_RULE_MESSAGES, householdEventSchema, JOINING_EVENTS, memberInputSchema, memberPatchSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { addHouseholdEvent, patchMember } from './events.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a household id') });

/** Warnings carry their rule's message in the request's language. */
export function localizeWarnings(warnings: Array<{ path: string; code: string; message: string }>, lang: 'zh-CN' | 'en') {
  return warnings.map((w) => ({ ...w, message: FIELD_RULE_MESSAGES[w.code]?.[lang] ?? w.message }));
}

/** A household's members and events: members join, are corrected, and events record what happened. */
export function householdMemberRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/households/:id/members',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Add a member through a joining event (birth, marriage in, moving in)',
        params: idParam,
        body: z.strictObject({
          kind: z.enum(JOINING_EVENTS).default('move_in'),
          occurredOn: z.iso.date(),
          reason: z.string().trim().min(2).max(500),
          member: memberInputSchema,
        }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await addHouseholdEvent(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ ...result, warnings: localizeWarnings(result.warnings, request.lang) });
    },
  );

  r.patch(
    '/households/:id/members/:memberId',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Correct a member; `reason` is required and kept',
        params: idParam.extend({ memberId: z.string().regex(/^\d{1,18}$/) }).strict(),
        body: memberPatchSchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await patchMember(db, user, actorOf(request, user), request.params.id, request.params.memberId, request.body);
      return { ...result, warnings: localizeWarnings(result.warnings, request.lang) };
    },
  );

  r.post(
    '/households/:id/events',
    {
      preValidation: guard('writeRegistry'),
      schema: { tags: ['households'], summary: 'Record a household event', params: idParam, body: householdEventSchema },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await addHouseholdEvent(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ ...result, warnings: localizeWarnings(result.warnings, request.lang) });
    },
  );
}
