import {
  householdChangeSchema,
  householdCreateSchema,
  householdDetailSchema,
  householdPatchSchema,
  normalizeIdNumber,
  warningSchema,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { mayReadHousehold } from '../../kernel/http/access.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { householdExportRoutes, householdListRoutes } from './list.routes.ts';
import { householdMemberRoutes, localizeWarnings } from './members.routes.ts';
import { findRegisteredPerson } from './repository.ts';
import { createHousehold, describeHousehold, householdHistory, patchHousehold } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a household id') });

/** The registry: households, members, events, corrections and person lookup, inside the user's region. */
export function householdRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  householdListRoutes(app, deps);

  r.post(
    '/households',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Register a household with its members',
        body: householdCreateSchema,
        response: { 201: householdDetailSchema.extend({ warnings: z.array(warningSchema) }) },
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const { id, warnings } = await createHousehold(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ ...(await describeHousehold(db, user, id)), warnings: localizeWarnings(warnings, request.lang) });
    },
  );

  r.get(
    '/households/:id',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'One household with members, incomes and events; with asOf, as it was at the end of that day',
        params: idParam,
        querystring: z.strictObject({ asOf: z.iso.date().optional() }),
        response: { 200: householdDetailSchema },
      },
    },
    async (request) => describeHousehold(db, requireCapability(request, 'readRegistry'), request.params.id, request.query.asOf),
  );

  r.patch(
    '/households/:id',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Correct a household; `reason` is required and kept',
        params: idParam,
        body: householdPatchSchema,
        response: { 200: householdDetailSchema.extend({ changed: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await patchHousehold(db, user, actorOf(request, user), request.params.id, request.body);
      return { ...(await describeHousehold(db, user, request.params.id)), changed: result.changed };
    },
  );

  r.get(
    '/households/:id/history',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Every correction: field, old, new, who, when, why',
        params: idParam,
        response: { 200: z.object({ items: z.array(householdChangeSchema) }) },
      },
    },
    async (request) => ({ items: await householdHistory(db, requireCapability(request, 'readRegistry'), request.params.id) }),
  );

  householdMemberRoutes(app, deps);
  householdExportRoutes(app, deps);

  r.post(
    '/persons/search',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Where a living person is registered, if inside your region; the ID number travels in the body, never in a URL',
        body: z.strictObject({ idNumber: z.string().trim().min(15).max(30) }),
        response: {
          200: z.object({
            householdId: z.string(),
            memberId: z.string(),
            householdNo: z.string(),
            headName: z.string(),
            villageCode: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const found = await findRegisteredPerson(db, normalizeIdNumber(request.body.idNumber));
      if (!found || !(await mayReadHousehold(db, user, found.household_id, found.village_code))) throw new AppError('not_found', { entity: 'person' });
      return { householdId: found.household_id, memberId: found.member_id, householdNo: found.household_no, headName: found.head_name, villageCode: found.village_code };
    },
  );
}
