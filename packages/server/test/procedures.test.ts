import { addCalendarDays, todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const SAFE = { foodSecure: true, clothingSecure: true, housingGrade: 'B', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
const today = todayInChina();
const daysAgo = (n: number) => addCalendarDays(today, -n);

describe.each(ENGINES)('procedures on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  let team: Client;
  let township: Client;
  let county: Client;
  let otherCadre: Client;
  let otherTownship: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'team', 'work_team', V1);
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'other', 'village_cadre', V2);
    await addUser(t.database, 'othertown', 'township_officer', '451022101');
    await addUser(t.database, 'admin', 'admin', 'CN');
    cadre = await signIn(app, 'cadre');
    team = await signIn(app, 'team');
    township = await signIn(app, 'township');
    county = await signIn(app, 'county');
    otherCadre = await signIn(app, 'other');
    otherTownship = await signIn(app, 'othertown');
    admin = await signIn(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  async function register(status: 'candidate' | 'poor', name: string, incomePerHead = 2000) {
    // Every fact the rules read is stated: one left out is unknown and would leave the case undecided.
    const known = { medicalInsured: true, health: 'healthy', chronicDiseaseCard: false, publicPayroll: false };
    const res = await cadre.post('/api/v1/households', household(V1, [member(name, 'head', 'male', '1970-01-01', known)], {
      status,
      conditions: SAFE,
      assets: { car: false, machinery: false, townProperty: false, registeredBusiness: false },
      incomes: [{ year: Number(today.slice(0, 4)) - 1, wages: incomePerHead, business: 0, property: 0, transfers: 0, productionCosts: 0 }],
    }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  async function step(client: Client, id: string, body: Record<string, unknown>) {
    return client.post(`/api/v1/procedures/${id}/steps`, body);
  }

  async function ok(res: Awaited<ReturnType<Client['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('takes an applicant from application to county approval, with deliberation, notice and an objection resolved', async () => {
    const hid = await register('candidate', '申请户');
    const opened = await cadre.post('/api/v1/procedures', { kind: 'identification', householdId: hid, openedOn: daysAgo(12), complaintPhone: '0776-5212345' });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;
    expect(opened.json()).toMatchObject({ state: 'open', currentStep: 'application', mustAct: ['village_cadre', 'work_team'], canAct: true, noticeDays: 7 });

    await ok(await step(cadre, id, { step: 'application', outcome: 'approved', payload: { reason: '家中主要劳动力患大病,申请纳入' } }));
    const surveyed = await ok(await step(team, id, { step: 'survey', outcome: 'approved', payload: { surveyedOn: daysAgo(11), findings: '房屋B级,收入低' } }));
    // The survey keeps the evaluation of that day: income 2,000 per head is under the line.
    const surveyRecord = surveyed.records.find((r: { step: string }) => r.step === 'survey');
    expect(surveyRecord.payload.evaluation).toMatchObject({ outcome: 'poor', line: 'poverty' });
    expect(surveyRecord.actorName).toBe('team');
    await ok(await step(cadre, id, { step: 'deliberation', outcome: 'approved', payload: { heldOn: daysAgo(10), attendance: 23, result: 'agreed', minutes: '村民代表会议一致同意' } }));

    const short = await cadre.post(`/api/v1/procedures/${id}/notice`, { startsOn: daysAgo(9), endsOn: daysAgo(5) });
    expect(short.statusCode).toBe(422);
    expect(short.json().error).toMatchObject({ code: 'notice_too_short', details: { required: 7, given: 5 } });
    await ok(await cadre.post(`/api/v1/procedures/${id}/notice`, { startsOn: daysAgo(9), endsOn: daysAgo(3) }));
    const objected = await ok(await cadre.post(`/api/v1/procedures/${id}/objections`, { filedOn: daysAgo(6), text: '该户有子女在外务工收入较高', by: '村民甲' }));
    expect(objected.objections).toEqual([expect.objectContaining({ id: 1, by: '村民甲', resolution: null })]);

    const early = await step(cadre, id, { step: 'notice', outcome: 'approved' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'objections_unresolved', details: { objectionIds: [1] } });
    await ok(await township.post(`/api/v1/procedures/${id}/objections/1/resolve`, { resolution: '经核实子女已分户,收入不计入本户', resolvedOn: daysAgo(2) }));
    await ok(await step(cadre, id, { step: 'notice', outcome: 'approved' }));

    // The township reviews, the county approves: not the other way round, and not a village cadre.
    const wrongRole = await step(cadre, id, { step: 'township_review', outcome: 'approved', payload: { opinion: '同意' } });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().error).toMatchObject({ code: 'step_forbidden', details: { problem: 'role' } });
    const outOfOrder = await step(county, id, { step: 'county_approval', outcome: 'approved', payload: { announcedOn: today } });
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json().error).toMatchObject({ code: 'step_out_of_order', details: { expected: 'township_review', got: 'county_approval' } });
    expect((await step(otherTownship, id, { step: 'township_review', outcome: 'approved', payload: { opinion: '同意' } })).statusCode).toBe(404);
    await ok(await step(township, id, { step: 'township_review', outcome: 'approved', payload: { opinion: '经审核符合识别标准' } }));
    const done = await ok(await step(county, id, { step: 'county_approval', outcome: 'approved', payload: { decisionNo: '田扶发〔2026〕12号', announcedOn: today } }));
    expect(done).toMatchObject({ state: 'approved', currentStep: null, canAct: false, household: { status: 'poor' } });
    expect(done.records.map((r: { step: string }) => r.step)).toEqual(['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval']);

    const h = (await cadre.get(`/api/v1/households/${hid}`)).json();
    expect(h.status).toBe('poor');
    const history = (await cadre.get(`/api/v1/households/${hid}/history`)).json().items;
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'status', oldValue: 'candidate', newValue: 'poor', reason: expect.stringContaining(`#${id}`) })]));
    const audit = await t.database.db.selectFrom('audit_event').select('action').where('entity', '=', 'procedure').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['procedure.opened', 'procedure.notice_opened', 'procedure.objection_filed', 'procedure.objection_resolved', 'procedure.step_approved']));
    expect((await step(county, id, { step: 'county_approval', outcome: 'approved', payload: { announcedOn: today } })).json().error.code).toBe('procedure_closed');
  });

  it('exits a poor household and returns a step with its reason', async () => {
    const hid = await register('poor', '脱贫户', 9000);
    const id = (await cadre.post('/api/v1/procedures', { kind: 'exit', householdId: hid, openedOn: daysAgo(15) })).json().id;
    await ok(await step(cadre, id, { step: 'proposal', outcome: 'approved', payload: { reason: '收入稳定超过标准,两不愁三保障达标' } }));
    const verified = await ok(await step(team, id, { step: 'verification', outcome: 'approved', payload: { surveyedOn: daysAgo(14) } }));
    expect(verified.records[1].payload.evaluation).toMatchObject({ outcome: 'may_exit' });
    // A step's own field rules answer in the reader's language too.
    const tooShort = await step(cadre, id, { step: 'household_consent', outcome: 'approved', payload: { consentedOn: daysAgo(11), signedBy: '' } });
    expect(tooShort.json().error).toMatchObject({ code: 'invalid_step_payload', details: { fields: [expect.objectContaining({ path: 'payload.signedBy', code: 'too_small' })] } });
    expect(tooShort.json().error.details.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
    const badReturn = await step(cadre, id, { step: 'household_consent', outcome: 'returned', returnTo: 'notice', reason: '退回' });
    expect(badReturn.json().error).toMatchObject({ code: 'invalid_return', details: { problem: 'not_an_earlier_step' } });
    const returned = await ok(await step(cadre, id, { step: 'household_consent', outcome: 'returned', returnTo: 'verification', reason: '户主对收入核算有异议,重新核实' }));
    expect(returned.currentStep).toBe('verification');
    await ok(await step(team, id, { step: 'verification', outcome: 'approved', payload: { surveyedOn: daysAgo(12) } }));
    await ok(await step(cadre, id, { step: 'household_consent', outcome: 'approved', payload: { consentedOn: daysAgo(11), signedBy: '脱贫户' } }));
    await ok(await cadre.post(`/api/v1/procedures/${id}/notice`, { startsOn: daysAgo(10), endsOn: daysAgo(4) }));
    await ok(await step(cadre, id, { step: 'notice', outcome: 'approved' }));
    await ok(await step(township, id, { step: 'township_review', outcome: 'approved', payload: { opinion: '同意退出' } }));
    await ok(await step(county, id, { step: 'county_approval', outcome: 'approved', payload: { announcedOn: today } }));
    const h = (await cadre.get(`/api/v1/households/${hid}`)).json();
    expect(h).toMatchObject({ status: 'exited', yearExited: Number(today.slice(0, 4)) });
  });

  it('opens a case only where the household stands for it, once per track', async () => {
    const poor = await register('poor', '已识别户');
    const wrong = await cadre.post('/api/v1/procedures', { kind: 'identification', householdId: poor });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.details.fields[0].message).toContain('待识别');
    expect(wrong.json().error.details.fields).toEqual([expect.objectContaining({ path: 'householdId', code: 'status_does_not_allow' })]);
    expect((await cadre.post('/api/v1/procedures', { kind: 'risk_removal', householdId: poor })).json().error.details.fields[0].code).toBe('not_monitored');
    expect((await cadre.post('/api/v1/procedures', { kind: 'exit', householdId: poor })).statusCode).toBe(201);
    const twice = await cadre.post('/api/v1/procedures', { kind: 'exit', householdId: poor });
    expect(twice.json().error.details.fields[0].code).toBe('case_already_open');
    // Someone outside the village cannot see the household, and an administrator does not decide cases.
    expect((await otherCadre.post('/api/v1/procedures', { kind: 'exit', householdId: poor })).statusCode).toBe(404);
    const candidate = await register('candidate', '另一申请户');
    const byAdmin = await admin.post('/api/v1/procedures', { kind: 'identification', householdId: candidate });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.code).toBe('step_forbidden');
  });

  it('shows the village notice to the public without sign-in and takes their objections onto the case', async () => {
    const hid = await register('candidate', '公示户');
    const id = (await cadre.post('/api/v1/procedures', { kind: 'identification', householdId: hid, openedOn: daysAgo(3) })).json().id;
    await ok(await step(cadre, id, { step: 'application', outcome: 'approved', payload: { reason: '申请' } }));
    await ok(await step(cadre, id, { step: 'survey', outcome: 'approved', payload: { surveyedOn: daysAgo(2) } }));
    await ok(await step(cadre, id, { step: 'deliberation', outcome: 'approved', payload: { heldOn: daysAgo(1), attendance: 15, result: 'agreed', minutes: '同意' } }));
    await ok(await cadre.post(`/api/v1/procedures/${id}/notice`, { startsOn: today, endsOn: addCalendarDays(today, 6), complaintPhone: '0776-5212345' }));

    const page = await app.inject({ method: 'GET', url: `/api/v1/public/notices/${V1}` });
    expect(page.statusCode, page.body).toBe(200);
    const item = page.json().items.find((i: { procedureId: string }) => i.procedureId === id);
    expect(item).toMatchObject({ kind: 'identification', headName: '公示户', running: true, complaintPhone: '0776-5212345', endsOn: addCalendarDays(today, 6) });
    expect(item.headIdNumber).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
    // A county whose policy masks names on public notices: the same notice shows 公*户.
    const masked = await county.post('/api/v1/policy-profiles', { reason: '公示隐去姓名', scopeCode: '451022', effectiveFrom: '2014-01-01', name: '田东县公示规定', disclosure: { headName: 'masked' } });
    expect(masked.statusCode, masked.body).toBe(201);
    const maskedPage = (await app.inject({ method: 'GET', url: `/api/v1/public/notices/${V1}` })).json();
    expect(maskedPage.items.find((i: { procedureId: string }) => i.procedureId === id).headName).toBe('公*户');
    const filed = await app.inject({ method: 'POST', url: `/api/v1/public/notices/${V1}/objections`, payload: { procedureId: id, text: '该户家中有小轿车' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const shown = (await cadre.get(`/api/v1/procedures/${id}`)).json();
    expect(shown.objections).toEqual([expect.objectContaining({ text: '该户家中有小轿车', by: null, filedOn: today })]);
    // A case is not reachable through another village's page.
    const elsewhere = await app.inject({ method: 'POST', url: `/api/v1/public/notices/${V2}/objections`, payload: { procedureId: id, text: '乱投诉' } });
    expect(elsewhere.statusCode).toBe(404);
    // The same notice as a PDF for the village board, with the Chinese font embedded.
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/public/notices/${V1}/notice.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('NotoSansHans');
    // The notice cannot close before its last day.
    const early = await step(cadre, id, { step: 'notice', outcome: 'approved' });
    expect(early.json().error.code).toBe('notice_not_finished');
    // Anyone may object without signing in, but not without end: after two attempts above, three more are
    // taken and the sixth in ten minutes waits.
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'POST', url: `/api/v1/public/notices/${V1}/objections`, payload: { procedureId: id, text: `补充意见${i}` } })).statusCode).toBe(201);
    }
    const flood = await app.inject({ method: 'POST', url: `/api/v1/public/notices/${V1}/objections`, payload: { procedureId: id, text: '再次投诉' } });
    expect(flood.statusCode).toBe(429);
    expect(flood.json().error.code).toBe('rate_limited');
  });

  it('lists cases by urgency, shows what waits on each role, and flags overdue steps', async () => {
    const hid = await register('candidate', '超期户');
    const id = (await cadre.post('/api/v1/procedures', { kind: 'identification', householdId: hid, openedOn: daysAgo(40) })).json().id;
    const mine = (await cadre.get('/api/v1/procedures?mine=1&state=open')).json();
    expect(mine.items.map((p: { id: string }) => p.id)).toContain(id);
    const overdue = (await cadre.get('/api/v1/procedures?overdue=1')).json();
    expect(overdue.items.find((p: { id: string }) => p.id === id)).toMatchObject({ overdue: true, currentStep: 'application' });
    const inbox = (await cadre.get('/api/v1/procedures/inbox')).json();
    expect(inbox.waiting).toBeGreaterThanOrEqual(1);
    expect(inbox.overdue).toBeGreaterThanOrEqual(1);
    expect((await township.get('/api/v1/procedures/inbox')).json()).toMatchObject({ waiting: expect.any(Number) });
    expect((await otherCadre.get('/api/v1/procedures')).json().items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await otherCadre.get(`/api/v1/procedures/${id}`)).statusCode).toBe(404);
    const detail = (await cadre.get(`/api/v1/procedures/${id}`)).json();
    expect(detail.overdue).toMatchObject({ step: true, procedure: true });
    const cancelled = await ok(await county.post(`/api/v1/procedures/${id}/cancel`, { reason: '农户外迁,撤销申请' }));
    expect(cancelled.state).toBe('cancelled');
  });
});
