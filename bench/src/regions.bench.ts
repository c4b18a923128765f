/**
 * Loading all 665,277 regions of China, beside a bare COPY of the same rows into a table without
 * indexes, in the same run, on PGlite and (with BENCH_DATABASE_URL) PostgreSQL. Run: `npm run bench:regions`.
 */
import { sql } from 'kysely';
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import { onEachEngine } from './engines.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { toCsv } from '../../packages/server/src/kernel/db/csv.ts';
import { loadRegions, readRegions } from '../../packages/server/src/features/regions/loader.ts';

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
await onEachEngine('regions', measure);
