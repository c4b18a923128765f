import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The database as services hold it and pass it on. Only repositories (and this kernel) run statements on
 * it; a service names it by these types and never imports Kysely itself.
 */
export type Db = Kysely<DB>;

/** An open transaction, as repositories receive it inside `inTransaction`. */
export type Tx = Transaction<DB>;

/**
 * Runs `work` in one transaction, so that every write and its audit entry commit together or not at all.
 * Inside a transaction already, `work` joins it.
 */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  return db.transaction().execute(work);
}
