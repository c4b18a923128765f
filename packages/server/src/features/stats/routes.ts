import { statsOverviewSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import { regionOfRequest } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { statsOverview } from './service.ts';
import { statRegionCode } from './drill.ts';
import { statJobRoutes } from './jobs.routes.ts';

const regionCode = statRegionCode;
const year = z.coerce.number().int().min(2010).max(2100);

/**
 * Statistics (统计分析): the overview of a region and year; the jobs behind it: deprivation assessments (the
 * multidimensional measure) and rollups of the regions above the county (their figures as of the job).
 */
export function statsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const jobs = new BackgroundJobs();
  app.addHook('onClose', () => jobs.drain());

  r.get(
    '/stats/overview',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary:
          'Every indicator of a region and year: registry, incidence, exits and returns, monitoring, income (mean, median, bands, growth), causes, measures, benefits, visit compliance, procedures, alerts, exit thresholds, the Alkire-Foster measure, the children and the trend; each count names the household list it opens. A county and below are read live; a city, province or the country come from the latest rollup (source: snapshot)',
        querystring: z.strictObject({ region: regionCode.optional(), year: year.optional() }),
        response: { 200: statsOverviewSchema },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const region = regionOfRequest(user, request.query.region);
      return statsOverview(db, user, region, request.query.year, request.lang);
    },
  );

  statJobRoutes(app, db, jobs);
}
