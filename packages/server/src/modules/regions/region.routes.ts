import { pageQuery, REGION_LEVELS } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireUser } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { searchRegions } from './region.repository.ts';
import { childrenOf, describeRegion, regionPaths, summarizeRegion } from './region.service.ts';

const codeParam = z.strictObject({ code: z.string().max(12) });
const level = z.number().int().refine((n) => (REGION_LEVELS as readonly number[]).includes(n));
const regionRef = z.object({ code: z.string(), name: z.string(), level });
const yearQuery = z.coerce.number().int().min(1978).max(2100).optional();
const summary = z.object({
  regionCode: z.string(),
  year: z.number().int(),
  availableYears: z.array(z.number().int()),
  households: z.number().int(),
  persons: z.number().int(),
  poorHouseholds: z.number().int(),
  poorPersons: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  incidence: z.number().nullable(),
});

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
        response: { 200: z.object({ items: z.array(regionRef.extend({ path: z.array(regionRef) })), total: z.number(), page: z.number(), pageSize: z.number() }) },
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
        response: {
          200: regionRef.extend({ parentCode: z.string().nullable(), path: z.array(regionRef), childCount: z.number().int() }),
        },
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
        response: {
          200: z.object({
            items: z.array(regionRef.extend({ childCount: z.number().int(), summary: summary.optional() })),
          }),
        },
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
        response: { 200: summary.extend({ townships: z.number().int(), villages: z.number().int() }) },
      },
    },
    async (request) => summarizeRegion(db, requireUser(request), request.params.code, request.query.year),
  );
}
