/**
 * Import of a household workbook of N persons (default 100,000, about 25,000 households) end to end
 * (validate on upload; on confirmation write, validating again only if the registry changed in between) on PGlite and, with
 * BENCH_DATABASE_URL, on PostgreSQL, beside a raw COPY of the same household and member rows in the
 * same run. Peak RSS of this process is sampled during the import. Run: `npm run bench:import`.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Database } from '../../packages/server/src/kernel/db/database.ts';
import { onEachEngine } from './engines.ts';
import { migrateToLatest } from '../../packages/server/src/kernel/db/migrator.ts';
import { toCsv } from '../../packages/server/src/kernel/db/csv.ts';
import { generateDemoCounty } from '../../packages/server/src/demo/demo.generator.ts';
import { profileDemoHouseholds } from '../../packages/server/src/demo/demo.profile.ts';
import { cellText } from '../../packages/server/src/features/households/workbook.ts';
import { INCOME_COLUMNS, MEMBER_COLUMNS } from '../../packages/server/src/features/households/sheet.ts';
import { ImportRunner } from '../../packages/server/src/features/household-import/service.ts';
import { loadRegions } from '../../packages/server/src/features/regions/loader.ts';
import type { SessionUser } from '../../packages/server/src/kernel/http/context.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const COUNTY = '451022';

/** Builds the workbook a county office would upload: new households by group key, one income year. */
async function buildWorkbook(villages: Array<{ code: string; name: string }>) {
  const demo = generateDemoCounty(villages, { countyCode: COUNTY, persons: PERSONS, seed: 7 });
  const profiles = profileDemoHouseholds(demo.households, 7);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const members = wb.addWorksheet('家庭成员');
  members.addRow(MEMBER_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header))).commit();
  const incomes = wb.addWorksheet('收入');
  incomes.addRow(INCOME_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header))).commit();
  const householdRows: unknown[][] = [];
  const memberRows: unknown[][] = [];
  demo.households.forEach((h, i) => {
    const profile = profiles[i];
    if (!profile) return;
    const group = String(i + 1);
    h.members.forEach((m, j) => {
      const p = profile.members[j];
      const values: Record<string, unknown> = {
        groupKey: group, name: m.name, idNumber: m.idNumber, relation: m.relation, sex: m.sex, birthDate: m.birthDate, ...p,
        ...(j === 0 ? { villageCode: h.villageCode, attribute: h.attribute, mainCause: h.mainCause, yearRegistered: 2024, address: '' } : {}),
      };
      members.addRow(MEMBER_COLUMNS.map((c) => cellText(c, values[c.key]))).commit();
      memberRows.push([COUNTY, i * 10 + j, i, m.name, m.idNumber, m.relation, m.sex, m.birthDate]);
    });
    householdRows.push([COUNTY, i, h.villageCode, h.members[0]?.name, h.attribute, h.mainCause]);
    const inc = profile.incomes.find((x) => x.year === 2024);
    if (inc) incomes.addRow(INCOME_COLUMNS.map((c) => cellText(c, { groupKey: group, ...inc }[c.key]))).commit();
  });
  members.commit();
  incomes.commit();
  await wb.commit();
  return { file: Buffer.concat(chunks), households: demo.households.length, householdRows, memberRows };
}

async function measure(database: Database, label: string) {
  await migrateToLatest(database.db);
  await loadRegions(database, { county: COUNTY });
  const { id: userId } = await database.db
    .insertInto('app_user')
    .values({ username: 'bench', display_name: 'bench', role: 'county_officer', region_code: COUNTY, password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user: SessionUser = { id: userId, username: 'bench', displayName: 'bench', role: 'county_officer', regionCode: COUNTY, regionLevel: 3, mustChangePassword: false, aidUnitId: null, via: 'session' };
  const villages = await database.db.selectFrom('region').select(['code', 'name']).where('code', 'like', `${COUNTY}%`).where('level', '=', 5).orderBy('code').execute();
  const built = await buildWorkbook(villages);

  // Baseline: the same households and members, COPY'd raw into tables without indexes or checks.
  await sql`CREATE TABLE bare_household (county_code text, id int, village_code text, head_name text, attribute text, main_cause text)`.execute(database.db);
  await sql`CREATE TABLE bare_member (county_code text, id int, household_id int, name text, id_number text, relation text, sex text, birth_date date)`.execute(database.db);
  let t = performance.now();
  await database.bulkLoad([
    { table: 'bare_household', columns: ['county_code', 'id', 'village_code', 'head_name', 'attribute', 'main_cause'], csv: toCsv(built.householdRows as never) },
    { table: 'bare_member', columns: ['county_code', 'id', 'household_id', 'name', 'id_number', 'relation', 'sex', 'birth_date'], csv: toCsv(built.memberRows as never) },
  ]);
  const bareSeconds = (performance.now() - t) / 1000;
  // What the import adds is measured from here: the generated people and baseline rows are let go.
  const { file, households } = built;
  built.householdRows = [];
  built.memberRows = [];
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const before = process.memoryUsage().rss;

  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const runner = new ImportRunner(database);
  const waitFor = async (id: string, states: string[]) => {
    for (;;) {
      const job = await database.db.selectFrom('import_job').select(['state', 'error_count', 'message']).where('id', '=', id).executeTakeFirstOrThrow();
      if (states.includes(job.state)) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  t = performance.now();
  const id = await runner.start(user, 'bench.xlsx', file);
  const validated = await waitFor(id, ['validated', 'invalid', 'failed']);
  const validateSeconds = (performance.now() - t) / 1000;
  if (validated.state !== 'validated') {
    const errors = await database.db.selectFrom('import_job').select('errors').where('id', '=', id).executeTakeFirstOrThrow();
    throw new Error(`bench import ${validated.state}: ${validated.error_count} problems ${JSON.stringify(errors.errors).slice(0, 600)}`);
  }
  const t2 = performance.now();
  await runner.confirm(user, id, undefined);
  const done = await waitFor(id, ['done', 'failed', 'invalid']);
  const confirmSeconds = (performance.now() - t2) / 1000;
  clearInterval(sampler);
  if (done.state !== 'done') throw new Error(`bench import ${done.state}: ${done.message ?? ''}`);
  const total = validateSeconds + confirmSeconds;
  const rate = PERSONS / total;
  const bareRate = PERSONS / bareSeconds;
  console.log(
    `| ${label} | ${households.toLocaleString('en')} / ${PERSONS.toLocaleString('en')} | ${(file.length / 1048576).toFixed(1)} MB | ${validateSeconds.toFixed(1)} s | ${confirmSeconds.toFixed(1)} s | ${Math.round(rate).toLocaleString('en')} | ${Math.round(bareRate).toLocaleString('en')} (${bareSeconds.toFixed(2)} s) | ${(rate / bareRate).toFixed(2)}× | ${Math.round(before / 1048576)} → ${Math.round(peak / 1048576)} MB (+${Math.round((peak - before) / 1048576)}) |`,
  );
}

console.log('| engine | households / persons | file | upload (validate) | confirm (write) | persons/s end to end | raw COPY persons/s | vs COPY | RSS before → peak (import adds) |');
console.log('|---|---|---|---|---|---|---|---|---|');
await onEachEngine('import', measure);
