import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { addHousehold, setPopulation } from './support/fixtures.ts';

// Two villages of 平马镇 (451022100) and one of another township, with figures counted by hand below.
const V1 = '451022100001';
const V2 = '451022100002';
const OTHER = '451022101201';

describe.each(ENGINES)('regions on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let village: Client;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'village', 'village_cadre', V1);
    // V1: 3 households (4 + 3 + 2 persons); the 2-person one exited in 2016.
    await addHousehold(t.database, V1, { size: 4 });
    await addHousehold(t.database, V1, { size: 3 });
    await addHousehold(t.database, V1, { size: 2, exited: 2016 });
    // V2: 1 household of 5 registered in 2016, so absent in 2015.
    await addHousehold(t.database, V2, { size: 5, registered: 2016 });
    // OTHER township: 1 household of 1.
    await addHousehold(t.database, OTHER, { size: 1 });
    await setPopulation(t.database, V1, 2015, 100);
    await setPopulation(t.database, V2, 2015, 50);
    await setPopulation(t.database, OTHER, 2015, 10);
    await setPopulation(t.database, V1, 2016, 100);
    await setPopulation(t.database, V2, 2016, 50);
    await setPopulation(t.database, OTHER, 2016, 10);
    county = await signIn(app, 'county');
    township = await signIn(app, 'township');
    village = await signIn(app, 'village');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('describes a region with its level, parent and path', async () => {
    const res = await county.get('/api/v1/regions/451022100');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '451022100', name: '平马镇', level: 4, parentCode: '451022' });
    expect(res.json().path.map((p: { name: string }) => p.name)).toEqual(['中华人民共和国', '广西壮族自治区', '百色市', '田东县', '平马镇']);
  });

  it('lists the children of the county: its 10 townships', async () => {
    const res = await county.get('/api/v1/regions/451022/children');
    const items = res.json().items;
    expect(items).toHaveLength(10);
    expect(items[0]).toMatchObject({ code: '451022100', name: '平马镇', level: 4 });
    expect(items.reduce((s: number, i: { childCount: number }) => s + i.childCount, 0)).toBe(173);
  });

  it('finds regions by pinyin initials and by name, only inside the scope', async () => {
    const byInitials = await county.get('/api/v1/regions?q=pmz');
    expect(byInitials.json().items.map((i: { name: string }) => i.name)).toContain('平马镇');
    const byName = await county.get(`/api/v1/regions?q=${encodeURIComponent('田东')}`);
    expect(byName.json().items[0]).toMatchObject({ code: '451022', level: 3 });
    const outside = await township.get(`/api/v1/regions?q=${encodeURIComponent('田东')}`);
    expect(outside.json().items.filter((i: { code: string }) => !i.code.startsWith('451022100'))).toEqual([]);
  });

  it('answers 404 for a region outside the scope, exactly as for one that does not exist', async () => {
    const outside = await township.get('/api/v1/regions/451022101');
    const missing = await township.get('/api/v1/regions/451022100999');
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json().error).toEqual({ ...missing.json().error, details: { ...missing.json().error.details, code: '451022101' } });
    expect((await village.get('/api/v1/regions/451022')).statusCode).toBe(404);
    expect((await village.get('/api/v1/regions/451022/children')).statusCode).toBe(404);
    expect((await village.get('/api/v1/regions/451022100/summary')).statusCode).toBe(404);
    expect((await county.get('/api/v1/regions/45')).statusCode).toBe(404);
  });

  it('refuses a malformed region code naming the field', async () => {
    const res = await county.get('/api/v1/regions/45102');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: { fields: [{ path: 'code' }] } });
  });

  it('computes the summary figures counted by hand', async () => {
    const y2015 = (await county.get('/api/v1/regions/451022/summary?year=2015')).json();
    // 2015: V1's three households (9 persons, all poor) + OTHER's one (1 person); V2's not yet registered.
    expect(y2015).toMatchObject({
      year: 2015,
      availableYears: [2015, 2016],
      households: 4,
      persons: 10,
      poorHouseholds: 4,
      poorPersons: 10,
      ruralPopulation: 160,
      townships: 10,
      villages: 173,
    });
    expect(y2015.incidence).toBeCloseTo(10 / 160, 10);
    const y2016 = (await county.get('/api/v1/regions/451022/summary?year=2016')).json();
    // 2016: V2 registered (5), V1's 2-person household exited.
    expect(y2016).toMatchObject({ households: 5, persons: 15, poorHouseholds: 4, poorPersons: 13, ruralPopulation: 160 });
    const town = (await township.get('/api/v1/regions/451022100/summary?year=2016')).json();
    expect(town).toMatchObject({ households: 4, persons: 14, poorPersons: 12, ruralPopulation: 150, townships: 1 });
  });

  it('gives each child the same figures as its own summary', async () => {
    const res = await county.get('/api/v1/regions/451022/children?withSummary=1&year=2016');
    expect(res.statusCode, res.body).toBe(200);
    const children = res.json().items;
    const pingma = children.find((c: { code: string }) => c.code === '451022100');
    const own = (await county.get('/api/v1/regions/451022100/summary?year=2016')).json();
    expect(pingma.summary).toEqual(own);
    expect(own).toMatchObject({ townships: 1, villages: pingma.childCount });
    const empty = children.find((c: { code: string }) => c.code === '451022103');
    expect(empty.summary).toMatchObject({ households: 0, persons: 0, ruralPopulation: null, incidence: null, townships: 1 });
    const whole = (await county.get('/api/v1/regions/451022/summary?year=2016')).json();
    const sum = (key: string) => children.reduce((s: number, c: { summary: Record<string, number> }) => s + c.summary[key]!, 0);
    for (const key of ['households', 'persons', 'poorHouseholds', 'poorPersons', 'villages']) expect(sum(key)).toBe(whole[key]);
  });

  it('refuses a year outside the data', async () => {
    const res = await county.get('/api/v1/regions/451022/summary?year=2030');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'year_out_of_range', details: { available: [2015, 2016] } });
  });

  it('requires sign-in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/regions/451022' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });
});
