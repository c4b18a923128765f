import { addCalendarDays, idCheckChar, todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/demo.loader.ts';
import type { PlantedAudits } from '../src/demo/demo.checks.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const OTHER_COUNTY = '451021';
const SAFE = { foodSecure: true, clothingSecure: true, housingGrade: 'B', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
/** Every fact the rules read of a member, stated: a fact left out is unknown and decides nothing. */
const KNOWN = { health: 'healthy', chronicDiseaseCard: false, publicPayroll: false, medicalInsured: true } as const;
const NO_ASSETS = { car: false, machinery: false, townProperty: false, registeredBusiness: false };
const today = todayInChina();
const thisYear = Number(today.slice(0, 4));
/** The fairness audit's default year: the last whole one. */
const year = thisYear - 1;
const daysAgo = (n: number) => addCalendarDays(today, -n);
const income = (y: number, wages: number) => ({ year: y, wages, business: 0, property: 0, transfers: 0, productionCosts: 0 });

interface Conflict {
  source: 'procedure' | 'pairing';
  procedure: { id: string; kind: string; state: string; openedOn: string } | null;
  pairing: { id: string; startsOn: string; endsOn: string | null } | null;
  household: { id: string; householdNo: string; headName: string; villageCode: string; villageName: string };
  cadre: { userId: string; name: string; role: string } | null;
  staff: { staffId: string; name: string; unitName: string } | null;
  steps: Array<{ step: string; outcome: string; on: string }>;
  relative: { name: string; idNumber: string; relation: string | null; found: string };
}

interface FairnessPair {
  facts: { attribute: string; incomeBand: number | null; outcome: string; criteria: Array<{ code: string; passed: boolean | null }> };
  a: { id: string; status: string; villageCode: string; benefits: Array<{ kind: string }> };
  b: { id: string; status: string; villageCode: string; benefits: Array<{ kind: string }> };
  differs: Array<{ field: string; a: unknown; b: unknown }>;
}

describe.each(ENGINES)('inspectors’ audits on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let cadre: Client;
  let otherCadre: Client;
  let inspector: Client;
  let outsider: Client;
  let cadreId: string;
  let townshipId: string;
  let otherCadreId: string;
  const ids: Record<string, string> = {};
  const people: Record<string, string> = {};

  async function register(client: Client, village: string, key: string, members: ReturnType<typeof member>[], extra: Record<string, unknown> = {}) {
    const res = await client.post('/api/v1/households', household(village, members, { conditions: SAFE, assets: NO_ASSETS, ...extra }));
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
    for (const m of members) people[`${key}.${m.name}`] = m.idNumber;
    return ids[key] as string;
  }

  const put = (client: Client, url: string, body: unknown) => app.inject({ method: 'PUT', url, headers: { cookie: `jz_session=${client.cookie}` }, payload: body as object });

  async function ok(res: Awaited<ReturnType<Client['post']>>, status = 200) {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  }

  /** Walks an identification case to the township's review: the cadre applies, surveys and deliberates; a notice runs. */
  async function walkToTownship(cadre: Client, householdId: string) {
    const id = (await ok(await cadre.post('/api/v1/procedures', { kind: 'identification', householdId, openedOn: daysAgo(12) }), 201)).id as string;
    const step = (client: Client, body: Record<string, unknown>) => client.post(`/api/v1/procedures/${id}/steps`, body);
    await ok(await step(cadre, { step: 'application', outcome: 'approved', payload: { reason: '家中主要劳动力患病,申请纳入' } }));
    await ok(await step(cadre, { step: 'survey', outcome: 'approved', payload: { surveyedOn: daysAgo(11), findings: '入户核实' } }));
    await ok(await step(cadre, { step: 'deliberation', outcome: 'approved', payload: { heldOn: daysAgo(10), attendance: 21, result: 'agreed', minutes: '村民代表会议同意' } }));
    await ok(await cadre.post(`/api/v1/procedures/${id}/notice`, { startsOn: daysAgo(9), endsOn: daysAgo(3) }));
    await ok(await step(cadre, { step: 'notice', outcome: 'approved' }));
    return { id, step };
  }

  async function conflicts(client: Client = inspector, query = '') {
    const res = await client.get(`/api/v1/audits/conflicts?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Conflict[]; total: number };
  }

  async function fairness(query = '') {
    const res = await inspector.get(`/api/v1/audits/fairness?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: FairnessPair[]; total: number; year: number; households: number };
  }

  /**
   * A cast of its own for the conflicts test, so that no other test's relatives, IDs or cases count: a village
   * cadre of V1 and the township officer over it (signed in), and five applicant or poor households of V1.
   * The cadre's sibling heads one and the cadre records him as a relative; the officer's mother heads another he
   * is still registered in, and he records his own resident ID; the third holds strangers; the last two are for
   * helpers (one of them with a registered relative).
   */
  async function casesWithRelatives(tag: string) {
    const cadreName = `${tag}-cadre`;
    const townName = `${tag}-town`;
    const ownCadreId = await addUser(t.database, cadreName, 'village_cadre', V1);
    const ownTownshipId = await addUser(t.database, townName, 'township_officer', '451022100');
    const ownCadre = await signIn(app, cadreName);
    const ownTownship = await signIn(app, townName);
    const applicant = { status: 'candidate', incomes: [income(year, 2400)] };
    const key = (name: string) => `${tag}.${name}`;
    // The cadre's sibling heads an applicant household; the cadre applies, surveys and deliberates.
    await register(ownCadre, V1, key('sibling'), [member('李兄', 'head', 'male', '1968-02-03', { ...KNOWN }), member('李嫂', 'spouse', 'female', '1970-05-06', { ...KNOWN })], applicant);
    // The township officer's mother heads an applicant household he is still registered in; he reviews its case.
    await register(ownCadre, V1, key('mother'), [member('王母', 'head', 'female', '1950-03-04', { ...KNOWN }), member('王乡长', 'child', 'male', '1978-07-08', { ...KNOWN })], applicant);
    // The cadre also applies for a household of strangers: clean.
    await register(ownCadre, V1, key('stranger'), [member('赵某', 'head', 'male', '1966-09-10', { ...KNOWN })], applicant);
    // A helper's registered relative heads a poor household the helper is paired with; another helper's household is clean.
    await register(ownCadre, V1, key('helped'), [member('陈姑', 'head', 'female', '1960-01-02', { ...KNOWN })], { incomes: applicant.incomes });
    await register(ownCadre, V1, key('helpedClean'), [member('周某', 'head', 'male', '1962-01-02', { ...KNOWN })], { incomes: applicant.incomes });
    await ok(await ownCadre.post('/api/v1/relatives', { name: '李兄', idNumber: people[`${key('sibling')}.李兄`], relation: 'sibling' }), 201);
    await ok(await put(ownTownship, '/api/v1/me/id-number', { idNumber: people[`${key('mother')}.王乡长`] }));
    return { cadre: ownCadre, cadreId: ownCadreId, cadreName, township: ownTownship, townshipId: ownTownshipId, key };
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await t.database.db.insertInto('region').values({ code: OTHER_COUNTY, name: '邻县', level: 3, parent_code: '4510' }).execute();
    await addUser(t.database, 'county', 'county_officer', '451022');
    townshipId = await addUser(t.database, 'town', 'township_officer', '451022100');
    cadreId = await addUser(t.database, 'cadre', 'village_cadre', V1);
    otherCadreId = await addUser(t.database, 'other', 'village_cadre', V2);
    await addUser(t.database, 'inspector', 'inspector', '451022');
    await addUser(t.database, 'outsider', 'inspector', OTHER_COUNTY);
    county = await signIn(app, 'county');
    township = await signIn(app, 'town');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
    inspector = await signIn(app, 'inspector');
    outsider = await signIn(app, 'outsider');
    const incomes = [income(year, 2400)];

    // Households whose people the relatives test registers (the conflicts test builds its own: `casesWithRelatives`).
    await register(cadre, V1, 'sibling', [member('李兄', 'head', 'male', '1968-02-03', { ...KNOWN }), member('李嫂', 'spouse', 'female', '1970-05-06', { ...KNOWN })], { status: 'candidate', incomes });
    await register(cadre, V1, 'mother', [member('王母', 'head', 'female', '1950-03-04', { ...KNOWN }), member('王乡长', 'child', 'male', '1978-07-08', { ...KNOWN })], { status: 'candidate', incomes });
    await register(cadre, V1, 'stranger', [member('赵某', 'head', 'male', '1966-09-10', { ...KNOWN })], { status: 'candidate', incomes });

    // Fairness: two households alike in every decisive fact, one exited and one still poor.
    const couple = (surname: string) => [
      member(`${surname}大`, 'head', 'male', '1975-03-01', { ...KNOWN }),
      member(`${surname}嫂`, 'spouse', 'female', '1977-06-01', { ...KNOWN }),
    ];
    await register(cadre, V1, 'fairExited', couple('张'), { incomes: [income(year, 24_000)] });
    await register(otherCadre, V2, 'fairPoor', couple('李'), { incomes: [income(year, 24_000)] });
    // Two more alike in every fact and treated alike (both exited, no benefits): not listed.
    await register(cadre, V1, 'sameA', couple('孙'), { incomes: [income(year, 40_000)] });
    await register(otherCadre, V2, 'sameB', couple('吴'), { incomes: [income(year, 40_000)] });
    // Two alike, both exited, one paid a benefit in the year: listed for the benefit.
    await register(cadre, V1, 'paid', couple('郑'), { incomes: [income(year, 60_000)] });
    await register(cadre, V1, 'unpaid', couple('冯'), { incomes: [income(year, 60_000)] });
    for (const key of ['fairExited', 'sameA', 'sameB', 'paid', 'unpaid']) {
      await t.database.db.updateTable('household').set({ status: 'exited', year_exited: 2019 }).where('id', '=', ids[key] as string).execute();
    }
    await ok(await cadre.post(`/api/v1/households/${ids.paid}/benefits`, { paidOn: `${year}-06-01`, amount: 3000, source: '县民政局' }), 201);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('registers relatives: one’s own, a county office’s for staff; bad IDs, duplicates and others’ relatives refused', async () => {
    const bad = (people['sibling.李兄'] as string).slice(0, 17) + ((people['sibling.李兄'] as string).endsWith('0') ? '1' : '0');
    const refused = await cadre.post('/api/v1/relatives', { name: '李兄', idNumber: bad, relation: 'sibling' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: { fields: [expect.objectContaining({ path: 'idNumber', code: 'id_check_char' })] } });
    expect((await cadre.post('/api/v1/relatives', { name: '李兄', idNumber: people['sibling.李兄'], relation: 'cousin' })).json().error.details.fields[0].path).toBe('relation');
    const both = await county.post('/api/v1/relatives', { userId: cadreId, staffId: '1', name: '李兄', idNumber: people['sibling.李兄'], relation: 'sibling' });
    expect(both.json().error.details.fields).toEqual([expect.objectContaining({ path: 'staffId', code: 'one_owner' })]);

    const created = await ok(await cadre.post('/api/v1/relatives', { name: '李兄', idNumber: people['sibling.李兄'], relation: 'sibling' }), 201);
    const again = await cadre.post('/api/v1/relatives', { name: '李兄', idNumber: people['sibling.李兄'], relation: 'sibling' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', details: { fields: [expect.objectContaining({ path: 'idNumber', code: 'relative_exists' })] } });
    // Another user may register the same person as their own relative.
    const othersOwn = await ok(await otherCadre.post('/api/v1/relatives', { name: '李兄', idNumber: people['sibling.李兄'], relation: 'in_law' }), 201);

    const own = await ok(await cadre.get('/api/v1/relatives'));
    expect(own.items).toEqual([expect.objectContaining({ id: created.id, name: '李兄', relation: 'sibling', userId: cadreId, idNumber: expect.stringMatching(/^451022\*{8}\d{3}[\dX]$/) })]);
    // A village cadre neither reads nor registers another's relatives; a county office may, inside its region.
    expect((await cadre.get(`/api/v1/relatives?userId=${townshipId}`)).statusCode).toBe(403);
    expect((await cadre.post('/api/v1/relatives', { userId: townshipId, name: '某人', idNumber: people['stranger.赵某'], relation: 'other' })).statusCode).toBe(403);
    expect((await ok(await county.get(`/api/v1/relatives?userId=${cadreId}`))).items).toHaveLength(1);
    expect((await ok(await inspector.get(`/api/v1/relatives?userId=${cadreId}`))).items).toHaveLength(1);
    expect((await outsider.get(`/api/v1/relatives?userId=${cadreId}`)).json().error.details.fields[0]).toMatchObject({ path: 'userId', code: 'user_not_found' });

    // Removing: not someone else's, yes one's own, with an audit event (on these two users: other tests' relatives are their own users').
    expect((await cadre.delete(`/api/v1/relatives/${othersOwn.id}`)).statusCode).toBe(404);
    expect((await otherCadre.delete(`/api/v1/relatives/${othersOwn.id}`)).statusCode).toBe(204);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', 'like', 'relative.%')
      .where('entity', '=', 'app_user')
      .where('entity_id', 'in', [cadreId, otherCadreId])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['relative.added', 'relative.added', 'relative.removed']);

    // One's own resident ID, checked like any other.
    expect((await put(township, '/api/v1/me/id-number', { idNumber: '45102219780708123' })).json().error.details.fields[0]).toMatchObject({ path: 'idNumber', code: 'id_format' });
    const set = await put(township, '/api/v1/me/id-number', { idNumber: people['mother.王乡长'] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().idNumber).toMatch(/\*{8}/);
    const stored = await t.database.db.selectFrom('app_user').select('id_number').where('id', '=', townshipId).executeTakeFirstOrThrow();
    expect(stored.id_number).toBe(people['mother.王乡长']);
  });

  it('lists the cadre who took their sibling’s case, the township officer who reviewed his own household’s, and the helper paired with a relative; nothing else', async () => {
    const cast = await casesWithRelatives('conflicts');
    const own = (name: string) => ids[cast.key(name)] as string;
    const before = await conflicts();
    const beforeIn = { v1: (await conflicts(county, `&region=${V1}`)).total, v2: (await conflicts(inspector, `&region=${V2}`)).total };

    const siblingCase = await walkToTownship(cast.cadre, own('sibling'));
    const motherCase = await walkToTownship(cast.cadre, own('mother'));
    await ok(await motherCase.step(cast.township, { step: 'township_review', outcome: 'approved', payload: { opinion: '经审核符合识别标准' } }));
    await walkToTownship(cast.cadre, own('stranger'));

    // A helper of an aid unit; the county records her relative; she is paired with that relative's household.
    const unit = (await ok(await county.post('/api/v1/aid-units', { name: '县农业农村局', kind: 'government' }), 201)).id as string;
    const staff = (await ok(await county.post(`/api/v1/aid-units/${unit}/staff`, { name: '刘帮扶' }), 201)).id as string;
    const clean = (await ok(await county.post(`/api/v1/aid-units/${unit}/staff`, { name: '何帮扶' }), 201)).id as string;
    await ok(await county.post('/api/v1/relatives', { staffId: staff, name: '陈姑', idNumber: people[`${cast.key('helped')}.陈姑`], relation: 'other' }), 201);
    // Her own resident ID, recorded by the county: she is in no registered household, so it adds nobody.
    const herId = `45102219800101${'555'}`;
    expect((await put(county, `/api/v1/aid-staff/${staff}/id-number`, { idNumber: herId + idCheckChar(herId) })).statusCode).toBe(200);
    expect((await put(cast.cadre, `/api/v1/aid-staff/${staff}/id-number`, { idNumber: herId + idCheckChar(herId) })).statusCode).toBe(403);
    const pairing = (await ok(await cast.cadre.post('/api/v1/pairings', { householdId: own('helped'), staffId: staff, startsOn: daysAgo(30) }), 201)).id as string;
    await ok(await cast.cadre.post('/api/v1/pairings', { householdId: own('helpedClean'), staffId: clean, startsOn: daysAgo(30) }), 201);

    const { items, total } = await conflicts();
    expect(total).toBe(items.length);
    const byHousehold = (name: string) => items.filter((c) => c.household.id === own(name));

    expect(byHousehold('sibling')).toEqual([
      expect.objectContaining({
        source: 'procedure',
        procedure: expect.objectContaining({ id: siblingCase.id, kind: 'identification', state: 'open', openedOn: daysAgo(12) }),
        cadre: expect.objectContaining({ userId: cast.cadreId, name: cast.cadreName, role: 'village_cadre' }),
        steps: [
          { step: 'application', stepLabel: '申请', outcome: 'approved', on: today },
          { step: 'survey', stepLabel: '入户调查', outcome: 'approved', on: today },
          { step: 'deliberation', stepLabel: '民主评议', outcome: 'approved', on: today },
        ],
        relative: expect.objectContaining({ name: '李兄', relation: 'sibling', found: 'registered', idNumber: expect.stringMatching(/^451022\*{8}/) }),
      }),
    ]);

    const mother = byHousehold('mother');
    expect(mother.map((c) => [c.cadre?.userId, c.relative.name, c.relative.found]).sort()).toEqual([
      [cast.townshipId, '王乡长', 'self'],
      [cast.townshipId, '王母', 'same_household'],
    ]);
    expect(mother[0]).toMatchObject({ procedure: { id: motherCase.id }, cadre: { role: 'township_officer' }, steps: [expect.objectContaining({ step: 'township_review' })] });

    expect(byHousehold('helped')).toEqual([
      expect.objectContaining({
        source: 'pairing',
        procedure: null,
        cadre: null,
        pairing: { id: pairing, startsOn: daysAgo(30), endsOn: null },
        staff: { staffId: staff, name: '刘帮扶', unitName: '县农业农村局' },
        relative: expect.objectContaining({ name: '陈姑', found: 'registered', relation: 'other' }),
      }),
    ]);
    // The stranger's case, the clean helper's household, the fairness households: none listed. What was listed
    // before (another test's cases) stays listed as it was, and these four are added.
    expect(items).toHaveLength(before.total + 4);
    const listedBefore = new Set(before.items.map((c) => JSON.stringify(c)));
    expect(items.filter((c) => listedBefore.has(JSON.stringify(c)))).toHaveLength(before.total);
    const added = items.filter((c) => !listedBefore.has(JSON.stringify(c)));
    expect(added.map((c) => c.household.id).sort()).toEqual([own('sibling'), own('mother'), own('mother'), own('helped')].sort());
    const fairnessHouseholds = ['fairExited', 'fairPoor', 'sameA', 'sameB', 'paid', 'unpaid'].map((k) => ids[k]);
    expect(items.filter((c) => fairnessHouseholds.includes(c.household.id))).toEqual([]);

    // Paged, and scoped: a village inside the county, and another village where nothing happened.
    const firstPage = (await ok(await inspector.get('/api/v1/audits/conflicts?pageSize=1&page=2'))) as { items: Conflict[]; total: number };
    expect(firstPage).toMatchObject({ total: before.total + 4, page: 2, pageSize: 1 });
    expect(firstPage.items).toHaveLength(1);
    expect((await ok(await inspector.get('/api/v1/audits/conflicts?page=9'))).total).toBe(before.total + 4);
    expect((await conflicts(county, `&region=${V1}`)).total).toBe(beforeIn.v1 + 4);
    expect((await conflicts(inspector, `&region=${V2}`)).total).toBe(beforeIn.v2);
  });

  it('refuses those without the inspect capability and regions outside the inspector’s', async () => {
    const forbidden = await cadre.get('/api/v1/audits/conflicts');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toMatchObject({ code: 'forbidden', details: { capability: 'inspect' } });
    expect((await township.get('/api/v1/audits/fairness')).json().error.code).toBe('forbidden');
    const outside = await outsider.get('/api/v1/audits/conflicts?region=451022');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({ code: 'region_not_found', details: { fields: [expect.objectContaining({ path: 'region' })] } });
    expect((await outsider.get('/api/v1/audits/conflicts')).json()).toMatchObject({ total: 0, items: [] });
    const fairOutside = await inspector.get(`/api/v1/audits/fairness?region=${OTHER_COUNTY}`);
    expect(fairOutside.statusCode).toBe(404);
    expect(fairOutside.json().error.code).toBe('region_not_found');
    const ahead = await inspector.get(`/api/v1/audits/fairness?year=${thisYear + 1}`);
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error).toMatchObject({ code: 'year_out_of_range', details: { fields: [expect.objectContaining({ path: 'year', code: 'year_range' })] } });
    expect((await inspector.get('/api/v1/audits/fairness?region=45102')).statusCode).toBe(400);
  });

  it('pairs households with the same facts and a different status or benefits, and leaves those treated alike', async () => {
    const result = await fairness();
    expect(result.year).toBe(year);
    const pairOf = (key: string) => result.items.filter((p) => p.a.id === ids[key] || p.b.id === ids[key]);

    // Poor beside exited: the facts call for exit, so the poor household is the odd one out.
    expect(pairOf('fairPoor')).toEqual([
      expect.objectContaining({
        a: expect.objectContaining({ id: ids.fairPoor, status: 'poor', villageCode: V2 }),
        b: expect.objectContaining({ id: ids.fairExited, status: 'exited', villageCode: V1 }),
        differs: [{ field: 'status', a: 'poor', b: 'exited' }],
        facts: expect.objectContaining({ attribute: 'general', incomeBand: 3, outcome: 'not_poor' }),
      }),
    ]);
    const facts = pairOf('fairPoor')[0]?.facts;
    expect(facts?.criteria.every((c) => c.passed === true)).toBe(true);

    expect(pairOf('paid')).toEqual([
      expect.objectContaining({
        a: expect.objectContaining({ id: ids.paid, benefits: [expect.objectContaining({ kind: '县民政局' })] }),
        b: expect.objectContaining({ id: ids.unpaid, benefits: [] }),
        differs: [{ field: 'benefits', a: ['县民政局'], b: [] }],
      }),
    ]);
    expect(pairOf('sameA')).toEqual([]);
    expect(pairOf('sameB')).toEqual([]);
    // Each household is `a` at most once, and the list runs by village.
    const as = result.items.map((p) => p.a.id);
    expect(new Set(as).size).toBe(as.length);
    const villages = result.items.map((p) => p.a.villageCode);
    expect(villages).toEqual([...villages].sort());

    // A village alone: the pair across villages is not there, the benefit pair is.
    const v1 = await fairness(`&region=${V1}`);
    expect(v1.items.filter((p) => p.a.id === ids.fairPoor || p.b.id === ids.fairPoor)).toEqual([]);
    expect(v1.items.filter((p) => p.a.id === ids.paid)).toHaveLength(1);
    // Another year: the benefit was paid in the audited year only, so that pair is gone.
    const earlier = await fairness(`&year=${year - 3}`);
    expect(earlier.year).toBe(year - 3);
    expect(earlier.items.filter((p) => p.differs.some((d) => d.field === 'benefits'))).toEqual([]);
  });
});

describe.each(ENGINES)('inspectors’ audits on the demo county on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let inspector: Client;
  let planted: PlantedAudits;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    const loaded = await loadDemo(t.database, { password: 'tiandong2026', persons: 20_000 });
    if (!loaded.audits) throw new Error('the demo planted no audit cases');
    planted = loaded.audits;
    app = await testApp(t.database);
    inspector = await signIn(app, 'inspector', 'tiandong2026');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('finds the planted conflict: the village account’s registered sibling on a case it took', async () => {
    const res = await inspector.get('/api/v1/audits/conflicts?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Conflict[];
    expect(items).toEqual([
      expect.objectContaining({
        source: 'procedure',
        procedure: expect.objectContaining({ id: planted.conflict.procedureId }),
        household: expect.objectContaining({ id: planted.conflict.householdId }),
        cadre: expect.objectContaining({ userId: planted.conflict.userId, role: 'village_cadre' }),
        relative: expect.objectContaining({ relation: 'sibling', found: 'registered' }),
      }),
    ]);
    expect(items[0]?.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['application', 'survey', 'deliberation']));
  });

  it('finds the planted fairness pair over the whole county', async () => {
    const res = await inspector.get('/api/v1/audits/fairness?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: FairnessPair[]; total: number; households: number; year: number };
    expect(body.year).toBe(planted.fairness.year);
    let pair: FairnessPair | undefined;
    for (let page = 1; !pair && (page - 1) * 200 < body.total; page++) {
      const items = page === 1 ? body.items : ((await inspector.get(`/api/v1/audits/fairness?pageSize=200&page=${page}`)).json().items as FairnessPair[]);
      pair = items.find((p) => p.a.id === planted.fairness.candidate);
    }
    expect(pair).toMatchObject({ a: { status: 'candidate' }, b: { id: planted.fairness.exited, status: 'exited' } });
    expect(pair?.differs).toEqual([{ field: 'status', a: 'candidate', b: 'exited' }]);
  });
});
