/**
 * The statistics overview (`GET /api/v1/stats/overview`) of a generated county of N persons (default
 * 500,000): p50/p95 through the API (in-process HTTP injection: auth, scope and year checks, the
 * profile, the statements, assembly, validation and serialisation) beside the bare SQL of the same
 * figures in the same run: the very statements the overview sends, replayed straight on the driver, as
 * concurrently as the overview sends them. On PGlite and (BENCH_DATABASE_URL) PostgreSQL. Progress on stderr.
 * Run: `npm run bench:stats` (BENCH_PERSONS, BENCH_RUNS, BENCH_COUNTIES for several counties of a province).
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../packages/server/src/db/database.ts';
import type { DB } from '../../packages/server/src/db/schema.ts';
import { migrateToLatest } from '../../packages/server/src/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import { buildApp } from '../../packages/server/src/http/app.ts';
import { onEachEngine } from './engines.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const YEAR = Number(process.env.BENCH_YEAR ?? 2019);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const log = (message: string) => process.stderr.write(`[stats bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Records the statements a piece of work sends through Kysely, grouped by the order they were sent in. */
function recordStatements(db: Kysely<DB>) {
  const executor = db.getExecutor();
  const original = executor.executeQuery.bind(executor);
  const captured: CompiledQuery[] = [];
  let recording = false;
  executor.executeQuery = (async (compiled: CompiledQuery) => {
    if (recording) captured.push(compiled);
    return original(compiled);
  }) as typeof executor.executeQuery;
  return {
    async during<T>(work: () => Promise<T>) {
      captured.length = 0;
      recording = true;
      try {
        return await work();
      } finally {
        recording = false;
      }
    },
    statements: () => [...captured],
    restore: () => {
      executor.executeQuery = original;
    },
  };
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  log(`${label}: loading the demo county at ${PERSONS.toLocaleString('en')} persons`);
  const started = performance.now();
  const loaded = await loadDemo(database, { password: 'bench2026', persons: PERSONS });
  await database.analyze();
  log(`${label}: loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const app = await buildApp({ database, version: 'bench', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1e6, JINGZHUN_SECURE_COOKIE: false } });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'county', password: 'bench2026' } });
  const cookie = `jz_session=${login.cookies.find((c) => c.name === 'jz_session')?.value}`;
  const url = `/api/v1/stats/overview?region=451022&year=${YEAR}`;

  // The overview's statements, captured from one request (all but the session lookup, which any API call makes).
  const recorder = recordStatements(database.db);
  const first = await recorder.during(() => app.inject({ method: 'GET', url, headers: { cookie } }));
  recorder.restore();
  if (first.statusCode !== 200) throw new Error(`overview: ${first.statusCode} ${first.body}`);
  const statements = recorder.statements().filter((q) => !/user_session/.test(q.sql));
  log(`${label}: the overview sends ${statements.length} statements`);

  const api: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    api.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`overview: ${res.statusCode}`);
    t = performance.now();
    await Promise.all(statements.map((q) => database.db.executeQuery(q)));
    bare.push(performance.now() - t);
    log(`${label}: run ${i + 1}/${RUNS}: API ${api.at(-1)?.toFixed(0)} ms, bare ${bare.at(-1)?.toFixed(0)} ms`);
  }
  const body = first.json() as { registry: { registered: { households: number; persons: number } } };
  console.log(
    `| ${label} | ${loaded.households.toLocaleString('en')} households / ${loaded.persons.toLocaleString('en')} persons | ${statements.length} | ${percentile(api, 50).toFixed(0)} ms | ${percentile(api, 95).toFixed(0)} ms | ${percentile(bare, 50).toFixed(0)} ms | ${percentile(bare, 95).toFixed(0)} ms | ${(percentile(api, 95) / percentile(bare, 95)).toFixed(2)}× | ${body.registry.registered.households.toLocaleString('en')} registered |`,
  );
  await app.close();
}

console.log(`Overview of ${YEAR}, ${RUNS} runs each (\`${process.argv.slice(1).join(' ')}\`, BENCH_PERSONS=${PERSONS}):`);
console.log('| engine | county | statements | API p50 | API p95 | bare SQL p50 | bare SQL p95 | API p95 / bare p95 | check |');
console.log('|---|---|---|---|---|---|---|---|---|');
await onEachEngine('stats', measure);
