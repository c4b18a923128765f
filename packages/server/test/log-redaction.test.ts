import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { addUser, type Client, signIn } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';
const FULL_ID = /\d{17}[\dXx]/;

// Issue 14 item 13: no ID number in a URL, nor in the server's log.
describe.each(ENGINES)('ID numbers stay out of URLs and the log on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await buildApp(
      { database: t.database, version: 'test', config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false } },
      // Debug logs every request with its URL: the most the log ever holds.
      { level: 'debug', stream: { write: (line: string) => void lines.push(line) } },
    );
    // A database error whose own message quotes the value, as PostgreSQL's messages and details do.
    app.get('/api/v1/test-boom/:value', async (request) => {
      await sql`SELECT ${(request.params as { value: string }).value}::int`.execute(t.database.db);
      return { ok: true };
    });
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    cadre = await signIn(app, 'cadre');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses a full ID number in the household search query, naming the rule and the body route', async () => {
    const res = await cadre.get(`/api/v1/households?q=${member('甲', 'head', 'male', '1970-01-01').idNumber}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.fields[0]).toMatchObject({ path: 'query.q', code: 'id_number_in_url' });
    expect(res.json().error.details.fields[0].message).toContain('POST /households/search');
    const exported = await cadre.get(`/api/v1/exports/households.xlsx?q=${member('甲', 'head', 'male', '1970-01-01').idNumber}`);
    expect(exported.statusCode).toBe(400);
  });

  it('finds a household and a person by a full ID number sent in the body', async () => {
    const head = member('钱七', 'head', 'male', '1966-06-06');
    const created = await cadre.post('/api/v1/households', household(V1, [head, member('孙八', 'spouse', 'female', '1968-08-08')]));
    expect(created.statusCode, created.body).toBe(201);
    const found = await cadre.post('/api/v1/households/search', { idNumber: head.idNumber });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ total: 1, items: [{ id: created.json().id, headName: '钱七' }] });
    expect(found.json().items[0].headIdNumber).not.toBe(head.idNumber);
    const person = await cadre.post('/api/v1/persons/search', { idNumber: head.idNumber });
    expect(person.json()).toMatchObject({ householdId: created.json().id });
    // The last digits may still be searched in the query.
    const digits = await cadre.get(`/api/v1/households?q=${head.idNumber.slice(-6)}`);
    expect(digits.json().items.map((h: { id: string }) => h.id)).toContain(created.json().id);
  });

  it('writes no 18-character ID number to the log over a full round of requests', async () => {
    lines.length = 0;
    const ids: string[] = [];
    const m = (name: string, relation: string, sex: 'male' | 'female', birth: string) => {
      const x = member(name, relation, sex, birth, { phone: '13912345678' });
      ids.push(x.idNumber);
      return x;
    };
    // Sign-in, with a wrong password and with an ID number typed as the username.
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'cadre', password: 'wrong-2026' } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: m('登', 'head', 'male', '1970-01-01').idNumber, password: 'x' } });
    const members = [m('周九', 'head', 'male', '1960-01-01'), m('吴十', 'spouse', 'female', '1962-02-02')];
    const created = await cadre.post('/api/v1/households', household(V1, members, { bankAccount: '6228480402564890018', phone: '13812345678' }));
    expect(created.statusCode, created.body).toBe(201);
    const hid = created.json().id as string;
    await cadre.get(`/api/v1/households/${hid}`);
    await cadre.get(`/api/v1/households?q=${members[0]?.idNumber.slice(-4)}`);
    await cadre.get(`/api/v1/households?q=${members[0]?.idNumber}`);
    await cadre.post('/api/v1/households/search', { idNumber: members[0]?.idNumber });
    await cadre.post('/api/v1/persons/search', { idNumber: members[1]?.idNumber });
    // A failed duplicate: the service's refusal, then the table's own key after the index lost its row.
    expect((await cadre.post('/api/v1/households', household(V1, [members[0]]))).statusCode).toBe(409);
    await t.database.db.deleteFrom('person_index').where('id_number', '=', members[0]?.idNumber ?? '').execute();
    expect((await cadre.post('/api/v1/households', household(V1, [members[0]]))).statusCode).toBe(409);
    // Refusals and errors: bad member, NUL, unknown route with an ID in the path, a database error quoting the ID.
    await cadre.post('/api/v1/households', household(V1, [{ ...m('错', 'head', 'male', '1971-01-01'), sex: 'female' }]));
    await cadre.get(`/api/v1/households?q=${members[1]?.idNumber}%00`);
    await cadre.get(`/api/v1/no-such-route/${members[0]?.idNumber}`);
    const boom = await cadre.get(`/api/v1/test-boom/${members[1]?.idNumber}`);
    expect(boom.statusCode).toBe(500);
    await cadre.patch(`/api/v1/households/${hid}`, { reason: `核对 ${members[0]?.idNumber}`, phone: '13700001111' });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('unhandled error');
    const leaked = log.match(new RegExp(FULL_ID.source, 'g')) ?? [];
    expect(leaked, log.slice(0, 2000)).toEqual([]);
    expect(log).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(log).not.toContain('6228480402564890018');
    expect(log).not.toContain('jz_session=');
    for (const id of ids) expect(log).not.toContain(id.slice(0, 14));
  });
});
