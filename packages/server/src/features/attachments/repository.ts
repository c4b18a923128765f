import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** A new attachment's row, as the service has checked and named it. */
export interface NewAttachment {
  county_code: string;
  region_code: string;
  household_id: string;
  file_name: string;
  content_type: string;
  size: number;
  content: Buffer;
  uploaded_by: string;
}

/** Stores one attachment; returns its id. */
export async function insertAttachment(trx: Transaction<DB>, row: NewAttachment): Promise<string> {
  const { id } = await trx.insertInto('attachment').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The attachments among the given ids, without their content, in no particular order. */
export function findAttachmentsByIds(db: Kysely<DB>, ids: string[]) {
  return db.selectFrom('attachment').select(['id', 'county_code', 'region_code', 'file_name', 'content_type', 'size', 'created_at']).where('id', 'in', ids).execute();
}

/** One attachment with its content. */
export function findAttachment(db: Kysely<DB>, id: string) {
  return db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
}
