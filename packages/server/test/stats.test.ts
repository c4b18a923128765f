import type { StatFigure, StatsOverview } from '@jingzhun/domain';
import { yearInChina } from '@jingzhun/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { effectiveProfile } from '../src/features/standards/service.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { addHousehold, setPopulation } from './support/fixtures.ts';

/**
 * Statistics against a county whose every figure is counted by hand (year 2019):
 *
 * | household | village | persons | registered | exited | returned | other                                   |
 * |-----------|---------|---------|------------|--------|----------|-----------------------------------------|
 * | A         | V1      | 4       | 2014       | 2019   |          | income 5,000/head (2018: 3,000), measure |
 * | B         | V1      | 3       | 2014       |        |          | cause disability, 2,000/head both years  |
 * | C         | V1      | 2       | 2019       |        |          | 4,500/head; a 2018 record (not counted)  |
 * | D         | V2      | 5       | 2014       | 2017   | 2019     | 2,000/head                               |
 * | E         | V2      | 1       | 2014       | 2016   |          |                                          |
 * | F         | V2      | 2       | applicant  |        |          | never counted                            |
 * | G         | V1      | 2       | removed    |        |          | never counted                            |
 * | H         | V2      | 2       | 2014       | 2016   |          | monitored (unstable exited) since 2019-03 |
 * | I         | V1      | 2       | 2014       | 2016   |          | risk removed 2019-10-01                  |
 */
const V1 = '451022100001';
const V2 = '451022101201';
const T1 = '451022100';
const T2 = '451022101';
const YEAR = 2019;

describe.each(ENGINES)('statistics on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let cadre: Client;
  let city: Client;
  const ids: Record<string, string> = {};

  async function overview(client: Client = county, query = `region=451022&year=${YEAR}`): Promise<StatsOverview> {
    const res = await client.get(`/api/v1/stats/overview?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function income(key: string, year: number, wages: number, members: number) {
    await t.database.db
      .insertInto('household_income')
      .values({ county_code: '451022', household_id: ids[key] as string, year, wages, business: 0, property: 0, transfers: 0, production_costs: 0, members })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    const db = t.database.db;
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'town', 'township_officer', T1);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    county = await signIn(app, 'county');
    township = await signIn(app, 'town');
    cadre = await signIn(app, 'cadre');
    await addUser(t.database, 'city', 'county_officer', '4510');
    city = await signIn(app, 'city');

    ids.A = await addHousehold(t.database, V1, { size: 4, registered: 2014, exited: 2019 });
    ids.B = await addHousehold(t.database, V1, { size: 3, registered: 2014 });
    ids.C = await addHousehold(t.database, V1, { size: 2, registered: 2019 });
    ids.D = await addHousehold(t.database, V2, { size: 5, registered: 2014 });
    ids.E = await addHousehold(t.database, V2, { size: 1, registered: 2014, exited: 2016 });
    ids.F = await addHousehold(t.database, V2, { size: 2, registered: 2019 });
    ids.G = await addHousehold(t.database, V1, { size: 2, registered: 2014 });
    ids.H = await addHousehold(t.database, V2, { size: 2, registered: 2014, exited: 2016 });
    ids.I = await addHousehold(t.database, V1, { size: 2, registered: 2014, exited: 2016 });
    const set = (key: string, values: Record<string, unknown>) => db.updateTable('household').set(values).where('id', '=', ids[key] as string).execute();
    await set('B', { main_cause: 'disability' });
    await set('D', { status: 'poor', year_exited: 2017, year_returned: 2019 });
    await set('F', { status: 'candidate' });
    await set('G', { status: 'removed' });
    await set('H', { monitoring_category: 'unstable_exited', monitoring_since: '2019-03-01' });
    await set('I', { risk_removed_on: '2019-10-01' });
    for (const [village, population] of [[V1, 100], [V2, 200]] as const) {
      await setPopulation(t.database, village, 2018, population);
      await setPopulation(t.database, village, YEAR, population);
    }

    await income('A', 2019, 20_000, 4);
    await income('A', 2018, 12_000, 4);
    await income('B', 2019, 6_000, 3);
    await income('B', 2018, 6_000, 3);
    await income('C', 2019, 9_000, 2);
    await income('C', 2018, 100, 2);
    await income('D', 2019, 10_000, 5);

    // Conditions for the multidimensional measure: A secure everywhere, B without food and in a grade-D
    // house (2 of 6 dimensions: poor at k = 1/3), C without safe water quality (1 of 6: not poor); the
    // others unknown.
    const secure = { food_secure: true, clothing_secure: true, housing_grade: 'B', water_quantity: true, water_quality: true, water_convenience: true, water_guarantee: true };
    await set('A', secure);
    await set('B', { ...secure, food_secure: false, housing_grade: 'D' });
    await set('C', { ...secure, water_quality: false });
    await db.updateTable('member').set({ medical_insured: true }).where('household_id', 'in', [ids.A, ids.B, ids.C] as string[]).execute();

    // Measures and benefits: A's industry measure runs through 2019 and pays 500; B's ended in 2018 and
    // the county paid B 300 directly; D's employment measure was cancelled.
    const measure = (key: string, family: string, startsOn: string, endsOn: string | null, status: 'in_progress' | 'done' | 'cancelled', amount: number) =>
      db
        .insertInto('household_measure')
        .values({ county_code: '451022', household_id: ids[key] as string, family, content: `${family} 措施`, amount, starts_on: startsOn, ends_on: endsOn, status })
        .returning('id')
        .executeTakeFirstOrThrow();
    const industry = await measure('A', 'industry', '2019-03-01', null, 'in_progress', 1000);
    await measure('B', 'industry', '2018-01-01', '2018-12-31', 'done', 800);
    await measure('D', 'employment', '2019-02-01', null, 'cancelled', 600);
    await db
      .insertInto('household_benefit')
      .values([
        { county_code: '451022', household_id: ids.A as string, measure_id: industry.id, paid_on: '2019-06-01', amount: 500, source: '合作社' },
        { county_code: '451022', household_id: ids.B as string, measure_id: null, paid_on: '2019-07-01', amount: 300, source: '县民政局' },
      ])
      .execute();

    // Pairings: A and B paired from the start of 2019; only A's helper visited in December.
    const unit = await db.insertInto('aid_unit').values({ region_code: '451022', name: '县财政局', kind: 'government' }).returning('id').executeTakeFirstOrThrow();
    const staff = await db.insertInto('aid_staff').values({ unit_id: unit.id, name: '帮扶人' }).returning('id').executeTakeFirstOrThrow();
    for (const key of ['A', 'B']) {
      await db.insertInto('household_pairing').values({ county_code: '451022', household_id: ids[key] as string, staff_id: staff.id, starts_on: '2019-01-01' }).execute();
    }
    const visit = await db
      .insertInto('visit')
      .values({ county_code: '451022', household_id: ids.A as string, visited_on: '2019-12-15', seen: '家中一切正常' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('visit_helper').values({ county_code: '451022', visit_id: visit.id, staff_id: staff.id, household_id: ids.A as string, visited_on: '2019-12-15' }).execute();

    // Procedures: C identified in 2019 (approved); B's exit opened in 2019 and long overdue.
    const profile = await effectiveProfile(db, '451022', '2019-12-31');
    const procedure = (key: string, village: string, kind: string, state: 'open' | 'approved', openedOn: string, closedOn: string | null, dueOn: string) =>
      db
        .insertInto('procedure')
        .values({ county_code: '451022', household_id: ids[key] as string, village_code: village, kind, track: 'status', state, current_step: state === 'open' ? 'verification' : null, due_on: dueOn, opened_on: openedOn, closed_on: closedOn, profile_id: profile.id, doc: '{}' })
        .execute();
    await procedure('C', V1, 'identification', 'approved', '2019-02-01', '2019-03-01', '2019-04-01');
    await procedure('B', V1, 'exit', 'open', '2019-11-01', null, '2020-01-01');

    // Alerts: D's income below the line raised in 2019 and still open; A's medical alert of 2018 dismissed.
    const alert = (key: string, village: string, rule: string, raisedOn: string, state: 'open' | 'dismissed') =>
      db
        .insertInto('alert')
        .values({ county_code: '451022', household_id: ids[key] as string, village_code: village, rule, subject: '', period: raisedOn.slice(0, 4), severity: 'high', evidence: '{}', origin: 'scan', profile_id: profile.id, state, raised_on: raisedOn, due_on: raisedOn })
        .execute();
    await alert('D', V2, 'income_below_line', '2019-04-01', 'open');
    await alert('A', V1, 'medical_spending', '2018-05-01', 'dismissed');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const count = (f: StatFigure) => [f.households, f.persons];

  it('counts the registry, incidence, flows and monitoring as counted by hand', async () => {
    const o = await overview();
    expect(o.region.code).toBe('451022');
    expect(o.year).toBe(YEAR);
    expect(o.availableYears[0]).toBe(2014);
    expect(o.lines.poverty).toBe(3218);
    const r = o.registry;
    expect(count(r.registered)).toEqual([7, 19]);
    expect(count(r.poor)).toEqual([3, 10]);
    expect(count(r.exitedTotal)).toEqual([4, 9]);
    expect(count(r.entered)).toEqual([1, 2]);
    expect(count(r.exited)).toEqual([1, 4]);
    expect(count(r.returned)).toEqual([1, 5]);
    expect(count(r.monitored)).toEqual([1, 2]);
    expect(r.ruralPopulation).toBe(300);
    expect(r.incidence).toBeCloseTo(10 / 300, 10);
    expect(o.monitoring.byCategory.map((c) => [c.key, c.households])).toEqual([
      ['unstable_exited', 1],
      ['marginal', 0],
      ['sudden_hardship', 0],
    ]);
    expect(count(o.monitoring.riskRemoved)).toEqual([1, 2]);
    expect(o.causes.map((c) => [c.key, c.households, c.poorHouseholds])).toEqual([
      ['illness', 6, 2],
      ['disability', 1, 1],
    ]);
  });

  it('breaks the registry down by township and draws the trend', async () => {
    const o = await overview();
    const byCode = new Map(o.children.map((c) => [c.code, c]));
    const t1 = byCode.get(T1);
    const t2 = byCode.get(T2);
    expect(t1 && [count(t1.registry.registered), count(t1.registry.poor), t1.registry.ruralPopulation]).toEqual([[4, 11], [2, 5], 100]);
    expect(t2 && [count(t2.registry.registered), count(t2.registry.poor), t2.registry.ruralPopulation]).toEqual([[3, 8], [1, 5], 200]);
    expect(t1?.registry.incidence).toBeCloseTo(0.05, 10);
    expect(t1?.meetsIncidence).toBe(false);
    // The children add up to the whole.
    expect(o.children.reduce((s, c) => s + c.registry.registered.households, 0)).toBe(7);
    const y2018 = o.series.find((p) => p.year === 2018);
    const y2019 = o.series.find((p) => p.year === YEAR);
    // 2018: A, B, D (exited 2017, returns 2019: not poor in 2018) → A and B poor, 7 persons.
    expect(y2018 && [y2018.registered, y2018.poorHouseholds, y2018.poorPersons, y2018.ruralPopulation]).toEqual([6, 2, 7, 300]);
    expect(y2019 && [y2019.registered, y2019.poorHouseholds, y2019.poorPersons, y2019.exitedHouseholds, y2019.returnedHouseholds, y2019.monitored]).toEqual([7, 3, 10, 1, 1, 1]);
    expect(y2019?.incidence).toBeCloseTo(o.registry.incidence as number, 12);
    expect(y2019?.incomeMean).toBe(o.income.mean);
  });

  it('measures income: mean per person, median, growth, bands and the lines', async () => {
    const { income: i } = await overview();
    expect(count(i.recorded)).toEqual([4, 14]);
    // 45,000 yuan over 14 persons; households' figures 5,000 / 2,000 / 4,500 / 2,000.
    expect(i.mean).toBeCloseTo(45_000 / 14, 2);
    expect(i.median).toBe(3250);
    // 2018: A and B only (C was not yet registered): 18,000 over 7.
    expect(i.previousMean).toBeCloseTo(18_000 / 7, 2);
    expect(i.growth).toBeCloseTo(Math.round((45_000 / 14) * 100) / 100 / (Math.round((18_000 / 7) * 100) / 100) - 1, 10);
    expect(count(i.belowPovertyLine)).toEqual([2, 8]);
    expect(count(i.belowMonitoringLine)).toEqual([0, 0]);
    const bands = Object.fromEntries(i.distribution.filter((b) => b.households > 0).map((b) => [b.key, count(b)]));
    expect(bands).toEqual({ '2000-3000': [2, 8], '4000-5000': [1, 2], '5000-6000': [1, 4] });
  });

  it('counts measures, benefits, visits, procedures and alerts of the year', async () => {
    const o = await overview();
    expect(o.measures.map((m) => [m.key, m.households, m.measures, m.amount])).toEqual([['industry', 1, 1, 1000]]);
    expect(o.benefits.map((b) => [b.key, b.households, b.payments, b.amount])).toEqual([
      ['industry', 1, 1, 500],
      ['县民政局', 1, 1, 300],
    ]);
    expect(o.visits.asOf).toBe('2019-12-31');
    expect(count(o.visits.paired)).toEqual([2, 7]);
    expect(count(o.visits.visited)).toEqual([1, 4]);
    expect(o.visits.visits).toBe(1);
    expect(count(o.visits.overdue)).toEqual([1, 3]);
    expect(o.visits.compliance).toBe(0.5);
    const proc = new Map(o.procedures.map((p) => [p.kind, p]));
    expect(proc.get('identification')?.opened.households).toBe(1);
    expect(proc.get('identification')?.approved.households).toBe(1);
    expect(proc.get('exit')?.opened.households).toBe(1);
    expect(proc.get('exit')?.open).toBe(1);
    expect(proc.get('exit')?.overdue.households).toBe(1);
    const alerts = new Map(o.alerts.map((a) => [a.key, a]));
    expect([alerts.get('income_below_line')?.raised, alerts.get('income_below_line')?.open.households]).toEqual([1, 1]);
    expect([alerts.get('medical_spending')?.raised, alerts.get('medical_spending')?.open.households]).toEqual([0, 0]);
    // 田东 lies in the west (3%): township 1 at 5/100 fails, township 2 at 5/200 meets; the rest have no population.
    expect(o.exitThresholds).toEqual({ threshold: 0.03, meeting: 1, failing: 1, unknown: o.children.length - 2 });
  });

  it('assesses deprivations in a job and measures Alkire-Foster H, A and M0', async () => {
    expect((await overview()).multidimensional).toBeNull();
    const started = await county.post('/api/v1/stats/assessments', { region: '451022', year: YEAR });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json();
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await county.get(`/api/v1/stats/assessments/${job.id}`)).json();
    }
    expect(job).toMatchObject({ state: 'done', total: 7, done: 7, progress: 1 });
    const md = (await overview()).multidimensional;
    expect(md).not.toBeNull();
    if (!md) return;
    expect([md.households, md.persons, md.unknownHouseholds]).toEqual([3, 9, 4]);
    expect(count(md.poor)).toEqual([1, 3]);
    expect(md.H).toBeCloseTo(3 / 9, 12);
    expect(md.A).toBeCloseTo(2 / 6, 12);
    expect(md.M0).toBeCloseTo(1 / 9, 12);
    // A dimension counts every household known to be deprived in it, also those unknown elsewhere: D, E, H
    // and I have no recorded conditions, but their members are known to be uninsured.
    expect(Object.fromEntries(md.dimensions.map((d) => [d.dimension, d.households]))).toEqual({ food: 1, clothing: 0, education: 0, medical: 4, housing: 1, water: 1 });
    expect(md.changedSince).toBe(0);
    expect(md.assessedAt).not.toBeNull();
    // A household changed after the assessment is counted as changed since.
    await t.database.db.updateTable('household').set({ updated_at: new Date(Date.now() + 60_000) }).where('id', '=', ids.C as string).execute();
    expect((await overview()).multidimensional?.changedSince).toBe(1);
    // Only roles that manage statistics start assessments.
    expect((await cadre.post('/api/v1/stats/assessments', { region: V1, year: YEAR })).statusCode).toBe(403);
  });

  it('opens, for every figure, the list of exactly the households it counts', async () => {
    const o = await overview();
    const figures: Array<{ where: string; figure: StatFigure }> = [];
    const walk = (value: unknown, where: string) => {
      if (value === null || typeof value !== 'object') return;
      if ('drill' in value && 'households' in value) figures.push({ where, figure: value as StatFigure });
      for (const [k, v] of Object.entries(value)) if (k !== 'children') walk(v, `${where}.${k}`);
    };
    walk(o, 'overview');
    expect(figures.length).toBeGreaterThan(60);
    for (const { where, figure } of figures) {
      const { stat, statKey } = figure.drill;
      const query = new URLSearchParams({ region: '451022', stat, statYear: String(YEAR), pageSize: '200', ...(statKey ? { statKey } : {}) });
      const res = await county.get(`/api/v1/households?${query}`);
      expect(res.statusCode, `${where}: ${res.body}`).toBe(200);
      expect(res.json().total, where).toBe(figure.households);
    }
    // A child's figure opens that child's households.
    const t1 = o.children.find((c) => c.code === T1);
    const list = await county.get(`/api/v1/households?region=${T1}&stat=poor&statYear=${YEAR}&pageSize=200`);
    expect(list.json().total).toBe(t1?.registry.poor.households);
    expect(list.json().items.map((h: { id: string }) => h.id).sort()).toEqual([ids.B, ids.C].sort());
  });

  it('rolls a city up in a job and shows its figures as of the rollup, the same as its county’s', async () => {
    const before = await city.get(`/api/v1/stats/overview?region=4510&year=${YEAR}`);
    expect(before.statusCode).toBe(404);
    expect(before.json().error.details.fields[0]).toMatchObject({ path: 'year', code: 'stats_not_rolled_up' });
    // A county and below are live: no rollup; and nobody rolls up a region above their own.
    expect((await county.post('/api/v1/stats/rollups', { region: '451022', year: YEAR })).json().error.details.fields[0].code).toBe('rollup_level');
    expect((await county.post('/api/v1/stats/rollups', { region: '4510', year: YEAR })).statusCode).toBe(404);
    const started = await city.post('/api/v1/stats/rollups', { region: '4510', year: YEAR });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json();
    expect(job.kind).toBe('rollup');
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await city.get(`/api/v1/stats/rollups/${job.id}`)).json();
    }
    expect(job).toMatchObject({ state: 'done', progress: 1 });
    expect(job.total).toBeGreaterThan(10);
    const rolled = await overview(city, `region=4510&year=${YEAR}`);
    const live = await overview();
    expect(rolled.source).toBe('snapshot');
    expect(live.source).toBe('live');
    expect(Date.parse(rolled.generatedAt)).toBeLessThanOrEqual(Date.parse(live.generatedAt));
    expect(rolled.registry).toEqual(live.registry);
    expect(rolled.income).toEqual(live.income);
    expect(rolled.children.map((c) => [c.code, c.registry.poor.households])).toEqual([['451022', 3]]);
    const list = await city.get(`/api/v1/households?region=4510&stat=poor&statYear=${YEAR}`);
    expect(list.json().total).toBe(rolled.registry.poor.households);
    const en = await city.get(`/api/v1/stats/overview?region=4510&year=${YEAR}`, { 'accept-language': 'en' });
    expect(en.json().causes.map((c: { label: string }) => c.label)).toEqual(['Illness', 'Disability']);
  });

  it('shows a map only from the deployer’s GeoJSON with its review number', async () => {
    const none = await county.get('/api/v1/stats/map');
    // No map is the usual deployment: a plain answer, never a 404 in the browser's console on every load.
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ configured: false, reason: 'map_not_configured' });
    const dir = mkdtempSync(join(tmpdir(), 'jz-map-'));
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
    const file = join(dir, 'tiandong.json');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: T1, name: '平马镇' }, geometry: square(0) },
      { type: 'Feature', properties: { adcode: Number(T2) }, geometry: square(1) },
    ] }));
    const withMap = await buildApp({ database: t.database, version: 'test', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false, JINGZHUN_MAP_GEOJSON: file, JINGZHUN_MAP_REVIEW_NUMBER: '桂S(2026)001号' } });
    try {
      const res = await (await signIn(withMap, 'county')).get('/api/v1/stats/map');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ configured: true, reviewNumber: '桂S(2026)001号', file: 'tiandong.json', regions: [T1, T2] });
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(0) }] }));
      const broken = await buildApp({ database: t.database, version: 'test', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false, JINGZHUN_MAP_GEOJSON: file, JINGZHUN_MAP_REVIEW_NUMBER: '桂S(2026)001号' } });
      const unreadable = await (await signIn(broken, 'county')).get('/api/v1/stats/map');
      expect(unreadable.statusCode).toBe(200);
      expect(unreadable.json()).toEqual({ configured: false, reason: 'map_unreadable' });
      await broken.close();
    } finally {
      await withMap.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ JINGZHUN_MAP_GEOJSON: '/tmp/x.json' })).toThrow(/JINGZHUN_MAP_REVIEW_NUMBER/);
  });

  it('sees only its own region, refuses years without data and keys that do not exist', async () => {
    const own = await overview(township, `year=${YEAR}`);
    expect(own.region.code).toBe(T1);
    expect(own.registry.registered.households).toBe(4);
    expect(own.children.map((c) => c.code)).toContain(V1);
    const outside = await township.get(`/api/v1/stats/overview?region=451022&year=${YEAR}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('region_not_found');
    const otherTownship = await township.get(`/api/v1/households?region=${T2}&stat=poor&statYear=${YEAR}`);
    expect(otherTownship.statusCode).toBe(404);
    const early = await county.get('/api/v1/stats/overview?region=451022&year=2012');
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'year_out_of_range', details: { available: expect.arrayContaining([2014, YEAR]) } });
    const noKey = await county.get(`/api/v1/households?stat=cause&statYear=${YEAR}`);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.details.fields[0]).toMatchObject({ path: 'statKey', code: 'stat_key_required' });
    const badKey = await county.get(`/api/v1/households?stat=alert&statKey=no_such_rule&statYear=${YEAR}`);
    expect(badKey.json().error.details.fields[0]).toMatchObject({ path: 'statKey', code: 'stat_key_unknown' });
    const badSet = await county.get('/api/v1/households?stat=nonsense');
    expect(badSet.statusCode).toBe(400);
    // A region with nothing registered has this year, all zero.
    const empty = await county.get(`/api/v1/stats/overview?region=451022105`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ year: yearInChina(), availableYears: [yearInChina()], registry: { registered: { households: 0 } } });
    // English messages name the rule too.
    const en = await county.get(`/api/v1/households?stat=cause&statYear=${YEAR}`, { 'accept-language': 'en' });
    expect(en.json().error.details.fields[0].message).toMatch(/category/);
  });
});
