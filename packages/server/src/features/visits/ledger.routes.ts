import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { yearOrThisYear } from '../../kernel/scope/years.ts';
import { catalogueFor } from '../assistance/service.ts';
import { helperHouseholds, helperLedger } from './ledger.service.ts';
import { ledgerWorkbook } from './workbooks.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2014).max(2100).optional() });

/** The helpers' households (结对户) and their ledgers (台账). */
export function ledgerRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/my/households',
    {
      preValidation: guard('readRegistry'),
      schema: { tags: ['assistance'], summary: 'The signed-in helper’s paired households with the last visit and when the next is due (empty for accounts that are not a helper)' },
    },
    async (request) => helperHouseholds(db, requireCapability(request, 'readRegistry')),
  );

  r.get(
    '/helpers/:id/households',
    { preValidation: guard('readRegistry'), schema: { tags: ['assistance'], summary: 'A helper’s paired households inside your region with what is due', params: z.strictObject({ id }) } },
    async (request) => helperHouseholds(db, requireCapability(request, 'readRegistry'), request.params.id),
  );

  r.get(
    '/helpers/:id/ledger',
    {
      preValidation: guard('readAidWork'),
      schema: { tags: ['assistance'], summary: 'A helper’s ledger (台账) for a year: households paired, visits made, measures answered for', params: z.strictObject({ id }), querystring: yearQuery },
    },
    async (request) => helperLedger(db, requireCapability(request, 'readAidWork'), request.params.id, yearOrThisYear(request.query.year)),
  );

  r.get(
    '/helpers/:id/ledger.xlsx',
    {
      preValidation: guard('readAidWork'),
      schema: { tags: ['assistance'], summary: 'The same ledger as an Excel workbook (sheets 结对户, 走访记录, 帮扶措施)', params: z.strictObject({ id }), querystring: yearQuery },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readAidWork');
      const ledger = await helperLedger(db, user, request.params.id, yearOrThisYear(request.query.year));
      const buffer = await ledgerWorkbook(ledger, await catalogueFor(db, user.regionCode));
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`帮扶台账-${ledger.helper.name}-${ledger.year}.xlsx`)).send(buffer);
    },
  );
}
