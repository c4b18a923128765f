import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, type Engine, openDatabase, pgliteExtensions } from '../../src/kernel/db/database.ts';

/** The engines every storage test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

if (!process.env.TEST_DATABASE_URL && !process.env.JINGZHUN_QUIET_ENGINES) {
  process.env.JINGZHUN_QUIET_ENGINES = '1';
  console.warn('storage tests run on PGlite only: set TEST_DATABASE_URL to run them on PostgreSQL too');
}

export interface TestDatabase {
  database: Database;
  /** On PostgreSQL, the database's address, to open a second connection pool to it (another server process). */
  url?: string;
  /** Closes the database and removes it. */
  dispose(): Promise<void>;
}

/** A fresh database copied from the migrated template (regions of 田东县 loaded), on one engine. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const lite = await PGlite.create({ loadDataDir: blob, extensions: pgliteExtensions });
    const database = await openDatabase({ pglite: lite });
    return {
      database,
      async dispose() {
        await database.close();
        await lite.close();
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!url || !template) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const name = `jz_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), poolSize: 10 });
  return {
    database,
    url: dbUrl.toString(),
    async dispose() {
      await database.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
