import {
  noticeInputSchema,
  objectionInputSchema,
  PROCEDURE_KINDS,
  PROCEDURE_STATES,
  type ProcedureKind,
  pageOf,
  pageQuery,
  resolutionInputSchema,
  type Role,
  STEP_CODES,
  stepInputSchema,
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
import type { Actor } from '../../kernel/audit/audit.repository.ts';
import { noticePdf, villageNotices } from './notice.ts';
import { countWaiting, listProcedures } from './repository.ts';
import { cancelCase, openCase, postNotice, presentProcedure, recordObjection, settleObjection, takeStep, visibleProcedure } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a procedure id') });
const regionCode = regionCodeSchema;
const kinds = Object.keys(PROCEDURE_KINDS) as [ProcedureKind, ...ProcedureKind[]];
const phone = phoneSchema;

/** Objections anyone may file without signing in, per address: enough for a family, not for a flood. */
const PUBLIC_OBJECTIONS = { max: 5, windowMs: 10 * 60 * 1000 };

/** Identification, exit, return, monitoring and risk-removal cases: open, act on steps, post notices, hear objections. */
export function procedureRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  const show = async (user: Parameters<typeof presentProcedure>[1], id: string) => presentProcedure(db, user, await visibleProcedure(db, user, id));

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
      return reply.status(201).send(await show(user, id));
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
      return show(user, request.params.id);
    },
  );

  r.post(
    '/procedures/:id/steps',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['procedures'],
        summary:
          'Act on the current step: `approved` moves on (the last one changes the household), `returned` goes back to `returnTo` with a `reason`, ' +
          '`rejected` ends the case with a `reason`. A survey or verification stores the evaluation of that day.',
        params: idParam,
        body: stepInputSchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      await takeStep(db, user, actorOf(request, user), request.params.id, request.body);
      return show(user, request.params.id);
    },
  );

  r.post(
    '/procedures/:id/notice',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['procedures'],
        summary: 'Post the village public notice: first and last day (both counted; at least the profile’s notice period), photos, complaint phone',
        params: idParam,
        body: noticeInputSchema.extend({ complaintPhone: phone.optional() }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      await postNotice(db, user, actorOf(request, user), request.params.id, request.body);
      return show(user, request.params.id);
    },
  );

  r.post(
    '/procedures/:id/objections',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['procedures'],
        summary: 'Record an objection received while the notice runs (by phone, in person, in the letter box)',
        params: idParam,
        body: objectionInputSchema.partial({ filedOn: true }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      await visibleProcedure(db, user, request.params.id);
      await recordObjection(db, user, actorOf(request, user), request.params.id, request.body);
      return show(user, request.params.id);
    },
  );

  r.post(
    '/procedures/:id/objections/:objectionId/resolve',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['procedures'],
        summary: 'Record how an objection was looked into and settled',
        params: idParam.extend({ objectionId: z.coerce.number().int().min(1) }),
        body: resolutionInputSchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      await settleObjection(db, user, actorOf(request, user), request.params.id, request.params.objectionId, request.body);
      return show(user, request.params.id);
    },
  );

  r.post(
    '/procedures/:id/cancel',
    {
      preValidation: guard('runProcedures'),
      schema: { tags: ['procedures'], summary: 'End a case without a decision, with a reason', params: idParam, body: z.strictObject({ reason: z.string().trim().max(2000) }) },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      await cancelCase(db, user, actorOf(request, user), request.params.id, request.body.reason);
      return show(user, request.params.id);
    },
  );

  // ---- public: no sign-in ----

  r.get(
    '/public/notices/:villageCode',
    {
      schema: {
        tags: ['public'],
        summary: 'The public notices of a village (no sign-in): households under notice with masked IDs, the decision, the notice period and the phone for objections',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
      },
    },
    async (request) => villageNotices(db, request.params.villageCode),
  );

  r.get(
    '/public/notices/:villageCode/notice.pdf',
    {
      schema: {
        tags: ['public'],
        summary: 'The same notice as a printable PDF (A4), to post on the village board',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
      },
    },
    async (request, reply) => {
      const notices = await villageNotices(db, request.params.villageCode);
      const pdf = await noticePdf(notices, request.lang);
      const name = `${notices.village.name}-${request.lang === 'zh-CN' ? '公示' : 'notice'}-${notices.today}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="notice.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(pdf);
    },
  );

  r.post(
    '/public/notices/:villageCode/objections',
    {
      // Per client address, counted once the objection is well-formed (429 rate_limited with Retry-After).
      config: { rateLimit: { max: PUBLIC_OBJECTIONS.max, timeWindow: PUBLIC_OBJECTIONS.windowMs, hook: 'preHandler' } },
      schema: {
        tags: ['public'],
        summary: 'File an objection to a household under notice (no sign-in; name and contact optional); it lands on the case',
        params: z.strictObject({ villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code') }),
        body: z.strictObject({
          procedureId: z.string().regex(/^\d{1,18}$/, 'a procedure id'),
          text: z.string().trim().min(2).max(4000),
          by: z.string().trim().min(1).max(40).optional(),
          contact: z.string().trim().min(1).max(60).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { procedureId, ...objection } = request.body;
      const actor: Actor = { id: null, name: 'public', requestId: request.id };
      await recordObjection(db, null, actor, procedureId, objection, request.params.villageCode);
      return reply.status(201).send({ received: true });
    },
  );
}
