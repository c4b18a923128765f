import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import type { UploadGate } from '../../kernel/uploads/gate.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { contentDisposition } from '../../kernel/http/download.ts';
import { visibleHousehold } from '../households/service.ts';
import { readAttachment, storeAttachment } from './service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** Evidence: photos and scans attached to a household's steps and visits. */
export function attachmentRoutes(app: FastifyInstance, deps: AppDeps, gate: UploadGate, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/households/:id/attachments',
    {
      preValidation: guard('attachEvidence'),
      schema: {
        tags: ['attachments'],
        summary: 'Store a photo or scan (JPEG, PNG, WebP or PDF, at most 10 MB; multipart field `file`) as evidence for a household',
        consumes: ['multipart/form-data'],
        params: idParam,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'attachEvidence');
      const household = await visibleHousehold(db, user, request.params.id);
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', { field: 'file', expected: 'multipart/form-data' });
      // Nothing is read from a photo, but its bytes are held until stored: it counts among the uploads.
      const release = gate.admit();
      try {
        const part = await request.file({ limits: { fileSize: limits.attachmentBytes } });
        if (!part || part.fieldname !== 'file') throw new AppError('validation_failed', { field: 'file', rule: 'required' });
        const content = await part.toBuffer();
        const stored = await storeAttachment(db, user, actorOf(request, user), { regionCode: household.village_code, householdId: household.id, fileName: part.filename, content }, limits.attachmentBytes);
        return reply.status(201).send(stored);
      } finally {
        release();
      }
    },
  );

  r.get(
    '/attachments/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['attachments'], summary: 'The photo or scan itself', params: idParam } },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const row = await readAttachment(db, user, request.params.id);
      const inline = row.content_type.startsWith('image/') || row.content_type === 'application/pdf';
      return reply
        .header('content-type', row.content_type)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition(row.file_name, inline ? 'inline' : 'attachment'))
        .send(row.content);
    },
  );
}
