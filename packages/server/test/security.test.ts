import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { addUser, type Client, signIn, TEST_PASSWORD, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { addHousehold } from './support/fixtures.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe.each(ENGINES)('cross-site requests, security headers and the session cookie on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;
  let householdId: string;
  let webDir: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    webDir = mkdtempSync(join(tmpdir(), 'jz-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>精准</title>');
    app = await buildApp({
      database: t.database,
      version: 'test',
      webDir,
      config: { JINGZHUN_SESSION_HOURS: 12, JINGZHUN_BODY_LIMIT: 1_048_576, JINGZHUN_SECURE_COOKIE: false, JINGZHUN_TRUST_PROXY: true },
    });
    await addUser(t.database, 'cadre', 'village_cadre', '451022100001');
    cadre = await signIn(app, 'cadre');
    householdId = await addHousehold(t.database, '451022100001', { size: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
    rmSync(webDir, { recursive: true, force: true });
  });

  const upload = (headers: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([PNG]), '评议记录.png');
    return app.inject({ method: 'POST', url: `/api/v1/households/${householdId}/attachments`, headers: { cookie: `jz_session=${cadre.cookie}`, ...headers }, payload: form });
  };
  const stored = async () => Number((await t.database.db.selectFrom('attachment').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a multipart write from a foreign Origin or a cross-site fetch, and stores nothing', async () => {
    const before = await stored();
    const evil = await upload({ origin: 'http://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error).toMatchObject({ code: 'cross_site_request', details: { origin: 'http://evil.example' } });
    const cross = await upload({ 'sec-fetch-site': 'cross-site', 'accept-language': 'en' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error).toMatchObject({ code: 'cross_site_request', message: 'A change sent from another site is refused; use the pages of this site' });
    expect((await upload({ origin: 'null' })).statusCode).toBe(403);
    expect(await stored()).toBe(before);
  });

  it('takes writes from its own origin, same-origin fetches, and API clients that send neither header', async () => {
    expect((await upload({ origin: 'http://localhost' })).statusCode).toBe(201);
    expect((await upload({ origin: 'https://jz.example.gov.cn', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'jz.example.gov.cn' })).statusCode).toBe(201);
    expect((await upload({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await upload({})).statusCode).toBe(201);
  });

  it('checks every state-changing method, the sign-in included, and leaves reads alone', async () => {
    const evil = { origin: 'http://evil.example' };
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: evil, payload: { username: 'cadre', password: TEST_PASSWORD } });
    expect(login.json().error.code).toBe('cross_site_request');
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/v1/households/${householdId}`, headers: { ...evil, cookie: `jz_session=${cadre.cookie}` }, payload: {} });
      expect(res.statusCode, method).toBe(403);
    }
    const read = await app.inject({ method: 'GET', url: `/api/v1/households/${householdId}`, headers: { ...evil, cookie: `jz_session=${cadre.cookie}` } });
    expect(read.statusCode).toBe(200);
  });

  it('sends security headers on the API and on the web app', async () => {
    for (const url of ['/api/v1/health', '/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('marks the session cookie Secure whenever the sign-in came over HTTPS', async () => {
    const login = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'cadre', password: TEST_PASSWORD } });
    const plain = (await login({})).cookies.find((c) => c.name === 'jz_session');
    expect(plain?.secure).toBeFalsy();
    const https = (await login({ 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'jz_session');
    expect(https?.secure).toBe(true);
    const direct = await testApp(t.database);
    try {
      // Without a trusted proxy, a forwarded header is only a claim: the connection was plain HTTP.
      const claimed = await direct.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'cadre', password: TEST_PASSWORD } });
      expect(claimed.cookies.find((c) => c.name === 'jz_session')?.secure).toBeFalsy();
    } finally {
      await direct.close();
    }
  });
});
