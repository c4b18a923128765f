/**
 * Loading all 665,277 regions of China, beside a bare COPY of the same rows into a table without
 * indexes, in the same run, on PGlite and (with BENCH_DATABASE_URL) PostgreSQL. Run: `npm run bench:regions`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../packages/server/src/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/db/migrator.ts';
import { toCsv } from '../../packages/server/src/db/csv.ts';
import { loadRegions, readRegions } from '../../packages/server/src/modules/regions/region.loader.ts';

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  const rows = await readRegions();
  const csv = toCsv(rows.map((r) => [r.code, r.name, r.level, r.parentCode]));
  await sql`CREATE TABLE bare_region (code text, name text, level smallint, parent_code text)`.execute(database.db);
  let t = performance.now();
  await database.bulkLoad([{ table: 'bare_region', columns: ['code', 'name', 'level', 'parent_code'], csv }]);
  const bare = (performance.now() - t) / 1000;
  t = performance.now();
  const result = await loadRegions(database);
  const full = (performance.now() - t) / 1000;
  console.log(
    `| ${label} | ${result.inserted} | ${full.toFixed(1)} s | ${bare.toFixed(1)} s | ${Math.round(rows.length / bare).toLocaleString('en')} rows/s |`,
  );
}

console.log('| engine | regions | jingzhun regions load (read CSV, pinyin, COPY, indexes) | bare COPY, no indexes | bare rate |\n|---|---|---|---|---|');
const dir = mkdtempSync(join(tmpdir(), 'jz-bench-regions-'));
try {
  const lite = await openDatabase({ dataDir: dir });
  await measure(lite, 'PGlite');
  await lite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const name = `jz_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString() });
  try {
    await measure(database, 'PostgreSQL');
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}
