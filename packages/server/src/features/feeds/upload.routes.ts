import { feedUploadSchema, isFeedKind, regionCodeSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, issueFields } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import type { FeedRunner } from './service.ts';

/** The upload of a department's feed file: checked, staged and matched in the background. */
export function feedUploadRoute(app: FastifyInstance, feeds: FeedRunner, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/feeds/:kind/imports',
    {
      preValidation: guard('importFeeds'),
      // A feed file may be large: a county's medical insurance list for a year runs to a million rows.
      bodyLimit: limits.feedFileBytes + 1024 * 1024,
      schema: {
        tags: ['monitoring'],
        summary:
          'Upload a department’s feed (multipart: `file` .xlsx or .csv, `source`, `asOf`, optional `regionCode`, `mapping` as JSON {field: header}, `ignore` as JSON [header], `confirm` true to write as soon as every row passes); every row is checked, staged and matched by resident ID in the background, then waits for confirmation (or, confirmed at once, is written)',
        consumes: ['multipart/form-data'],
        params: z.strictObject({ kind: z.string() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      const { kind } = request.params;
      if (!isFeedKind(kind)) throw new AppError('validation_failed', { fields: [{ path: 'kind', code: 'unknown_feed', message: `no feed is called ${kind}` }] });
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', { field: 'file', expected: 'multipart/form-data' });
      // A place among the uploads being read is taken before the body is: the files held stay bounded.
      const release = feeds.gate.admit();
      try {
        const fields: Record<string, string> = {};
        let file: { name: string; buffer: Buffer } | null = null;
        for await (const part of request.parts({ limits: { fileSize: limits.feedFileBytes, fields: 10, parts: 11, files: 1 } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              await part.toBuffer();
              continue;
            }
            const buffer = await part.toBuffer();
            if (part.file.truncated) throw new AppError('payload_too_large', { field: 'file', limit: limits.feedFileBytes });
            file = { name: part.filename || `${kind}.csv`, buffer };
          } else fields[part.fieldname] = String(part.value);
        }
        if (!file) throw new AppError('validation_failed', { fields: [{ path: 'file', code: 'required', message: 'no file' }] });
        if (file.buffer.length === 0) throw new AppError('validation_failed', { field: 'file', rule: 'empty_file' });
        const json = (name: string) => {
          const raw = fields[name];
          if (raw === undefined || raw === '') return undefined;
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            throw new AppError('validation_failed', { fields: [{ path: name, code: 'invalid_json', message: `${name} is not JSON` }] });
          }
        };
        const confirm = fields.confirm === undefined || fields.confirm === '' ? undefined : fields.confirm === 'true' ? true : fields.confirm === 'false' ? false : fields.confirm;
        const parsed = feedUploadSchema.safeParse({ source: fields.source, asOf: fields.asOf, mapping: json('mapping'), ignore: json('ignore'), confirm });
        if (!parsed.success) throw new AppError('validation_failed', { fields: issueFields(parsed.error.issues) });
        const region = fields.regionCode ?? user.regionCode;
        if (!regionCodeSchema.safeParse(region).success) throw new AppError('validation_failed', { fields: [{ path: 'regionCode', code: 'invalid_format', message: 'a region code' }] });
        const feedId = await feeds.start(user, actorOf(request, user), kind, region, parsed.data, file.name, file.buffer, release);
        return reply.status(202).send({ id: feedId, state: 'validating' });
      } catch (err) {
        release();
        throw err;
      }
    },
  );
}
