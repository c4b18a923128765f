import { sql } from 'kysely';
import type { Db } from '../../kernel/db/db.ts';

/** A real round trip to the database: resolves when it answers, rejects when it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
