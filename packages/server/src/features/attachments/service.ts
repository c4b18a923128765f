import { countyCodeOf } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../../kernel/uploads/limits.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { findAttachment, findAttachmentsByIds, insertAttachment } from './repository.ts';

/** What evidence may be: photos and PDF scans, recognised by their first bytes, not by the name given. */
const SIGNATURES: Array<{ type: string; matches: (b: Buffer) => boolean }> = [
  { type: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/webp', matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The content type of a photo or scan, or null when it is neither. */
export function sniffContentType(content: Buffer): string | null {
  return SIGNATURES.find((s) => s.matches(content))?.type ?? null;
}

/** Stores a photo or scan as evidence for a household (kept in its village's region); returns its id. */
export async function storeAttachment(
  db: Db,
  user: SessionUser,
  actor: Actor,
  input: { regionCode: string; householdId: string; fileName: string; content: Buffer },
  maxBytes = DEFAULT_UPLOAD_LIMITS.attachmentBytes,
): Promise<{ id: string; fileName: string; contentType: string; size: number }> {
  const county = countyCodeOf(input.regionCode);
  if (!county || !inScope(user, input.regionCode)) throw new AppError('not_found', { entity: 'region', code: input.regionCode });
  if (input.content.length === 0) throw new AppError('validation_failed', { field: 'file', rule: 'empty_file' });
  if (input.content.length > maxBytes) throw new AppError('payload_too_large', { field: 'file', rule: 'attachment_too_large', limitBytes: maxBytes });
  const contentType = sniffContentType(input.content);
  if (!contentType) throw new AppError('unsupported_media_type', { field: 'file', rule: 'attachment_type', allowed: SIGNATURES.map((s) => s.type) });
  // Path separators and control characters never reach a download's file name.
  const fileName = [...input.fileName].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join('').slice(0, 200) || 'attachment';
  return inTransaction(db, async (trx) => {
    const id = await insertAttachment(trx, {
      county_code: county,
      region_code: input.regionCode,
      household_id: input.householdId,
      file_name: fileName,
      content_type: contentType,
      size: input.content.length,
      content: input.content,
      uploaded_by: user.id,
    });
    await recordAudit(trx, actor, { action: 'attachment.stored', entity: 'attachment', entityId: id, regionCode: input.regionCode, after: { fileName, contentType, size: input.content.length } });
    return { id, fileName, contentType, size: input.content.length };
  });
}

/** Attachments the user may see among the given ids; an id outside the region is reported as missing. */
export async function visibleAttachments(db: Db, user: SessionUser, ids: string[]) {
  const wanted = ids.filter((id) => /^\d{1,18}$/.test(id));
  const rows =
    wanted.length === 0
      ? []
      : await findAttachmentsByIds(db, wanted);
  return rows.filter((r) => inScope(user, r.region_code));
}

/** One attachment with its content, or not_found when it does not exist or lies outside the user's region. */
export async function readAttachment(db: Db, user: SessionUser, id: string) {
  const row = /^\d{1,18}$/.test(id) ? await findAttachment(db, id) : undefined;
  if (!row || !inScope(user, row.region_code)) throw new AppError('not_found', { entity: 'attachment', id });
  return row;
}
