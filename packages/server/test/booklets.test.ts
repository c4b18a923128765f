import { daysBefore, todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';
import { pdfPages } from './support/pdf-text.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const today = todayInChina();
const HEAD_ID = '451022196003150013';

describe.each(ENGINES)('household booklets and benefit cards on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let cadre: Client;
  let otherCadre: Client;
  let householdId: string;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'other', 'village_cadre', V2);
    county = await signIn(app, 'county');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
    const created = await cadre.post('/api/v1/households', household(V1, [{ ...member('覃建国', 'head', 'male', '1960-03-15'), idNumber: HEAD_ID }, member('黄秀英', 'spouse', 'female', '1962-08-01')]));
    expect(created.statusCode, created.body).toBe(201);
    householdId = created.json().id;
    await cadre.post('/api/v1/households', household(V1, [member('农second', 'head', 'female', '1970-01-01')]));
    const unit = (await county.post('/api/v1/aid-units', { name: '县人社局', kind: 'government' })).json().id;
    const staff = (await county.post(`/api/v1/aid-units/${unit}/staff`, { name: '罗志强', phone: '13977612345' })).json().id;
    expect((await cadre.post('/api/v1/pairings', { householdId, staffId: staff, startsOn: daysBefore(today, 100) })).statusCode).toBe(201);
    const measure = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'employment', content: '推荐到广东务工并补贴路费', amount: 500, startsOn: daysBefore(today, 60), helperId: staff, status: 'done', result: '已稳定就业' });
    expect(measure.statusCode, measure.body).toBe(201);
    expect((await cadre.post(`/api/v1/households/${householdId}/benefits`, { paidOn: today, amount: 500, source: '县就业补助资金', measureId: measure.json().id })).statusCode).toBe(201);
    expect((await cadre.post('/api/v1/visits', { householdId, visitedOn: daysBefore(today, 1), helperIds: [staff], seen: '务工收入稳定,孩子按时上学' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('prints the booklet with the head, members with masked IDs, helpers, measures, benefits and visits', async () => {
    const res = await cadre.get(`/api/v1/households/${householdId}/booklet.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPages(res.rawPayload)).join('\n');
    for (const expected of ['覃建国户 扶贫手册', '覃建国', '黄秀英', '罗志强', '县人社局', '推荐到广东务工并补贴路费', '已稳定就业', '县就业补助资金', '务工收入稳定,孩子按时上学', '就业帮扶']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(HEAD_ID);
    expect(text).toContain(`${HEAD_ID.slice(0, 6)}********${HEAD_ID.slice(14)}`);
    // The QR code's address is printed under it: the household's page, which asks for a session.
    expect(text).toContain(`/households/${householdId}`);
  });

  it('prints the benefit card with the helper’s phone and this year’s measures and benefits', async () => {
    const res = await cadre.get(`/api/v1/households/${householdId}/card.pdf`);
    const text = (await pdfPages(res.rawPayload)).join('\n');
    for (const expected of [`${today.slice(0, 4)} 年帮扶明白卡`, '罗志强', '13977612345', '推荐到广东务工并补贴路费', '合计 500.00 元']) expect(text).toContain(expected);
  });

  it('shows the booklet, and what its QR code opens, to nobody outside the household’s region', async () => {
    expect((await otherCadre.get(`/api/v1/households/${householdId}/booklet.pdf`)).statusCode).toBe(404);
    expect((await otherCadre.get(`/api/v1/households/${householdId}`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/households/${householdId}/card.pdf` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/v1/households/${householdId}` })).statusCode).toBe(401);
  });

  it('makes a village’s booklets in one run with progress and one download', async () => {
    const started = await cadre.post(`/api/v1/regions/${V1}/booklets`, { kind: 'booklet' });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = started.json().id;
    let job = started.json();
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await cadre.get(`/api/v1/booklet-jobs/${jobId}`)).json();
    }
    expect(job).toMatchObject({ state: 'done', total: 2, done: 2, progress: 1 });
    expect((await otherCadre.get(`/api/v1/booklet-jobs/${jobId}`)).statusCode).toBe(404);
    const file = await cadre.get(`/api/v1/booklet-jobs/${jobId}/file`);
    expect(file.statusCode).toBe(200);
    const pages = await pdfPages(file.rawPayload);
    expect(pages.filter((p) => p.includes('扶贫手册')).length).toBe(2);
    expect(pages.join('\n')).toContain('农second');
    expect((await otherCadre.post(`/api/v1/regions/${V1}/booklets`, { kind: 'card' })).statusCode).toBe(404);
    // The township lies outside the cadre's village: not found, as for a code that names no region.
    expect((await cadre.post('/api/v1/regions/451022100/booklets', { kind: 'card' })).statusCode).toBe(404);
  });
});
