/**
 * The statistics overview (`GET /api/v1/stats/overview`) of a generated county of N persons (default
 * 500,000): p50/p95 through the API (in-process HTTP injection: auth, scope and year checks, the
 * profile, the statements, assembly, validation and serialisation) beside the bare SQL of the same
 * figures in the same run: the very statements the overview sends, replayed straight on the driver, as
 * concurrently as the overview sends them. On PGlite and (BENCH_DATABASE_URL) PostgreSQL. Progress on stderr.
 * Run: `npm run bench:stats` (BENCH_PERSONS, BENCH_RUNS, BENCH_COUNTIES for several counties of a province).
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import type { DB } from '../../packages/server/src/kernel/db/schema.ts';
import pg from 'pg';
import { openDatabase } from '../../packages/server/src/kernel/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { readRegions } from '../../packages/server/src/features/regions/loader.ts';
import { addUser } from '../../packages/server/test/support/app.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import { REPORT_KIND_NAMES } from '@jingzhun/domain';
import { buildApp } from '../../packages/server/src/app.ts';
import { onEachEngine } from './engines.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const YEAR = Number(process.env.BENCH_YEAR ?? 2019);
/** The province measured on PostgreSQL: its first counties, each of PERSONS, up to this many persons. */
const PROVINCE_PERSONS = Number(process.env.BENCH_PROVINCE_PERSONS ?? 10_000_000);
const PROVINCE_RUNS = Number(process.env.BENCH_PROVINCE_RUNS ?? 3);
const PROVINCE = '45';
const reportLines: string[] = [];

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

async function signedIn(database: Database, username: string, password: string) {
  const app = await buildApp({ database, version: 'bench', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1e6, JINGZHUN_SECURE_COOKIE: false } });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (login.statusCode !== 200) throw new Error(`sign-in: ${login.body}`);
  return { app, cookie: `jz_session=${login.cookies.find((c) => c.name === 'jz_session')?.value}` };
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  log(`${label}: loading the demo county at ${PERSONS.toLocaleString('en')} persons`);
  const started = performance.now();
  const loaded = await loadDemo(database, { password: 'bench2026', persons: PERSONS });
  await database.analyze();
  log(`${label}: loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const { app, cookie } = await signedIn(database, 'county', 'bench2026');
  const url = `/api/v1/stats/overview?region=451022&year=${YEAR}`;

  // The overview's statements, captured from one request (all but the session lookup, which any API call makes).
  const recorder = recordStatements(database.db);
  const first = await recorder.during(() => app.inject({ method: 'GET', url, headers: { cookie } }));
  recorder.restore();
  if (first.statusCode !== 200) throw new Error(`overview: ${first.statusCode} ${first.body}`);
  const statements = recorder.statements().filter((q) => !/user_session/.test(q.sql));
  log(`${label}: the overview sends ${statements.length} statements`);
  // Where the time goes: each statement alone, once.
  const each: string[] = [];
  for (const q of statements) {
    const t = performance.now();
    await database.db.executeQuery(q);
    each.push(`${(performance.now() - t).toFixed(0)} ms ${q.sql.replace(/\s+/g, ' ').slice(0, 70)}`);
  }
  log(`${label}: statements one by one:\n  ${each.join('\n  ')}`);

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
  // The standard reports of the county, each once in both formats (one request each, the work in it).
  const reports: string[] = [];
  for (const kind of REPORT_KIND_NAMES) {
    for (const format of ['xlsx', 'pdf'] as const) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/v1/reports/${kind}.${format}?region=451022&year=${YEAR}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`report ${kind}.${format}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      reports.push(`${kind}.${format} ${((performance.now() - t) / 1000).toFixed(1)} s (${Math.round(res.rawPayload.length / 1024)} KB)`);
    }
  }
  log(`${label}: reports: ${reports.join(', ')}`);
  reportLines.push(`| ${label} | ${reports.join(' · ')} |`);
  const body = first.json() as { registry: { registered: { households: number; persons: number } } };
  console.log(
    `| ${label} | ${loaded.households.toLocaleString('en')} households / ${loaded.persons.toLocaleString('en')} persons | ${statements.length} | ${percentile(api, 50).toFixed(0)} ms | ${percentile(api, 95).toFixed(0)} ms | ${percentile(bare, 50).toFixed(0)} ms | ${percentile(bare, 95).toFixed(0)} ms | ${(percentile(api, 95) / percentile(bare, 95)).toFixed(2)}× | ${body.registry.registered.households.toLocaleString('en')} registered |`,
  );
  await app.close();
}

/**
 * A province on PostgreSQL: its first counties in code order, each a demo county of PERSONS, up to
 * PROVINCE_PERSONS. The province's overview is a rollup: the job is timed, then the overview (read from the
 * rollup) beside the rollup's own statements replayed bare, as concurrently as a live overview sends them.
 */
async function measureProvince(url: string) {
  const name = `jz_bench_stats_province_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString() });
  try {
    await migrateToLatest(database.db);
    const counties = (await readRegions()).filter((r) => r.level === 3 && r.code.startsWith(PROVINCE)).map((r) => r.code);
    const wanted = Math.ceil(PROVINCE_PERSONS / PERSONS);
    let households = 0;
    let persons = 0;
    const started = performance.now();
    for (const [i, countyCode] of counties.slice(0, wanted).entries()) {
      // Without the deprivation assessment (a job of its own): the province's multidimensional figures read an empty table.
      const loaded = await loadDemo(database, { password: 'bench2026', persons: PERSONS, countyCode, seed: 1000 + i, assess: false });
      households += loaded.households;
      persons += loaded.persons;
      log(`province: county ${i + 1}/${wanted} (${countyCode}) loaded, ${persons.toLocaleString('en')} persons so far, ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    }
    await database.analyze();
    await addUser(database, 'province', 'county_officer', PROVINCE);
    const { app, cookie } = await signedIn(database, 'province', 'test-pass-2026');
    const recorder = recordStatements(database.db);
    let job: { id: string; state: string; progress: number | null } = { id: '', state: 'running', progress: 0 };
    const rollStarted = performance.now();
    await recorder.during(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/stats/rollups', payload: { region: PROVINCE, year: YEAR }, headers: { cookie } });
      if (res.statusCode !== 202) throw new Error(`rollup: ${res.statusCode} ${res.body}`);
      job = res.json();
      while (job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = (await app.inject({ method: 'GET', url: `/api/v1/stats/rollups/${job.id}`, headers: { cookie } })).json();
      }
    });
    recorder.restore();
    const rollupMs = performance.now() - rollStarted;
    if (job.state !== 'done') throw new Error(`rollup ${job.state}`);
    const statements = recorder.statements().filter((q) => !/user_session|stat_job|stat_snapshot|audit_event|policy_profile/.test(q.sql));
    log(`province: rolled up in ${(rollupMs / 1000).toFixed(1)} s (${statements.length} statements)`);
    const api: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/v1/stats/overview?region=${PROVINCE}&year=${YEAR}`, headers: { cookie } });
      api.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`overview: ${res.statusCode} ${res.body}`);
    }
    const bare: number[] = [];
    for (let i = 0; i < PROVINCE_RUNS; i++) {
      const t = performance.now();
      await Promise.all(statements.map((q) => database.db.executeQuery(q)));
      bare.push(performance.now() - t);
      log(`province: bare run ${i + 1}/${PROVINCE_RUNS}: ${bare.at(-1)?.toFixed(0)} ms`);
    }
    console.log('');
    console.log(`Province ${PROVINCE} on PostgreSQL (${wanted} counties loaded in ${((performance.now() - started) / 60_000).toFixed(1)} min):`);
    console.log('| households / persons | rollup job | overview API p50 / p95 (from the rollup) | bare SQL of the same figures p50 / p95 (' + PROVINCE_RUNS + ' runs) |');
    console.log('|---|---|---|---|');
    console.log(
      `| ${households.toLocaleString('en')} / ${persons.toLocaleString('en')} | ${(rollupMs / 1000).toFixed(1)} s | ${percentile(api, 50).toFixed(0)} / ${percentile(api, 95).toFixed(0)} ms | ${percentile(bare, 50).toFixed(0)} / ${percentile(bare, 95).toFixed(0)} ms |`,
    );
    await app.close();
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(`Overview of ${YEAR}, ${RUNS} runs each (\`${process.argv.slice(1).join(' ')}\`, BENCH_PERSONS=${PERSONS}):`);
console.log('| engine | county | statements | API p50 | API p95 | bare SQL p50 | bare SQL p95 | API p95 / bare p95 | check |');
console.log('|---|---|---|---|---|---|---|---|---|');
if (process.env.BENCH_ENGINES !== 'province') {
  await onEachEngine('stats', measure);
  console.log('');
  console.log(`Standard reports of the county, ${YEAR} (one request each, first PDF includes loading the font):`);
  console.log('| engine | report: time (size) |');
  console.log('|---|---|');
  for (const line of reportLines) console.log(line);
}
if (process.env.BENCH_DATABASE_URL && PROVINCE_PERSONS > 0) await measureProvince(process.env.BENCH_DATABASE_URL);
