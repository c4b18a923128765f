/**
 * Household list and search on a generated county of N persons (default 500,000): p50/p95 of the API
 * (in-process HTTP injection: routing, auth, validation, serialisation) beside the same query run
 * directly through the repository, in the same run, on PGlite and (BENCH_DATABASE_URL) PostgreSQL.
 * Run: `npm run bench:list`.
 */
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import { onEachEngine } from './engines.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import { buildApp } from '../../packages/server/src/app.ts';
import { listHouseholds } from '../../packages/server/src/features/households/repository.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  const loaded = await loadDemo(database, { password: 'bench2026', persons: PERSONS });
  await database.analyze();
  const app = await buildApp({ database, version: 'bench', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1e6, JINGZHUN_SECURE_COOKIE: false } });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'county', password: 'bench2026' } });
  const cookie = `jz_session=${login.cookies.find((c) => c.name === 'jz_session')?.value}`;
  const sample = await database.db.selectFrom('member').select(['name_initials', 'id_number', 'name']).where('relation', '=', 'head').limit(RUNS).execute();
  const cases: Array<[string, (i: number) => Record<string, string>, number?]> = [
    ['first page, by household number', () => ({})],
    ['sorted by name (pinyin)', () => ({ sort: 'headName' })],
    ['search by pinyin initials', (i) => ({ q: sample[i % sample.length]?.name_initials ?? 'hm' })],
    ['search by Chinese name', (i) => ({ q: sample[i % sample.length]?.name ?? '黄' })],
    ['search by last 6 ID digits', (i) => ({ q: (sample[i % sample.length]?.id_number ?? '000000').slice(-6) })],
    // A per-head income range is computed per household: fewer runs.
    ['filter: disability, income range 2024', () => ({ disability: '1', incomeYear: '2024', incomeMin: '10000', incomeMax: '20000' }), 10],
  ];
  for (const [name, params, runs = RUNS] of cases) {
    const api: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < runs; i++) {
      const query: Record<string, string | undefined> = { page: '1', pageSize: '20', ...params(i) };
      let t = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/v1/households?${new URLSearchParams(query as Record<string, string>)}`, headers: { cookie } });
      api.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
      t = performance.now();
      await listHouseholds(database.db, {
        scopeCode: '451022',
        sort: (query.sort as 'headName') ?? 'householdNo',
        order: 'asc',
        page: 1,
        pageSize: 20,
        q: query.q,
        disability: query.disability === '1' ? true : undefined,
        incomeYear: query.incomeYear ? Number(query.incomeYear) : undefined,
        incomeMin: query.incomeMin ? Number(query.incomeMin) : undefined,
        incomeMax: query.incomeMax ? Number(query.incomeMax) : undefined,
      });
      direct.push(performance.now() - t);
    }
    console.log(
      `| ${label} | ${name}${runs === RUNS ? '' : ` (${runs} runs)`} | ${percentile(api, 50).toFixed(0)} ms | ${percentile(api, 95).toFixed(0)} ms | ${percentile(direct, 95).toFixed(0)} ms | ${(percentile(api, 95) / percentile(direct, 95)).toFixed(2)}× |`,
    );
  }
  console.log(`| ${label} | (county: ${loaded.households.toLocaleString('en')} households, ${loaded.persons.toLocaleString('en')} persons) | | | | |`);
  await app.close();
}

console.log(`| engine | query (${RUNS} runs each unless noted) | API p50 | API p95 | repository p95 | API vs repository |`);
console.log('|---|---|---|---|---|---|');
await onEachEngine('list', measure);
