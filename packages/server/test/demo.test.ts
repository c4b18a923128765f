import { daysBefore, parseIdNumber, todayInChina, yearInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../src/demo/demo.generator.ts';
import { plantedYear } from '../src/demo/demo.cases.ts';
import { DEMO_PERSONS, type DemoResult, loadDemo } from '../src/demo/demo.loader.ts';
import { MONITORING_CASES } from '../src/demo/demo.monitoring.ts';
import { openCase } from '../src/features/procedures/service.ts';
import { findConflicts } from '../src/features/checks/repository.ts';
import { fairnessPairs } from '../src/features/checks/fairness.service.ts';
import type { SessionUser } from '../src/kernel/http/context.ts';
import { AdjustmentRunner } from '../src/features/adjustments/service.ts';
import { signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

const villages = Array.from({ length: 20 }, (_, i) => ({ code: `451022100${String(i + 1).padStart(3, '0')}`, name: `村${i}` }));

describe('the demo county generator', () => {
  const options = { countyCode: '451022', persons: 8000, seed: 7 };
  const demo = generateDemoCounty(villages, options);

  it('is deterministic for a seed and different for another', () => {
    expect(generateDemoCounty(villages, options)).toEqual(demo);
    expect(generateDemoCounty(villages, { ...options, seed: 8 }).households[0]).not.toEqual(demo.households[0]);
  });

  it('builds exactly the persons asked for, about 3.93 per household, each with one head', () => {
    const persons = demo.households.reduce((s, h) => s + h.members.length, 0);
    expect(persons).toBe(8000);
    expect(persons / demo.households.length).toBeGreaterThan(3.7);
    expect(persons / demo.households.length).toBeLessThan(4.2);
    for (const h of demo.households) expect(h.members.filter((m) => m.relation === 'head')).toHaveLength(1);
  });

  it('gives everyone a valid, unique ID of the county whose birth date and sex agree', () => {
    const seen = new Set<string>();
    for (const m of demo.households.flatMap((h) => h.members)) {
      const parsed = parseIdNumber(m.idNumber);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value).toMatchObject({ regionCode: '451022', birthDate: m.birthDate, sex: m.sex });
      expect(seen.has(m.idNumber)).toBe(false);
      seen.add(m.idNumber);
    }
  });

  it('never puts more registered persons in a village than live there', () => {
    const perVillage = new Map<string, number>();
    for (const h of demo.households) perVillage.set(h.villageCode, (perVillage.get(h.villageCode) ?? 0) + h.members.length);
    for (const p of demo.population.filter((row) => row.year === 2015)) {
      expect(p.ruralPopulation).toBeGreaterThan(perVillage.get(p.villageCode) ?? 0);
    }
  });
});

describe.each(ENGINES)('the demo county 田东县 on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadDemo(t.database, { password: 'tiandong2026' });
    app = await testApp(t.database);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('holds about 13,000 households and exactly 52,000 persons over all 173 villages', async () => {
    const county = await signIn(app, 'county', 'tiandong2026');
    const summary = (await county.get('/api/v1/regions/451022/summary?year=2015')).json();
    expect(summary.persons).toBe(DEMO_PERSONS);
    expect(summary.households).toBeGreaterThan(12_800);
    expect(summary.households).toBeLessThan(13_600);
    expect(summary.villages).toBe(173);
    expect(summary.ruralPopulation).toBeGreaterThan(330_000);
    expect(summary.ruralPopulation).toBeLessThan(360_000);
  });

  it("follows seed 003's trend: incidence 15.01% in 2015, 0.24% in 2019, ~12,960 households / ~50,990 persons out", async () => {
    const county = await signIn(app, 'county', 'tiandong2026');
    const y2015 = (await county.get('/api/v1/regions/451022/summary?year=2015')).json();
    const y2019 = (await county.get('/api/v1/regions/451022/summary?year=2019')).json();
    expect(y2015.incidence).toBeCloseTo(0.1501, 4);
    expect(Math.abs(y2019.incidence - 0.0024)).toBeLessThan(0.0005);
    const householdsOut = y2015.poorHouseholds - y2019.poorHouseholds;
    const personsOut = y2015.poorPersons - y2019.poorPersons;
    expect(Math.abs(householdsOut - 12_960) / 12_960).toBeLessThan(0.03);
    expect(Math.abs(personsOut - 50_990) / 50_990).toBeLessThan(0.03);
  });

  it("gives seed 003's figures on the statistics dashboard, the same as the home page's, and last year's multidimensional measure", async () => {
    const county = await signIn(app, 'county', 'tiandong2026');
    const overview = async (year: number) => {
      const res = await county.get(`/api/v1/stats/overview?region=451022&year=${year}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const [o2015, o2019] = [await overview(2015), await overview(2019)];
    expect(o2015.registry.incidence).toBeCloseTo(0.1501, 4);
    expect(Math.abs(o2019.registry.incidence - 0.0024)).toBeLessThan(0.0005);
    expect(o2015.income.mean).toBeCloseTo(5311, 0);
    expect(o2019.income.mean).toBeCloseTo(9808, 0);
    const out = o2015.registry.poor.households - o2019.registry.poor.households;
    expect(Math.abs(out - 12_960) / 12_960).toBeLessThan(0.03);
    expect(Math.abs(o2015.registry.poor.persons - o2019.registry.poor.persons - 50_990) / 50_990).toBeLessThan(0.03);
    // The trend agrees with each year's own figures, and the yearly exits add up to the fall.
    const point = (year: number) => o2019.series.find((p: { year: number }) => p.year === year);
    expect(point(2015).poorPersons).toBe(o2015.registry.poor.persons);
    const exits = [2016, 2017, 2018, 2019].reduce((s, y) => s + point(y).exitedHouseholds, 0);
    expect(exits - [2016, 2017, 2018, 2019].reduce((s, y) => s + point(y).returnedHouseholds, 0)).toBe(out);
    // The home page counts the same sets.
    const summary = (await county.get('/api/v1/regions/451022/summary?year=2019')).json();
    expect([summary.households, summary.poorHouseholds, summary.poorPersons]).toEqual([o2019.registry.registered.households, o2019.registry.poor.households, o2019.registry.poor.persons]);
    const lastYear = Number(todayInChina().slice(0, 4)) - 1;
    const recent = await overview(lastYear);
    expect(recent.multidimensional).not.toBeNull();
    expect(recent.multidimensional.households + recent.multidimensional.unknownHouseholds).toBe(recent.registry.registered.households);
  });

  it('opens on a living county: the year the dashboards open on has population, visits, alerts and monitoring objects of all three kinds', async () => {
    const county = await signIn(app, 'county', 'tiandong2026');
    const res = await county.get('/api/v1/stats/overview?region=451022');
    expect(res.statusCode, res.body).toBe(200);
    const opened = res.json();
    const lastYear = yearInChina() - 1;
    expect(opened.year).toBe(lastYear);
    expect(opened.registry.incidence).not.toBeNull();
    const registered = opened.registry.registered.households;
    expect(opened.visits.visits / opened.visits.paired.households).toBeGreaterThan(9);
    const byCategory = new Map(opened.monitoring.byCategory.map((c: { key: string; households: number }) => [c.key, c.households]));
    for (const category of ['unstable_exited', 'marginal', 'sudden_hardship']) expect(byCategory.get(category) ?? 0).toBeGreaterThan(registered * 0.002);
    const monitored = [...byCategory.values()].reduce((a: number, b) => a + (b as number), 0) as number;
    expect(monitored / registered).toBeGreaterThan(0.02);
    expect(monitored / registered).toBeLessThan(0.05);
    // This year too: incomes of last year decide, population and visits of this year are there.
    const thisYear = (await county.get(`/api/v1/stats/overview?region=451022&year=${yearInChina()}`)).json();
    expect(thisYear.registry.incidence).not.toBeNull();
    expect(thisYear.visits.visits).toBeGreaterThan(0);
    // The village and county exit check has the population it needs for the year it opens on.
    const check = await county.get(`/api/v1/regions/451022/exit-check?year=${lastYear}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().region.ruralPopulation).toBeGreaterThan(0);
    expect(check.json().children.every((c: { incidence: number | null }) => c.incidence !== null)).toBe(true);
    const alerts = (await county.get('/api/v1/alerts?pageSize=1')).json();
    expect(alerts.total).toBeGreaterThan(0);
  });

  it('creates the seven demo accounts, scoped as the README says', async () => {
    const users = await t.database.db
      .selectFrom('app_user')
      .innerJoin('region', 'region.code', 'app_user.region_code')
      .select(['username', 'role', 'region.level'])
      .orderBy('app_user.id')
      .execute();
    expect(users).toEqual([
      { username: 'admin', role: 'admin', level: 0 },
      { username: 'county', role: 'county_officer', level: 3 },
      { username: 'township', role: 'township_officer', level: 4 },
      { username: 'village', role: 'village_cadre', level: 5 },
      { username: 'helper', role: 'helper', level: 5 },
      { username: 'inspector', role: 'inspector', level: 3 },
      { username: 'aidunit', role: 'aid_unit', level: 3 },
    ]);
    const village = await signIn(app, 'village', 'tiandong2026');
    const township = await signIn(app, 'township', 'tiandong2026');
    const me = (await village.get('/api/v1/auth/me')).json().user;
    const town = (await township.get('/api/v1/auth/me')).json().user;
    expect(me.region.code.startsWith(town.region.code)).toBe(true);
    // The aid unit's account speaks for the helper's unit and sees its work alive, not the registry.
    const unit = await signIn(app, 'aidunit', 'tiandong2026');
    const aidUnit = (await unit.get('/api/v1/auth/me')).json().user.aidUnit;
    expect(aidUnit).not.toBeNull();
    expect((await unit.get('/api/v1/aid-units')).json().items.map((u: { id: string }) => u.id)).toEqual([aidUnit.id]);
    expect((await unit.get('/api/v1/visits')).json().total).toBeGreaterThan(0);
    const compliance = (await unit.get('/api/v1/visits/compliance')).json();
    expect(compliance.pairings).toBeGreaterThan(0);
    expect(compliance.byUnit.map((u: { unitId: string }) => u.unitId)).toEqual([aidUnit.id]);
    expect((await unit.get('/api/v1/households')).statusCode).toBe(403);
  });

  it('helps every registered household: a helper for about five, a plan, a year of visits, a work team per village', async () => {
    const { db } = t.database;
    const count = async (query: string) => Number((await sql<{ n: string }>`${sql.raw(query)}`.execute(db)).rows[0]?.n);
    const households = await count(`SELECT count(*) AS n FROM household WHERE status IN ('poor', 'exited')`);
    expect(await count(`SELECT count(DISTINCT household_id) AS n FROM household_pairing`)).toBe(households);
    const perHelper = await count(`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM household_pairing GROUP BY staff_id) s`);
    expect(perHelper).toBeLessThanOrEqual(5);
    expect(await count(`SELECT count(*) AS n FROM work_team`)).toBe(173);
    expect(await count(`SELECT count(*) AS n FROM work_team_member WHERE role = 'first_secretary'`)).toBe(173);
    // About eleven visits a household in the last year; one household in 37 has no plan (the coverage check's cases).
    const visits = await count(`SELECT count(*) AS n FROM visit WHERE visited_on > '${todayInChina()}'::date - 366`);
    expect(visits / households).toBeGreaterThan(9);
    expect(visits / households).toBeLessThan(12.5);
    expect(await count(`SELECT count(*) AS n FROM household h WHERE status IN ('poor', 'exited') AND NOT EXISTS (SELECT 1 FROM household_measure m WHERE m.county_code = h.county_code AND m.household_id = h.id)`)).toBe(
      await count(`SELECT count(*) AS n FROM household WHERE status IN ('poor', 'exited') AND id % 37 = 0`),
    );
    expect(await count(`SELECT count(*) AS n FROM visit v WHERE NOT EXISTS (SELECT 1 FROM visit_helper vh WHERE vh.county_code = v.county_code AND vh.visit_id = v.id)`)).toBe(0);

    const helper = await signIn(app, 'helper', 'tiandong2026');
    const mine = (await helper.get('/api/v1/my/households')).json();
    expect(mine.helper).toMatchObject({ name: expect.stringMatching(/^\p{Script=Han}{2,3}$/u), unitName: expect.any(String) });
    expect(mine.items.length).toBeGreaterThanOrEqual(3);
    expect(mine.items.filter((i: { due: boolean; lastVisitedOn: string | null }) => i.due && (i.lastVisitedOn ?? '') < daysBefore(todayInChina(), 45)).length).toBe(2);
    const county = await signIn(app, 'county', 'tiandong2026');
    const compliance = (await county.get('/api/v1/visits/compliance')).json();
    expect(compliance.pairings).toBe(households);
    expect(compliance.overdue).toBeGreaterThan(0);
    expect(compliance.overdue).toBeLessThan(households * 0.2);
    // Seed 001's campaign: 117 person-visits and 49,600 yuan.
    const campaigns = (await county.get('/api/v1/campaigns')).json().items;
    expect(campaigns).toEqual([expect.objectContaining({ personVisits: 117, householdVisits: 10, spent: 49600, participants: 8 })]);
  });
});

describe.each(ENGINES)('the demo county through the registry model on %s', (engine) => {
  let t: TestDatabase;
  let loaded: DemoResult;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    loaded = await loadDemo(t.database, { password: 'tiandong2026' });
  });
  afterAll(async () => t?.dispose());

  it("has incomes from 2014 on whose net per head is seed 003's 5,311 yuan in 2015 and 9,808 in 2019", async () => {
    const rows = await sql<{ year: number; per_head: string }>`
      SELECT i.year, sum(i.wages + i.business + i.property + i.transfers - i.production_costs)
             / sum((SELECT count(*) FROM member m WHERE m.county_code = i.county_code AND m.household_id = i.household_id
                    AND m.birth_date <= make_date(i.year, 12, 31))) AS per_head
      FROM household_income i GROUP BY i.year ORDER BY i.year`.execute(t.database.db);
    const byYear = new Map(rows.rows.map((r) => [r.year, Number(r.per_head)]));
    expect(Math.min(...byYear.keys())).toBe(2014);
    expect(byYear.get(2015)).toBeCloseTo(5311, 0);
    expect(byYear.get(2019)).toBeCloseTo(9808, 0);
  });

  it('describes members plausibly: school-age children in school, labour by age, every living person indexed once', async () => {
    const { db } = t.database;
    const count = async (where: ReturnType<typeof sql<boolean>>) =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM member WHERE ${where}`.execute(db)).rows[0]?.n);
    const persons = await count(sql<boolean>`true`);
    const indexed = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM person_index`.execute(db)).rows[0]?.n);
    expect(indexed).toBe(persons);
    expect(await count(sql<boolean>`health = 'disabled' AND (disability_type IS NULL OR disability_grade IS NULL)`)).toBe(0);
    expect(await count(sql<boolean>`labour_capacity <> 'none' AND birth_date > '2010-01-01'`)).toBe(0);
    // Every school-age child is in school and everyone is insured: the exit standard held when they exited.
    expect(await count(sql<boolean>`school_status = 'dropped_out'`)).toBe(0);
    expect(await count(sql<boolean>`health IN ('chronic', 'serious') AND NOT chronic_disease_card`)).toBe(0);
    // Some facts are not recorded, as in a real registry, and stay unknown; none the rules decide on.
    expect(await count(sql<boolean>`pension_insured IS NULL`)).toBeGreaterThan(0);
    expect(await count(sql<boolean>`employment IS NULL`)).toBeGreaterThan(0);
    expect(await count(sql<boolean>`medical_insured IS NULL OR health IS NULL OR public_payroll IS NULL OR chronic_disease_card IS NULL OR school_status IS NULL OR labour_capacity IS NULL`)).toBe(0);
  });

  it('flags every planted monitoring case through the feeds and the scan, and nothing on the clean households', async () => {
    const { db } = t.database;
    const planted = loaded.monitoring;
    if (!planted?.stable) throw new Error('no monitoring cases planted');
    const stable = planted.stable;
    // The demo village of the full demo holds a household for every case.
    expect(Object.keys(planted.cases).sort()).toEqual(Object.keys(MONITORING_CASES).sort());
    const alerts = await db.selectFrom('alert').select(['household_id', 'rule', 'origin', 'state']).execute();
    for (const [name, rules] of Object.entries(MONITORING_CASES)) {
      const household = planted.cases[name as keyof typeof MONITORING_CASES] as string;
      const raised = alerts.filter((a) => a.household_id === household).map((a) => a.rule);
      expect(raised, name).toEqual(expect.arrayContaining([...rules]));
    }
    expect(alerts.filter((a) => planted.clean.includes(a.household_id))).toEqual([]);
    expect(planted.clean).toHaveLength(20);
    // The county is otherwise quiet: besides the planted cases, only the adjustment's two fallen-back households.
    const others = alerts.filter((a) => !Object.values(planted.cases).includes(a.household_id)).map((a) => a.rule).sort();
    expect(others).toEqual(['income_below_line', 'income_below_line', 'income_drop', 'income_drop']);
    const feeds = await db.selectFrom('feed').select(['kind', 'state', 'counts']).orderBy('id').execute();
    expect(feeds.map((f) => `${f.kind}:${f.state}`)).toEqual([
      'medical_insurance:done', 'public_security:done', 'education:done', 'emergency:done', 'vehicle:done', 'public_payroll:done',
    ]);
    expect(feeds[0]?.counts).toMatchObject({ unmatched: 12 });
    expect(await db.selectFrom('self_report').select('state').execute()).toEqual([{ state: 'open' }]);
    // The stable monitored household may have its risk removed (tried, then rolled back).
    const village = await db.selectFrom('app_user').select(['id', 'region_code']).where('username', '=', 'village').executeTakeFirstOrThrow();
    const user: SessionUser = { id: village.id, username: 'village', displayName: 'village', role: 'village_cadre', regionCode: village.region_code, regionLevel: 5, mustChangePassword: false, aidUnitId: null, via: 'session' };
    const rolledBack = new Error('rolled back');
    await expect(
      db.transaction().execute(async (trx) => {
        await openCase(trx, user, { id: user.id, name: 'village' }, { kind: 'risk_removal', householdId: stable }, trx);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });

  it('plants what the inspectors must find: a cadre who acted on a relative’s case, two like households treated differently', async () => {
    const planted = loaded.audits;
    if (!planted) throw new Error('no audit cases planted');
    const conflicts = await findConflicts(t.database.db, '451022', 1, 50);
    expect(conflicts).toEqual([expect.objectContaining({ source: 'procedure', ref_id: planted.conflict.procedureId, household_id: planted.conflict.householdId, found: 'registered' })]);
    const { pairs } = await fairnessPairs(t.database.db, '451022', planted.fairness.year);
    const pair = pairs.find((p) => [p.a.id, p.b.id].includes(planted.fairness.candidate));
    expect([pair?.a.id, pair?.b.id].sort()).toEqual([planted.fairness.candidate, planted.fairness.exited].sort());
  });

  it("loads a second demo county beside the first, keeping the first one's accounts and planted cases", async () => {
    await loadDemo(t.database, { password: 'tiandong2026', persons: 2000, countyCode: '451024' });
    const second = await t.database.db.selectFrom('household').select((eb) => eb.fn.countAll<string>().as('n')).where('county_code', '=', '451024').executeTakeFirstOrThrow();
    expect(Number(second.n)).toBeGreaterThan(400);
    const applicants = await t.database.db.selectFrom('household').select('county_code').where('status', '=', 'candidate').execute();
    // Four applicants of the adjustment's cases, and the fairness audit's copy of an exited household.
    expect(applicants.map((a) => a.county_code)).toEqual(['451022', '451022', '451022', '451022', '451022']);
  });

  it('plants the cases a yearly adjustment must find, and the run finds exactly those', async () => {
    const { db } = t.database;
    const county = await db.selectFrom('app_user').select('id').where('username', '=', 'county').executeTakeFirstOrThrow();
    const user: SessionUser = { id: county.id, username: 'county', displayName: 'county', role: 'county_officer', regionCode: '451022', regionLevel: 3, mustChangePassword: false, aidUnitId: null, via: 'session' };
    const runner = new AdjustmentRunner(t.database);
    const id = await runner.start(user, { id: user.id, name: 'county' }, '451022', plantedYear());
    await runner.drain();
    const run = await db.selectFrom('adjustment_run').select(['state', 'counts', 'message']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(run.state, run.message ?? '').toBe('done');
    expect(run.counts).toEqual({ should_enter: 2, should_exit: 0, should_return: 3, excluded: 1, cannot_decide: 1, inconsistent: 0 });
    const procedures = await db.selectFrom('procedure').select(['kind', 'current_step', 'notice_ends_on']).orderBy('id').execute();
    expect(procedures.map((p) => `${p.kind}:${p.current_step}`)).toEqual(['identification:notice', 'identification:township_review']);
  });
});
