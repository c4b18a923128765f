import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.ts';

// Dates stay 'YYYY-MM-DD' strings: turning a calendar date into a JS Date at local midnight shifts it
// across time zones. Set once for the pg driver, which both engines go through.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Engine = 'pglite' | 'postgres';

/** An open database: the Kysely instance every repository uses, and the few engine-specific tools. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /**
   * Runs COPY loads and plain statements in order, in one transaction: all of it lands or none.
   * The one place that bypasses Kysely, because COPY is engine-specific.
   */
  bulkLoad(steps: readonly BulkStep[], onStep?: (done: number, total: number) => void): Promise<void>;
  /** Post-bulk-load maintenance: statistics always, and a checkpoint on the embedded engine. */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

/** A step of a bulk load: CSV rows (text, or its UTF-8 bytes) to COPY into a table, or a statement with parameters. */
export type BulkStep =
  | { table: string; columns: readonly string[]; csv: string | Buffer; rebuildIndexes?: boolean }
  | { sql: string; params?: unknown[] };

export type DatabaseOptions =
  | { url: string; poolSize?: number }
  | { dataDir: string }
  | { pglite: PGlite };

/** Opens PGlite (a data folder, or a given instance) or a PostgreSQL server, always through pg.Pool. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) return openPostgres(options.url, options.poolSize ?? 10);
  let lite: PGlite;
  let owned = true;
  if ('pglite' in options) {
    lite = options.pglite;
    owned = false;
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    lite = await PGlite.create(options.dataDir, { extensions: pgliteExtensions });
  }
  return openPglite(lite, owned);
}

/** Extensions PGlite must load to run the migrations (none yet); tests creating instances pass the same. */
export const pgliteExtensions = {};

function quietIdleErrors(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {
    // An idle client that errors is dropped by the pool; the next query reconnects.
  });
  return pool;
}

async function openPglite(lite: PGlite, owned: boolean): Promise<Database> {
  const pool = quietIdleErrors(new pg.Pool(createPgConfig(lite)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    // PGlite has a single session: holding the pool's only client keeps every other query out while
    // the blob COPY runs on the instance itself, inside the transaction that client began.
    bulkLoad: (steps, onStep) =>
      inTransaction(pool, async (client, step) => {
        if ('sql' in step) await client.query(step.sql, step.params);
        else {
          await withoutSecondaryIndexes(client, step, () =>
            lite.query(copySql(step, "'/dev/blob'"), [], { blob: new Blob([step.csv]) }),
          );
        }
      }, steps, onStep),
    async analyze() {
      await pool.query('VACUUM (ANALYZE)');
      await pool.query('CHECKPOINT');
    },
    async close() {
      await db.destroy();
      if (owned && !lite.closed) {
        await lite.query('CHECKPOINT').catch(() => undefined);
        await lite.close();
      }
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // JIT compilation off: our statements are short or, like the county-wide figures, estimated costly
  // enough to trigger it while running in about a second, which it stretched by 0.9 s of compiling.
  const pool = quietIdleErrors(new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' }));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    bulkLoad: (steps, onStep) =>
      inTransaction(pool, async (client, step) => {
        if ('sql' in step) await client.query(step.sql, step.params);
        else {
          await withoutSecondaryIndexes(client, step, () =>
            pipeline(Readable.from([step.csv]), client.query(copyFrom(copySql(step, 'STDIN')))),
          );
        }
      }, steps, onStep),
    async analyze() {
      await pool.query('ANALYZE');
    },
    async close() {
      await db.destroy();
    },
  };
}

function copySql(step: { table: string; columns: readonly string[] }, source: string): string {
  return `COPY ${step.table} (${step.columns.join(', ')}) FROM ${source} (FORMAT csv)`;
}

async function inTransaction(
  pool: pg.Pool,
  run: (client: pg.PoolClient, step: BulkStep) => Promise<void>,
  steps: readonly BulkStep[],
  onStep?: (done: number, total: number) => void,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const [index, step] of steps.entries()) {
      await run(client, step);
      onStep?.(index + 1, steps.length);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * For a large load into a table: drops its secondary indexes and its own foreign keys, runs the load,
 * and recreates them from their exact stored definitions (so nothing can drift from the migrations).
 * Building an index once over sorted data is several times faster than maintaining it row by row,
 * and the foreign keys are then checked in one pass. All of it inside the caller's transaction.
 */
async function withoutSecondaryIndexes(
  client: pg.PoolClient,
  step: { table: string; rebuildIndexes?: boolean },
  load: () => Promise<unknown>,
): Promise<void> {
  if (!step.rebuildIndexes) {
    await load();
    return;
  }
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))`,
    [step.table],
  );
  const foreignKeys = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = 'f'`,
    [step.table],
  );
  for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${step.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  await load();
  for (const index of indexes.rows) await client.query(index.def);
  for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${step.table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
}
