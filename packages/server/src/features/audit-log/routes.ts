import { auditEventSchema, maskPersonalData, pageOf, pageQuery, seesPersonalData } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { listAudit } from '../../kernel/audit/audit.repository.ts';

/** The audit trail, for roles that may read it, inside their own region; personal data masked as everywhere. */
export function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  r.get(
    '/audit',
    {
      preValidation: guard('readAudit'),
      schema: {
        tags: ['audit'],
        summary: 'Audit events of your region, newest first',
        querystring: pageQuery
          .extend({
            entity: z.string().max(40).optional(),
            id: z.string().max(40).optional(),
            action: z.string().max(60).optional(),
          })
          .strict(),
        response: { 200: pageOf(auditEventSchema) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readAudit');
      const { entity, id, action, page, pageSize } = request.query;
      const found = await listAudit(db, { scopeCode: user.regionCode, entity, entityId: id, action, page, pageSize });
      // The same rule as lists, pages and exports: only roles that enter the registry read personal data in full.
      const shown = seesPersonalData(user.role) ? <T>(v: T) => v : maskPersonalData;
      return {
        items: found.items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorId: e.actor_id,
          actorName: e.actor_name,
          action: e.action,
          entity: e.entity,
          entityId: e.entity_id,
          regionCode: e.region_code,
          before: shown(e.before as Record<string, unknown> | null),
          after: shown(e.after as Record<string, unknown> | null),
        })),
        total: found.total,
        page,
        pageSize,
      };
    },
  );
}
