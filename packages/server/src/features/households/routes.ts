import {
  attributeSchema,
  causeSchema,
  FIELD_RULE_MESSAGES,
  householdChangeSchema,
  householdCreateSchema,
  householdDetailSchema,
  householdListItemSchema,
  householdEventSchema,
  householdPatchSchema,
  householdStatusSchema,
  isFullIdNumber,
  JOINING_EVENTS,
  lineText,
  maskIdNumber,
  maskPhone,
  memberInputSchema,
  memberPatchSchema,
  normalizeIdNumber,
  pageOf,
  pageQuery,
  readsPairedOnly,
  warningSchema,
  regionCodeSchema,
  todayInChina,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import { mayReadHousehold } from '../../kernel/http/access.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition as attachment, XLSX } from '../../kernel/http/download.ts';
import { addHouseholdEvent, patchMember } from './events.ts';
import { fullExport, listExport } from './export.ts';
import { buildHouseholdWorkbook } from './workbook.ts';
import { findRegisteredPerson, listHouseholds } from './repository.ts';
import { drillPredicate, statFilters } from '../stats/drill.ts';
import { createHousehold, describeHousehold, householdHistory, patchHousehold } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a household id') });
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

/** Warnings carry their rule's message in the request's language. */
function localizeWarnings(warnings: Array<{ path: string; code: string; message: string }>, lang: 'zh-CN' | 'en') {
  return warnings.map((w) => ({ ...w, message: FIELD_RULE_MESSAGES[w.code]?.[lang] ?? w.message }));
}


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

/** The registry: households, members, events, corrections and person lookup, inside the user's region. */
export function householdRoutes(app: FastifyInstance, deps: AppDeps) {
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

  r.post(
    '/households',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Register a household with its members',
        body: householdCreateSchema,
        response: { 201: householdDetailSchema.extend({ warnings: z.array(warningSchema) }) },
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const { id, warnings } = await createHousehold(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ ...(await describeHousehold(db, user, id)), warnings: localizeWarnings(warnings, request.lang) });
    },
  );

  r.get(
    '/households/:id',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'One household with members, incomes and events; with asOf, as it was at the end of that day',
        params: idParam,
        querystring: z.strictObject({ asOf: z.iso.date().optional() }),
        response: { 200: householdDetailSchema },
      },
    },
    async (request) => describeHousehold(db, requireCapability(request, 'readRegistry'), request.params.id, request.query.asOf),
  );

  r.patch(
    '/households/:id',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Correct a household; `reason` is required and kept',
        params: idParam,
        body: householdPatchSchema,
        response: { 200: householdDetailSchema.extend({ changed: z.number().int() }) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await patchHousehold(db, user, actorOf(request, user), request.params.id, request.body);
      return { ...(await describeHousehold(db, user, request.params.id)), changed: result.changed };
    },
  );

  r.get(
    '/households/:id/history',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Every correction: field, old, new, who, when, why',
        params: idParam,
        response: { 200: z.object({ items: z.array(householdChangeSchema) }) },
      },
    },
    async (request) => ({ items: await householdHistory(db, requireCapability(request, 'readRegistry'), request.params.id) }),
  );

  r.post(
    '/households/:id/members',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Add a member through a joining event (birth, marriage in, moving in)',
        params: idParam,
        body: z.strictObject({
          kind: z.enum(JOINING_EVENTS).default('move_in'),
          occurredOn: z.iso.date(),
          reason: z.string().trim().min(2).max(500),
          member: memberInputSchema,
        }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await addHouseholdEvent(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ ...result, warnings: localizeWarnings(result.warnings, request.lang) });
    },
  );

  r.patch(
    '/households/:id/members/:memberId',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Correct a member; `reason` is required and kept',
        params: idParam.extend({ memberId: z.string().regex(/^\d{1,18}$/) }).strict(),
        body: memberPatchSchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await patchMember(db, user, actorOf(request, user), request.params.id, request.params.memberId, request.body);
      return { ...result, warnings: localizeWarnings(result.warnings, request.lang) };
    },
  );

  r.post(
    '/households/:id/events',
    {
      preValidation: guard('writeRegistry'),
      schema: { tags: ['households'], summary: 'Record a household event', params: idParam, body: householdEventSchema },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const result = await addHouseholdEvent(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ ...result, warnings: localizeWarnings(result.warnings, request.lang) });
    },
  );

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

  r.post(
    '/persons/search',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['households'],
        summary: 'Where a living person is registered, if inside your region; the ID number travels in the body, never in a URL',
        body: z.strictObject({ idNumber: z.string().trim().min(15).max(30) }),
        response: {
          200: z.object({
            householdId: z.string(),
            memberId: z.string(),
            householdNo: z.string(),
            headName: z.string(),
            villageCode: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const found = await findRegisteredPerson(db, normalizeIdNumber(request.body.idNumber));
      if (!found || !(await mayReadHousehold(db, user, found.household_id, found.village_code))) throw new AppError('not_found', { entity: 'person' });
      return { householdId: found.household_id, memberId: found.member_id, householdNo: found.household_no, headName: found.head_name, villageCode: found.village_code };
    },
  );
}
