import { presenceInputSchema, regionCodeSchema, teamMemberInputSchema, workTeamInputSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { yearOrThisYear } from '../../kernel/scope/years.ts';
import { addTeamMember, createTeam, endTeamMember, listTeams, recordPresence, teamDetail } from './service.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const idParam = z.strictObject({ id });
const year = z.coerce.number().int().min(2014).max(2100).optional();

/** Resident work teams (驻村工作队): their terms, members, first secretary, and days in the village. */
export function workTeamRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/work-teams',
    {
      preValidation: guard('manageAssistance'),
      schema: {
        tags: ['assistance'],
        summary: 'Send a resident work team to a village for a term (name defaults to “<village>驻村工作队”); a village has one team at a time',
        body: workTeamInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const teamId = await createTeam(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id: teamId });
    },
  );

  r.get(
    '/work-teams',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Work teams of villages in a region whose term touches a year, with the first secretary, members serving, and member-months short of the minimum days',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), year }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      return { items: await listTeams(db, user, { regionCode: request.query.region, year: yearOrThisYear(request.query.year) }) };
    },
  );

  r.get(
    '/work-teams/:id',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'A work team with its members serving in a year and the days each spent in the village month by month, short months marked',
        params: idParam,
        querystring: z.strictObject({ year }),
      },
    },
    async (request) => teamDetail(db, requireCapability(request, 'readRegistry'), request.params.id, yearOrThisYear(request.query.year)),
  );

  r.post(
    '/work-teams/:id/members',
    {
      preValidation: guard('manageAssistance'),
      schema: {
        tags: ['assistance'],
        summary: 'Add a member of staff to the team within its term (no end date: until the term ends); no overlap with themselves, one first secretary at a time',
        params: idParam,
        body: teamMemberInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const memberId = await addTeamMember(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id: memberId });
    },
  );

  r.post(
    '/work-teams/:id/members/:memberId/end',
    {
      preValidation: guard('manageAssistance'),
      schema: {
        tags: ['assistance'],
        summary: 'End a member’s service on a date with a reason; it stays in the team’s history',
        params: idParam.extend({ memberId: id }),
        body: z.strictObject({ endsOn: z.iso.date(), reason: z.string().trim().min(2).max(500) }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      await endTeamMember(db, user, actorOf(request, user), request.params.id, request.params.memberId, request.body);
      return reply.status(204).send();
    },
  );

  r.put(
    '/work-teams/:id/presence',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Record the days a member spent in the village in a month (replaces an earlier figure); a month of their service, not ahead',
        params: idParam,
        body: presenceInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      await recordPresence(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(204).send();
    },
  );
}
