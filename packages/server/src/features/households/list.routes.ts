import {
  attributeSchema,
  causeSchema,
  householdListItemSchema,
  householdStatusSchema,
  isFullIdNumber,
  lineText,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  pageOf,
  pageQuery,
  readsPairedOnly,
  regionCodeSchema,
  todayInChina,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition as attachment, XLSX } from '../../kernel/http/download.ts';
import { fullExport, listExport } from './export.ts';
import { buildHouseholdWorkbook } from './workbook.ts';
import { listHouseholds } from './repository.ts';
import { drillPredicate, statFilters } from '../stats/drill.ts';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const regionCode = regionCodeSchema;

/** Need to know: the households a helper's lists, exports, searches and drill-downs hold are its paired ones. */
function pairedOnly(user: SessionUser) {
  return readsPairedOnly(user.role) ? { userId: user.id, on: todayInChina() } : undefined;
}

/** The filters, search and sort of the household list, shared by the list and its exports. */
const listFilters = {
  region: regionCode.optional(),
  status: householdStatusSchema.optional(),
  attribute: attributeSchema.optional(),
  mainCause: causeSchema.optional(),
  disability: flag.optional(),
  incomeYear: z.coerce.number().int().min(2010).max(2100).optional(),
  incomeMin: z.coerce.number().min(0).optional(),
  incomeMax: z.coerce.number().min(0).optional(),
  q: lineText
    .trim()
    .min(1)
    .max(40)
    .refine((v) => !isFullIdNumber(v), { message: 'a full ID number goes in the body of POST /households/search', params: { rule: 'id_number_in_url' } })
    .optional(),
  ...statFilters,
  sort: z.enum(['headName', 'householdNo', 'yearRegistered', 'village', 'incomePerHead']).default('householdNo'),
  order: z.enum(['asc', 'desc']).default('asc'),
};

/** A page of the household list as the API shows it: ID numbers and phones masked. */
function listPage(found: Awaited<ReturnType<typeof listHouseholds>>, page: number, pageSize: number) {
  return {
    items: found.items.map((h) => ({
      id: h.id,
      householdNo: h.household_no,
      villageCode: h.village_code,
      villageName: h.village_name,
      headName: h.head_name,
      headNameInitials: h.head_name_initials,
      headIdNumber: h.head_id_number ? maskIdNumber(h.head_id_number) : null,
      phone: h.phone ? maskPhone(h.phone) : null,
      attribute: h.attribute,
      status: h.status,
      mainCause: h.main_cause,
      yearRegistered: h.year_registered,
      yearExited: h.year_exited,
      members: Number(h.member_count),
      incomePerHead: h.income_per_head === null ? null : Number(h.income_per_head),
    })),
    total: found.total,
    page,
    pageSize,
    incomeYear: found.incomeYear,
  };
}

/** The household list: filter, search and page it, or find the households of a member's full ID number. */
export function householdListRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/households',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Registered households inside your region: filter, search (name, pinyin, initials, ID digits), sort, page',
        querystring: pageQuery.extend(listFilters).strict(),
        response: { 200: pageOf(householdListItemSchema).extend({ incomeYear: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const { region, stat, statYear, statKey, ...filter } = request.query;
      if (region && !inScope(user, region)) throw new AppError('region_not_found', { field: 'region' });
      const where = await drillPredicate(db, region ?? user.regionCode, { stat, statYear, statKey });
      const found = await listHouseholds(db, { ...filter, where, region, scopeCode: user.regionCode, pairedWithUser: pairedOnly(user) });
      return listPage(found, filter.page, filter.pageSize);
    },
  );

  r.post(
    '/households/search',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Households inside your region with a member of this full ID number; the number travels in the body, never in a URL',
        body: pageQuery.extend({ idNumber: z.string().trim().min(15).max(30), region: regionCode.optional() }).strict(),
        response: { 200: pageOf(householdListItemSchema).extend({ incomeYear: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const { region, idNumber, page, pageSize } = request.body;
      if (region && !inScope(user, region)) throw new AppError('region_not_found', { field: 'region' });
      const found = await listHouseholds(db, {
        idNumber: normalizeIdNumber(idNumber),
        region,
        scopeCode: user.regionCode,
        pairedWithUser: pairedOnly(user),
        sort: 'householdNo',
        order: 'asc',
        page,
        pageSize,
      });
      return listPage(found, page, pageSize);
    },
  );
}

/** The import template and the exports of the list (as shown, or the full importable workbook). */
export function householdExportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/templates/households.xlsx',
    {
      preValidation: guard('readRegistry'),
      schema: { tags: ['households'], summary: 'The household import template: Chinese headers, dropdowns, IDs as text, instructions' },
    },
    async (_request, reply) => {
      const buffer = await buildHouseholdWorkbook({ members: [], incomes: [] });
      return reply.header('content-type', XLSX).header('content-disposition', attachment('建档立卡农户导入模板.xlsx')).send(buffer);
    },
  );

  r.get(
    '/exports/households.xlsx',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Export the filtered list (format=list, IDs masked unless your role enters them) or the full importable workbook (format=full)',
        querystring: z.strictObject({ ...listFilters, format: z.enum(['list', 'full']).default('list') }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const { region, format, stat, statYear, statKey, ...filter } = request.query;
      if (region && !inScope(user, region)) throw new AppError('region_not_found', { field: 'region' });
      const where = await drillPredicate(db, region ?? user.regionCode, { stat, statYear, statKey });
      const scoped = { ...filter, where, region, scopeCode: user.regionCode, pairedWithUser: pairedOnly(user) };
      const date = todayInChina();
      if (format === 'full') {
        const buffer = await fullExport(db, user, actorOf(request, user), scoped);
        return reply.header('content-type', XLSX).header('content-disposition', attachment(`建档立卡农户-${date}.xlsx`)).send(buffer);
      }
      const { stream, done } = await listExport(db, user, actorOf(request, user), scoped, request.lang);
      done.catch((err: unknown) => {
        request.log.error({ err }, 'list export failed');
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return reply.header('content-type', XLSX).header('content-disposition', attachment(`农户列表-${date}.xlsx`)).send(stream);
    },
  );
}
