/**
 * Evaluation of every household of a generated county of N persons (default 500,000) by the yearly
 * adjustment run (load in chunks, evaluate against the profile, classify, store the findings), beside
 * the bare SQL that selects the same households, members and incomes in the same run, on PGlite and
 * (BENCH_DATABASE_URL) PostgreSQL. Run: `npm run bench:evaluate`.
 */
import { evaluateHousehold, NATIONAL_DEFAULT_PROFILE, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import type { SessionUser } from '../../packages/server/src/kernel/http/context.ts';
import { householdsInIdRange } from '../../packages/server/src/features/households/repository.ts';
import { AdjustmentRunner, evaluationInputOf } from '../../packages/server/src/features/adjustments/service.ts';
import { onEachEngine } from './engines.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const COUNTY = '451022';
// The year a yearly review judges: the last whole year (member facts are as recorded now).
const YEAR = Number(todayInChina().slice(0, 4)) - 1;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  const loaded = await loadDemo(database, { password: 'bench2026', persons: PERSONS });
  await database.analyze();
  const db = database.db;
  const county = await db.selectFrom('app_user').select(['id']).where('username', '=', 'county').executeTakeFirstOrThrow();
  const user: SessionUser = { id: county.id, username: 'county', displayName: 'county', role: 'county_officer', regionCode: COUNTY, regionLevel: 3, mustChangePassword: false, aidUnitId: null, via: 'session' };

  // Baseline: the same households, members and incomes in three plain selects, rows fetched, nothing done with them.
  const bare = await seconds(async () => {
    await sql`SELECT * FROM household WHERE county_code = ${COUNTY} AND status <> 'removed'`.execute(db);
    await sql`SELECT * FROM member WHERE county_code = ${COUNTY} AND status = 'active'`.execute(db);
    await sql`SELECT * FROM household_income WHERE county_code = ${COUNTY}`.execute(db);
  });

  // The evaluation alone, read as the run reads a county (id ranges of 2,000), the rules timed apart.
  let evaluated = 0;
  let rules = 0;
  const evaluation = await seconds(async () => {
    const keys = await db.selectFrom('household').select('id').where('county_code', '=', COUNTY).where('status', '<>', 'removed').orderBy('id').execute();
    for (let i = 0; i < keys.length; i += 2000) {
      const chunk = keys.slice(i, i + 2000);
      const loaded = await householdsInIdRange(db, COUNTY, chunk[0]?.id ?? '0', chunk[chunk.length - 1]?.id ?? '0');
      const t = performance.now();
      for (const d of loaded) {
        evaluateHousehold(evaluationInputOf(d), NATIONAL_DEFAULT_PROFILE, YEAR);
        evaluated++;
      }
      rules += (performance.now() - t) / 1000;
    }
  });

  // The whole run as a user starts it: evaluation, findings stored, progress reported.
  const runner = new AdjustmentRunner(database);
  let runId = '';
  const run = await seconds(async () => {
    runId = await runner.start(user, { id: user.id, name: 'bench' }, COUNTY, YEAR);
    for (;;) {
      const r = await db.selectFrom('adjustment_run').select(['state', 'message']).where('id', '=', runId).executeTakeFirstOrThrow();
      if (r.state === 'failed') throw new Error(r.message ?? 'run failed');
      if (r.state === 'done') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  const findings = await db.selectFrom('adjustment_run').select('counts').where('id', '=', runId).executeTakeFirstOrThrow();
  console.log(
    `| ${label} | ${loaded.households.toLocaleString('en')} / ${loaded.persons.toLocaleString('en')} | ${bare.toFixed(2)} s | ${evaluation.toFixed(2)} s (${(evaluation / bare).toFixed(2)}×; rules ${rules.toFixed(2)} s) | ${run.toFixed(2)} s (${(run / bare).toFixed(2)}×) | ${Math.round(evaluated / evaluation).toLocaleString('en')} | ${JSON.stringify(findings.counts)} |`,
  );
}

console.log('| engine | households / persons | bare SQL (same rows) | evaluate all | adjustment run (evaluate + store findings) | households/s | findings |');
console.log('|---|---|---|---|---|---|---|');
await onEachEngine('evaluate', measure);
