import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOME_COLUMNS, MEMBER_COLUMNS } from '../src/features/households/sheet.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';

/** A workbook of one new household of the template's columns. */
async function book(rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, columns, data] of [['家庭成员', MEMBER_COLUMNS, rows], ['收入', INCOME_COLUMNS, []]] as const) {
    const ws = wb.addWorksheet(name);
    ws.addRow(columns.map((c) => (c.required ? `${c.header}*` : c.header)));
    for (const r of data) ws.addRow(columns.map((c) => (r as Record<string, string | number>)[c.key] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Issue 14 item 4: a person whose household left the registry is not registered anywhere.
describe.each(ENGINES)('registering again a person whose household left the registry on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    cadre = await signIn(app, 'cadre');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** A household of three registered and then taken out of the registry; its members as sent. */
  async function leftHousehold() {
    const members = [
      member('张三', 'head', 'male', '1970-05-01'),
      member('李四', 'spouse', 'female', '1972-03-08'),
      member('张小明', 'child', 'male', '2000-09-10'),
    ];
    const res = await cadre.post('/api/v1/households', household(V1, members));
    expect(res.statusCode, res.body).toBe(201);
    const left = await cadre.post(`/api/v1/households/${res.json().id}/events`, { kind: 'leave_registry', occurredOn: '2025-06-30', reason: '自然转出' });
    expect(left.statusCode, left.body).toBe(201);
    return members;
  }

  it('registers the person again in a new household, in a household through a joining event, and by import', async () => {
    const [head, spouse, child] = await leftHousehold();
    const again = await cadre.post('/api/v1/households', household(V1, [{ ...head, name: '张三' }]));
    expect(again.statusCode, again.body).toBe(201);
    const joined = await cadre.post(`/api/v1/households/${again.json().id}/members`, {
      kind: 'marriage_in',
      occurredOn: '2025-08-01',
      reason: '婚入',
      member: { ...spouse, relation: 'spouse' },
    });
    expect(joined.statusCode, joined.body).toBe(201);

    const form = new FormData();
    const file = await book([
      { groupKey: '1', villageCode: V1, address: '测试地址', attribute: '一般户', mainCause: '因病', yearRegistered: 2024, name: '张小明',
        idNumber: child?.idNumber ?? '', relation: '户主', sex: '男', birthDate: '2000-09-10', labourCapacity: '普通劳动力' },
    ]);
    form.append('file', new Blob([file]), 'households.xlsx');
    const upload = await app.inject({ method: 'POST', url: '/api/v1/imports/households', headers: { cookie: `jz_session=${cadre.cookie}` }, payload: form });
    expect(upload.statusCode, upload.body).toBe(202);
    let job = (await cadre.get(`/api/v1/imports/${upload.json().id}`)).json();
    while (job.state === 'validating' || job.state === 'writing') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await cadre.get(`/api/v1/imports/${job.id}`)).json();
    }
    expect(job.state, JSON.stringify(job)).toBe('validated');
    const confirm = await cadre.post(`/api/v1/imports/${job.id}/confirm`);
    expect(confirm.statusCode, confirm.body).toBe(202);
    do {
      await new Promise((r) => setTimeout(r, 50));
      job = (await cadre.get(`/api/v1/imports/${job.id}`)).json();
    } while (job.state === 'validating' || job.state === 'writing');
    expect(job.state, JSON.stringify(job)).toBe('done');

    // Each is registered once again: the person lookup names the new household.
    const persons = await t.database.db.selectFrom('person_index').select('id_number').where('id_number', 'in', [head, spouse, child].map((m) => m?.idNumber ?? '')).execute();
    expect(persons).toHaveLength(3);
  });

  it('still refuses a person registered in an open household with a 409 naming the rule', async () => {
    const [head] = await leftHousehold();
    expect((await cadre.post('/api/v1/households', household(V1, [head]))).statusCode).toBe(201);
    const twice = await cadre.post('/api/v1/households', household(V1, [head]));
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().error.code).toBe('person_already_registered');
  });

  it('answers a unique violation that gets past the checks with 409 naming the rule, never 500', async () => {
    const [head] = await leftHousehold();
    const res = await cadre.post('/api/v1/households', household(V1, [head]));
    expect(res.statusCode, res.body).toBe(201);
    // The person index loses its row by a fault elsewhere: the table's own key still holds, as a 409.
    await t.database.db.deleteFrom('person_index').where('id_number', '=', head?.idNumber ?? '').execute();
    const dup = await cadre.post('/api/v1/households', household(V1, [head]));
    expect(dup.statusCode, dup.body).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'person_already_registered', details: { rule: 'person_already_registered' } });
    expect(dup.body).not.toContain(head?.idNumber ?? 'x');
  });
});
