import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
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

/**
 * The database (or an open transaction) as a plain SQL executor, for a library that brings its own SQL
 * (pg-boss): its statements then run on our pool, and inside our transaction when given one.
 */
export function sqlExecutor(db: Db): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    async executeSql(text, values = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}
