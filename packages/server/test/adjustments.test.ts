import { todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const YEAR = Number(todayInChina().slice(0, 4)) - 1;
const SAFE = { foodSecure: true, clothingSecure: true, housingGrade: 'A', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
/** Every fact the rules read of a member, stated: nothing is assumed of a member any more. */
const KNOWN = { health: 'healthy', chronicDiseaseCard: false, medicalInsured: true, publicPayroll: false };
const NO_ASSETS = { car: false, machinery: false, townProperty: false, registeredBusiness: false };

interface Finding {
  category: string;
  headName: string;
  reasons: Array<{ code: string; passed: boolean | null }>;
  peer: { status: string; headName: string } | null;
}

describe.each(ENGINES)('the yearly adjustment on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  let township: Client;
  let otherCadre: Client;
  const ids: Record<string, string> = {};

  async function add(client: Client, village: string, key: string, status: 'poor' | 'candidate', perHead: number, extra: Record<string, unknown> = {}) {
    const res = await client.post('/api/v1/households', household(village, [member(key, 'head', 'male', '1970-01-01', KNOWN)], {
      status,
      conditions: SAFE,
      assets: NO_ASSETS,
      incomes: [{ year: YEAR, wages: perHead, business: 0, property: 0, transfers: 0, productionCosts: 0 }],
      ...extra,
    }));
    expect(res.statusCode, res.body).toBe(201);
    const id: string = res.json().id;
    ids[key] = id;
    return id;
  }

  async function markExited(id: string) {
    await t.database.db.updateTable('household').set({ status: 'exited', year_exited: YEAR - 1 }).where('id', '=', id).execute();
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'other', 'village_cadre', V2);
    cadre = await signIn(app, 'cadre');
    township = await signIn(app, 'township');
    otherCadre = await signIn(app, 'other');
    // Planted cases, each with a known finding under the national profile (poverty line of the year: 4,000 carried from 2020).
    await add(cadre, V1, '该纳入', 'candidate', 2500);
    await add(cadre, V1, '该退出', 'poor', 9000);
    await markExited(await add(cadre, V1, '该返贫', 'poor', 1500));
    await add(cadre, V1, '有车户', 'poor', 2500, { assets: { car: true, machinery: false, townProperty: false, registeredBusiness: false } });
    // Income above the line but no living conditions recorded: nothing can be decided.
    await add(cadre, V1, '缺数据户', 'poor', 9000, { conditions: undefined });
    await markExited(await add(cadre, V1, '已脱贫甲', 'poor', 9500));
    await markExited(await add(cadre, V1, '已脱贫乙', 'poor', 8800));
    await add(cadre, V1, '正常贫困户', 'poor', 2000);
    await add(otherCadre, V2, '邻村该退出', 'poor', 9000);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  async function settle(client: Client, id: string) {
    for (let i = 0; i < 400; i++) {
      const run = (await client.get(`/api/v1/adjustments/${id}`)).json();
      if (run.state !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('run did not settle');
  }

  it('lists every planted case of a township with its reasons, and nothing of households that fit their status', async () => {
    const started = await township.post('/api/v1/adjustments', { year: YEAR });
    expect(started.statusCode, started.body).toBe(202);
    const run = await settle(township, started.json().id);
    expect(run).toMatchObject({ state: 'done', progress: 1, households: 8, year: YEAR, profileBasis: [{ scopeCode: 'CN', version: 1 }] });
    expect(run.counts).toEqual({ should_enter: 1, should_exit: 1, should_return: 1, excluded: 1, cannot_decide: 1, inconsistent: 2 });
    const items = (await township.get(`/api/v1/adjustments/${run.id}/items?pageSize=50`)).json().items as Finding[];
    const found = items.map((i) => `${i.category}:${i.headName}`).sort();
    expect(found).toEqual([
      'cannot_decide:缺数据户', 'excluded:有车户', 'inconsistent:该返贫', 'inconsistent:该退出', 'should_enter:该纳入', 'should_exit:该退出', 'should_return:该返贫',
    ].sort());
    const exit = items.find((i) => i.category === 'should_exit');
    expect(exit?.reasons.map((r) => r.code)).toContain('income');
    const excluded = items.find((i) => i.category === 'excluded');
    expect(excluded?.reasons[0]).toMatchObject({ code: 'car', passed: false });
    // Side by side: the poor household with the facts of exited ones, and the exited one with the facts of a poor one.
    const stillPoor = items.find((i) => i.category === 'inconsistent' && i.headName === '该退出');
    expect(stillPoor?.peer).toMatchObject({ status: 'exited' });
    expect(['已脱贫甲', '已脱贫乙']).toContain(stillPoor?.peer?.headName);
    const fellBack = items.find((i) => i.category === 'inconsistent' && i.headName === '该返贫');
    expect(fellBack?.peer).toMatchObject({ status: 'poor', headName: '正常贫困户' });
    const missing = items.find((i) => i.category === 'cannot_decide');
    expect(missing?.reasons.some((r) => r.passed === null)).toBe(true);
  });

  it('opens the procedures the findings call for in bulk, saying which it could not', async () => {
    const run = await settle(cadre, (await cadre.post('/api/v1/adjustments', { year: YEAR })).json().id);
    const res = await cadre.post(`/api/v1/adjustments/${run.id}/procedures`, { householdIds: [ids['该纳入'], ids['该退出'], ids['该返贫'], ids['缺数据户']] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.opened).toHaveLength(3);
    expect(body.refused).toEqual([{ householdId: ids['缺数据户'], code: 'not_found' }]);
    const kinds = await Promise.all(body.opened.map(async (o: { procedureId: string }) => (await cadre.get(`/api/v1/procedures/${o.procedureId}`)).json().kind));
    expect(kinds.sort()).toEqual(['exit', 'identification', 'return_to_poverty']);
    // Opening again is refused per household: a case is already open.
    const again = (await cadre.post(`/api/v1/adjustments/${run.id}/procedures`, { householdIds: [ids['该退出']] })).json();
    expect(again.refused).toEqual([{ householdId: ids['该退出'], code: 'conflict', rule: 'case_already_open' }]);
  });

  it('decides nothing on facts not given: a member registered without insurance, health or payroll is cannot_decide, not poor (issue 14)', async () => {
    // A village of another township than V1's: the township run of the first test counts only the planted cases.
    const village = '451022101202';
    await addUser(t.database, 'cadre3', 'village_cadre', village);
    const client = await signIn(app, 'cadre3');
    const bare = { ...member('未填户', 'head', 'male', '1970-01-01'), labourCapacity: undefined };
    const res = await client.post('/api/v1/households', household(village, [bare], { status: 'candidate', incomes: [] }));
    expect(res.statusCode, res.body).toBe(201);
    const id: string = res.json().id;
    const detail = (await client.get(`/api/v1/households/${id}`)).json();
    expect(detail.members[0]).toMatchObject({ medicalInsured: null, health: null, publicPayroll: null, chronicDiseaseCard: null, labourCapacity: null, employment: null });
    expect(detail.assets).toEqual({ car: null, machinery: null, townProperty: null, registeredBusiness: null });
    expect(detail.conditions).toBeNull();
    const run = await settle(client, (await client.post('/api/v1/adjustments', { year: YEAR })).json().id);
    expect(run.counts).toMatchObject({ should_enter: 0, cannot_decide: 1 });
    const [finding] = (await client.get(`/api/v1/adjustments/${run.id}/items`)).json().items as Array<Omit<Finding, 'reasons'> & { reasons: Array<{ code: string; passed: boolean | null; message: Record<string, string> }> }>;
    expect(finding?.category).toBe('cannot_decide');
    expect(finding?.reasons.every((r) => r.passed === null)).toBe(true);
    const text = finding?.reasons.map((r) => `${r.message['zh-CN']} ${r.message.en}`).join(' ') ?? '';
    expect(text).toContain('未填户的医保参保情况');
    expect(text).toContain('the medical insurance of 未填户');
    expect(text).toContain('未填户是否为财政供养人员未填写');
    expect(text).not.toContain('未参加基本医疗保险');
    // The same household through the evaluation: the unknown fields are named, and the decision says why.
    const evaluation = (await client.get(`/api/v1/households/${id}/evaluation?year=${YEAR}`)).json();
    expect(evaluation.outcome).toBe('cannot_decide');
    expect(evaluation.missing).toEqual(expect.arrayContaining(['members[0].medicalInsured', 'members[0].health', 'members[0].publicPayroll', `incomes[${YEAR}]`]));
    expect(evaluation.explanation['zh-CN']).toMatch(/^无法判定/);
    expect(evaluation.explanation.en).toMatch(/^Cannot decide/);
  });

  it('keeps runs inside the region: another village sees neither the run nor its findings', async () => {
    const run = await settle(cadre, (await cadre.post('/api/v1/adjustments', { year: YEAR })).json().id);
    expect((await otherCadre.get(`/api/v1/adjustments/${run.id}`)).statusCode).toBe(404);
    expect((await otherCadre.get(`/api/v1/adjustments/${run.id}/items`)).statusCode).toBe(404);
    expect((await otherCadre.post('/api/v1/adjustments', { year: YEAR, region: V1 })).statusCode).toBe(404);
    expect((await cadre.post('/api/v1/adjustments', { year: 2009 })).json().error.code).toBe('year_out_of_range');
  });
});
