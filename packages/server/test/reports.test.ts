import { MONITORING_CATEGORIES, type StatsOverview } from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { effectiveProfile } from '../src/features/standards/service.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { addHousehold, setPopulation } from './support/fixtures.ts';
import { pdfPages } from './support/pdf-text.ts';

/**
 * The standard reports against a county whose figures are counted by hand (year 2019); township 1 holds
 * village V1, township 2 village V2, and the county's other townships nothing.
 *
 * | hh | village | persons | registered | exited | returned | other                                                      |
 * |----|---------|---------|------------|--------|----------|------------------------------------------------------------|
 * | A  | V1      | 4       | 2014       | 2019   |          | income 20,000; cancelled measure; medical alert 2019 (dismissed) |
 * | B  | V1      | 3       | 2014       |        |          | income 6,000; industry 1,000; 300 from 县民政局; paired, visited; medical alert 2018 (open) |
 * | C  | V1      | 2       | 2019       |        |          |                                                            |
 * | I  | V1      | 2       | 2014       | 2016   |          | risk removed 2019-10-01                                    |
 * | D  | V2      | 5       | 2014       | 2017   | 2019     | income 10,000; employment 600, paid 200; paired, never visited; income alert 2019 (open) |
 * | E  | V2      | 1       | 2014       | 2016   |          | monitored (marginal) since 2019-05                         |
 * | H  | V2      | 2       | 2014       | 2016   |          | monitored (unstable exited) since 2019-03                  |
 *
 * Rural population 2019: V1 100, V2 200.
 */
const COUNTY = '451022';
const OTHER_COUNTY = '451021';
const V1 = '451022100001';
const V2 = '451022101201';
const T1 = '451022100';
const T2 = '451022101';
const YEAR = 2019;

interface Sheet {
  name: string;
  /** The header lines above the table: label and value. */
  lines: Array<[string, string]>;
  /** The column headings as the two header rows show them, heading and sub-heading joined. */
  headings: string[];
  /** Data rows by the region's name (or 合计 Total), without the name. */
  rows: Map<string, unknown[]>;
}

/** Reads back every sheet of a report workbook. */
async function readReport(res: LightMyRequestResponse): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const values: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      values[n - 1] = (row.values as unknown[]).slice(1);
    });
    const lines: Array<[string, string]> = [];
    let i = 0;
    for (; i < values.length && values[i] && values[i]?.length; i++) lines.push([String(values[i]?.[0]), String(values[i]?.[1] ?? '')]);
    // The table's header row: 地区 Region over the region names, beside the headings (the header line has one value).
    const headAt = values.findIndex((v) => v?.[0] === '地区 Region' && v.length > 2);
    const top = values[headAt] ?? [];
    const sub = values[headAt + 1] ?? [];
    let heading = '';
    const headings = top.slice(1).map((t, k) => {
      if (t !== null && t !== undefined && t !== '') heading = String(t);
      const s = sub[k + 1];
      return s === null || s === undefined || s === '' || s === t ? heading : `${heading}/${String(s)}`;
    });
    const rows = new Map<string, unknown[]>();
    for (const v of values.slice(headAt + 2)) if (v && v.length > 0) rows.set(String(v[0]), headings.map((_, k) => v[k + 1] ?? null));
    return { name: ws.name, lines, headings, rows };
  });
}

describe.each(ENGINES)('standard reports and the population import on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let outsider: Client;
  const names: Record<string, string> = {};

  async function overview(client: Client = county, region = COUNTY): Promise<StatsOverview> {
    const res = await client.get(`/api/v1/stats/overview?region=${region}&year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function download(kind: string, format: 'xlsx' | 'pdf', query = `region=${COUNTY}&year=${YEAR}`, client: Client = county) {
    const res = await client.get(`/api/v1/reports/${kind}.${format}?${query}`);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.headers['content-type']).toBe(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain(`.${format}`);
    return res;
  }

  async function pdfText(kind: string, query?: string) {
    return (await pdfPages((await download(kind, 'pdf', query)).rawPayload)).join('\n');
  }

  /** A population workbook as the template lays it out, with the given rows. */
  async function populationFile(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('农村户籍人口');
    ws.addRow(['村代码', '年份', '农村户籍人口']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Uploads a population workbook as the client, on the app (and database) the client signed in to. */
  function upload(client: Client, file: Buffer) {
    const boundary = '----jingzhun-population';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="人口.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    return client.post('/api/v1/regions/population/imports', Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
  }

  const populationRows = (on: TestDatabase = t) => on.database.db.selectFrom('region_population').select(['region_code', 'year', 'rural_population', 'source']).orderBy('region_code').orderBy('year').execute();

  /** A fresh database holding the county of the table above, with its users signed in. */
  async function handCountedCounty() {
    const t = await createTestDatabase(engine);
    const app = await testApp(t.database);
    const ids: Record<string, string> = {};
    const db = t.database.db;
    // A neighbouring county with a village of its own, outside the county officer's scope.
    await db.insertInto('region').values([
      { code: OTHER_COUNTY, name: '邻县', level: 3, parent_code: '4510' },
      { code: `${OTHER_COUNTY}100`, name: '邻县某镇', level: 4, parent_code: OTHER_COUNTY },
      { code: `${OTHER_COUNTY}100001`, name: '邻县某村', level: 5, parent_code: `${OTHER_COUNTY}100` },
    ]).execute();
    await addUser(t.database, 'county', 'county_officer', COUNTY);
    await addUser(t.database, 'town', 'township_officer', T1);
    await addUser(t.database, 'outsider', 'county_officer', OTHER_COUNTY);
    const county = await signIn(app, 'county');
    const township = await signIn(app, 'town');
    const outsider = await signIn(app, 'outsider');
    for (const r of await db.selectFrom('region').select(['code', 'name']).where('code', 'in', [COUNTY, T1, T2, V1, V2]).execute()) names[r.code] = r.name;

    ids.A = await addHousehold(t.database, V1, { size: 4, registered: 2014, exited: 2019 });
    ids.B = await addHousehold(t.database, V1, { size: 3, registered: 2014 });
    ids.C = await addHousehold(t.database, V1, { size: 2, registered: 2019 });
    ids.I = await addHousehold(t.database, V1, { size: 2, registered: 2014, exited: 2016 });
    ids.D = await addHousehold(t.database, V2, { size: 5, registered: 2014 });
    ids.E = await addHousehold(t.database, V2, { size: 1, registered: 2014, exited: 2016 });
    ids.H = await addHousehold(t.database, V2, { size: 2, registered: 2014, exited: 2016 });
    const set = (key: string, values: Record<string, unknown>) => db.updateTable('household').set(values).where('id', '=', ids[key] as string).execute();
    await set('D', { status: 'poor', year_exited: 2017, year_returned: 2019 });
    await set('E', { monitoring_category: 'marginal', monitoring_since: '2019-05-01' });
    await set('H', { monitoring_category: 'unstable_exited', monitoring_since: '2019-03-01' });
    await set('I', { risk_removed_on: '2019-10-01' });
    await setPopulation(t.database, V1, YEAR, 100);
    await setPopulation(t.database, V2, YEAR, 200);
    for (const [key, wages, members] of [['A', 20_000, 4], ['B', 6000, 3], ['D', 10_000, 5]] as const) {
      await db
        .insertInto('household_income')
        .values({ county_code: COUNTY, household_id: ids[key] as string, year: YEAR, wages, business: 0, property: 0, transfers: 0, production_costs: 0, members })
        .execute();
    }

    const measure = (key: string, family: string, startsOn: string, status: 'in_progress' | 'cancelled', amount: number) =>
      db
        .insertInto('household_measure')
        .values({ county_code: COUNTY, household_id: ids[key] as string, family, content: `${family} 措施`, amount, starts_on: startsOn, ends_on: null, status })
        .returning('id')
        .executeTakeFirstOrThrow();
    await measure('B', 'industry', '2019-03-01', 'in_progress', 1000);
    const employment = await measure('D', 'employment', '2019-02-01', 'in_progress', 600);
    await measure('A', 'industry', '2019-02-01', 'cancelled', 900);
    await db
      .insertInto('household_benefit')
      .values([
        { county_code: COUNTY, household_id: ids.D as string, measure_id: employment.id, paid_on: '2019-06-01', amount: 200, source: '县人社局' },
        { county_code: COUNTY, household_id: ids.B as string, measure_id: null, paid_on: '2019-07-01', amount: 300, source: '县民政局' },
        { county_code: COUNTY, household_id: ids.B as string, measure_id: null, paid_on: '2018-07-01', amount: 999, source: '县民政局' },
      ])
      .execute();

    const unit = await db.insertInto('aid_unit').values({ region_code: COUNTY, name: '县财政局', kind: 'government' }).returning('id').executeTakeFirstOrThrow();
    const staff = await db.insertInto('aid_staff').values({ unit_id: unit.id, name: '帮扶人' }).returning('id').executeTakeFirstOrThrow();
    for (const key of ['B', 'D']) {
      await db.insertInto('household_pairing').values({ county_code: COUNTY, household_id: ids[key] as string, staff_id: staff.id, starts_on: '2019-01-01' }).execute();
    }
    const visit = await db.insertInto('visit').values({ county_code: COUNTY, household_id: ids.B as string, visited_on: '2019-12-15', seen: '家中一切正常' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('visit_helper').values({ county_code: COUNTY, visit_id: visit.id, staff_id: staff.id, household_id: ids.B as string, visited_on: '2019-12-15' }).execute();

    const profile = await effectiveProfile(db, COUNTY, '2019-12-31');
    const alert = (key: string, village: string, rule: string, raisedOn: string, state: 'open' | 'dismissed') =>
      db
        .insertInto('alert')
        .values({ county_code: COUNTY, household_id: ids[key] as string, village_code: village, rule, subject: '', period: raisedOn.slice(0, 4), severity: 'high', evidence: '{}', origin: 'scan', profile_id: profile.id, state, raised_on: raisedOn, due_on: raisedOn })
        .execute();
    await alert('D', V2, 'income_below_line', '2019-04-01', 'open');
    await alert('A', V1, 'medical_spending', '2019-05-01', 'dismissed');
    await alert('B', V1, 'medical_spending', '2018-05-01', 'open');
    return { t, app, county, township, outsider };
  }

  beforeAll(async () => {
    ({ t, app, county, township, outsider } = await handCountedCounty());
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const TOTAL = '合计 Total';
  /** A table row as pdf.js reads it back: the region's name, then each cell, separated by spaces. */
  const pdfRow = (name: string | undefined, ...cells: Array<string | number>) => [name, ...cells].join(' ');

  it('heads every report with its title, region, year, generation time, profile and where the figures come from', async () => {
    const before = Date.now();
    const [sheet] = await readReport(await download('summary', 'xlsx'));
    expect(sheet?.lines.map(([label]) => label)).toEqual(['报表 Report', '地区 Region', '年度 Year', '生成时间 Generated at', '政策标准 Policy profile', '数据说明 About the figures', '注 Note', '注 Note']);
    const line = new Map(sheet?.lines);
    expect(line.get('报表 Report')).toBe('年度汇总表(分乡镇、村) Yearly summary by township and village');
    expect(line.get('地区 Region')).toContain(`${names[COUNTY]} (${COUNTY})`);
    expect(line.get('地区 Region')).toMatch(/广西/);
    expect(line.get('年度 Year')).toBe(String(YEAR));
    const generated = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) \(UTC\+8\)$/.exec(line.get('生成时间 Generated at') ?? '');
    expect(generated).not.toBeNull();
    const at = Date.parse(`${generated?.[1]?.replace(' ', 'T')}+08:00`);
    expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    const o = await overview();
    expect(line.get('政策标准 Policy profile')).toContain(o.profile.name);
    expect(line.get('政策标准 Policy profile')).toContain(`version ${o.profile.version}`);
    expect(line.get('政策标准 Policy profile')).toContain(o.profile.scopeCode);
    expect(line.get('数据说明 About the figures')).toContain('Figures are counted from the registry at generation time');

    const text = await pdfText('summary');
    for (const expected of ['年度汇总表(分乡镇、村) Yearly summary by township and village', `${names[COUNTY]} (${COUNTY})`, `年度 Year: ${YEAR}`, '生成时间 Generated at', o.profile.name, `version ${o.profile.version}`, '本表数字由系统在生成时根据建档立卡数据统计']) {
      expect(text).toContain(expected);
    }
  });

  it('summary: one row per township and a total row equal to the overview', async () => {
    const [sheet] = await readReport(await download('summary', 'xlsx'));
    const o = await overview();
    expect(sheet?.headings).toEqual([
      '建档立卡 Registered/户数 Households', '建档立卡 Registered/人数 Persons', '未脱贫 Poor/户数 Households', '未脱贫 Poor/人数 Persons',
      '累计脱贫 Exited to date/户数 Households', '累计脱贫 Exited to date/人数 Persons', '农村户籍人口 Rural population', '贫困发生率 Poverty incidence',
      '当年变动(户) In the year (households)/识别纳入 Entered', '当年变动(户) In the year (households)/脱贫 Exited', '当年变动(户) In the year (households)/返贫 Returned',
      '监测对象 Monitored/户数 Households', '监测对象 Monitored/人数 Persons', '人均纯收入(元) Net income per head (yuan)',
    ]);
    // Every township of the county, then the total.
    expect([...(sheet?.rows.keys() ?? [])]).toEqual([...o.children.map((c) => c.name), TOTAL]);
    const row = (name: string) => sheet?.rows.get(name) ?? [];
    // Township 1 (A, B, C, I): 4 households / 11 persons; poor B, C; exited A, I; C entered, A exited.
    expect(row(names[T1] as string).slice(0, 7)).toEqual([4, 11, 2, 5, 2, 6, 100]);
    expect(row(names[T1] as string)[7]).toBeCloseTo(0.05, 10);
    expect(row(names[T1] as string).slice(8, 13)).toEqual([1, 1, 0, 0, 0]);
    expect(row(names[T1] as string)[13]).toBeCloseTo(26_000 / 7, 2);
    // Township 2 (D, E, H): D returned and poor; E and H monitored.
    expect(row(names[T2] as string)).toEqual([3, 8, 1, 5, 2, 3, 200, 0.025, 0, 0, 1, 2, 3, 2000]);
    const other = o.children.find((c) => c.code !== T1 && c.code !== T2);
    expect(row(other?.name as string)).toEqual([0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, null]);
    const r = o.registry;
    expect(row(TOTAL)).toEqual([
      r.registered.households, r.registered.persons, r.poor.households, r.poor.persons, r.exitedTotal.households, r.exitedTotal.persons,
      r.ruralPopulation, r.incidence, r.entered.households, r.exited.households, r.returned.households, r.monitored.households, r.monitored.persons, o.income.mean,
    ]);
    expect(row(TOTAL).slice(0, 7)).toEqual([7, 19, 3, 10, 4, 9, 300]);
    expect(o.income.mean).toBe(3000);

    // A county's summary goes on by village, each named with its township; the villages add up to the same total.
    const [, byVillage] = await readReport(await download('summary', 'xlsx'));
    const villageCount = await t.database.db.selectFrom('region').select((eb) => eb.fn.countAll<string>().as('n')).where('level', '=', 5).where('code', 'like', `${COUNTY}%`).executeTakeFirstOrThrow();
    expect(byVillage?.rows.size).toBe(Number(villageCount.n) + 1);
    expect(byVillage?.rows.get(TOTAL)).toEqual(row(TOTAL));
    const villageRows = [...(byVillage?.rows ?? [])].filter(([name]) => name !== TOTAL);
    expect(villageRows.every(([name]) => o.children.some((c) => name.startsWith(`${c.name} `)))).toBe(true);
    for (const k of [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12]) expect(villageRows.reduce((sum, [, v]) => sum + Number(v[k] ?? 0), 0)).toBe(row(TOTAL)[k]);

    // The PDF prints the same rows, shares to two decimals and yuan with cents.
    const text = await pdfText('summary');
    expect(text).toContain(pdfRow(names[T1], 4, 11, 2, 5, 2, 6, 100, '5.00%', 1, 1, 0, 0, 0, '3,714.29'));
    expect(text).toContain(pdfRow(TOTAL, 7, 19, 3, 10, 4, 9, 300, '3.33%', 1, 1, 1, 2, 3, '3,000.00'));
    expect(text).toContain(pdfRow(other?.name, 0, 0, 0, 0, 0, 0, '—', '—', 0, 0, 0, 0, 0, '—'));
  });

  it('exits: flows of the year, incidence and the exit threshold per township', async () => {
    const [sheet] = await readReport(await download('exits', 'xlsx'));
    expect(new Map(sheet?.lines).get('报表 Report')).toContain('脱贫退出情况表');
    expect(sheet?.lines.some(([, v]) => v.includes('3.00%'))).toBe(true);
    const row = (name: string) => sheet?.rows.get(name) ?? [];
    // entered, exited, returned (households, persons), exited to date, poor, population, incidence, meets.
    expect(row(names[T1] as string)).toEqual([1, 2, 1, 4, 0, 0, 2, 6, 2, 5, 100, 0.05, '否 No']);
    expect(row(names[T2] as string)).toEqual([0, 0, 0, 0, 1, 5, 2, 3, 1, 5, 200, 0.025, '是 Yes']);
    const o = await overview();
    const r = o.registry;
    expect(row(TOTAL)).toEqual([
      r.entered.households, r.entered.persons, r.exited.households, r.exited.persons, r.returned.households, r.returned.persons,
      r.exitedTotal.households, r.exitedTotal.persons, r.poor.households, r.poor.persons, r.ruralPopulation, r.incidence, '否 No',
    ]);
    expect(o.exitThresholds.threshold).toBe(0.03);
    const text = await pdfText('exits');
    expect(text).toContain('脱贫退出情况表 Exits and returns');
    expect(text).toContain(pdfRow(names[T2], 0, 0, 0, 0, 1, 5, 2, 3, 1, 5, 200, '2.50%', '是 Yes'));
  });

  it('monitoring: monitored by category, risk removed and alerts by rule, totals as the overview', async () => {
    const [monitored, alerts] = await readReport(await download('monitoring', 'xlsx'));
    const categories = Object.values(MONITORING_CATEGORIES).map((c) => `${c['zh-CN']} ${c.en}`);
    expect(monitored?.headings.filter((_, i) => i % 2 === 0).map((h) => h.split('/')[0])).toEqual(['监测对象合计 Monitored, all categories', ...categories, '当年风险消除 Risk removed in the year']);
    const o = await overview();
    const m = (name: string) => monitored?.rows.get(name) ?? [];
    // monitored (h, p), unstable exited, marginal, sudden hardship, risk removed.
    expect(m(names[T1] as string)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(m(names[T2] as string)).toEqual([2, 3, 1, 2, 1, 1, 0, 0, 0, 0]);
    const cat = (key: string) => o.monitoring.byCategory.find((c) => c.key === key);
    expect(m(TOTAL)).toEqual([
      o.registry.monitored.households, o.registry.monitored.persons,
      ...['unstable_exited', 'marginal', 'sudden_hardship'].flatMap((k) => [cat(k)?.households, cat(k)?.persons]),
      o.monitoring.riskRemoved.households, o.monitoring.riskRemoved.persons,
    ]);
    // Alerts: three columns per rule, in the order of the overview's rules.
    expect(alerts?.headings.length).toBe(o.alerts.length * 3);
    const a = (name: string) => alerts?.rows.get(name) ?? [];
    const at = (rule: string) => o.alerts.findIndex((x) => x.key === rule) * 3;
    const medical = at('medical_spending');
    const income = at('income_below_line');
    expect(a(names[T1] as string).slice(medical, medical + 3)).toEqual([1, 1, 1]);
    expect(a(names[T2] as string).slice(income, income + 3)).toEqual([1, 1, 1]);
    expect(a(names[T1] as string).slice(income, income + 3)).toEqual([0, 0, 0]);
    expect(a(TOTAL)).toEqual(o.alerts.flatMap((x) => [x.raised, x.households, x.open.households]));
    const text = await pdfText('monitoring');
    expect(text).toContain('防返贫监测情况表 Relapse monitoring');
    expect(text).toContain('监测预警(按规则) Alerts by rule');
    expect(text).toContain(pdfRow(TOTAL, 2, 3, 1, 2, 1, 1, 0, 0, 1, 2));
    // 24 alert columns are printed in two parts of four rules each.
    expect(text).toContain('(1/2)');
    expect(text).toContain(pdfRow(TOTAL, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0));
  });

  it('measures: measures by family and benefits by kind, totals as the overview', async () => {
    const [measures, benefits] = await readReport(await download('measures', 'xlsx'));
    const o = await overview();
    expect(measures?.headings).toEqual(['就业帮扶 Employment', '产业帮扶 Industry'].flatMap((f) => ['户数 Households', '措施数 Measures', '金额(元) Amount (yuan)'].map((c) => `${f}/${c}`)));
    expect(o.measures.map((f) => f.key)).toEqual(['employment', 'industry']);
    expect(measures?.rows.get(names[T1] as string)).toEqual([0, 0, 0, 1, 1, 1000]);
    expect(measures?.rows.get(names[T2] as string)).toEqual([1, 1, 600, 0, 0, 0]);
    expect(measures?.rows.get(TOTAL)).toEqual(o.measures.flatMap((f) => [f.households, f.measures, f.amount]));
    expect(o.benefits.map((b) => b.key)).toEqual(['县民政局', 'employment']);
    expect(benefits?.headings[0]).toBe('县民政局/户数 Households');
    expect(benefits?.rows.get(names[T1] as string)).toEqual([1, 1, 300, 0, 0, 0]);
    expect(benefits?.rows.get(names[T2] as string)).toEqual([0, 0, 0, 1, 1, 200]);
    expect(benefits?.rows.get(TOTAL)).toEqual(o.benefits.flatMap((b) => [b.households, b.payments, b.amount]));
    const text = await pdfText('measures');
    expect(text).toContain(pdfRow(TOTAL, 1, 1, '600.00', 1, 1, '1,000.00'));
    expect(text).toContain(pdfRow(TOTAL, 1, 1, '300.00', 1, 1, '200.00'));
  });

  it('visits: paired, visited, overdue and compliance per township, totals as the overview', async () => {
    const [sheet] = await readReport(await download('visits', 'xlsx'));
    const o = await overview();
    expect(sheet?.rows.get(names[T1] as string)).toEqual([1, 3, 1, 3, 1, 0, 0, 1]);
    expect(sheet?.rows.get(names[T2] as string)).toEqual([1, 5, 0, 0, 0, 1, 5, 0]);
    const other = o.children.find((c) => c.code !== T1 && c.code !== T2);
    expect(sheet?.rows.get(other?.name as string)).toEqual([0, 0, 0, 0, 0, 0, 0, null]);
    const v = o.visits;
    expect(sheet?.rows.get(TOTAL)).toEqual([v.paired.households, v.paired.persons, v.visited.households, v.visited.persons, v.visits, v.overdue.households, v.overdue.persons, v.compliance]);
    expect(v.compliance).toBe(0.5);
    const text = await pdfText('visits');
    expect(text).toContain(pdfRow(names[T1], 1, 3, 1, 3, 1, 0, 0, '100.00%'));
    expect(text).toContain(pdfRow(TOTAL, 2, 8, 1, 3, 1, 1, 5, '50.00%'));
    expect(text).toContain('结对与超期按 2019-12-31 计');
  });

  it('breaks a township down by village and shows a village alone', async () => {
    // The township officer's own region by default: the villages of township 1 and the total.
    const [sheet] = await readReport(await download('summary', 'xlsx', `year=${YEAR}`, township));
    const own = await overview(township, T1);
    expect([...(sheet?.rows.keys() ?? [])]).toEqual([...own.children.map((c) => c.name), TOTAL]);
    expect(sheet?.rows.get(names[V1] as string)?.slice(0, 7)).toEqual([4, 11, 2, 5, 2, 6, 100]);
    expect(sheet?.rows.get(TOTAL)?.slice(0, 7)).toEqual([own.registry.registered.households, own.registry.registered.persons, own.registry.poor.households, own.registry.poor.persons, own.registry.exitedTotal.households, own.registry.exitedTotal.persons, own.registry.ruralPopulation]);
    const village = await readReport(await download('visits', 'xlsx', `region=${V1}&year=${YEAR}`, township));
    expect([...(village[0]?.rows.keys() ?? [])]).toEqual([names[V1]]);
    expect(village[0]?.rows.get(names[V1] as string)).toEqual([1, 3, 1, 3, 1, 0, 0, 1]);
    const text = await pdfText('exits', `region=${V1}&year=${YEAR}`);
    expect(text).toContain(pdfRow(names[V1], 1, 2, 1, 4, 0, 0, 2, 6, 2, 5, 100, '5.00%', '否 No'));
  });

  it('refuses a region outside the user’s scope, a year without data, an unknown kind or format', async () => {
    const outside = await outsider.get(`/api/v1/reports/summary.xlsx?region=${COUNTY}&year=${YEAR}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({ code: 'region_not_found', details: { fields: [{ path: 'region', code: 'region_not_found' }] } });
    const up = await township.get(`/api/v1/reports/visits.pdf?region=${COUNTY}&year=${YEAR}`);
    expect(up.statusCode).toBe(404);
    const early = await county.get(`/api/v1/reports/exits.pdf?region=${COUNTY}&year=2012`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'year_out_of_range', details: { year: 2012, available: expect.arrayContaining([2014, YEAR]), fields: [{ path: 'year' }] } });
    const unknown = await county.get(`/api/v1/reports/poverty.xlsx?region=${COUNTY}&year=${YEAR}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ path: 'kind', code: 'unknown_report_kind' }], allowed: ['summary', 'exits', 'monitoring', 'measures', 'visits'] },
    });
    expect(unknown.json().error.details.fields[0].message).toContain('summary');
    const format = await county.get(`/api/v1/reports/summary.csv?region=${COUNTY}&year=${YEAR}`);
    expect(format.statusCode).toBe(400);
    expect(format.json().error.details).toMatchObject({ fields: [{ path: 'format', code: 'unknown_report_format' }], allowed: ['xlsx', 'pdf'] });
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/reports/summary.xlsx?region=${COUNTY}&year=${YEAR}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('gives a template of the user’s villages, lists the figures, and imports a good file that changes incidence', async () => {
    // A county of its own: the import changes the populations every other report here checks.
    const own = await handCountedCounty();
    onTestFinished(async () => {
      await own.app.close();
      await own.t.dispose();
    });
    const { t, county, township } = own;
    const template = await county.get(`/api/v1/regions/population/template.xlsx?year=${YEAR}`);
    expect(template.statusCode, template.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('农村户籍人口');
    expect((ws?.getRow(1).values as unknown[]).slice(1)).toEqual(['村代码', '年份', '农村户籍人口']);
    const listed = new Map<string, unknown[]>();
    ws?.eachRow((row, n) => {
      if (n > 1) listed.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value]);
    });
    const villages = await t.database.db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'like', `${COUNTY}%`).execute();
    expect(listed.size).toBe(villages.length);
    expect(listed.get(V1)).toEqual([YEAR, 100]);
    expect([...listed.values()].filter(([, p]) => p !== null)).toHaveLength(2);

    // The template itself imports back: villages left blank are skipped, the two figures rewritten.
    const roundTrip = await upload(county, Buffer.from(template.rawPayload));
    expect(roundTrip.statusCode, roundTrip.body).toBe(200);
    expect(roundTrip.json()).toMatchObject({ rows: 2, inserted: 0, updated: 2, skipped: villages.length - 2 });

    const before = await overview(county);
    expect(before.registry.incidence).toBeCloseTo(10 / 300, 12);
    const res = await upload(county, await populationFile([[V1, YEAR, 400], [V1, 2018, 380], [V2, YEAR, '4']]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      rows: 3,
      inserted: 1,
      updated: 2,
      skipped: 0,
      // V2 holds 5 poor persons in 2019: a figure of 4 passes with a warning.
      warnings: [{ row: 4, column: '农村户籍人口', cell: null, rule: 'population_below_poor', message: expect.stringContaining('未脱贫人口'), detail: '5' }],
    });
    const after = await overview(county);
    expect(after.registry.ruralPopulation).toBe(404);
    expect(after.registry.incidence).toBeCloseTo(10 / 404, 12);
    expect(after.children.find((c) => c.code === T2)?.registry.incidence).toBeCloseTo(5 / 4, 12);
    expect((await populationRows(t)).filter((r) => r.region_code === V1)).toEqual([
      { region_code: V1, year: 2018, rural_population: 380, source: 'import' },
      { region_code: V1, year: YEAR, rural_population: 400, source: 'import' },
    ]);
    // The report follows at once.
    const [sheet] = await readReport(await download('summary', 'xlsx', undefined, county));
    expect(sheet?.rows.get(TOTAL)?.slice(6, 8)).toEqual([404, after.registry.incidence]);

    const audit = await t.database.db.selectFrom('audit_event').selectAll().where('action', '=', 'population.imported').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ entity: 'region_population', region_code: COUNTY, actor_name: 'county' });
    const auditAfter = typeof audit[1]?.after === 'string' ? JSON.parse(audit[1].after) : audit[1]?.after;
    expect(auditAfter).toMatchObject({ rows: 3, inserted: 1, updated: 2, years: [2018, YEAR] });

    // The list: township 1's villages with their figure of the year.
    const list = await township.get(`/api/v1/regions/population?year=${YEAR}&pageSize=200`);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.total).toBe(villages.filter((v) => v.code.startsWith(T1)).length);
    expect(body.items.find((i: { code: string }) => i.code === V1)).toEqual({ code: V1, name: names[V1], township: { code: T1, name: names[T1] }, year: YEAR, ruralPopulation: 400, source: 'import' });
    expect(body.items.every((i: { code: string }) => i.code.startsWith(T1))).toBe(true);
    const paged = await county.get(`/api/v1/regions/population?region=${T1}&year=${YEAR}&page=2&pageSize=1`);
    expect(paged.json()).toMatchObject({ total: body.total, page: 2, pageSize: 1 });
    expect(paged.json().items).toHaveLength(1);
    expect((await township.get(`/api/v1/regions/population?region=${COUNTY}&year=${YEAR}`)).statusCode).toBe(404);
  });

  it('refuses a bad file naming each row, column and rule, and writes nothing', async () => {
    const before = await populationRows();
    const audits = await t.database.db.selectFrom('audit_event').select('id').where('action', '=', 'population.imported').execute();
    const res = await upload(
      county,
      await populationFile([
        [V1, YEAR, 500],
        ['45102210000', YEAR, 10],
        [`${OTHER_COUNTY}100001`, YEAR, 10],
        [V2, YEAR, -5],
        [V2, 2005, 10],
        ['451022999999', YEAR, 10],
        [V1, YEAR, 12.5],
        [V1, YEAR, 501],
      ]),
    );
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.fields).toEqual([{ path: 'file', code: 'population_rows', message: expect.any(String) }]);
    expect(error.details.problems.map((p: { row: number; column: string; rule: string }) => [p.row, p.column, p.rule])).toEqual([
      [3, '村代码', 'village_code_format'],
      [4, '村代码', 'region_outside_scope'],
      [5, '农村户籍人口', 'population_negative'],
      [6, '年份', 'population_year_range'],
      [7, '村代码', 'region_not_found'],
      [8, '农村户籍人口', 'population_not_integer'],
      [9, '村代码', 'duplicate_in_file'],
    ]);
    expect(error.details.problems[0]).toMatchObject({ cell: 'A3', message: '村代码应为 12 位数字' });
    expect(error.details.problemCount).toBe(7);
    const en = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/population/imports',
      headers: { cookie: `jz_session=${county.cookie}`, 'accept-language': 'en', 'content-type': 'multipart/form-data; boundary=x' },
      payload: Buffer.concat([
        Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="p.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n'),
        await populationFile([[V2, YEAR, -1]]),
        Buffer.from('\r\n--x--\r\n'),
      ]),
    });
    expect(en.json().error.details.problems[0]).toMatchObject({ row: 2, rule: 'population_negative', message: 'The rural population cannot be negative' });
    const notXlsx = await upload(county, Buffer.from('村代码,年份,农村户籍人口\n'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().error.details.problems[0].rule).toBe('not_xlsx');
    // Nothing was written, not even the good first row, and no audit event.
    expect(await populationRows()).toEqual(before);
    expect(await t.database.db.selectFrom('audit_event').select('id').where('action', '=', 'population.imported').execute()).toEqual(audits);
  });

  it('lets only roles that manage statistics import', async () => {
    const before = await populationRows();
    const res = await upload(township, await populationFile([[V1, YEAR, 10]]));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden', details: { capability: 'manageStatistics' } });
    // V1's figure stays the one the county was given (the import test works on a county of its own).
    expect((await populationRows()).find((r) => r.region_code === V1 && r.year === YEAR)?.rural_population).toBe(100);
    expect(await populationRows()).toEqual(before);
  });
});
