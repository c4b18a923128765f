import { apiTokenViewSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { guard, requireUser } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './service.ts';

/** A user's API tokens for machine clients: list, issue, revoke. */
export function apiTokenRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.object({ items: z.array(apiTokenViewSchema) }) } } },
    async (request) => {
      const rows = await listApiTokens(db, requireUser(request).id);
      return {
        items: rows.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.created_at.toISOString(),
          expiresAt: t.expires_at?.toISOString() ?? null,
          lastUsedAt: t.last_used_at?.toISOString() ?? null,
          revokedAt: t.revoked_at?.toISOString() ?? null,
        })),
      };
    },
  );

  r.post(
    '/auth/tokens',
    {
      preValidation: guard(),
      schema: {
        tags: ['auth'],
        summary: 'Issue an API token for machine clients (Authorization: Bearer); shown once',
        body: z.strictObject({
          name: z.string().trim().min(1).max(60),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string(), expiresAt: z.string().nullable() }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (user.via === 'token') throw new AppError('forbidden', { reason: 'tokens_cannot_issue_tokens' });
      const t = await createApiToken(db, user, request.body.name, request.body.expiresInDays, request.id);
      return reply.status(201).send({ id: t.id, name: t.name, token: t.secret, expiresAt: t.expires_at?.toISOString() ?? null });
    },
  );

  r.delete(
    '/auth/tokens/:id',
    { preValidation: guard(), schema: { tags: ['auth'], summary: 'Revoke one of your API tokens', params: z.strictObject({ id: z.string().regex(/^\d{1,18}$/) }) } },
    async (request, reply) => {
      const user = requireUser(request);
      if (!(await revokeApiToken(db, user, request.params.id, request.id))) {
        throw new AppError('not_found', { entity: 'api_token', id: request.params.id });
      }
      return reply.status(204).send();
    },
  );}
