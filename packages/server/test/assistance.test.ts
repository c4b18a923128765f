import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';

describe.each(ENGINES)('aid units and pairings on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let cadre: Client;
  let otherCadre: Client;
  let helperAccount: string;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'other', 'village_cadre', V2);
    helperAccount = await addUser(t.database, 'helper', 'helper', V1);
    county = await signIn(app, 'county');
    township = await signIn(app, 'township');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** A household of its own for one test (main cause illness, as the fixture sets), so no test reads another's pairings or measures. */
  async function registeredHousehold(head: string): Promise<string> {
    const res = await cadre.post('/api/v1/households', household(V1, [member(head, 'head', 'male', '1966-01-01')]));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  async function unitWithHelper(name: string) {
    const unit = await county.post('/api/v1/aid-units', { name, kind: 'government', contact: '李科长', phone: '0776-5210000' });
    expect(unit.statusCode, unit.body).toBe(201);
    const staff = await county.post(`/api/v1/aid-units/${unit.json().id}/staff`, { name: '黄帮扶', phone: '13800000000', position: '科员' });
    expect(staff.statusCode, staff.body).toBe(201);
    return { unitId: unit.json().id as string, staffId: staff.json().id as string };
  }

  it('records a unit with its staff and pairs it with a village, not twice over the same days', async () => {
    const { unitId } = await unitWithHelper('县财政局');
    const first = await county.post(`/api/v1/aid-units/${unitId}/pairings`, { regionCode: V1, startsOn: '2024-01-01' });
    expect(first.statusCode, first.body).toBe(201);
    const overlap = await county.post(`/api/v1/aid-units/${unitId}/pairings`, { regionCode: V1, startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({ code: 'pairing_overlaps', details: { pairingId: first.json().id } });
    const unit = (await cadre.get(`/api/v1/aid-units/${unitId}`)).json();
    expect(unit).toMatchObject({ name: '县财政局', staff: [{ name: '黄帮扶', position: '科员' }], regions: [{ regionCode: V1, startsOn: '2024-01-01', endsOn: null }] });
    // The village cadre sees the county's units; only offices that manage assistance may add one.
    expect((await cadre.get('/api/v1/aid-units')).json().items.map((u: { name: string }) => u.name)).toContain('县财政局');
    expect((await cadre.post('/api/v1/aid-units', { name: '村自建', kind: 'other' })).json().error.code).toBe('forbidden');
    const duplicate = await county.post('/api/v1/aid-units', { name: '县财政局', kind: 'government' });
    expect(duplicate.json().error.details.fields[0]).toMatchObject({ path: 'name', code: 'unit_name_taken' });
  });

  it('pairs a helper with a household, refuses an overlap of the same pair, and keeps the history when reassigned', async () => {
    const householdId = await registeredHousehold('结对户甲');
    const { staffId } = await unitWithHelper('县教育局');
    const { staffId: nextStaff } = await unitWithHelper('县卫健局');
    const first = await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2024-03-01' });
    expect(first.statusCode, first.body).toBe(201);
    const overlap = await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2025-01-01' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({ code: 'pairing_overlaps', details: { fields: [expect.objectContaining({ path: 'startsOn' })] } });
    // Reassigning: the first helper's pairing ends with a reason, the next one starts; both stay.
    const ended = await cadre.post(`/api/v1/pairings/${first.json().id}/end`, { endsOn: '2025-06-30', reason: '帮扶责任人调动' });
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId: nextStaff, startsOn: '2025-07-01' })).statusCode).toBe(201);
    // After the end the same helper may be paired again, from a day after it.
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2025-06-30' })).statusCode).toBe(409);
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2025-07-01' })).statusCode).toBe(201);
    const history = (await cadre.get(`/api/v1/pairings?householdId=${householdId}`)).json().items;
    expect(history.map((p: { helper: { unitName: string }; endsOn: string | null }) => `${p.helper.unitName}:${p.endsOn}`).sort()).toEqual(
      ['县卫健局:null', '县教育局:2025-06-30', '县教育局:null'].sort(),
    );
    expect(history.find((p: { endReason: string | null }) => p.endReason)?.endReason).toBe('帮扶责任人调动');
  });

  it('refuses bad input precisely and keeps other villages out', async () => {
    const householdId = await registeredHousehold('结对户乙');
    const { staffId } = await unitWithHelper('县农业农村局');
    const backwards = await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2024-05-01', endsOn: '2024-04-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.fields).toEqual([expect.objectContaining({ path: 'endsOn', code: 'ends_before_start' })]);
    const future = await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2099-01-01' });
    expect(future.json().error.details.fields).toEqual([expect.objectContaining({ path: 'startsOn', code: 'not_in_future' })]);
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId: '999999', startsOn: '2024-01-01' })).json().error.details.fields[0].code).toBe('helper_not_found');
    // Another village's cadre can neither pair nor see the household's pairings.
    expect((await otherCadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2024-01-01' })).statusCode).toBe(404);
    expect((await otherCadre.get(`/api/v1/pairings?householdId=${householdId}`)).json().items).toEqual([]);
    // A unit kept by the county cannot be changed by a township.
    const unit = (await county.get('/api/v1/aid-units')).json().items.find((u: { name: string }) => u.name === '县农业农村局');
    expect((await township.post(`/api/v1/aid-units/${unit.id}/staff`, { name: '越权' })).statusCode).toBe(403);
    // A helper's login may be linked once.
    const unitId = unit.id as string;
    expect((await county.post(`/api/v1/aid-units/${unitId}/staff`, { name: '有账号', userId: helperAccount })).statusCode).toBe(201);
    expect((await county.post(`/api/v1/aid-units/${unitId}/staff`, { name: '再绑', userId: helperAccount })).json().error.details.fields[0].code).toBe('user_already_staff');
  });

  it('keeps a household plan: measures answering its causes, a helper paired with it, benefits delivered', async () => {
    const householdId = await registeredHousehold('结对户丙');
    // The household's main cause is illness (the fixture): with only an industry measure, illness is uncovered.
    const { staffId } = await unitWithHelper('县人社局');
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId, startsOn: '2024-01-01' })).statusCode).toBe(201);
    const industry = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'industry', content: '发展林下养鸡 200 羽', amount: 3000, startsOn: '2024-03-01', helperId: staffId });
    expect(industry.statusCode, industry.body).toBe(201);
    let plan = (await cadre.get(`/api/v1/households/${householdId}/measures`)).json();
    expect(plan.uncovered).toEqual([{ cause: 'illness', families: ['health'] }]);
    const health = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'health', content: '家庭医生签约,慢病门诊报销', startsOn: '2024-03-01', status: 'in_progress' });
    expect(health.statusCode, health.body).toBe(201);
    plan = (await cadre.get(`/api/v1/households/${householdId}/measures`)).json();
    expect(plan.uncovered).toEqual([]);
    expect(plan.measures.map((m: { family: string; helperName: string | null }) => `${m.family}:${m.helperName}`)).toEqual(['industry:黄帮扶', 'health:null']);

    // Progress with a reason; a result recorded; the audit keeps before and after.
    const done = await cadre.patch(`/api/v1/households/${householdId}/measures/${industry.json().id}`, { reason: '鸡苗已出栏', status: 'done', result: '出栏 190 羽,增收 4,200 元' });
    expect(done.statusCode, done.body).toBe(204);
    const benefit = await cadre.post(`/api/v1/households/${householdId}/benefits`, { paidOn: '2024-04-10', amount: 3000, source: '财政衔接资金', measureId: industry.json().id });
    expect(benefit.statusCode, benefit.body).toBe(201);
    const benefits = (await cadre.get(`/api/v1/households/${householdId}/benefits`)).json().items;
    expect(benefits).toEqual([expect.objectContaining({ paidOn: '2024-04-10', amount: 3000, source: '财政衔接资金', measureId: industry.json().id })]);
    const audit = await t.database.db.selectFrom('audit_event').select('action').where('entity_id', '=', householdId).where('action', 'like', 'measure.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['measure.added', 'measure.added', 'measure.updated']);
  });

  it('refuses a helper not paired with the household, negative amounts, micro-credit over its limits and benefits dated ahead', async () => {
    const householdId = await registeredHousehold('结对户丁');
    const { staffId } = await unitWithHelper('县水利局');
    const unpaired = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'employment', content: '推荐务工', startsOn: '2024-03-01', helperId: staffId });
    expect(unpaired.json().error.details.fields).toEqual([expect.objectContaining({ path: 'helperId', code: 'helper_not_paired' })]);
    const negative = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'industry', content: '养牛', amount: -5, startsOn: '2024-03-01' });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details.fields).toEqual([expect.objectContaining({ path: 'amount', code: 'too_small' })]);
    const credit = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'finance', content: '扶贫小额信贷', amount: 60000, startsOn: '2024-03-01', endsOn: '2028-03-01' });
    expect(credit.json().error.details.fields.map((f: { code: string }) => f.code).sort()).toEqual(['microcredit_amount', 'microcredit_term']);
    const ahead = await cadre.post(`/api/v1/households/${householdId}/benefits`, { paidOn: '2099-01-01', amount: 100, source: '民政' });
    expect(ahead.json().error.details.fields).toEqual([expect.objectContaining({ path: 'paidOn', code: 'not_in_future' })]);
    // Nothing of another village: neither its plan nor a measure on it.
    expect((await otherCadre.get(`/api/v1/households/${householdId}/measures`)).statusCode).toBe(404);
    expect((await otherCadre.post(`/api/v1/households/${householdId}/measures`, { family: 'health', content: '越界', startsOn: '2024-03-01' })).statusCode).toBe(404);
  });
});
