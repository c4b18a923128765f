import { noticeInputSchema, objectionInputSchema, phoneSchema, resolutionInputSchema, stepInputSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { cancelCase, postNotice, recordObjection, settleObjection, showProcedure, takeStep, visibleProcedure } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a procedure id') });
const phone = phoneSchema;

/** The work on an open case: steps, the public notice, objections and their settlement, cancelling. */
export function procedureStepRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

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
      return showProcedure(db, user, request.params.id);
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
      return showProcedure(db, user, request.params.id);
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
      return showProcedure(db, user, request.params.id);
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
      return showProcedure(db, user, request.params.id);
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
      return showProcedure(db, user, request.params.id);
    },
  );

  // ---- public: no sign-in ----
}
