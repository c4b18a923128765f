import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { LOCKOUT } from '../src/features/auth/service.ts';
import { DEFAULT_PASSWORD_COST, dummyHash, hashPassword, setPasswordCost, verifyPassword } from '../src/features/auth/password.ts';
import { addUser, signIn, TEST_PASSWORD, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

describe.each(ENGINES)('auth on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'locky', 'village_cadre', '451022100001');
    await addUser(t.database, 'newbie', 'village_cadre', '451022100001', { mustChangePassword: true });
    await addUser(t.database, 'gone', 'village_cadre', '451022100001', { active: false });
    await addUser(t.database, 'changer', 'township_officer', '451022100');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('signs in with an httpOnly cookie, tells who I am with my region path, and signs out', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'County', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jz_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `jz_session=${cookie?.value}` } });
    expect(me.json().user).toMatchObject({
      username: 'county',
      role: 'county_officer',
      region: { code: '451022', name: '田东县', level: 3 },
    });
    expect(me.json().user.region.path.map((r: { code: string }) => r.code)).toEqual(['CN', '45', '4510', '451022']);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `jz_session=${cookie?.value}` } });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `jz_session=${cookie?.value}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('refuses a wrong password and an unknown user alike, in the language asked for', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'county', password: 'nope-nope-1' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'invalid_credentials', message: 'Wrong username or password', details: {} });
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'nobody', password: 'nope-nope-1' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    const zh = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(zh.json().error).toMatchObject({ code: 'invalid_credentials', message: '用户名或密码错误' });
  });

  it(`stops an address after ${LOCKOUT.attempts} wrong passwords for one account, known or not, without locking the owner out`, async () => {
    const from = (remoteAddress: string, username: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
    for (const username of ['locky', 'nobody-at-all']) {
      for (let i = 1; i <= LOCKOUT.attempts; i++) {
        const res = await from('203.0.113.7', username, `bad-guess-${i}`);
        expect(res.json().error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误', details: {} });
      }
      const stopped = await from('203.0.113.7', username, TEST_PASSWORD);
      expect(stopped.statusCode).toBe(429);
      expect(stopped.json().error.code).toBe('too_many_attempts');
      expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(stopped.headers['retry-after'])).toBeLessThanOrEqual(LOCKOUT.minutes * 60);
    }
    // The owner, from their own address, is not locked out by the guesser.
    expect((await from('198.51.100.20', 'locky', TEST_PASSWORD)).statusCode).toBe(200);
    const row = await t.database.db.selectFrom('app_user').select('locked_until').where('username', '=', 'locky').executeTakeFirstOrThrow();
    expect(row.locked_until).toBeNull();
    const events = await t.database.db.selectFrom('audit_event').select('action').where('actor_name', '=', 'locky').execute();
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(LOCKOUT.attempts);
  });

  it('limits sign-ins and password changes per client address, with Retry-After', async () => {
    const limited = await testApp(t.database, { signInLimit: 3 });
    try {
      const login = (remoteAddress: string) =>
        limited.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username: 'county', password: TEST_PASSWORD } });
      for (let i = 0; i < 3; i++) expect((await login('192.0.2.1')).statusCode).toBe(200);
      const refused = await login('192.0.2.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const other = await login('192.0.2.2');
      expect(other.statusCode).toBe(200);
      const cookie = `jz_session=${other.cookies.find((c) => c.name === 'jz_session')?.value}`;
      const change = () =>
        limited.inject({ method: 'POST', url: '/api/v1/auth/password', remoteAddress: '192.0.2.2', headers: { cookie }, payload: { currentPassword: 'wrong-one-1', newPassword: 'Nongcun-2026' } });
      for (let i = 0; i < 3; i++) expect((await change()).json().error.code).toBe('wrong_password');
      const fourth = await change();
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().error.code).toBe('rate_limited');
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses a disabled account', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gone', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('account_disabled');
  });

  it('answers session_expired for a session past its time', async () => {
    const client = await signIn(app, 'county');
    await t.database.db.updateTable('user_session').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    const res = await client.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
  });

  it('makes a user with an initial password change it before anything else', async () => {
    const client = await signIn(app, 'newbie');
    expect((await client.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    const blocked = await client.get('/api/v1/regions/451022100001');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const weak = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'weak_password', details: { fields: [{ path: 'newPassword' }] } });
    const ok = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'village2026' });
    expect(ok.statusCode).toBe(204);
    expect((await client.get('/api/v1/regions/451022100001')).statusCode).toBe(200);
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const a = await signIn(app, 'changer');
    const b = await signIn(app, 'changer');
    const wrong = await a.post('/api/v1/auth/password', { currentPassword: 'not-it-1', newPassword: 'brandnew2026' });
    expect(wrong.json().error).toMatchObject({ code: 'wrong_password', details: { fields: [{ path: 'currentPassword' }] } });
    expect((await a.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'brandnew2026' })).statusCode).toBe(204);
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    await signIn(app, 'changer', 'brandnew2026');
  });

  it('ends the API tokens and other sessions issued before a password change, keeping the session that changed it', async () => {
    await addUser(t.database, 'tokened', 'township_officer', '451022100');
    const a = await signIn(app, 'tokened');
    const b = await signIn(app, 'tokened');
    const { token } = (await a.post('/api/v1/auth/tokens', { name: 'nightly export' })).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/v1/regions/451022100', headers: bearer })).statusCode).toBe(200);
    expect((await a.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Xiangzhen-77' })).statusCode).toBe(204);
    const old = await app.inject({ method: 'GET', url: '/api/v1/regions/451022100', headers: bearer });
    expect(old.statusCode).toBe(401);
    expect(old.json().error).toMatchObject({ code: 'unauthenticated', details: { reason: 'invalid_token' } });
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    const listed = (await a.get('/api/v1/auth/tokens')).json().items;
    expect(listed[0].revokedAt).not.toBeNull();
    const event = await t.database.db.selectFrom('audit_event').select('after').where('action', '=', 'auth.password_changed').where('actor_name', '=', 'tokened').executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({ endedSessions: 1, revokedTokens: 1 });
  });

  it('counts wrong current passwords on a password change and stops them', async () => {
    await addUser(t.database, 'guesser', 'village_cadre', '451022100001');
    const client = await signIn(app, 'guesser');
    for (let i = 1; i <= LOCKOUT.attempts; i++) {
      const res = await client.post('/api/v1/auth/password', { currentPassword: `guess-${i}-x`, newPassword: 'Nongcun-2026' });
      expect(res.json().error.code).toBe('wrong_password');
    }
    const stopped = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Nongcun-2026' });
    expect(stopped.statusCode).toBe(429);
    expect(stopped.json().error.code).toBe('too_many_attempts');
    expect(stopped.headers['retry-after']).toBeDefined();
  });

  it.each([
    ['password1', 'password_common', 'This is one of the most common passwords and easily guessed; choose another'],
    ['abcd1234', 'password_common', 'This is one of the most common passwords and easily guessed; choose another'],
    ['demo2026', 'password_common', 'This is one of the most common passwords and easily guessed; choose another'],
    ['ruler2026', 'password_contains_username', 'A password may not contain the username, forwards or backwards'],
    ['2026RELUR', 'password_contains_username', 'A password may not contain the username, forwards or backwards'],
    ['short1', 'password_too_short', 'A password needs at least 8 characters'],
  ])('refuses the new password %s by the rule it breaks (%s)', async (newPassword, rule, message) => {
    if (!(await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'ruler').executeTakeFirst())) {
      await addUser(t.database, 'ruler', 'village_cadre', '451022100001');
    }
    const client = await signIn(app, 'ruler');
    const res = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'weak_password', details: { fields: [{ path: 'newPassword', code: rule, message }] } });
    const zh = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
    expect(zh.json().error.details.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('issues API tokens for machine clients, shown once, usable as Bearer until revoked', async () => {
    const client = await signIn(app, 'county');
    const created = await client.post('/api/v1/auth/tokens', { name: 'statistics export', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^jzt_/);
    const stored = await t.database.db.selectFrom('api_token').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.json().user.username).toBe('county');
    const listed = (await client.get('/api/v1/auth/tokens')).json().items;
    expect(listed[0]).toMatchObject({ id, name: 'statistics export', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await client.delete(`/api/v1/auth/tokens/${id}`)).statusCode).toBe(204);
    const revoked = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    const bogus = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer jzt_bogus' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('stores passwords as scrypt hashes only, at the cost the tests configure', async () => {
    const row = await t.database.db.selectFrom('app_user').select('password_hash').where('username', '=', 'county').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    expect(await dummyHash()).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('refuses to start with a demo or first-admin password that breaks the password rule', () => {
    expect(loadConfig({}).JINGZHUN_DEMO_PASSWORD).toBe('tiandong2026');
    expect(() => loadConfig({ JINGZHUN_DEMO_PASSWORD: 'demo2026' })).toThrow(/JINGZHUN_DEMO_PASSWORD/);
    expect(() => loadConfig({ JINGZHUN_DEMO: '0', JINGZHUN_ADMIN_PASSWORD: 'admin2026' })).toThrow(/JINGZHUN_ADMIN_PASSWORD/);
  });

  it('hashes at N = 2^17 by default, and renews a hash of an older cost at sign-in', async () => {
    expect(DEFAULT_PASSWORD_COST).toBe(17);
    expect(loadConfig({}).JINGZHUN_SCRYPT_LOG2N).toBe(17);
    setPasswordCost(DEFAULT_PASSWORD_COST);
    let production: string;
    try {
      production = await hashPassword('tiandong2026');
    } finally {
      setPasswordCost(14);
    }
    expect(production).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('tiandong2026', production)).toBe(true);

    setPasswordCost(12);
    const old = await hashPassword(TEST_PASSWORD);
    setPasswordCost(14);
    const id = await addUser(t.database, 'oldhash', 'village_cadre', '451022100001');
    await t.database.db.updateTable('app_user').set({ password_hash: old }).where('id', '=', id).execute();
    await signIn(app, 'oldhash');
    const renewed = await t.database.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(renewed.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(renewed.password_hash).not.toBe(old);
    await signIn(app, 'oldhash');
  });
});
