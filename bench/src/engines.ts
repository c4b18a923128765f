import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../packages/server/src/kernel/db/database.ts';

/**
 * Runs a measurement on a fresh embedded database in a temporary folder, then, when
 * BENCH_DATABASE_URL names a PostgreSQL server, on a fresh database created there and dropped after.
 */
export async function onEachEngine(name: string, measure: (database: Database, label: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `jz-bench-${name}-`));
  // BENCH_ENGINES=postgres measures the server alone (when working on its figures).
  const withPglite = process.env.BENCH_ENGINES !== 'postgres';
  try {
    if (withPglite) {
      const lite = await openDatabase({ dataDir: dir });
      try {
        await measure(lite, 'PGlite');
      } finally {
        await lite.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return;
  const database = `jz_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const target = new URL(url);
    target.pathname = `/${database}`;
    const opened = await openDatabase({ url: target.toString() });
    try {
      await measure(opened, 'PostgreSQL');
    } finally {
      await opened.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
