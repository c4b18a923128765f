import {
  pageOf,
  pageQuery,
  ROLES,
  userViewSchema,
  regionCodeSchema,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { listUsers } from './repository.ts';
import { createUser, presentUser, resetPassword, unlockUser, updateUser, visibleUser } from './service.ts';

const idParam = z.strictObject({ id: z.string().max(20) });
const username = z.string().trim().min(2).max(40).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const displayName = z.string().trim().min(1).max(60);
const regionCode = regionCodeSchema;
/** The unit an aid unit's account speaks for. */
const unitId = z.string().regex(/^\d{1,18}$/, 'an id');

/** User administration: only roles that manage users, and only inside their own region. */
export function userRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/users',
    {
      preValidation: guard('manageUsers'),
      schema: {
        tags: ['users'],
        summary: 'Users inside your region',
        querystring: pageQuery
          .extend({
            q: z.string().trim().max(40).optional(),
            role: z.enum(ROLES).optional(),
            region: regionCode.optional(),
            sort: z.enum(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt']).default('username'),
            order: z.enum(['asc', 'desc']).default('asc'),
          })
          .strict(),
        response: { 200: pageOf(userViewSchema) },
      },
    },
    async (request) => {
      const admin = requireCapability(request, 'manageUsers');
      const { region, ...query } = request.query;
      // A region filter narrows the admin's scope; one outside it finds nobody, as if it were empty.
      if (region && !inScope(admin, region)) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      const found = await listUsers(db, { ...query, scopeCode: region ?? admin.regionCode });
      return { items: found.items.map(presentUser), total: found.total, page: query.page, pageSize: query.pageSize };
    },
  );

  r.post(
    '/users',
    {
      preValidation: guard('manageUsers'),
      schema: {
        tags: ['users'],
        summary: 'Create a user, who must change the initial password at first sign-in',
        body: z.strictObject({ username, displayName, role: z.enum(ROLES), regionCode, password: z.string().max(128), aidUnitId: unitId.nullable().optional() }),
        response: { 201: userViewSchema },
      },
    },
    async (request, reply) => {
      const admin = requireCapability(request, 'manageUsers');
      const row = await createUser(db, admin, actorOf(request, admin), request.body);
      return reply.status(201).send(presentUser(row));
    },
  );

  r.get(
    '/users/:id',
    { preValidation: guard('manageUsers'), schema: { tags: ['users'], summary: 'One user', params: idParam, response: { 200: userViewSchema } } },
    async (request) => {
      const admin = requireCapability(request, 'manageUsers');
      return presentUser(await visibleUser(db, admin, request.params.id));
    },
  );

  r.patch(
    '/users/:id',
    {
      preValidation: guard('manageUsers'),
      schema: {
        tags: ['users'],
        summary: "Change a user's name, role, region or activity",
        params: idParam,
        body: z.strictObject({
          displayName: displayName.optional(),
          role: z.enum(ROLES).optional(),
          regionCode: regionCode.optional(),
          active: z.boolean().optional(),
          aidUnitId: unitId.nullable().optional(),
        }),
        response: { 200: userViewSchema },
      },
    },
    async (request) => {
      const admin = requireCapability(request, 'manageUsers');
      return presentUser(await updateUser(db, admin, actorOf(request, admin), request.params.id, request.body));
    },
  );

  r.post(
    '/users/:id/password',
    {
      preValidation: guard('manageUsers'),
      schema: {
        tags: ['users'],
        summary: 'Set a new initial password; the user must change it at next sign-in',
        params: idParam,
        body: z.strictObject({ newPassword: z.string().max(128) }),
      },
    },
    async (request, reply) => {
      const admin = requireCapability(request, 'manageUsers');
      await resetPassword(db, admin, actorOf(request, admin), request.params.id, request.body.newPassword);
      return reply.status(204).send();
    },
  );

  r.post(
    '/users/:id/unlock',
    { preValidation: guard('manageUsers'), schema: { tags: ['users'], summary: 'Lift a sign-in lockout', params: idParam } },
    async (request, reply) => {
      const admin = requireCapability(request, 'manageUsers');
      await unlockUser(db, admin, actorOf(request, admin), request.params.id);
      return reply.status(204).send();
    },
  );
}
