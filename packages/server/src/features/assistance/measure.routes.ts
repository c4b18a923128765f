import { benefitInputSchema, measureInputSchema, measurePatchSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { addBenefit, addMeasure, householdPlan, patchMeasure } from './measure.service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** A household's plan (一户一法): its measures and the benefits delivered. */
export function measureRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/households/:id/measures',
    {
      preValidation: guard('readRegistry'),
      schema: { tags: ['assistance'], summary: 'A household’s plan (一户一法): its measures, the benefits delivered, and the causes no live measure answers today', params: idParam },
    },
    async (request) => householdPlan(db, requireCapability(request, 'readRegistry'), request.params.id),
  );

  r.post(
    '/households/:id/measures',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Add a measure to a household’s plan; the helper answerable must be paired with the household; micro-credit ≤ 50,000 yuan and ≤ 3 years',
        params: idParam,
        body: measureInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const id = await addMeasure(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  r.patch(
    '/households/:id/measures/:measureId',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Record a measure’s progress, result or a correction, with a reason',
        params: idParam.extend({ measureId: z.string().regex(/^\d{1,18}$/, 'a measure id') }),
        body: measurePatchSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      await patchMeasure(db, user, actorOf(request, user), request.params.id, request.params.measureId, request.body);
      return reply.status(204).send();
    },
  );

  r.get(
    '/households/:id/benefits',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'Benefits delivered to a household, oldest first', params: idParam } },
    async (request) => ({ items: (await householdPlan(db, requireCapability(request, 'readRegistry'), request.params.id)).benefits }),
  );

  r.post(
    '/households/:id/benefits',
    { preValidation: guard('writeRegistry'), schema: { tags: ['assistance'], summary: 'Record a benefit delivered (date, amount, source, the measure it belongs to)', params: idParam, body: benefitInputSchema } },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const id = await addBenefit(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );
}
