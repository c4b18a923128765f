import { aidStaffInputSchema, aidUnitInputSchema, householdPairingInputSchema, unitPairingInputSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { measureRoutes } from './measure.routes.ts';
import { addStaff, createUnit, endHouseholdPairing, listPairings, listUnits, pairHousehold, pairUnit, unitDetail } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** Aid units, their staff (helpers), and who is paired with which village and household. */
export function assistanceRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get('/aid-units', { preValidation: guard('readAidWork'), schema: { tags: ['assistance'], summary: 'Aid units kept in your region or above it, with staff and paired regions counted' } }, async (request) => {
    const user = requireCapability(request, 'readAidWork');
    const units = await listUnits(db, user);
    return {
      items: units.map((u) => ({ id: u.id, regionCode: u.region_code, name: u.name, kind: u.kind, contact: u.contact, phone: u.phone, active: u.active, staff: Number(u.staff ?? 0), regions: Number(u.regions ?? 0) })),
    };
  });

  r.post(
    '/aid-units',
    { preValidation: guard('manageAssistance'), schema: { tags: ['assistance'], summary: 'Record an aid unit (帮扶单位), kept by your region unless `regionCode` names one inside it', body: aidUnitInputSchema } },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const id = await createUnit(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id });
    },
  );

  r.get('/aid-units/:id', { preValidation: guard('readAidWork'), schema: { tags: ['assistance'], summary: 'A unit with its staff and the villages and townships it is paired with', params: idParam } }, async (request) => {
    const user = requireCapability(request, 'readAidWork');
    return unitDetail(db, user, request.params.id);
  });

  r.post(
    '/aid-units/:id/staff',
    { preValidation: guard('manageAssistance'), schema: { tags: ['assistance'], summary: 'Add a member of staff who helps households (帮扶责任人), with or without a login', params: idParam, body: aidStaffInputSchema } },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const id = await addStaff(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  r.post(
    '/aid-units/:id/pairings',
    { preValidation: guard('manageAssistance'), schema: { tags: ['assistance'], summary: 'Pair the unit with a village or township for a period; it may not overlap itself', params: idParam, body: unitPairingInputSchema } },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const id = await pairUnit(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/pairings',
    {
      preValidation: guard('readAidWork'),
      schema: {
        tags: ['assistance'],
        summary: 'Who helps whom, inside your region: the pairings of a household or of a helper, ended ones included',
        querystring: z.strictObject({ householdId: z.string().regex(/^\d{1,18}$/).optional(), staffId: z.string().regex(/^\d{1,18}$/).optional() }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readAidWork');
      return { items: await listPairings(db, user, request.query) };
    },
  );

  r.post(
    '/pairings',
    { preValidation: guard('writeRegistry'), schema: { tags: ['assistance'], summary: 'Pair a helper with a household from a date; the same pair may not overlap itself', body: householdPairingInputSchema } },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const id = await pairHousehold(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id });
    },
  );

  r.post(
    '/pairings/:id/end',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'End a pairing on a date with a reason; it stays in the history',
        params: idParam,
        body: z.strictObject({ endsOn: z.iso.date(), reason: z.string().trim().min(2).max(500) }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      await endHouseholdPairing(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  measureRoutes(app, deps);
}
