import {
  PROCEDURE_KINDS,
  PROCEDURE_STATES,
  type ProcedureKind,
  pageOf,
  pageQuery,
  type Role,
  STEP_CODES,
  todayInChina,
  regionCodeSchema,
  phoneSchema,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { countWaiting, listProcedures } from './repository.ts';
import { openCase, showProcedure } from './service.ts';
import { publicNoticeRoutes } from './public.routes.ts';
import { procedureStepRoutes } from './steps.routes.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a procedure id') });
const regionCode = regionCodeSchema;
const kinds = Object.keys(PROCEDURE_KINDS) as [ProcedureKind, ...ProcedureKind[]];
const phone = phoneSchema;

/** Identification, exit, return, monitoring and risk-removal cases: open, act on steps, post notices, hear objections. */
export function procedureRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;


  r.post(
    '/procedures',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['procedures'],
        summary: 'Open a case for a household (identification needs a `candidate` household, exit a poor one, return an exited one); the first step waits',
        body: z.strictObject({
          kind: z.enum(kinds),
          householdId: z.string().regex(/^\d{1,18}$/, 'a household id'),
          openedOn: z.iso.date().optional(),
          complaintPhone: phone.optional(),
        }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'runProcedures');
      const id = await openCase(db, user, actorOf(request, user), request.body);
      return reply.status(201).send(await showProcedure(db, user, id));
    },
  );

  r.get(
    '/procedures',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['procedures'],
        summary: 'Cases inside your region, most urgent first; `mine=1` keeps the steps waiting on your role, `overdue=1` those past a deadline',
        querystring: pageQuery
          .extend({
            region: regionCode.optional(),
            state: z.enum(Object.keys(PROCEDURE_STATES) as ['open']).optional(),
            kind: z.enum(kinds).optional(),
            step: z.enum(STEP_CODES).optional(),
            householdId: z.string().regex(/^\d{1,18}$/).optional(),
            mine: z.enum(['0', '1']).optional(),
            overdue: z.enum(['0', '1']).optional(),
          })
          .strict(),
        response: { 200: pageOf(z.record(z.string(), z.unknown())) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const q = request.query;
      if (q.region && !q.region.startsWith(user.regionCode === 'CN' ? '' : user.regionCode)) throw new AppError('not_found', { entity: 'region', code: q.region });
      const today = todayInChina();
      const { items, total } = await listProcedures(db, {
        scopeCode: user.regionCode,
        region: q.region,
        state: q.state,
        kind: q.kind,
        step: q.step,
        householdId: q.householdId,
        actionableBy: q.mine === '1' ? (user.role as Role) : undefined,
        overdueOn: q.overdue === '1' ? today : undefined,
        reader: user,
        page: q.page,
        pageSize: q.pageSize,
      });
      return {
        items: items.map((p) => ({
          id: p.id,
          kind: p.kind,
          state: p.state,
          currentStep: p.current_step,
          stepDueOn: p.step_due_on,
          dueOn: p.due_on,
          overdue: p.state === 'open' && ((p.step_due_on !== null && p.step_due_on < today) || p.due_on < today),
          openedOn: p.opened_on,
          closedOn: p.closed_on,
          noticeStartsOn: p.notice_starts_on,
          noticeEndsOn: p.notice_ends_on,
          household: { id: p.household_id, householdNo: p.household_no, headName: p.head_name, villageCode: p.village_code, villageName: p.village_name },
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  r.get(
    '/procedures/inbox',
    { preValidation: guard('readRegistry'), schema: { tags: ['procedures'], summary: 'How many steps wait on your role in your region, and how many are overdue' } },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      return countWaiting(db, user.regionCode, user.role as Role, todayInChina());
    },
  );

  r.get(
    '/procedures/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['procedures'], summary: 'A case: its steps so far, notice and objections, deadlines, and who must act', params: idParam } },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      return showProcedure(db, user, request.params.id);
    },
  );

  procedureStepRoutes(app, deps);
  publicNoticeRoutes(app, deps);
}
