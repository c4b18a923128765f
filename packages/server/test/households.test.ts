import type { Role } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, id, incomeFigureMismatches, member } from './support/fixtures.ts';

const V1 = '451022100001';
const V2 = '451022101201';

/**
 * Signs in a new user of `role` for `region`. Each test that lists, counts or numbers households works in
 * a village of its own (under township 451022100), so no other test's records change what it reads.
 */
async function userOf(t: TestDatabase, app: FastifyInstance, role: Role, region: string): Promise<Client> {
  const username = `${role}-${region}`;
  await addUser(t.database, username, role, region);
  return signIn(app, username);
}

/** The 张三 family registered by `client` in `village`: head 张三, spouse 李四, child 张小明 (a pupil); 2015 net 8,700. */
async function zhangFamily(client: Client, village: string) {
  const res = await client.post('/api/v1/households', household(village, [
    member('张三', 'head', 'male', '1970-05-01'),
    member('李四', 'spouse', 'female', '1972-03-08'),
    member('张小明', 'child', 'male', '2005-09-10', { schoolStatus: 'junior', labourCapacity: 'none' }),
  ]));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** 钱一, whose ID was issued under a retired region code, registered by `client` in `village`. */
async function qianYi(client: Client, village: string) {
  const old = { ...member('钱一', 'head', 'male', '1950-06-06'), idNumber: id('1950-06-06', 'male', '452223') };
  return client.post('/api/v1/households', household(village, [old]));
}

describe.each(ENGINES)('households on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  let township: Client;
  let otherCadre: Client;
  let helper: Client;
  // The baseline no test changes: V1 is only registered in by the first test (it checks the number 0001),
  // V2 holds no household (the cross-region checks read it as empty).
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'other', 'village_cadre', V2);
    await addUser(t.database, 'helper', 'helper', V1);
    cadre = await signIn(app, 'cadre');
    township = await signIn(app, 'township');
    otherCadre = await signIn(app, 'other');
    helper = await signIn(app, 'helper');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const countHouseholds = async () =>
    Number((await t.database.db.selectFrom('household').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('registers a household with its members and computes net income per head', async () => {
    const h = await zhangFamily(cadre, V1);
    expect(h).toMatchObject({ householdNo: `${V1}0001`, headName: '张三', status: 'poor', villageName: '广场社区居委会' });
    expect(h.members).toHaveLength(3);
    // 2015: (6000 + 2000 + 0 + 1200 - 500) / 3 persons = 2900.
    expect(h.incomes[0]).toMatchObject({ year: 2015, net: 8700, members: 3, perHead: 2900 });
  });

  it('refuses wrong check characters, IDs disagreeing with sex or birth date, future births, two heads, naming each field', async () => {
    const village = '451022100002';
    const client = await userOf(t, app, 'village_cadre', village);
    const before = await countHouseholds();
    const bad = member('王五', 'head', 'male', '1980-01-01');
    const wrongCheck = { ...bad, idNumber: `${bad.idNumber.slice(0, 17)}${bad.idNumber[17] === '0' ? '1' : '0'}` };
    const res = await client.post('/api/v1/households', household(village, [
      wrongCheck,
      member('赵六', 'head', 'female', '1982-01-01'),
      { ...member('孙七', 'child', 'male', '2010-01-01'), sex: 'female' },
      { ...member('周八', 'child', 'male', '2011-02-02'), birthDate: '2011-02-03' },
    ]));
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
    expect(fields).toEqual(expect.arrayContaining([
      'members.0.idNumber:id_check_char',
      'members.2.sex:id_sex_mismatch',
      'members.3.birthDate:id_birth_mismatch',
      'members:head_count',
    ]));
    const future = member('吴九', 'head', 'male', '2099-01-01');
    const res2 = await client.post('/api/v1/households', household(village, [future]));
    expect(res2.json().error.details.fields.map((f: { code: string }) => f.code)).toContain('birth_in_future');
    const negative = await client.post('/api/v1/households', household(village, [member('郑十', 'head', 'male', '1960-01-01')], {
      incomes: [{ year: 2015, wages: -1, business: 0, property: 0, transfers: 0, productionCosts: 0 }],
    }));
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details.fields[0].path).toBe('incomes.0.wages');
    // None of the refused households was stored.
    expect(await countHouseholds()).toBe(before);
  });

  it('registers one living person once in the whole registry, naming the other household only to those who may see it', async () => {
    const village = '451022100003';
    const client = await userOf(t, app, 'village_cadre', village);
    const first = await zhangFamily(client, village);
    const detail = (await client.get(`/api/v1/households/${first.id}`)).json();
    const taken = detail.members[0].idNumber;
    const again = await otherCadre.post('/api/v1/households', household(V2, [{ ...member('张三', 'head', 'male', '1970-05-01'), idNumber: taken }]));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('person_already_registered');
    expect(again.json().error.details.household).toBeUndefined();
    const sameVillage = await client.post('/api/v1/households', household(village, [{ ...member('张三', 'head', 'male', '1970-05-01'), idNumber: taken }]));
    expect(sameVillage.json().error.details.household).toMatchObject({ id: first.id, headName: '张三' });
  });

  it('accepts an ID issued under a retired region code with a warning', async () => {
    const res = await qianYi(await userOf(t, app, 'village_cadre', '451022100004'), '451022100004');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual(['unknown_id_region']);
  });

  it('finds households by name, full pinyin, initials and the last digits of an ID, sorted by pinyin', async () => {
    // A village of two households: the 张三 family and 钱一.
    const village = '451022100005';
    const client = await userOf(t, app, 'village_cadre', village);
    await zhangFamily(client, village);
    expect((await qianYi(client, village)).statusCode).toBe(201);
    const names = async (q: string) => (await client.get(`/api/v1/households?q=${encodeURIComponent(q)}`)).json().items.map((h: { headName: string }) => h.headName);
    expect(await names('张三')).toEqual(['张三']);
    expect(await names('zhangsan')).toEqual(['张三']);
    expect(await names('zs')).toEqual(['张三']);
    expect(await names('zxm')).toEqual(['张三']);
    expect(await names('xm')).toEqual([]);
    const detail = (await client.get('/api/v1/households?q=zs')).json().items[0];
    const full = (await client.get(`/api/v1/households/${detail.id}`)).json();
    expect(await names(full.members[1].idNumber.slice(-6))).toEqual(['张三']);
    const sorted = (await client.get('/api/v1/households?sort=headName')).json().items.map((h: { headName: string }) => h.headName);
    expect(sorted).toEqual(['钱一', '张三']);
    expect((await client.get('/api/v1/households?disability=1')).json().total).toBe(0);
    expect((await client.get('/api/v1/households?incomeYear=2015&incomeMin=2800&incomeMax=3000')).json().items.map((h: { headName: string }) => h.headName)).toEqual(['张三']);
  });

  it('masks IDs in lists and for roles that do not enter them', async () => {
    const village = '451022100006';
    const client = await userOf(t, app, 'village_cadre', village);
    const villageHelper = await userOf(t, app, 'helper', village);
    await zhangFamily(client, village);
    const item = (await client.get('/api/v1/households?q=zs')).json().items[0];
    expect(item.headIdNumber).toMatch(/^451022\*{8}\d{3}[\dX]$/);
    // Need to know: a helper reads a household of its village only once paired with it.
    expect((await villageHelper.get(`/api/v1/households/${item.id}`)).statusCode).toBe(404);
    const db = t.database.db;
    const helperUser = await db.selectFrom('app_user').select('id').where('username', '=', `helper-${village}`).executeTakeFirstOrThrow();
    const unit = await db.insertInto('aid_unit').values({ region_code: village, name: '县财政局', kind: 'government' }).returning('id').executeTakeFirstOrThrow();
    const staff = await db.insertInto('aid_staff').values({ unit_id: unit.id, name: '帮扶人', user_id: helperUser.id }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('household_pairing').values({ county_code: village.slice(0, 6), household_id: item.id, staff_id: staff.id, starts_on: '2020-01-01' }).execute();
    const forHelper = (await villageHelper.get(`/api/v1/households/${item.id}`)).json();
    expect(forHelper.members[0].idNumber).toMatch(/\*{8}/);
    const forCadre = (await client.get(`/api/v1/households/${item.id}`)).json();
    expect(forCadre.members[0].idNumber).toMatch(/^\d{17}[\dX]$/);
  });

  it('keeps households outside the region invisible and unwritable', async () => {
    const village = '451022100007';
    const client = await userOf(t, app, 'village_cadre', village);
    const item = await zhangFamily(client, village);
    expect((await otherCadre.get(`/api/v1/households/${item.id}`)).statusCode).toBe(404);
    const patch = await otherCadre.patch(`/api/v1/households/${item.id}`, { reason: '试图修改', address: 'x' });
    expect(patch.statusCode).toBe(404);
    expect((await otherCadre.get('/api/v1/households')).json().total).toBe(0);
    expect((await otherCadre.post('/api/v1/persons/search', { idNumber: (await client.get(`/api/v1/households/${item.id}`)).json().members[0].idNumber })).statusCode).toBe(404);
    expect((await township.get(`/api/v1/households/${item.id}`)).statusCode).toBe(200);
    const before = await countHouseholds();
    expect((await helper.post('/api/v1/households', household(V1, [member('某', 'head', 'male', '1970-01-01')]))).statusCode).toBe(403);
    expect(await countHouseholds()).toBe(before);
  });

  it('corrects with a reason, keeps field, old, new, who, when and why, and refuses a correction without reason', async () => {
    const village = '451022100201';
    const client = await userOf(t, app, 'village_cadre', village);
    const item = await zhangFamily(client, village);
    const noReason = await client.patch(`/api/v1/households/${item.id}`, { address: '新地址' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.fields[0].path).toBe('reason');
    const ok = await client.patch(`/api/v1/households/${item.id}`, {
      reason: '入户核实地址有误',
      address: '平马镇广场社区2号',
      mainCause: 'disability',
      incomes: [{ year: 2015, wages: 7000, business: 2000, property: 0, transfers: 1200, productionCosts: 500 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().changed).toBe(3);
    const history = (await client.get(`/api/v1/households/${item.id}/history`)).json().items;
    expect(history.map((c: { field: string }) => c.field).sort()).toEqual(['address', 'income.2015', 'mainCause']);
    expect(history.find((c: { field: string }) => c.field === 'address')).toMatchObject({
      oldValue: '平马镇广场社区1号',
      newValue: '平马镇广场社区2号',
      reason: '入户核实地址有误',
      actorName: `village_cadre-${village}`,
    });
  });

  it('changes households through events: a birth, a death, a new head; nothing is deleted', async () => {
    const village = '451022100202';
    const client = await userOf(t, app, 'village_cadre', village);
    const item = await zhangFamily(client, village);
    const before = (await client.get(`/api/v1/households/${item.id}`)).json();
    const birth = await client.post(`/api/v1/households/${item.id}/members`, {
      kind: 'birth',
      occurredOn: '2020-02-02',
      reason: '新生儿落户',
      member: member('张小红', 'grandchild', 'female', '2020-02-02', { labourCapacity: 'none' }),
    });
    expect(birth.statusCode, birth.body).toBe(201);
    const spouse = before.members.find((m: { relation: string }) => m.relation === 'spouse');
    const headless = await client.post(`/api/v1/households/${item.id}/events`, { kind: 'death', occurredOn: '2021-01-01', reason: '病故', memberId: before.members[0].id });
    expect(headless.json().error).toMatchObject({ code: 'head_count', details: { fields: [{ path: 'memberId', code: 'change_head_first' }] } });
    const change = await client.post(`/api/v1/households/${item.id}/events`, { kind: 'head_change', occurredOn: '2021-01-01', reason: '户主病重', memberId: spouse.id, formerHeadRelation: 'spouse' });
    expect(change.statusCode, change.body).toBe(201);
    const death = await client.post(`/api/v1/households/${item.id}/events`, { kind: 'death', occurredOn: '2021-03-01', reason: '病故', memberId: before.members[0].id });
    expect(death.statusCode, death.body).toBe(201);
    const after = (await client.get(`/api/v1/households/${item.id}`)).json();
    expect(after.headName).toBe('李四');
    expect(after.members).toHaveLength(4);
    expect(after.members.find((m: { id: string }) => m.id === before.members[0].id)).toMatchObject({ status: 'deceased', leftOn: '2021-03-01' });
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(['birth', 'head_change', 'death']);
    // The dead are no longer registered as living: the ID can no longer be found as a person.
    expect((await client.post('/api/v1/persons/search', { idNumber: before.members[0].idNumber })).statusCode).toBe(404);
    const future = await client.post(`/api/v1/households/${item.id}/events`, { kind: 'move_out', occurredOn: '2099-01-01', reason: '外迁', memberId: spouse.id });
    expect(future.json().error.details.fields[0]).toMatchObject({ path: 'occurredOn', code: 'not_in_future' });
  });

  it('corrects a member with a reason and refuses an ID that disagrees with the sex', async () => {
    const village = '451022100203';
    const client = await userOf(t, app, 'village_cadre', village);
    const family = await zhangFamily(client, village);
    // The head changes to 李四 first: the household is then found by 张小明, a member who is not its head.
    const spouse = family.members.find((m: { relation: string }) => m.relation === 'spouse');
    const change = await client.post(`/api/v1/households/${family.id}/events`, { kind: 'head_change', occurredOn: '2021-01-01', reason: '户主病重', memberId: spouse.id, formerHeadRelation: 'spouse' });
    expect(change.statusCode, change.body).toBe(201);
    const item = (await client.get('/api/v1/households?q=zhangxiaoming')).json().items[0];
    expect(item).toMatchObject({ id: family.id, headName: '李四' });
    const detail = (await client.get(`/api/v1/households/${item.id}`)).json();
    const child = detail.members.find((m: { name: string }) => m.name === '张小明');
    const wrong = await client.patch(`/api/v1/households/${item.id}/members/${child.id}`, { reason: '核实', sex: 'female' });
    expect(wrong.json().error.details.fields[0]).toMatchObject({ path: 'sex', code: 'id_sex_mismatch' });
    const ok = await client.patch(`/api/v1/households/${item.id}/members/${child.id}`, { reason: '残联核实', health: 'disabled', disabilityType: 'physical', disabilityGrade: 3 });
    expect(ok.json()).toMatchObject({ changed: 3 });
    expect((await client.get('/api/v1/households?disability=1')).json().total).toBe(1);
  });

  it('lets a household leave the registry with a reason, after which it cannot be changed', async () => {
    const village = '451022100204';
    const client = await userOf(t, app, 'village_cadre', village);
    const res = await client.post('/api/v1/households', household(village, [member('冯二', 'head', 'male', '1966-06-06')]));
    const hid = res.json().id;
    const leave = await client.post(`/api/v1/households/${hid}/events`, { kind: 'leave_registry', occurredOn: '2022-01-01', reason: '识别不精准,经评议清退' });
    expect(leave.statusCode, leave.body).toBe(201);
    const after = (await client.get(`/api/v1/households/${hid}`)).json();
    expect(after).toMatchObject({ status: 'removed', leftOn: '2022-01-01' });
    expect((await client.patch(`/api/v1/households/${hid}`, { reason: '再改', address: 'x' })).json().error.code).toBe('household_closed');
  });

  it('keeps every income year divided by the members present at its end, after births, deaths and corrections', async () => {
    // Its own writes: a family with incomes of 2015, 2020 and 2021, a birth in 2020, the head's death in 2021,
    // a member correction and an income correction.
    const village = '451022100205';
    const client = await userOf(t, app, 'village_cadre', village);
    const income = (year: number) => ({ year, wages: 6000, business: 2000, property: 0, transfers: 1200, productionCosts: 500 });
    const res = await client.post('/api/v1/households', household(village, [
      member('张三', 'head', 'male', '1970-05-01'),
      member('李四', 'spouse', 'female', '1972-03-08'),
      member('张小明', 'child', 'male', '2005-09-10', { schoolStatus: 'junior', labourCapacity: 'none' }),
    ], { incomes: [income(2015), income(2020), income(2021)] }));
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    const head = h.members.find((m: { relation: string }) => m.relation === 'head');
    const spouse = h.members.find((m: { relation: string }) => m.relation === 'spouse');
    const child = h.members.find((m: { name: string }) => m.name === '张小明');
    const writes = [
      await client.post(`/api/v1/households/${h.id}/members`, { kind: 'birth', occurredOn: '2020-02-02', reason: '新生儿落户', member: member('张小红', 'grandchild', 'female', '2020-02-02', { labourCapacity: 'none' }) }),
      await client.post(`/api/v1/households/${h.id}/events`, { kind: 'head_change', occurredOn: '2021-01-01', reason: '户主病重', memberId: spouse.id, formerHeadRelation: 'spouse' }),
      await client.post(`/api/v1/households/${h.id}/events`, { kind: 'death', occurredOn: '2021-03-01', reason: '病故', memberId: head.id }),
      await client.patch(`/api/v1/households/${h.id}/members/${child.id}`, { reason: '残联核实', health: 'disabled', disabilityType: 'physical', disabilityGrade: 3 }),
      await client.patch(`/api/v1/households/${h.id}`, { reason: '收入核实', incomes: [{ ...income(2021), wages: 7000 }] }),
    ];
    expect(writes.map((w) => w.statusCode)).toEqual([201, 201, 201, 200, 200]);
    // By hand: 3 members at the end of 2015; 4 at the end of 2020 (the birth); 3 at the end of 2021 (the death).
    const after = (await client.get(`/api/v1/households/${h.id}`)).json();
    expect(after.incomes.map((i: { year: number; members: number }) => `${i.year}:${i.members}`).sort()).toEqual(['2015:3', '2020:4', '2021:3']);
    expect(await incomeFigureMismatches(t.database)).toEqual([]);
  });
});

describe.each(ENGINES)('a household as it was on a past date, on %s', (engine) => {
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

  it('undoes later corrections, members and events, and recomputes income per head for that state', async () => {
    const created = await cadre.post('/api/v1/households', household(V1, [member('陈一', 'head', 'male', '1975-01-01'), member('黄二', 'spouse', 'female', '1976-02-02')]));
    const hid = created.json().id;
    const { db } = t.database;
    // Corrections are dated by when they were made: place them in the past as a real history would be.
    await db.updateTable('household').set({ created_at: new Date('2021-01-01T00:00:00+08:00') }).where('id', '=', hid).execute();
    await cadre.patch(`/api/v1/households/${hid}`, { reason: '地址更正', address: '新址1号' });
    await db.updateTable('household_change').set({ at: new Date('2022-06-01T10:00:00+08:00') }).where('household_id', '=', hid).where('field', '=', 'address').execute();
    await cadre.post(`/api/v1/households/${hid}/members`, { kind: 'birth', occurredOn: '2022-09-09', reason: '出生', member: member('陈三', 'child', 'male', '2022-09-09', { labourCapacity: 'none' }) });
    await cadre.patch(`/api/v1/households/${hid}`, {
      reason: '收入核实',
      incomes: [{ year: 2015, wages: 9000, business: 0, property: 0, transfers: 0, productionCosts: 0 }],
    });
    await db.updateTable('household_change').set({ at: new Date('2023-03-01T10:00:00+08:00') }).where('household_id', '=', hid).where('field', '=', 'income.2015').execute();

    const early = (await cadre.get(`/api/v1/households/${hid}?asOf=2022-01-01`)).json();
    expect(early).toMatchObject({ asOf: '2022-01-01', address: '平马镇广场社区1号' });
    expect(early.members.map((m: { name: string }) => m.name)).toEqual(['陈一', '黄二']);
    expect(early.events).toEqual([]);
    // (6000 + 2000 + 1200 - 500) / 2 = 4350 before the income correction.
    expect(early.incomes[0]).toMatchObject({ year: 2015, net: 8700, perHead: 4350 });

    const mid = (await cadre.get(`/api/v1/households/${hid}?asOf=2022-12-31`)).json();
    expect(mid.address).toBe('新址1号');
    expect(mid.members).toHaveLength(3);
    expect(mid.incomes[0].net).toBe(8700);

    const now = (await cadre.get(`/api/v1/households/${hid}`)).json();
    expect(now.asOf).toBeNull();
    expect(now.incomes[0]).toMatchObject({ net: 9000, perHead: 4500, members: 2 });

    // Before the record was entered (2021) but after registration (2014): its past, nothing of its later facts.
    const entered = await cadre.get(`/api/v1/households/${hid}?asOf=2020-12-31`);
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({ asOf: '2020-12-31', yearRegistered: 2014, incomes: [{ year: 2015, net: 8700, perHead: 4350 }] });
    const before = await cadre.get(`/api/v1/households/${hid}?asOf=2013-12-31`);
    expect(before.statusCode).toBe(400);
    expect(before.json().error.details.fields[0]).toMatchObject({ path: 'asOf', code: 'before_registration' });
  });
});

describe.each(ENGINES)('splitting and merging households on %s', (engine) => {
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

  it('splits a son and his wife into a household of their own, then merges them back, deleting nothing', async () => {
    const created = await cadre.post('/api/v1/households', household(V1, [
      member('林父', 'head', 'male', '1955-01-01'),
      member('林母', 'spouse', 'female', '1957-02-02'),
      member('林子', 'child', 'male', '1985-03-03'),
      member('林媳', 'child_in_law', 'female', '1987-04-04'),
    ]));
    const a = created.json();
    const son = a.members.find((m: { name: string }) => m.name === '林子');
    const wife = a.members.find((m: { name: string }) => m.name === '林媳');
    const head = a.members.find((m: { relation: string }) => m.relation === 'head');
    const headMoves = await cadre.post(`/api/v1/households/${a.id}/events`, { kind: 'split', occurredOn: '2023-05-01', reason: '分户', memberIds: [head.id], newHeadId: head.id });
    expect(headMoves.json().error.code).toBe('head_count');
    const split = await cadre.post(`/api/v1/households/${a.id}/events`, {
      kind: 'split', occurredOn: '2023-05-01', reason: '子女成家分户', memberIds: [son.id, wife.id], newHeadId: son.id, relations: { [wife.id]: 'spouse' },
    });
    expect(split.statusCode, split.body).toBe(201);
    const bId = split.json().householdId;
    const b = (await cadre.get(`/api/v1/households/${bId}`)).json();
    expect(b).toMatchObject({ headName: '林子', householdNo: `${V1}0002` });
    expect(b.members.map((m: { name: string; relation: string }) => `${m.name}:${m.relation}`)).toEqual(['林子:head', '林媳:spouse']);
    const aAfter = (await cadre.get(`/api/v1/households/${a.id}`)).json();
    expect(aAfter.members.filter((m: { status: string }) => m.status === 'active')).toHaveLength(2);
    expect(aAfter.members.find((m: { name: string; status: string }) => m.name === '林子' && m.status === 'left')).toMatchObject({ leftOn: '2023-05-01' });
    // The person index follows the person.
    expect((await cadre.post('/api/v1/persons/search', { idNumber: son.idNumber })).json().householdId).toBe(bId);
    // Before the split the family was whole (registered, for this check, in 2020).
    await t.database.db.updateTable('household').set({ created_at: new Date('2020-01-01T00:00:00+08:00') }).where('id', '=', a.id).execute();
    expect((await cadre.get(`/api/v1/households/${a.id}?asOf=2023-04-30`)).json().members.filter((m: { status: string }) => m.status === 'active')).toHaveLength(4);

    const merge = await cadre.post(`/api/v1/households/${bId}/events`, {
      kind: 'merge', occurredOn: '2024-06-01', reason: '合户', intoHouseholdId: a.id, relations: { [b.members[0].id]: 'child', [b.members[1].id]: 'child_in_law' },
    });
    expect(merge.statusCode, merge.body).toBe(201);
    const bClosed = (await cadre.get(`/api/v1/households/${bId}`)).json();
    expect(bClosed).toMatchObject({ status: 'removed', leftOn: '2024-06-01' });
    const aMerged = (await cadre.get(`/api/v1/households/${a.id}`)).json();
    expect(aMerged.members.filter((m: { status: string }) => m.status === 'active').map((m: { name: string }) => m.name).sort()).toEqual(['林子', '林媳', '林母', '林父'].sort());
    expect(aMerged.events.map((e: { kind: string }) => e.kind)).toEqual(['split', 'merge']);
    expect((await cadre.post('/api/v1/persons/search', { idNumber: son.idNumber })).json().householdId).toBe(a.id);
    // Nothing deleted: 4 rows of A, the 2 that moved to B, the 2 that came back.
    const rows = await t.database.db.selectFrom('member').select((eb) => eb.fn.countAll<string>().as('n')).where('household_id', 'in', [a.id, bId]).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(8);
  });

  it('keeps every income year divided by the members present at its end, after a split and a merge', async () => {
    // Its own family in a village of its own (V1's numbers belong to the test above): split in 2023, merged back in 2024,
    // with an income of each year on both households.
    const village = '451022100002';
    await addUser(t.database, 'cadre2', 'village_cadre', village);
    const client = await signIn(app, 'cadre2');
    const income = (year: number) => ({ year, wages: 6000, business: 2000, property: 0, transfers: 1200, productionCosts: 500 });
    const created = await client.post('/api/v1/households', household(village, [
      member('林父', 'head', 'male', '1955-01-01'),
      member('林母', 'spouse', 'female', '1957-02-02'),
      member('林子', 'child', 'male', '1985-03-03'),
      member('林媳', 'child_in_law', 'female', '1987-04-04'),
    ], { incomes: [income(2022), income(2023), income(2024)] }));
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    const son = a.members.find((m: { name: string }) => m.name === '林子');
    const wife = a.members.find((m: { name: string }) => m.name === '林媳');
    const split = await client.post(`/api/v1/households/${a.id}/events`, {
      kind: 'split', occurredOn: '2023-05-01', reason: '子女成家分户', memberIds: [son.id, wife.id], newHeadId: son.id, relations: { [wife.id]: 'spouse' },
    });
    expect(split.statusCode, split.body).toBe(201);
    const bId = split.json().householdId;
    const correction = await client.patch(`/api/v1/households/${bId}`, { reason: '收入核实', incomes: [income(2023), income(2024)] });
    expect(correction.statusCode, correction.body).toBe(200);
    const b = (await client.get(`/api/v1/households/${bId}`)).json();
    const merge = await client.post(`/api/v1/households/${bId}/events`, {
      kind: 'merge', occurredOn: '2024-06-01', reason: '合户', intoHouseholdId: a.id, relations: { [b.members[0].id]: 'child', [b.members[1].id]: 'child_in_law' },
    });
    expect(merge.statusCode, merge.body).toBe(201);
    // By hand: A had 4 members at the end of 2022, 2 at the end of 2023, 4 again at the end of 2024; B had 2 at the end of 2023.
    const yearsOf = async (hid: string) => (await client.get(`/api/v1/households/${hid}`)).json().incomes.map((i: { year: number; members: number }) => `${i.year}:${i.members}`).sort();
    expect(await yearsOf(a.id)).toEqual(['2022:4', '2023:2', '2024:4']);
    expect(await yearsOf(bId)).toContain('2023:2');
    expect(await incomeFigureMismatches(t.database)).toEqual([]);
  });
});
