import { daysBefore, todayInChina } from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const today = todayInChina();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function multipart(field: string, fileName: string, content: Buffer) {
  const boundary = '----jingzhun-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(ENGINES)('visits, compliance and ledgers on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let cadre: Client;
  let otherCadre: Client;
  let helper: Client;
  let householdId: string;
  let secondHousehold: string;
  let helperStaff: string;
  let otherStaff: string;
  let unitId: string;
  let otherUnit: string;

  const visitCount = async () => Number((await t.database.db.selectFrom('visit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  // Every test starts from a fresh county with the same two paired households: visits, the county's
  // policy profile and measures written by one test would otherwise change the figures another checks.
  beforeEach(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'other', 'village_cadre', V2);
    const helperAccount = await addUser(t.database, 'helper', 'helper', V1);
    county = await signIn(app, 'county');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
    helper = await signIn(app, 'helper');
    householdId = (await cadre.post('/api/v1/households', household(V1, [member('走访户', 'head', 'male', '1960-05-01')]))).json().id;
    secondHousehold = (await cadre.post('/api/v1/households', household(V1, [member('第二户', 'head', 'female', '1958-02-01')], { mainCause: 'lack_of_labour' }))).json().id;
    unitId = (await county.post('/api/v1/aid-units', { name: '县农业农村局', kind: 'government' })).json().id;
    otherUnit = (await county.post('/api/v1/aid-units', { name: '县水利局', kind: 'government' })).json().id;
    helperStaff = (await county.post(`/api/v1/aid-units/${unitId}/staff`, { name: '韦帮扶', phone: '13907760001', userId: helperAccount })).json().id;
    otherStaff = (await county.post(`/api/v1/aid-units/${otherUnit}/staff`, { name: '陆干部', phone: '13907760002' })).json().id;
    const start = daysBefore(today, 200);
    for (const [h, s] of [[householdId, helperStaff], [secondHousehold, helperStaff], [secondHousehold, otherStaff]] as const) {
      const res = await cadre.post('/api/v1/pairings', { householdId: h, staffId: s, startsOn: start });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** The helper logs a visit to a household through the API. */
  async function logVisit(visitedHousehold: string, visitedOn: string, seen: string) {
    const res = await helper.post('/api/v1/visits', { householdId: visitedHousehold, visitedOn, seen });
    expect(res.statusCode, res.body).toBe(201);
  }

  /** The helper's two visits the compliance and ledger figures count: household 1 three days ago, household 2 today. */
  async function logBothVisits() {
    await logVisit(householdId, daysBefore(today, 3), '户主慢性病服药正常,家中整洁');
    await logVisit(secondHousehold, today, '老人独居,身体尚可');
  }

  it('lets a helper log a visit with a photo and a location; the visit lists it with its helper', async () => {
    const upload = multipart('file', 'visit.png', PNG);
    const photo = await app.inject({ method: 'POST', url: `/api/v1/households/${householdId}/attachments`, headers: { cookie: `jz_session=${helper.cookie}`, 'content-type': upload.contentType }, payload: upload.payload });
    expect(photo.statusCode, photo.body).toBe(201);
    const res = await helper.post('/api/v1/visits', {
      householdId,
      visitedOn: daysBefore(today, 3),
      location: { latitude: 23.59, longitude: 107.12, accuracy: 15 },
      seen: '户主慢性病服药正常,家中整洁',
      problems: '医疗报销未到账',
      agreed: '下周陪同到乡镇卫生院办理',
      photoIds: [photo.json().id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await cadre.get(`/api/v1/visits?householdId=${householdId}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      visitedOn: daysBefore(today, 3),
      household: { headName: '走访户' },
      location: { latitude: 23.59, longitude: 107.12 },
      helpers: [{ id: helperStaff, name: '韦帮扶', unitName: '县农业农村局' }],
      photoIds: [photo.json().id],
      problems: '医疗报销未到账',
    });
    // Another village's cadre sees neither the visit nor the household.
    expect((await otherCadre.get(`/api/v1/visits?householdId=${householdId}`)).json().total).toBe(0);
    expect((await otherCadre.post('/api/v1/visits', { householdId, visitedOn: today, helperIds: [helperStaff], seen: '越权登记' })).statusCode).toBe(404);
  });

  it('refuses a visit dated ahead, before the pairing, by an unpaired helper or with a stranger’s photo, writing nothing', async () => {
    const before = await visitCount();
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    const ahead = await helper.post('/api/v1/visits', { householdId, visitedOn: tomorrow, seen: '未来的走访' });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error.details.fields).toEqual([expect.objectContaining({ path: 'visitedOn', code: 'not_in_future' })]);
    const early = await helper.post('/api/v1/visits', { householdId, visitedOn: daysBefore(today, 400), seen: '结对前的走访' });
    expect(early.json().error.details.fields).toEqual([expect.objectContaining({ path: 'helperIds.0', code: 'before_pairing' })]);
    const unpaired = await cadre.post('/api/v1/visits', { householdId, visitedOn: today, helperIds: [helperStaff, otherStaff], seen: '两人同去' });
    expect(unpaired.json().error.details.fields).toEqual([expect.objectContaining({ path: 'helperIds.1', code: 'visitor_not_paired' })]);
    const stranger = await helper.post('/api/v1/visits', { householdId: secondHousehold, visitedOn: today, helperIds: [otherStaff], seen: '替别人登记' });
    expect(stranger.json().error.details.fields).toEqual([expect.objectContaining({ path: 'helperIds', code: 'not_your_staff' })]);
    const photo = await helper.post('/api/v1/visits', { householdId, visitedOn: today, seen: '照片不对', photoIds: ['999999'] });
    expect(photo.json().error.details.fields).toEqual([expect.objectContaining({ path: 'photoIds.0', code: 'photo_not_found' })]);
    const negative = await helper.post('/api/v1/visits', { householdId, visitedOn: today, seen: '负数', spent: -5 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details.fields[0]).toMatchObject({ path: 'spent' });
    expect(await visitCount()).toBe(before);
    // Messages come in the reader's language.
    const zh = await app.inject({ method: 'POST', url: '/api/v1/visits', headers: { cookie: `jz_session=${helper.cookie}`, 'accept-language': 'zh-CN' }, payload: { householdId, visitedOn: daysBefore(today, 400), seen: '结对前' } });
    expect(zh.json().error.details.fields[0].message).toBe('走访日期早于该帮扶责任人与本户结对的日期');
  });

  it('counts compliance by unit and helper against the interval, and lists what is due for the helper', async () => {
    // Visited 3 days ago: household 1 by the helper. Never visited: household 2 by both (paired 200 days ago).
    await logVisit(householdId, daysBefore(today, 3), '户主慢性病服药正常,家中整洁');
    const c = (await county.get('/api/v1/visits/compliance?region=451022100')).json();
    expect(c).toMatchObject({ intervalDays: 30, pairings: 3, overdue: 2, overdueHouseholds: 1 });
    expect(c.byUnit).toEqual(
      expect.arrayContaining([
        { unitId, unitName: '县农业农村局', pairings: 2, overdue: 1 },
        { unitId: otherUnit, unitName: '县水利局', pairings: 1, overdue: 1 },
      ]),
    );
    expect(c.items.map((i: { household: { headName: string }; helper: { name: string } }) => `${i.household.headName}/${i.helper.name}`).sort()).toEqual(['第二户/陆干部', '第二户/韦帮扶']);
    // A visit by the second household's helper clears that pairing, and only that one.
    expect((await helper.post('/api/v1/visits', { householdId: secondHousehold, visitedOn: today, seen: '老人独居,身体尚可' })).statusCode).toBe(201);
    const after = (await county.get('/api/v1/visits/compliance?region=451022100')).json();
    expect(after).toMatchObject({ overdue: 1, overdueHouseholds: 1, items: [{ helper: { name: '陆干部' }, lastVisitedOn: null }] });
    // As of 40 days ahead of the first visit's date the first household is due again.
    const mine = (await helper.get('/api/v1/my/households')).json();
    expect(mine.helper).toMatchObject({ id: helperStaff, unitName: '县农业农村局' });
    expect(mine.items.map((i: { household: { headName: string }; due: boolean; lastVisitedOn: string }) => [i.household.headName, i.due, i.lastVisitedOn])).toEqual([
      ['走访户', false, daysBefore(today, 3)],
      ['第二户', false, today],
    ]);
    expect(mine.items[0].dueOn).toBe(daysBefore(today, 3 - 30));
    // Not a helper: an empty list rather than an error.
    expect((await cadre.get('/api/v1/my/households')).json()).toMatchObject({ helper: null, items: [] });
    expect((await otherCadre.get('/api/v1/visits/compliance?region=451022100')).statusCode).toBe(404);
  });

  it('follows the county’s interval and catalogue from its policy profile', async () => {
    await logBothVisits();
    const version = await county.post('/api/v1/policy-profiles', {
      reason: '县里要求每两周走访一次,并增加奶牛养殖类措施',
      scopeCode: '451022',
      effectiveFrom: '2014-01-01',
      name: '田东县帮扶要求',
      assistance: { visitIntervalDays: 2, minDaysInVillage: 18, families: [{ key: 'dairy', 'zh-CN': '奶牛养殖', en: 'Dairy farming' }], coverage: { lack_of_labour: ['dairy'] } },
    });
    expect(version.statusCode, version.body).toBe(201);
    // Every 2 days: household 1 (visited 3 days ago) and household 2 by 陆干部 (never) are overdue.
    const c = (await county.get('/api/v1/visits/compliance?region=451022100')).json();
    expect(c).toMatchObject({ intervalDays: 2, overdue: 2 });
    const catalogue = (await cadre.get('/api/v1/measure-catalogue')).json();
    expect(catalogue.families.find((f: { key: string }) => f.key === 'dairy')).toMatchObject({ labels: { 'zh-CN': '奶牛养殖' }, builtIn: false });
    // The second household's cause (缺劳力) is now answered by dairy, and only by it.
    expect((await cadre.get(`/api/v1/households/${secondHousehold}/measures`)).json().uncovered).toEqual([{ cause: 'lack_of_labour', families: ['dairy'] }]);
    const ok = await cadre.post(`/api/v1/households/${secondHousehold}/measures`, { family: 'dairy', content: '发放奶牛2头', amount: 16000, startsOn: daysBefore(today, 10) });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await cadre.get(`/api/v1/households/${secondHousehold}/measures`)).json().uncovered).toEqual([]);
    const unknown = await cadre.post(`/api/v1/households/${secondHousehold}/measures`, { family: 'camels', content: '骆驼', startsOn: today });
    expect(unknown.json().error.details.fields[0]).toMatchObject({ path: 'family', code: 'unknown_family' });
    // A coverage that names a family no catalogue holds is refused, naming it.
    const bad = await county.post('/api/v1/policy-profiles', { reason: '错误', scopeCode: '451022', effectiveFrom: '2024-01-01', name: '错', assistance: { visitIntervalDays: 30, minDaysInVillage: 20, families: [], coverage: { illness: ['spa'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toEqual([expect.objectContaining({ path: 'assistance.coverage.illness.0', code: 'unknown_family' })]);
  });

  it('keeps a helper’s ledger for the year and exports it to Excel', async () => {
    await logBothVisits();
    const measure = await cadre.post(`/api/v1/households/${householdId}/measures`, { family: 'health', content: '慢病签约服务', startsOn: daysBefore(today, 20), helperId: helperStaff, status: 'in_progress' });
    expect(measure.statusCode, measure.body).toBe(201);
    const year = Number(today.slice(0, 4));
    const ledger = (await helper.get(`/api/v1/helpers/${helperStaff}/ledger?year=${year}`)).json();
    const visitsThisYear = [daysBefore(today, 3), today].filter((d) => d.startsWith(String(year))).length;
    expect(ledger.helper).toMatchObject({ name: '韦帮扶', unitName: '县农业农村局' });
    expect(ledger.households.map((h: { headName: string }) => h.headName).sort()).toEqual(['第二户', '走访户']);
    expect(ledger.visits).toHaveLength(visitsThisYear);
    expect(ledger.measures.map((m: { content: string }) => m.content)).toContain('慢病签约服务');
    // A helper reads only their own ledger; another village's cadre none of it.
    expect((await helper.get(`/api/v1/helpers/${otherStaff}/ledger`)).statusCode).toBe(404);
    const otherLedger = (await otherCadre.get(`/api/v1/helpers/${helperStaff}/ledger`)).json();
    expect(otherLedger.households).toEqual([]);
    const xlsx = await helper.get(`/api/v1/helpers/${helperStaff}/ledger.xlsx?year=${year}`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['结对户', '走访记录', '帮扶措施']);
    const visits = wb.getWorksheet('走访记录');
    expect(visits?.rowCount).toBe(visitsThisYear + 1);
    const seen = [] as string[];
    visits?.eachRow((row, n) => n > 1 && seen.push(String(row.getCell(4).value)));
    expect(seen).toContain('户主慢性病服药正常,家中整洁');
    expect(wb.getWorksheet('帮扶措施')?.getRow(2).getCell(3).value).toBe('健康帮扶');
    expect((await helper.get(`/api/v1/helpers/${helperStaff}/ledger?year=2999`)).statusCode).toBe(400);
  });

  it('exports the visits and the compliance lists with the same figures as the screens', async () => {
    await logBothVisits();
    const load = async (url: string) => {
      const res = await county.get(url);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const list = (await county.get('/api/v1/visits?region=451022100')).json();
    const visits = await load('/api/v1/exports/visits.xlsx?region=451022100');
    expect((visits.getWorksheet('走访记录')?.rowCount ?? 0) - 1).toBe(list.total);
    const screen = (await county.get('/api/v1/visits/compliance?region=451022100')).json();
    const wb = await load('/api/v1/exports/visit-compliance.xlsx?region=451022100');
    const overdue = wb.worksheets[0];
    expect(overdue?.name).toBe(`超过${screen.intervalDays}天未走访`);
    expect((overdue?.rowCount ?? 0) - 1).toBe(screen.overdue);
    const heads: string[] = [];
    overdue?.eachRow((row, n) => n > 1 && heads.push(String(row.getCell(2).value)));
    expect(heads.sort()).toEqual(screen.items.map((i: { household: { headName: string } }) => i.household.headName).sort());
    const units = wb.getWorksheet('按帮扶单位');
    expect((units?.rowCount ?? 0) - 1).toBe(screen.byUnit.length);
    expect((await otherCadre.get('/api/v1/exports/visit-compliance.xlsx?region=451022100')).statusCode).toBe(404);
  });
});
