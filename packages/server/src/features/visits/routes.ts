import { regionCodeSchema, todayInChina, visitInputSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { visitCompliance } from './ledger.service.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { complianceWorkbook, visitsWorkbook } from './workbooks.ts';
import { listVisits, logVisit, regionNameOf } from './service.ts';
import { catalogueFor } from '../assistance/service.ts';
import { inScope, regionNotFound } from '../../kernel/scope/scope.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
/** The most rows an export holds (a county's overdue pairings may be four times this). */
const EXPORT_ROWS = 50_000;

/** Visits (入户走访), visit compliance, the helpers' households and ledgers, and the measure catalogue. */
export function visitRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/measure-catalogue',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'The measure families of a region’s catalogue (defaults plus those its policy profile adds) and which families answer each cause',
        querystring: z.strictObject({ region: regionCodeSchema.optional() }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const region = request.query.region ?? user.regionCode;
      if (!inScope(user, region) && !user.regionCode.startsWith(region)) throw regionNotFound('region', region);
      return catalogueFor(db, region);
    },
  );

  r.post(
    '/visits',
    {
      preValidation: guard('logVisits'),
      schema: {
        tags: ['assistance'],
        summary: 'Log a visit to a household: every helper named must be paired with it (or on the village’s work team) that day; not dated ahead',
        body: visitInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'logVisits');
      const visitId = await logVisit(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id: visitId });
    },
  );

  r.get(
    '/visits',
    {
      preValidation: guard('readAidWork'),
      schema: {
        tags: ['assistance'],
        summary: 'Visits inside your region, newest first; by household, helper, campaign or dates',
        querystring: z.strictObject({
          region: regionCodeSchema.optional(),
          householdId: id.optional(),
          staffId: id.optional(),
          campaignId: id.optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          ...page,
        }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readAidWork');
      const q = request.query;
      return { page: q.page, pageSize: q.pageSize, ...(await listVisits(db, user, { ...q, regionCode: q.region })) };
    },
  );

  r.get(
    '/visits/compliance',
    {
      preValidation: guard('readAidWork'),
      schema: {
        tags: ['assistance'],
        summary: 'Paired households not visited within the region’s interval (default 30 days), counted by unit and by helper, longest unseen first',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), asOf: z.iso.date().optional(), unitId: id.optional(), staffId: id.optional(), ...page }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readAidWork');
      const q = request.query;
      return { page: q.page, pageSize: q.pageSize, ...(await visitCompliance(db, user, { ...q, regionCode: q.region })) };
    },
  );

  r.get(
    '/exports/visits.xlsx',
    {
      preValidation: guard('readAidWork'),
      schema: {
        tags: ['assistance'],
        summary: 'The visits the list shows with the same filters, as a workbook (at most 50,000, newest first)',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), householdId: id.optional(), staffId: id.optional(), campaignId: id.optional(), from: z.iso.date().optional(), to: z.iso.date().optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readAidWork');
      const q = request.query;
      const { items } = await listVisits(db, user, { ...q, regionCode: q.region, page: 1, pageSize: EXPORT_ROWS });
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`走访记录-${todayInChina()}.xlsx`)).send(await visitsWorkbook(items));
    },
  );

  r.get(
    '/exports/visit-compliance.xlsx',
    {
      preValidation: guard('readAidWork'),
      schema: {
        tags: ['assistance'],
        summary: 'Visit compliance as a workbook: every overdue pairing, and the counts by unit and by helper',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), asOf: z.iso.date().optional(), unitId: id.optional(), staffId: id.optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readAidWork');
      const q = request.query;
      const c = await visitCompliance(db, user, { ...q, regionCode: q.region, page: 1, pageSize: EXPORT_ROWS * 4, helperLimit: EXPORT_ROWS });
      const name = await regionNameOf(db, c.regionCode);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`走访频次-${name}-${c.asOf}.xlsx`)).send(await complianceWorkbook(c, name));
    },
  );

  ledgerRoutes(app, deps);
}
