import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps.ts';

/** Liveness with a real round trip to the database. */
export function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the server and its database answer',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) },
      },
    },
    async () => {
      await sql`SELECT 1`.execute(deps.database.db);
      return { status: 'ok' as const, database: deps.database.engine, version: deps.version };
    },
  );
}
