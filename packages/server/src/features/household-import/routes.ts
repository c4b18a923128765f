import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { errorReport, type ImportRunner, presentProblem, visibleJob } from './service.ts';
import { ruleMessage } from '../../kernel/sheets/messages.ts';
import type { ImportProblem } from '../../kernel/sheets/sheet-reader.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an import id') });

/** Staged Excel imports: upload, watch the validation, confirm, watch the write, fetch the error report. */
export function importRoutes(app: FastifyInstance, deps: AppDeps, runner: ImportRunner, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/imports/households',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['imports'],
        summary: 'Upload a household workbook (multipart field `file`, .xlsx); it is validated in the background',
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', { field: 'file', expected: 'multipart/form-data' });
      // A place among the uploads being read is taken before the body is: the files held stay bounded.
      const release = runner.gate.admit();
      try {
        const part = await request.file({ limits: { fileSize: limits.importFileBytes } });
        if (!part || part.fieldname !== 'file') throw new AppError('validation_failed', { field: 'file', rule: 'required' });
        const buffer = await part.toBuffer();
        if (buffer.length === 0) throw new AppError('validation_failed', { field: 'file', rule: 'empty_file' });
        const id = await runner.start(user, part.filename || 'import.xlsx', buffer, release);
        return reply.status(202).send({ id, state: 'validating' });
      } catch (err) {
        release();
        throw err;
      }
    },
  );

  r.get(
    '/imports/:id',
    { preValidation: guard('writeRegistry'), schema: { tags: ['imports'], summary: 'State, progress, counts and problems of an import', params: idParam } },
    async (request) => {
      const user = requireCapability(request, 'writeRegistry');
      const job = await visibleJob(db, user, request.params.id);
      const live = runner.progressOf(job.id);
      const done = job.state === 'done' || job.state === 'invalid' || job.state === 'validated' || job.state === 'failed';
      const waiting = runner.waitingPosition(job.id);
      return {
        id: job.id,
        fileName: job.file_name,
        state: job.state,
        /** Validating in name, but waiting for its turn to be read (other uploads are), at this place in line. */
        waiting: waiting !== null,
        queuePosition: waiting,
        progress: live ?? (done ? 1 : 0),
        counts: job.counts,
        errorCount: job.error_count,
        errors: (job.errors as ImportProblem[]).slice(0, 500).map((p) => presentProblem(p, request.lang)),
        // A failed job records a named code: its message for people, and the code itself.
        message: job.message === null ? null : ruleMessage(job.message, request.lang),
        messageCode: job.message,
        createdAt: job.created_at.toISOString(),
        finishedAt: job.finished_at?.toISOString() ?? null,
        confirmedAt: job.confirmed_at?.toISOString() ?? null,
        confirmedBy: job.confirmed_by_name,
      };
    },
  );

  r.post(
    '/imports/:id/confirm',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['imports'],
        summary: 'Write a validated import in one transaction; `reason` is required when it corrects registered households',
        params: idParam,
        // A confirmation without corrections needs no body at all.
        body: z.preprocess((v) => v ?? {}, z.strictObject({ reason: z.string().trim().min(2).max(500).optional() })),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      await runner.confirm(user, request.params.id, request.body.reason);
      return reply.status(202).send({ id: request.params.id, state: 'writing' });
    },
  );

  r.get(
    '/imports/:id/errors.xlsx',
    { preValidation: guard('writeRegistry'), schema: { tags: ['imports'], summary: 'The uploaded file with every bad cell marked, and the list of problems', params: idParam } },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const report = await errorReport(deps.database, runner.gate, user, request.params.id, request.lang);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="errors.xlsx"; filename*=UTF-8''${encodeURIComponent(report.name)}`)
        .send(report.buffer);
    },
  );
}
