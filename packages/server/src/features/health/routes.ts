import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema, metaSchema } from '@jingzhun/domain';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { pingDatabase } from './repository.ts';

/** Liveness with a real round trip to the database, and the product's metadata without one. */
export function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/meta',
    {
      schema: {
        tags: ['health'],
        summary: 'Product name, version and languages (no database access)',
        response: { 200: metaSchema },
      },
    },
    async () => ({ name: 'jingzhun' as const, version: deps.version, languages: ['zh-CN' as const, 'en' as const], defaultLanguage: 'zh-CN' as const }),
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the server and its database answer',
        response: { 200: healthSchema },
      },
    },
    async () => {
      await pingDatabase(deps.database.db);
      return { status: 'ok' as const, database: deps.database.engine, version: deps.version };
    },
  );
}
