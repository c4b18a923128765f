import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';

// HTTP edge behaviour does not depend on the engine: one is enough here.
describe('the HTTP edge', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    app = await testApp(t.database, { bodyLimit: 2048 });
    app.get('/api/v1/boom', async () => {
      throw new Error('secret internals');
    });
    await addUser(t.database, 'root', 'admin', 'CN');
    admin = await signIn(app, 'root');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json', cookie: `jz_session=${admin.cookie}`, ...headers },
      payload,
    });

  it('answers malformed JSON with invalid_json', async () => {
    const res = await post('{"username": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
  });

  it('answers an oversize body with payload_too_large and writes nothing', async () => {
    const res = await post(JSON.stringify({ username: 'big', displayName: 'x'.repeat(5000), role: 'helper', regionCode: '451022', password: 'initial2026' }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const row = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'big').executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('answers a wrong content type with unsupported_media_type', async () => {
    const res = await post('username=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('names every bad field, in Chinese by default and in English on request', async () => {
    const zh = await post(JSON.stringify({ username: 1, unknown: 2 }));
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toBe('提交的数据有误,请检查标出的字段');
    const fields = zh.json().error.details.fields as Array<{ path: string; code: string; message: string }>;
    expect(fields.find((f) => f.path === 'username')).toMatchObject({ code: 'invalid_type' });
    expect(fields.find((f) => f.path === 'unknown')).toMatchObject({ code: 'unrecognized_keys' });
    expect(fields.find((f) => f.path === 'username')?.message).toMatch(/[\u4e00-\u9fff]/);
    const en = await post(JSON.stringify({ username: 1 }), { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('The request has invalid fields');
    expect(en.json().error.details.fields[0].message).toMatch(/expected string/i);
  });

  it('hides unknown errors behind internal with a correlation id and no stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom', headers: { 'x-request-id': 'corr-12345678' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'internal', details: { correlationId: 'corr-12345678' } });
    expect(res.body).not.toContain('secret internals');
    expect(res.body).not.toContain('at ');
  });

  it('answers unknown API routes with route_not_found', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
  });

  it('reports health with the engine and the version', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.json()).toEqual({ status: 'ok', database: 'pglite', version: 'test' });
  });

  it('publishes an OpenAPI document of the routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/regions/{code}', '/api/v1/users', '/api/v1/audit', '/api/v1/health']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/v1/users'].post.requestBody).toBeDefined();
  });
});
