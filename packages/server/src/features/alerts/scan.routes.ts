import { regionCodeSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import { yearOrThisYear } from '../../kernel/scope/years.ts';
import type { ScanRunner } from './scan.ts';

/** Scans of a region: the alert rules run over every household for a year, in the background. */
export function scanRoutes(app: FastifyInstance, scans: ScanRunner) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/alerts/scans',
    {
      preValidation: guard('importFeeds'),
      schema: {
        tags: ['monitoring'],
        summary: 'Run the alert rules over every household of a region for a year (income under the line or falling, and all feeds’ rows); runs in the background',
        body: z.strictObject({ region: regionCodeSchema.optional(), year: z.number().int().optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      const region = regionOfRequest(user, request.body.region);
      const year = yearOrThisYear(request.body.year === undefined ? undefined : request.body.year);
      const scanId = scans.start(user, actorOf(request, user), region, year);
      return reply.status(202).send(scans.status(scanId));
    },
  );

  r.get(
    '/alerts/scans/:id',
    { preValidation: guard('importFeeds'), schema: { tags: ['monitoring'], summary: 'A scan’s progress and what it raised', params: z.strictObject({ id: z.string().max(40) }) } },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      const status = scans.status(request.params.id);
      if (!status || !inScope(user, status.region)) throw new AppError('not_found', { entity: 'scan', id: request.params.id });
      return status;
    },
  );
}
