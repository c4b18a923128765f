import {
  childRegionSchema,
  pageOf,
  pageQuery,
  regionDetailSchema,
  regionHitSchema,
  regionSummarySchema,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireUser } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { searchRegions } from './repository.ts';
import { childrenOf, describeRegion, regionPaths, summarizeRegion } from './service.ts';

const codeParam = z.strictObject({ code: z.string().max(12) });
const yearQuery = z.coerce.number().int().min(1978).max(2100).optional();

/** Regions: one node, its children, search by name or pinyin initials, and the home page summary. */
export function regionRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/regions',
    {
      preValidation: guard(),
      schema: {
        tags: ['regions'],
        summary: 'Find regions by name, code or pinyin initials inside your own region',
        querystring: pageQuery.extend({ q: z.string().trim().min(1).max(50) }).strict(),
        response: { 200: pageOf(regionHitSchema) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { q, page, pageSize } = request.query;
      const found = await searchRegions(db, user.regionCode, q, page, pageSize);
      const paths = await regionPaths(db, found.items.map((row) => row.code));
      const items = found.items.map((row) => ({ code: row.code, name: row.name, level: row.level, path: paths.get(row.code) ?? [] }));
      return { items, total: found.total, page, pageSize };
    },
  );

  r.get(
    '/regions/:code',
    {
      preValidation: guard(),
      schema: {
        tags: ['regions'],
        summary: 'One region with its path from the country',
        params: codeParam,
        response: { 200: regionDetailSchema },
      },
    },
    async (request) => describeRegion(db, requireUser(request), request.params.code),
  );

  r.get(
    '/regions/:code/children',
    {
      preValidation: guard(),
      schema: {
        tags: ['regions'],
        summary: 'The children of a region, optionally with their figures for a year',
        params: codeParam,
        querystring: z.strictObject({ withSummary: z.enum(['0', '1', 'true', 'false']).optional(), year: yearQuery }),
        response: { 200: z.object({ items: z.array(childRegionSchema) }) },
      },
    },
    async (request) => {
      const withSummary = request.query.withSummary === '1' || request.query.withSummary === 'true';
      const items = await childrenOf(db, requireUser(request), request.params.code, { withSummary, year: request.query.year });
      return { items };
    },
  );

  r.get(
    '/regions/:code/summary',
    {
      preValidation: guard(),
      schema: {
        tags: ['regions'],
        summary: "A region's registry figures and poverty incidence for a year",
        params: codeParam,
        querystring: z.strictObject({ year: yearQuery }),
        response: { 200: regionSummarySchema },
      },
    },
    async (request) => summarizeRegion(db, requireUser(request), request.params.code, request.query.year),
  );
}
