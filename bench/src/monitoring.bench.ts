/**
 * Relapse monitoring at county scale. On a generated county of N persons (default 500,000), a medical
 * insurance feed of M rows (default 1,000,000: about nine in ten rows for people of the county, a claim
 * or two each, the rest people registered elsewhere) is imported the way the API does it after
 * confirmation: every row read and checked, staged, duplicates looked for, matched by resident ID inside
 * the county, written, and the alert rules run over the households it touches; once confirmed at upload
 * (a department's regular delivery), then again checked and matched for the summary, then confirmed (what
 * a person does in the UI). Beside it, in the same
 * run, the bare baselines: the same rows COPYed into a table and joined to the person index into a plain
 * table of matched rows, and the same join written into the product's feed_row (rolled back). Peak memory
 * of the process during the import is sampled (JS heap and buffers; the heap's limit is printed: run with
 * `node --max-old-space-size=384` to hold the import to a capped heap). On PGlite and (BENCH_DATABASE_URL)
 * PostgreSQL. Run: `npm run bench:monitoring`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { idCheckChar, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../packages/server/src/kernel/db/database.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { loadDemo } from '../../packages/server/src/demo/demo.loader.ts';
import type { SessionUser } from '../../packages/server/src/kernel/http/context.ts';
import { type FeedCounts, FeedRunner } from '../../packages/server/src/features/feeds/service.ts';
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
async function feedRows(database: Database): Promise<string> {
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
  return `身份证号,日期,个人自付金额\n${rows.map((r) => r.join(',')).join('\n')}\n`;
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
  const user: SessionUser = { id: county.id, username: 'county', displayName: 'county', role: 'county_officer', regionCode: COUNTY, regionLevel: 3, mustChangePassword: false, aidUnitId: null, via: 'session' };
  log('building the feed');
  const file = Buffer.from(await feedRows(database), 'utf-8');
  log(`bare baselines and the import${IMPORT_HEAP > 0 ? `, in a process of its own with the heap capped at ${IMPORT_HEAP} MB` : ''}`);
  const { bare: baseline, result, reviewed } = IMPORT_HEAP > 0 ? await importElsewhere(database, user, file) : await baselinesAndImport(database, user, file);
  const { copy, join, intoFeedRow, bareMatched } = baseline;
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  const bare = copy + join;
  const bareStored = copy + intoFeedRow;
  /** An import's time against both baselines, what it found, and its phases. */
  const cell = (r: ImportResult) => {
    const c = r.counts as unknown as { rows: number; matched: number; unmatched: number; households: number; alerts: number; timings: Record<string, number> };
    const phases = Object.entries(c.timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ');
    return `${r.seconds.toFixed(1)} s (${(r.seconds / bare).toFixed(1)}× / ${(r.seconds / bareStored).toFixed(2)}×; ${c.matched.toLocaleString('en')} matched, ${c.unmatched.toLocaleString('en')} unmatched, ${c.households.toLocaleString('en')} households, ${c.alerts} alerts; ${phases})`;
  };
  const memory = (r: ImportResult) =>
    `JS heap at most ${mb(r.heapPeak)} MB (${mb(r.heapPeak - r.heapBefore)} above the open database's ${mb(r.heapBefore)}; limit ${mb(r.heapLimit)} MB); heap + buffers ${mb(r.peak - r.before)} MB above ${mb(r.before)} MB; resident at most ${mb(r.rssPeak)} MB`;
  console.log(
    `| ${label} | ${PERSONS.toLocaleString('en')} | ${load.toFixed(0)} s | ${ROWS.toLocaleString('en')} (${(file.length / 1048576).toFixed(0)} MB) | ` +
      `${copy.toFixed(1)} + ${join.toFixed(1)} = ${bare.toFixed(1)} s (${bareMatched.toLocaleString('en')} matched) | ` +
      `${copy.toFixed(1)} + ${intoFeedRow.toFixed(1)} = ${bareStored.toFixed(1)} s | ${cell(result)} | ${cell(reviewed)} | ${memory(result)} |`,
  );
}

/** The import's heap cap in MB: it runs in a process of its own started with it (0: in this process, uncapped). */
const IMPORT_HEAP = Number(process.env.BENCH_IMPORT_HEAP ?? 384);

/** The bare baselines: COPY, then the join into a plain table; the same join into feed_row (rolled back). */
interface Baselines {
  copy: number;
  join: number;
  intoFeedRow: number;
  bareMatched: number;
}

/** The bare baselines over the feed's rows (the file without its header), on the database the import then uses. */
async function baselines(database: Database, csv: string): Promise<Baselines> {
  const db = database.db;
  // The bare baseline: COPY the same rows, then join them to the person index inside the county.
  await sql`CREATE TABLE bench_feed (id_number varchar(18), on_date date, amount numeric(12, 2))`.execute(db);
  await sql`CREATE TABLE bench_match (county_code char(6), household_id bigint, member_id bigint, id_number varchar(18), on_date date, amount numeric(12, 2))`.execute(db);
  const copy = await seconds(() => database.bulkLoad([{ table: 'bench_feed', columns: ['id_number', 'on_date', 'amount'], csv }]));
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
  // The rolled-back rows stay in feed_row as dead tuples and in its indexes until vacuumed: the import would
  // write around them. Vacuumed, the import finds feed_row as the baseline found it.
  await sql`VACUUM feed_row`.execute(db);
  return { copy, join, intoFeedRow, bareMatched };
}

/**
 * The baselines, then the import, in one process and on one open database, so both find its caches in
 * the same state (a database reopened for the import alone would start cold).
 */
async function baselinesAndImport(database: Database, user: SessionUser, file: Buffer): Promise<Measured> {
  const bare = await baselines(database, file.toString('utf-8', file.indexOf(10) + 1));
  const result = await importMeasured(database, user, file, 'at once');
  // The same file again, the way a person imports it: checked and matched for the summary, then confirmed.
  // The first import's rows and alerts are taken away first (and feed_row vacuumed): the second finds the
  // database as the first did.
  await undo(database, result.feedId, result.alertsBefore);
  const reviewed = await importMeasured(database, user, file, 'reviewed');
  return { bare, result, reviewed };
}

/** Takes a benchmark import's rows and alerts away again. */
async function undo(database: Database, feedId: string, alertsBefore: string) {
  const db = database.db;
  await sql`DELETE FROM feed_row WHERE feed_id = ${feedId}`.execute(db);
  await sql`DELETE FROM feed_unmatched WHERE feed_id = ${feedId}`.execute(db);
  await sql`DELETE FROM alert WHERE id > ${alertsBefore}`.execute(db);
  await sql`VACUUM feed_row`.execute(db);
}

/** The baselines and both imports of one run. */
interface Measured {
  bare: Baselines;
  /** Confirmed at upload: checked, staged, written, judged. */
  result: ImportResult;
  /** Checked, matched for the summary, then confirmed: what a person does in the UI. */
  reviewed: ImportResult;
}

interface ImportResult {
  seconds: number;
  counts: FeedCounts;
  /** The feed it wrote, and the last alert before it (to take both away again). */
  feedId: string;
  alertsBefore: string;
  /** JS heap and buffers before and at the peak; the JS heap alone; its limit; the resident size at the peak. */
  before: number;
  peak: number;
  heapBefore: number;
  heapPeak: number;
  heapLimit: number;
  rssPeak: number;
}

/**
 * Imports the feed the way the API does, sampling this process's memory meanwhile: confirmed at upload
 * (`at once`), or checked and matched for the summary, then confirmed (`reviewed`).
 */
async function importMeasured(database: Database, user: SessionUser, file: Buffer, flow: 'at once' | 'reviewed'): Promise<ImportResult> {
  const runner = new FeedRunner(database);
  const alertsBefore = (await sql<{ m: string }>`SELECT coalesce(max(id), 0) AS m FROM alert`.execute(database.db)).rows[0]?.m ?? '0';
  global.gc?.();
  // JS heap and buffers (the file, the rows read, the CSV staged): the import's own memory.
  const used = () => {
    const m = process.memoryUsage();
    return { both: m.heapUsed + m.external, heap: m.heapUsed, rss: m.rss };
  };
  const start = used();
  let peak = start.both;
  let heapPeak = start.heap;
  let rssPeak = start.rss;
  const sampler = setInterval(() => {
    const u = used();
    peak = Math.max(peak, u.both);
    heapPeak = Math.max(heapPeak, u.heap);
    rssPeak = Math.max(rssPeak, u.rss);
  }, 20);
  let counts: FeedCounts | null = null;
  let feedId = '';
  const actor = { id: user.id, name: 'county' };
  const upload = { source: '县医疗保障局', asOf: todayInChina() };
  const took = await seconds(async () => {
    if (flow === 'at once') {
      counts = await runner.importNow(user, actor, 'medical_insurance', COUNTY, upload, 'medical.csv', file);
      feedId = (await sql<{ m: string }>`SELECT max(id) AS m FROM feed`.execute(database.db)).rows[0]?.m ?? '';
      return;
    }
    feedId = await runner.start(user, actor, 'medical_insurance', COUNTY, { ...upload, confirm: false }, 'medical.csv', file);
    await runner.drain();
    await runner.confirm(user, actor, feedId);
    await runner.drain();
    const feed = await database.db.selectFrom('feed').select(['state', 'counts', 'message']).where('id', '=', feedId).executeTakeFirstOrThrow();
    if (feed.state !== 'done') throw new Error(`the reviewed import ended ${feed.state}: ${feed.message ?? ''}`);
    counts = feed.counts as FeedCounts;
  });
  clearInterval(sampler);
  return { seconds: took, counts: counts as unknown as FeedCounts, feedId, alertsBefore, before: start.both, peak, heapBefore: start.heap, heapPeak, heapLimit: getHeapStatistics().heap_size_limit, rssPeak };
}

/** What the parent hands the process that imports: the database to open, the feed file, the user, a token to check it opened the right one. */
interface ImportJob {
  target: { dataDir: string } | { url: string };
  file: string;
  user: SessionUser;
  token: string;
}

/**
 * Runs the baselines and the import in a child process started with the heap cap (the demo load before
 * them needs more). The embedded database is closed here first and reopened there: one process at a time
 * may hold its folder.
 */
async function importElsewhere(database: Database, user: SessionUser, file: Buffer): Promise<Measured> {
  const token = randomUUID();
  await sql`CREATE TABLE bench_token (token text)`.execute(database.db);
  await sql`INSERT INTO bench_token VALUES (${token})`.execute(database.db);
  const fileName = join(tmpdir(), `jz-bench-monitoring-feed-${process.pid}.csv`);
  writeFileSync(fileName, file);
  let target: ImportJob['target'];
  if (database.engine === 'postgres') {
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db)).rows[0]?.name ?? '';
    const url = new URL(process.env.BENCH_DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    target = { url: url.toString() };
  } else {
    await database.close();
    // The folder onEachEngine made: the newest of its name (the child checks the token).
    const dirs = readdirSync(tmpdir())
      .filter((n) => n.startsWith('jz-bench-monitoring-') && !n.endsWith('.csv'))
      .map((n) => join(tmpdir(), n))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    target = { dataDir: dirs[0] ?? '' };
  }
  const job: ImportJob = { target, file: fileName, user, token };
  try {
    const child = spawn(process.execPath, [`--max-old-space-size=${IMPORT_HEAP}`, '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_MONITORING_IMPORT: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the import process exited with ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1) ?? '') as Measured;
  } finally {
    rmSync(fileName, { force: true });
  }
}

/** The child's side: open the database, check it is the parent's, import, report on stdout. */
async function runImportJob(job: ImportJob) {
  const database = await openDatabase(job.target);
  try {
    const found = await sql<{ token: string }>`SELECT token FROM bench_token`.execute(database.db);
    if (found.rows[0]?.token !== job.token) throw new Error(`not the benchmark's database: ${JSON.stringify(job.target)}`);
    await sql`DROP TABLE bench_token`.execute(database.db);
    console.log(JSON.stringify(await baselinesAndImport(database, job.user, readFileSync(job.file))));
  } finally {
    await database.close();
  }
}

const importJob = process.env.BENCH_MONITORING_IMPORT;
if (importJob) {
  await runImportJob(JSON.parse(importJob) as ImportJob);
  process.exit(0);
}

console.log(
  '| engine | persons | demo load | feed rows (file) | bare: COPY + join into a plain table | bare: COPY + join into feed_row | import confirmed at upload: read, check, stage, write, alerts (× each bare; phases in s) | import checked, summarized, then confirmed (× each bare; phases in s) | peak memory of the import (confirmed at upload) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
await onEachEngine('monitoring', measure);
