/**
 * Relapse monitoring at county scale. On a generated county of N persons (default 500,000), a medical
 * insurance feed of M rows (default 1,000,000: about nine in ten rows for people of the county, a claim
 * or two each, the rest people registered elsewhere) is imported the way the API does it after
 * confirmation: every row read and checked, staged, duplicates looked for, matched by resident ID inside
 * the county, written, and the alert rules run over the households it touches. Beside it, in the same
 * run, the bare baseline: the same rows COPYed into a table and joined to the person index into a table
 * of matched rows. Peak memory of the process during the import is sampled. On PGlite and
 * (BENCH_DATABASE_URL) PostgreSQL. Run: `npm run bench:monitoring`.
 */
import { idCheckChar, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../../packages/server/src/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import type { SessionUser } from '../../packages/server/src/http/context.ts';
import { FeedRunner } from '../../packages/server/src/modules/monitoring/feed.service.ts';
import { onEachEngine } from './engines.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 500_000);
const ROWS = Number(process.env.BENCH_FEED_ROWS ?? 1_000_000);
const COUNTY = '451022';

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
}

/** The feed's rows as the department sends them: resident ID, date, amount. */
async function feedRows(database: Database): Promise<{ csv: string; rows: string[][] }> {
  const persons = (await sql<{ id_number: string }>`SELECT id_number FROM person_index WHERE county_code = ${COUNTY} ORDER BY id_number`.execute(database.db)).rows;
  const year = todayInChina().slice(0, 4);
  const rows: string[][] = [];
  const inCounty = Math.round(ROWS * 0.9);
  let seq = 0;
  for (let i = 0; rows.length < inCounty; i++) {
    const p = persons[i % persons.length] as { id_number: string };
    // One claim a month at most per person (month from the pass over the persons), 30 to 3,000 yuan.
    const month = Math.floor(i / persons.length) + 1;
    rows.push([p.id_number, `${year}-${String(month).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`, String(20 + ((i * 7919) % 580))]);
  }
  while (rows.length < ROWS) {
    // People registered elsewhere: distinct valid IDs of another county.
    const birth = `${1950 + (seq % 60)}${String(Math.floor(seq / 60) % 12 + 1).padStart(2, '0')}${String(Math.floor(seq / 720) % 28 + 1).padStart(2, '0')}`;
    const first17 = `450102${birth}${String(Math.floor(seq / 20160) % 1000).padStart(3, '0')}`;
    seq++;
    rows.push([first17 + idCheckChar(first17), `${year}-01-${String((seq % 27) + 1).padStart(2, '0')}`, '120']);
  }
  const csv = `身份证号,日期,个人自付金额\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  return { csv, rows };
}

/** Where a long run is, on stderr (the table goes to stdout). */
const started = performance.now();
const log = (message: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${message}`);

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  const load = await seconds(() => loadDemo(database, { password: 'bench2026', persons: PERSONS, onProgress: log }));
  log('demo loaded; taking statistics');
  await database.analyze();
  const db = database.db;
  const county = await db.selectFrom('app_user').select(['id']).where('username', '=', 'county').executeTakeFirstOrThrow();
  const user: SessionUser = { id: county.id, username: 'county', displayName: 'county', role: 'county_officer', regionCode: COUNTY, regionLevel: 3, mustChangePassword: false, via: 'session' };
  log('building the feed');
  const { csv, rows } = await feedRows(database);
  log('bare baselines');
  const file = Buffer.from(csv, 'utf-8');

  // The bare baseline: COPY the same rows, then join them to the person index inside the county.
  await sql`CREATE TABLE bench_feed (id_number varchar(18), on_date date, amount numeric(12, 2))`.execute(db);
  await sql`CREATE TABLE bench_match (county_code char(6), household_id bigint, member_id bigint, id_number varchar(18), on_date date, amount numeric(12, 2))`.execute(db);
  const copy = await seconds(() => database.bulkLoad([{ table: 'bench_feed', columns: ['id_number', 'on_date', 'amount'], csv: rows.map((r) => r.join(',')).join('\n') }]));
  const join = await seconds(() =>
    sql`INSERT INTO bench_match SELECT p.county_code, p.household_id, p.member_id, f.id_number, f.on_date, f.amount
        FROM bench_feed f JOIN person_index p ON p.id_number = f.id_number
        JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
        WHERE h.left_on IS NULL AND h.village_code LIKE ${`${COUNTY}%`}`.execute(db),
  );
  const bareMatched = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM bench_match`.execute(db)).rows[0]?.n);
  // The same join written into the product's own table (its key, its household index, the fields as jsonb),
  // rolled back after: what storing the matched rows costs before any checking.
  let intoFeedRow = 0;
  const rolledBack = new Error('rolled back');
  await db
    .transaction()
    .execute(async (trx) => {
      intoFeedRow = await seconds(() =>
        sql`INSERT INTO feed_row (county_code, feed_id, kind, household_id, member_id, id_number, on_date, data)
            SELECT p.county_code, 0, 'medical_insurance', p.household_id, p.member_id, f.id_number, f.on_date, jsonb_build_object('outOfPocket', f.amount)
            FROM bench_feed f JOIN person_index p ON p.id_number = f.id_number
            JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
            WHERE h.left_on IS NULL AND h.village_code LIKE ${`${COUNTY}%`}`.execute(trx),
      );
      throw rolledBack;
    })
    .catch((err: unknown) => {
      if (err !== rolledBack) throw err;
    });
  await sql`DROP TABLE bench_feed, bench_match`.execute(db);

  log('importing the feed');
  const runner = new FeedRunner(database);
  global.gc?.();
  // JS heap and buffers (the file, the rows read, the CSV staged): the import's own memory; the process's
  // resident size already holds the demo load's high-water mark.
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const before = used();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 20);
  let counts: Awaited<ReturnType<FeedRunner['importNow']>> | null = null;
  const imported = await seconds(async () => {
    counts = await runner.importNow(user, { id: user.id, name: 'county' }, 'medical_insurance', COUNTY, { source: '县医疗保障局', asOf: todayInChina() }, 'medical.csv', file);
  });
  clearInterval(sampler);
  const c = counts as unknown as { rows: number; matched: number; unmatched: number; households: number; alerts: number; timings: Record<string, number> };
  const phases = Object.entries(c.timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ');
  const bare = copy + join;
  const bareStored = copy + intoFeedRow;
  console.log(
    `| ${label} | ${PERSONS.toLocaleString('en')} | ${load.toFixed(0)} s | ${ROWS.toLocaleString('en')} (${(file.length / 1048576).toFixed(0)} MB) | ` +
      `${copy.toFixed(1)} + ${join.toFixed(1)} = ${bare.toFixed(1)} s (${bareMatched.toLocaleString('en')} matched) | ` +
      `${copy.toFixed(1)} + ${intoFeedRow.toFixed(1)} = ${bareStored.toFixed(1)} s | ` +
      `${imported.toFixed(1)} s (${(imported / bare).toFixed(1)}× / ${(imported / bareStored).toFixed(1)}×; ${c.matched.toLocaleString('en')} matched, ${c.unmatched.toLocaleString('en')} unmatched, ${c.households.toLocaleString('en')} households, ${c.alerts} alerts) | ` +
      `${((peak - before) / 1048576).toFixed(0)} MB above ${(before / 1048576).toFixed(0)} MB (heap + buffers) | ${phases} |`,
  );
}

console.log(
  '| engine | persons | demo load | feed rows (file) | bare: COPY + join into a plain table | bare: COPY + join into feed_row | import: read, check, stage, match, write, alerts (× each bare) | peak memory of the import | import phases (s) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
await onEachEngine('monitoring', measure);
