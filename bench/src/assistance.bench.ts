/**
 * Assistance at county scale. On a generated county of N persons (default 500,000) with the demo's
 * assistance (a helper for every five households, a year of monthly visits):
 * 1. visit compliance for the whole county through the service the API calls (totals, by unit, by helper,
 *    the first page of overdue pairings), beside its one statement sent bare, in the same run;
 * 2. the booklets (一户一册) of a village of 300 households through the API's background job (read every
 *    household's record, plan, helpers and visits, render one PDF), beside the bare SQL reading the same
 *    rows. On PGlite and (BENCH_DATABASE_URL) PostgreSQL. Run: `npm run bench:assistance`.
 */
import { daysBefore, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import { buildApp } from '../../packages/server/src/app.ts';
import type { SessionUser } from '../../packages/server/src/kernel/http/context.ts';
import { visitCompliance } from '../../packages/server/src/features/visits/ledger.service.ts';
import { complianceStatement } from '../../packages/server/src/features/visits/ledger.repository.ts';
import { onEachEngine } from './engines.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const VILLAGE_HOUSEHOLDS = Number(process.env.BENCH_VILLAGE_HOUSEHOLDS ?? 300);
const RUNS = 7;
const COUNTY = '451022';

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** The compliance figures as one bare statement: the SQL the service sends, without its scope checks, settings or mapping. */
function bareCompliance(database: Database, asOf: string, cutoff: string) {
  return complianceStatement({ prefix: COUNTY, counties: [COUNTY], asOf, cutoff, limit: 50, offset: 0 }).execute(database.db);
}

/** The rows the booklets print, in plain selects: households, members, incomes, plans, benefits, pairings, visits. */
async function bareBooklets(database: Database, village: string) {
  const db = database.db;
  const ids = sql`(SELECT id FROM household WHERE county_code = ${COUNTY} AND village_code = ${village} AND left_on IS NULL)`;
  await sql`SELECT * FROM household WHERE county_code = ${COUNTY} AND id IN ${ids}`.execute(db);
  await sql`SELECT * FROM member WHERE county_code = ${COUNTY} AND household_id IN ${ids}`.execute(db);
  await sql`SELECT * FROM household_income WHERE county_code = ${COUNTY} AND household_id IN ${ids}`.execute(db);
  await sql`SELECT * FROM household_measure WHERE county_code = ${COUNTY} AND household_id IN ${ids}`.execute(db);
  await sql`SELECT * FROM household_benefit WHERE county_code = ${COUNTY} AND household_id IN ${ids}`.execute(db);
  await sql`SELECT p.*, s.name, s.phone, u.name FROM household_pairing p JOIN aid_staff s ON s.id = p.staff_id JOIN aid_unit u ON u.id = s.unit_id
            WHERE p.county_code = ${COUNTY} AND p.household_id IN ${ids}`.execute(db);
  await sql`SELECT v.*, vh.staff_id FROM visit v JOIN visit_helper vh ON vh.county_code = v.county_code AND vh.visit_id = v.id
            WHERE v.county_code = ${COUNTY} AND v.household_id IN ${ids}`.execute(db);
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  const load = await seconds(() => loadDemo(database, { password: 'bench2026', persons: PERSONS }));
  await database.analyze();
  const db = database.db;
  const counts = await sql<{ pairings: string; visits: string; households: string }>`
    SELECT (SELECT count(*) FROM household_pairing) AS pairings, (SELECT count(*) FROM visit) AS visits, (SELECT count(*) FROM household) AS households`.execute(db);
  const county = await db.selectFrom('app_user').select(['id']).where('username', '=', 'county').executeTakeFirstOrThrow();
  const user: SessionUser = { id: county.id, username: 'county', displayName: 'county', role: 'county_officer', regionCode: COUNTY, regionLevel: 3, mustChangePassword: false, aidUnitId: null, via: 'session' };

  const asOf = todayInChina();
  const cutoff = daysBefore(asOf, 30);
  const bare: number[] = [];
  const service: number[] = [];
  let overdue = 0;
  for (let i = 0; i < RUNS; i++) {
    bare.push(await seconds(() => bareCompliance(database, asOf, cutoff)));
    service.push(await seconds(async () => (overdue = (await visitCompliance(db, user, { page: 1, pageSize: 50 })).overdue)));
  }

  // A village cut to 300 registered households (the rest marked as having left, which the batch skips).
  const village = (
    await sql<{ village_code: string }>`SELECT village_code FROM household WHERE county_code = ${COUNTY} AND left_on IS NULL
      GROUP BY village_code HAVING count(*) >= ${VILLAGE_HOUSEHOLDS} ORDER BY village_code LIMIT 1`.execute(db)
  ).rows[0]?.village_code;
  if (!village) throw new Error(`no village with ${VILLAGE_HOUSEHOLDS} households`);
  await sql`UPDATE household SET left_on = DATE '2025-01-01', left_reason = 'bench' WHERE county_code = ${COUNTY} AND village_code = ${village}
            AND id NOT IN (SELECT id FROM household WHERE county_code = ${COUNTY} AND village_code = ${village} ORDER BY household_no LIMIT ${VILLAGE_HOUSEHOLDS})`.execute(db);
  const bareRead = await seconds(() => bareBooklets(database, village));
  const app = await buildApp({ database, version: 'bench', config: { JINGZHUN_SESSION_HOURS: 1, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false } });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'county', password: 'bench2026' } });
  const cookie = `jz_session=${login.cookies.find((c) => c.name === 'jz_session')?.value}`;
  let size = 0;
  const job = await seconds(async () => {
    const started = await app.inject({ method: 'POST', url: `/api/v1/regions/${village}/booklets`, headers: { cookie }, payload: { kind: 'booklet' } });
    const id = started.json().id as string;
    for (;;) {
      const state = (await app.inject({ method: 'GET', url: `/api/v1/booklet-jobs/${id}`, headers: { cookie } })).json();
      if (state.state === 'failed') throw new Error(state.error);
      if (state.state === 'done') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    size = (await app.inject({ method: 'GET', url: `/api/v1/booklet-jobs/${id}/file`, headers: { cookie } })).rawPayload.length;
  });
  await app.close();

  const c = counts.rows[0];
  console.log(
    `| ${label} | ${Number(c?.households).toLocaleString('en')} / ${PERSONS.toLocaleString('en')} | ${Number(c?.pairings).toLocaleString('en')} / ${Number(c?.visits).toLocaleString('en')} | ${load.toFixed(0)} s | ` +
      `${(percentile(bare, 50) * 1000).toFixed(0)} / ${(percentile(bare, 95) * 1000).toFixed(0)} ms | ${(percentile(service, 50) * 1000).toFixed(0)} / ${(percentile(service, 95) * 1000).toFixed(0)} ms (${(percentile(service, 50) / percentile(bare, 50)).toFixed(2)}×; ${overdue.toLocaleString('en')} overdue) | ` +
      `${(bareRead * 1000).toFixed(0)} ms | ${job.toFixed(1)} s (${((job / VILLAGE_HOUSEHOLDS) * 1000).toFixed(0)} ms a household; ${(size / 1048576).toFixed(1)} MB) |`,
  );
}

console.log(
  '| engine | households / persons | pairings / visits | demo load | compliance, bare SQL p50 / p95 | compliance service p50 / p95 | 300 booklets: bare SQL of their rows | 300 booklets: job (read + render one PDF) |',
);
console.log('|---|---|---|---|---|---|---|---|');
await onEachEngine('assistance', measure);
