import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/kernel/db/database.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member, setPopulation } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const SAFE = { foodSecure: true, clothingSecure: true, housingGrade: 'B', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** The county's own version of 2024: a higher monitoring line and two years of income above it. */
const COUNTY_2024 = {
  reason: '县里提高监测线并要求收入连续两年达标',
  scopeCode: '451022',
  effectiveFrom: '2024-01-01',
  name: '田东县标准',
  lines: { monitoring: { '2024': 7000 } },
  income: { stableYears: 2 },
};

/**
 * A fresh database with the users of these tests: the county officer, cadres of V1 and V2, the officer of
 * V1's township. Profiles are the county's shared state, so a test that needs them untouched (or that numbers
 * the county's first version) gets a database of its own.
 */
async function policyWorld(engine: Engine) {
  const t = await createTestDatabase(engine);
  const app = await testApp(t.database);
  await addUser(t.database, 'county', 'county_officer', '451022');
  await addUser(t.database, 'cadre', 'village_cadre', V1);
  await addUser(t.database, 'other', 'village_cadre', V2);
  await addUser(t.database, 'township', 'township_officer', '451022100');
  return {
    t,
    app,
    county: await signIn(app, 'county'),
    cadre: await signIn(app, 'cadre'),
    otherCadre: await signIn(app, 'other'),
    township: await signIn(app, 'township'),
    async close() {
      await app.close();
      await t.dispose();
    },
  };
}

type PolicyWorld = Awaited<ReturnType<typeof policyWorld>>;

describe.each(ENGINES)('the national profile on %s', (engine) => {
  let world: PolicyWorld;
  beforeAll(async () => {
    world = await policyWorld(engine);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('stores the national default as version 1 and resolves it for a village', async () => {
    const { cadre } = world;
    const res = await cadre.get(`/api/v1/policy-profiles/effective?region=${V1}&date=2024-06-30`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      scopeCode: 'CN',
      version: 1,
      lines: { poverty: { '2019': 3218, '2020': 4000 }, monitoring: { '2021': 6000 } },
      procedures: { noticeDays: 7, totalWorkingDays: 20 },
      basis: [{ scopeCode: 'CN', version: 1 }],
    });
    const list = (await cadre.get('/api/v1/policy-profiles')).json().items;
    expect(list.map((v: { scopeCode: string; version: number }) => `${v.scopeCode}@${v.version}`)).toEqual(['CN@1']);
  });
});

describe.each(ENGINES)('a county version on %s', (engine) => {
  let world: PolicyWorld;
  beforeAll(async () => {
    world = await policyWorld(engine);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lets the county record its own version, merged under the national one, with the change audited', async () => {
    const { t, county, cadre } = world;
    const res = await county.post('/api/v1/policy-profiles', COUNTY_2024);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ scopeCode: '451022', version: 1, createdBy: 'county' });
    const effective = (await cadre.get(`/api/v1/policy-profiles/effective?region=${V1}&date=2024-06-30`)).json();
    expect(effective).toMatchObject({ scopeCode: '451022', income: { stableYears: 2 }, lines: { monitoring: { '2021': 6000, '2024': 7000 }, poverty: { '2020': 4000 } } });
    expect(effective.basis.map((b: { scopeCode: string }) => b.scopeCode)).toEqual(['CN', '451022']);
    // Before its effective date the national version alone applies.
    expect((await cadre.get(`/api/v1/policy-profiles/effective?region=${V1}&date=2023-12-31`)).json()).toMatchObject({ scopeCode: 'CN', income: { stableYears: 1 } });
    const audit = await t.database.db.selectFrom('audit_event').select(['action', 'after']).where('action', '=', 'policy.version_created').execute();
    expect(audit).toHaveLength(1);
    const second = await county.post('/api/v1/policy-profiles', { reason: '恢复一年标准', scopeCode: '451022', effectiveFrom: '2025-01-01', name: '田东县标准', income: { stableYears: 1 } });
    expect(second.json()).toMatchObject({ version: 2 });
    const changes = (await t.database.db.selectFrom('audit_event').select('after').where('entity', '=', 'policy_profile').where('entity_id', '=', second.json().id).executeTakeFirstOrThrow()).after as {
      changes: Array<{ path: string }>;
    };
    expect(changes.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['effectiveFrom', 'income.stableYears', 'lines']));
  });
});

describe.each(ENGINES)('policy profiles and evaluations on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let cadre: Client;
  let otherCadre: Client;
  let township: Client;
  let world: PolicyWorld;

  beforeAll(async () => {
    world = await policyWorld(engine);
    ({ t, app, county, cadre, otherCadre, township } = world);
    // The baseline every test here reads and none changes: the county's version of 2024 under the national one.
    const version = await county.post('/api/v1/policy-profiles', COUNTY_2024);
    expect(version.statusCode, version.body).toBe(201);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function register(members: unknown[], extra: Record<string, unknown>) {
    const res = await cadre.post('/api/v1/households', household(V1, members, extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  it('refuses a version that contradicts itself or the levels above, naming the item and the rule', async () => {
    const versionsOf = () => t.database.db.selectFrom('policy_profile').select('id').where('scope_code', '=', '451022').execute();
    const before = await versionsOf();
    const below = await county.post('/api/v1/policy-profiles', {
      reason: '错误示例',
      scopeCode: '451022',
      effectiveFrom: '2024-01-01',
      name: '错误',
      lines: { monitoring: { '2024': 3000 } },
    });
    expect(below.statusCode, below.body).toBe(422);
    expect(below.json().error).toMatchObject({ code: 'policy_contradiction', details: { fields: [expect.objectContaining({ code: 'monitoring_below_poverty_line' })] } });
    const unknown = await county.post('/api/v1/policy-profiles', {
      reason: '错误示例',
      scopeCode: '451022',
      effectiveFrom: '2024-01-01',
      name: '错误',
      exclusions: [{ code: 'pets', test: 'owns_pets' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields).toEqual([expect.objectContaining({ path: 'exclusions.0.test', code: 'unknown_test' })]);
    const notice = await county.post(
      '/api/v1/policy-profiles',
      {
        reason: '错误示例',
        scopeCode: '451022',
        effectiveFrom: '2024-01-01',
        name: '错误',
        exitThresholds: { default: 0.02, west: 1.5, westProvinces: ['45'] },
      },
      { 'accept-language': 'en' },
    );
    expect(notice.json().error.details.fields).toEqual([
      expect.objectContaining({ path: 'exitThresholds.west', code: 'threshold_range', message: 'An incidence threshold lies strictly between 0 and 1' }),
    ]);
    // None of the refused versions was stored.
    expect(await versionsOf()).toHaveLength(before.length);
  });

  it('lets only policy roles change profiles, and only inside their region', async () => {
    const body = { reason: '越权', scopeCode: '451022', effectiveFrom: '2024-01-01', name: 'x', income: { stableYears: 3 } };
    expect((await cadre.post('/api/v1/policy-profiles', body)).json().error.code).toBe('forbidden');
    expect((await township.post('/api/v1/policy-profiles', body)).json().error.code).toBe('forbidden');
    const outside = await county.post('/api/v1/policy-profiles', { ...body, scopeCode: '45' });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('region_not_found');
    const national = await county.post('/api/v1/policy-profiles', { ...body, scopeCode: 'CN' });
    expect(national.json().error.code).toBe('region_not_found');
    // A county may not read another county's region as its own.
    expect((await cadre.get('/api/v1/policy-profiles/effective?region=451023')).statusCode).toBe(404);
  });

  it('explains the decision on a household: every criterion with observed value and threshold', async () => {
    // Every fact the rules read is stated: one left out would be unknown, and the decision could not be made.
    const known = { medicalInsured: true, health: 'healthy', chronicDiseaseCard: false, publicPayroll: false };
    const head = member('达标户主', 'head', 'male', '1975-01-01', known);
    const spouse = member('达标配偶', 'spouse', 'female', '1976-01-01', known);
    const child = member('达标孩子', 'child', 'male', '2014-03-01', { ...known, schoolStatus: 'primary', labourCapacity: 'none' });
    // 2024 per head (24000 + 1500 - 1500) / 3 = 8000, above both lines.
    const incomes = [
      { year: 2023, wages: 20000, business: 0, property: 0, transfers: 1500, productionCosts: 1500 },
      { year: 2024, wages: 24000, business: 0, property: 0, transfers: 1500, productionCosts: 1500 },
    ];
    const id = await register([head, spouse, child], { conditions: SAFE, assets: { car: false, machinery: false, townProperty: false, registeredBusiness: false }, incomes });
    const res = await cadre.get(`/api/v1/households/${id}/evaluation?year=2024`);
    expect(res.statusCode, res.body).toBe(200);
    const evaluation = res.json();
    // The county's version of 2024 asks for two years above the line: 2023 and 2024 both are.
    expect(evaluation).toMatchObject({ outcome: 'may_exit', year: 2024, profileScope: '451022', missing: [] });
    expect(evaluation.profileBasis.map((b: { scopeCode: string }) => b.scopeCode)).toEqual(['CN', '451022']);
    expect(evaluation.criteria.map((c: { code: string }) => c.code)).toEqual(['income', 'food', 'clothing', 'education', 'medical', 'housing', 'water']);
    const income = evaluation.criteria.find((c: { code: string }) => c.code === 'income');
    expect(income).toMatchObject({ passed: true });
    expect(JSON.stringify(income.observed)).toContain('8000');
    expect(income.message['zh-CN']).toMatch(/8,?000/);
    expect(evaluation.fourLooks.total).toBeGreaterThan(0);

    // Poor: the same family a year where income is under the line; the income criterion fails and says why.
    const poorId = await register(
      [member('困难户主', 'head', 'male', '1960-01-01', { medicalInsured: true })],
      { conditions: SAFE, incomes: [{ year: 2024, wages: 2000, business: 0, property: 0, transfers: 500, productionCosts: 0 }] },
    );
    const poor = (await cadre.get(`/api/v1/households/${poorId}/evaluation?year=2024`)).json();
    expect(poor.outcome).toBe('poor');
    expect(poor.criteria.find((c: { code: string }) => c.code === 'income')).toMatchObject({ passed: false });
  });

  it('never guesses: missing conditions make it undecided, naming the fields', async () => {
    const id = await register([member('缺数据户', 'head', 'male', '1970-01-01', { medicalInsured: true })], {
      incomes: [
        { year: 2023, wages: 20000, business: 0, property: 0, transfers: 0, productionCosts: 0 },
        { year: 2024, wages: 20000, business: 0, property: 0, transfers: 0, productionCosts: 0 },
      ],
    });
    const evaluation = (await cadre.get(`/api/v1/households/${id}/evaluation?year=2024`)).json();
    expect(evaluation.outcome).toBe('cannot_decide');
    expect(evaluation.missing).toEqual(expect.arrayContaining(['conditions.foodSecure', 'conditions.housingGrade']));
  });

  it('refuses a year outside the data and hides households of other villages', async () => {
    const id = await register([member('范围户', 'head', 'male', '1970-01-01')], {});
    const early = await cadre.get(`/api/v1/households/${id}/evaluation?year=2009`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ code: 'year_out_of_range', details: { fields: [expect.objectContaining({ path: 'year', code: 'year_range' })] } });
    expect((await cadre.get(`/api/v1/households/${id}/evaluation?year=2100`)).json().error.code).toBe('year_out_of_range');
    expect((await otherCadre.get(`/api/v1/households/${id}/evaluation?year=2024`)).statusCode).toBe(404);
  });

  it('keeps photos and scans as evidence, only inside the region, recognised by their content', async () => {
    const id = await register([member('附件户', 'head', 'male', '1970-01-01')], {});
    const upload = (client: Client, content: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([content]), name);
      return app.inject({ method: 'POST', url: `/api/v1/households/${id}/attachments`, headers: { cookie: `jz_session=${client.cookie}` }, payload: form });
    };
    const stored = await upload(cadre, PNG, '评议会议记录.png');
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json()).toMatchObject({ fileName: '评议会议记录.png', contentType: 'image/png', size: PNG.length });
    const read = await cadre.get(`/api/v1/attachments/${stored.json().id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.rawPayload.equals(PNG)).toBe(true);
    expect((await otherCadre.get(`/api/v1/attachments/${stored.json().id}`)).statusCode).toBe(404);
    expect((await upload(otherCadre, PNG, 'x.png')).statusCode).toBe(404);
    const text = await upload(cadre, Buffer.from('not a photo'), 'photo.png');
    expect(text.statusCode).toBe(415);
    expect(text.json().error.details.fields).toEqual([expect.objectContaining({ path: 'file', code: 'attachment_type' })]);
  });
});

describe.each(ENGINES)('village and county exit on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let township: Client;
  let cadre: Client;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'township', 'township_officer', '451022100');
    cadre = await signIn(app, 'cadre');
    township = await signIn(app, 'township');
    const add = async (size: number, conditions: Record<string, unknown>, exited: boolean) => {
      const members = [member(`户主${size}`, 'head', 'male', '1970-01-01'), ...Array.from({ length: size - 1 }, (_, i) => member(`成员${i}`, 'child', 'female', `200${i}-02-02`))];
      const id = (await cadre.post('/api/v1/households', household(V1, members, { conditions }))).json().id as string;
      if (exited) await t.database.db.updateTable('household').set({ status: 'exited', year_exited: 2019 }).where('id', '=', id).execute();
    };
    // Poor in 2024: 3 + 1 persons. Exited: 2 persons in a safe house, 2 in a house graded D.
    await add(3, SAFE, false);
    await add(1, SAFE, false);
    await add(2, SAFE, true);
    await add(2, { ...SAFE, housingGrade: 'D' }, true);
    await setPopulation(t.database, V1, 2024, 200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('compares incidence with the western threshold and checks every exited household against the standard', async () => {
    const res = await township.get('/api/v1/regions/451022100/exit-check?year=2024');
    expect(res.statusCode, res.body).toBe(200);
    const village = res.json().children.find((c: { code: string }) => c.code === V1);
    // 4 poor persons of 200 rural residents: 2.00%, under Guangxi's 3%; but one exited household lives in a D-graded house.
    expect(village).toMatchObject({ poorPersons: 4, ruralPopulation: 200, incidence: 0.02, threshold: 0.03, meetsIncidence: true, exitedHouseholds: 2, exitedUnsafe: 1, meets: false });
    // Villages without population figures cannot be judged.
    const other = res.json().children.find((c: { code: string }) => c.code !== V1);
    expect(other).toMatchObject({ incidence: null, meets: null });
    expect((await township.get('/api/v1/regions/451022101/exit-check?year=2024')).statusCode).toBe(404);
  });
});
