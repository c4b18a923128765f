import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';

describe.each(ENGINES)('text input at the edge on %s', (engine) => {
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

  const fieldOf = (body: string) => (JSON.parse(body) as { error: { details: { fields: Array<{ path: string; code: string }> } } }).error.details.fields;

  it('refuses NUL in the sign-in username with 400 naming the field, signed out', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ad\u0000min', password: 'whatever-2026' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(fieldOf(res.body)).toEqual([expect.objectContaining({ path: 'username', code: 'control_character' })]);
  });

  it('refuses NUL in the public village search and the household search query', async () => {
    const pub = await app.inject({ method: 'GET', url: '/api/v1/public/villages?q=a%00' });
    expect(pub.statusCode, pub.body).toBe(400);
    expect(fieldOf(pub.body)).toEqual([expect.objectContaining({ path: 'query.q', code: 'control_character' })]);
    const list = await cadre.get('/api/v1/households?q=%00');
    expect(list.statusCode, list.body).toBe(400);
    expect(fieldOf(list.body)[0]).toMatchObject({ path: 'query.q', code: 'control_character' });
    const tab = await cadre.get('/api/v1/households?q=%09%E6%9D%8E');
    expect(tab.statusCode, tab.body).toBe(400);
  });

  it('refuses control characters in public self-reports, alerts and corrections, writing nothing', async () => {
    const before = await t.database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const report = await app.inject({
      method: 'POST',
      url: '/api/v1/public/self-reports',
      payload: { villageCode: V1, phone: '13800001111', what: '家里有人生病\u0000了' },
    });
    expect(report.statusCode, report.body).toBe(400);
    expect(fieldOf(report.body)[0]).toMatchObject({ path: 'what', code: 'control_character' });
    const created = await cadre.post('/api/v1/households', household(V1, [member('王\u0007五', 'head', 'male', '1970-05-01')]));
    expect(created.statusCode, created.body).toBe(400);
    expect(fieldOf(created.body)[0]).toMatchObject({ path: 'members.0.name', code: 'control_character' });
    const ok = await cadre.post('/api/v1/households', household(V1, [member('王五', 'head', 'male', '1970-05-01')]));
    expect(ok.statusCode, ok.body).toBe(201);
    const hid = ok.json().id as string;
    const alert = await cadre.post('/api/v1/alerts', { householdId: hid, what: '走访发现\u0000风险情况' });
    expect([400, 403]).toContain(alert.statusCode);
    expect(alert.statusCode).not.toBe(500);
    const fix = await cadre.patch(`/api/v1/households/${hid}`, { reason: '更正\u0000地址', address: '新地址' });
    expect(fix.statusCode, fix.body).toBe(400);
    expect(fieldOf(fix.body)[0]).toMatchObject({ path: 'reason', code: 'control_character' });
    // A reason of several lines is a text people write: line breaks and tabs stay allowed in bodies.
    const multi = await cadre.patch(`/api/v1/households/${hid}`, { reason: '更正地址\n\t村委会核实', address: '新地址' });
    expect(multi.statusCode, multi.body).toBe(200);
    const after = await t.database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Only the two accepted writes were audited.
    expect(Number(after.n) - Number(before.n)).toBe(2);
  });

  it('refuses a control character in a JSON key and a body nested absurdly deep', async () => {
    const key = await cadre.post('/api/v1/households/search', JSON.parse('{"idNumber\\u0000": "1"}'));
    expect(key.statusCode).toBeGreaterThanOrEqual(400);
    expect(key.statusCode).toBeLessThan(500);
    const deep = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    });
    expect(deep.statusCode, deep.body).toBe(400);
  });
});

/** A GET over a real socket: the path goes out byte for byte, as an attacker's client sends it (inject would normalise it). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files and the page fallback', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    const webDir = mkdtempSync(join(tmpdir(), 'jz-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>jingzhun</title>');
    app = await buildApp({
      database: t.database,
      version: 'test',
      webDir,
      config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it.each([
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc/passwd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/missing.js',
    '/%c0%ae%c0%ae/etc/passwd',
    '/%00',
    '/a%00b',
    '/%E0%A4%A',
  ])('answers GET %s with 404 in the error shape, never a file outside the bundle', async (path) => {
    const res = await rawGet(port, path);
    expect(res.status, res.body).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('route_not_found');
    expect(res.body).not.toContain('root:');
  });

  it('still serves the app for a page of the UI', async () => {
    const res = await rawGet(port, '/households/12');
    expect(res.status).toBe(200);
    expect(res.body).toContain('jingzhun');
  });
});
