import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

describe.each(ENGINES)('users and audit on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: Client;
  let countyAdmin: Client;
  let county: Client;
  let inspector: Client;
  let township: Client;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'root', 'admin', 'CN');
    await addUser(t.database, 'tdadmin', 'admin', '451022101');
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'inspector', 'inspector', '451022');
    await addUser(t.database, 'township', 'township_officer', '451022100');
    await addUser(t.database, 'elsewhere', 'village_cadre', '451022100001');
    admin = await signIn(app, 'root');
    countyAdmin = await signIn(app, 'tdadmin');
    county = await signIn(app, 'county');
    inspector = await signIn(app, 'inspector');
    township = await signIn(app, 'township');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('creates a user who must change the initial password, and audits it without the hash', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'zhang.san',
      displayName: '张三',
      role: 'village_cadre',
      regionCode: '451022100002',
      password: 'initial2026',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'zhang.san', regionName: '油城社区居委会', mustChangePassword: true, locked: false });
    const audit = (await admin.get(`/api/v1/audit?entity=user&id=${res.json().id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'user.created', actorName: 'root', regionCode: '451022100002', before: null });
    expect(audit.items[0].after).not.toHaveProperty('password_hash');
    expect(JSON.stringify(audit.items[0].after)).not.toContain('scrypt');
    const login = await signIn(app, 'zhang.san', 'initial2026');
    expect((await login.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
  });

  it('refuses bad new users with the field and the rule, writing nothing', async () => {
    const count = async () => Number((await t.database.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const taken = await admin.post('/api/v1/users', { username: 'COUNTY', displayName: 'x', role: 'helper', regionCode: '451022', password: 'initial2026' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'username_taken', details: { fields: [{ path: 'username' }] } });
    const weak = await admin.post('/api/v1/users', { username: 'weakling', displayName: 'x', role: 'helper', regionCode: '451022', password: '12345678' });
    expect(weak.json().error).toMatchObject({ code: 'weak_password', details: { fields: [{ path: 'password' }] } });
    const region = await admin.post('/api/v1/users', { username: 'lost', displayName: 'x', role: 'helper', regionCode: '451022999', password: 'initial2026' });
    expect(region.statusCode).toBe(404);
    expect(region.json().error).toMatchObject({ code: 'region_not_found', details: { fields: [{ path: 'regionCode' }] } });
    const types = await admin.post('/api/v1/users', { username: 'x y', displayName: 5, role: 'king', regionCode: '45102', password: 'initial2026', extra: true });
    expect(types.statusCode).toBe(400);
    const paths = types.json().error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['displayName', 'extra', 'regionCode', 'role', 'username']);
    expect(await count()).toBe(before);
  });

  it('gives an aid unit’s account the unit it speaks for, and refuses one without, with another role, or out of reach', async () => {
    const { db } = t.database;
    const unit = await db.insertInto('aid_unit').values({ region_code: '451022', name: '县财政局', kind: 'government' }).returning('id').executeTakeFirstOrThrow();
    const township = await db.insertInto('aid_unit').values({ region_code: '451022100', name: '镇卫生院', kind: 'institution' }).returning('id').executeTakeFirstOrThrow();
    const count = async () => Number((await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const account = { username: 'czj', displayName: '县财政局', role: 'aid_unit', regionCode: '451022', password: 'initial2026' };
    const refused = async (body: object, path: string, rule: string, by = admin) => {
      const res = await by.post('/api/v1/users', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.fields).toEqual([expect.objectContaining({ path, code: rule })]);
    };
    await refused(account, 'aidUnitId', 'aid_unit_required');
    await refused({ ...account, role: 'helper', aidUnitId: unit.id }, 'aidUnitId', 'aid_unit_only');
    await refused({ ...account, aidUnitId: '987654' }, 'aidUnitId', 'aid_unit_not_found');
    // A township's unit is out of reach of another township's admin.
    await refused({ ...account, regionCode: '451022101', aidUnitId: township.id }, 'aidUnitId', 'aid_unit_not_found', countyAdmin);
    // An account of one township cannot speak for a unit of another: not on one line with it.
    await refused({ ...account, regionCode: '451022101', aidUnitId: township.id }, 'regionCode', 'aid_unit_region');
    expect(await count()).toBe(before);

    const created = await admin.post('/api/v1/users', { ...account, aidUnitId: unit.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ role: 'aid_unit', aidUnitId: unit.id, aidUnitName: '县财政局' });
    const id = created.json().id as string;
    // Another role leaves the unit behind; coming back to aid_unit asks for one again.
    const moved = await admin.patch(`/api/v1/users/${id}`, { role: 'inspector' });
    expect(moved.json()).toMatchObject({ role: 'inspector', aidUnitId: null });
    const back = await admin.patch(`/api/v1/users/${id}`, { role: 'aid_unit' });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.details.fields[0]).toMatchObject({ path: 'aidUnitId', code: 'aid_unit_required' });
    const again = await admin.patch(`/api/v1/users/${id}`, { role: 'aid_unit', aidUnitId: unit.id });
    expect(again.json()).toMatchObject({ role: 'aid_unit', aidUnitId: unit.id });
    const audit = (await admin.get(`/api/v1/audit?entity=user&id=${id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'user.updated', after: expect.objectContaining({ aid_unit_id: unit.id }) });
    // The database holds the rule too: only an aid unit's account names a unit.
    await expect(db.updateTable('app_user').set({ aid_unit_id: unit.id }).where('username', '=', 'county').execute()).rejects.toThrow();
  });

  it('keeps an admin inside their own region: outside users are not found, outside regions not assignable', async () => {
    const list = (await countyAdmin.get('/api/v1/users?pageSize=100')).json();
    expect(list.items.map((u: { username: string }) => u.username)).toEqual(['tdadmin']);
    const outsider = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'elsewhere').executeTakeFirstOrThrow();
    expect((await countyAdmin.get(`/api/v1/users/${outsider.id}`)).statusCode).toBe(404);
    const patch = await countyAdmin.patch(`/api/v1/users/${outsider.id}`, { displayName: 'hijacked' });
    expect(patch.statusCode).toBe(404);
    expect((await countyAdmin.post(`/api/v1/users/${outsider.id}/password`, { newPassword: 'hijack2026' })).statusCode).toBe(404);
    const create = await countyAdmin.post('/api/v1/users', { username: 'sneaky', displayName: 'x', role: 'admin', regionCode: '451022', password: 'initial2026' });
    expect(create.statusCode).toBe(404);
    expect(create.json().error.code).toBe('region_not_found');
    const unchanged = await t.database.db.selectFrom('app_user').select('display_name').where('id', '=', outsider.id).executeTakeFirstOrThrow();
    expect(unchanged.display_name).toBe('elsewhere');
  });

  it('lets only admins manage users; others get 403 before their input is even read', async () => {
    const res = await county.get('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const post = await county.post('/api/v1/users', { nonsense: true });
    expect(post.statusCode).toBe(403);
  });

  it('pages, sorts, filters and searches users', async () => {
    const page = (await admin.get('/api/v1/users?page=1&pageSize=2&sort=username&order=desc')).json();
    expect(page.pageSize).toBe(2);
    expect(page.total).toBeGreaterThanOrEqual(6);
    const names = page.items.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort().reverse());
    const byRole = (await admin.get('/api/v1/users?role=inspector')).json();
    expect(byRole.items.map((u: { username: string }) => u.username)).toEqual(['inspector']);
    const byQ = (await admin.get('/api/v1/users?q=TOWN')).json();
    expect(byQ.items.map((u: { username: string }) => u.username)).toEqual(['township']);
    const byRegion = (await admin.get('/api/v1/users?region=451022100')).json();
    expect(byRegion.items.every((u: { regionCode: string }) => u.regionCode.startsWith('451022100'))).toBe(true);
    const bad = await admin.get('/api/v1/users?pageSize=1000');
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', details: { fields: [{ path: 'query.pageSize' }] } });
  });

  it('updates, disables (ending sessions), resets and unlocks, with before and after in the audit', async () => {
    const target = await addUser(t.database, 'target', 'helper', '451022100001');
    const session = await signIn(app, 'target');
    const patched = await admin.patch(`/api/v1/users/${target}`, { displayName: '李四', active: false });
    expect(patched.json()).toMatchObject({ displayName: '李四', active: false });
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    const events = (await admin.get(`/api/v1/audit?entity=user&id=${target}&action=user.updated`)).json().items;
    expect(events[0].before).toMatchObject({ display_name: 'target', active: true });
    expect(events[0].after).toMatchObject({ display_name: '李四', active: false });
    await admin.patch(`/api/v1/users/${target}`, { active: true });
    await t.database.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 60_000) }).where('id', '=', target).execute();
    expect((await admin.get(`/api/v1/users/${target}`)).json().locked).toBe(true);
    expect((await admin.post(`/api/v1/users/${target}/unlock`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/users/${target}`)).json().locked).toBe(false);
    expect((await admin.post(`/api/v1/users/${target}/password`, { newPassword: 'reset2026x' })).statusCode).toBe(204);
    expect((await signIn(app, 'target', 'reset2026x').then((c) => c.get('/api/v1/auth/me'))).json().user.mustChangePassword).toBe(true);
  });

  it('ends the tokens and sessions of a user whose password an admin resets; no token skips the forced change', async () => {
    const target = await addUser(t.database, 'tokenholder', 'township_officer', '451022100');
    const session = await signIn(app, 'tokenholder');
    const { token } = (await session.post('/api/v1/auth/tokens', { name: 'sync' })).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/v1/regions/451022100', headers: bearer })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${target}/password`, { newPassword: 'Chongzhi-2026' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/regions/451022100', headers: bearer })).statusCode).toBe(401);
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    // A token that somehow outlived the reset (here: written back by hand) still meets the forced change.
    await t.database.db.updateTable('api_token').set({ revoked_at: null }).where('user_id', '=', target).execute();
    const forced = await app.inject({ method: 'GET', url: '/api/v1/regions/451022100', headers: bearer });
    expect(forced.statusCode).toBe(403);
    expect(forced.json().error.code).toBe('password_change_required');
  });

  it('does not let an admin disable or demote themself', async () => {
    const me = (await admin.get('/api/v1/auth/me')).json().user;
    const res = await admin.patch(`/api/v1/users/${me.id}`, { active: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.fields[0]).toMatchObject({ path: 'active', code: 'not_self' });
  });

  it('shows the audit trail to inspectors of the county but only for their region, and not to others', async () => {
    const seen = (await inspector.get('/api/v1/audit?pageSize=200')).json().items;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e: { regionCode: string }) => e.regionCode.startsWith('451022'))).toBe(true);
    const townSeen = (await township.get('/api/v1/audit?pageSize=200')).json().items;
    expect(townSeen.every((e: { regionCode: string }) => e.regionCode.startsWith('451022100'))).toBe(true);
    const cadre = await signIn(app, 'elsewhere');
    expect((await cadre.get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('masks ID numbers, phones, bank accounts and health in the audit for roles that read them masked elsewhere', async () => {
    const head = member('王五', 'head', 'male', '1970-03-04', { phone: '13812345678', health: 'disabled', disabilityType: 'physical', disabilityGrade: 2 });
    const child = member('王小', 'child', 'female', '2001-05-06', { health: 'serious' });
    const created = await county.post('/api/v1/households', household('451022100001', [head, child], { phone: '13987654321', bankAccount: '6217001234567890123' }));
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const members = (await county.get(`/api/v1/households/${id}`)).json().members as Array<{ id: string; relation: string }>;
    const childId = members.find((m) => m.relation === 'child')?.id;
    expect((await county.patch(`/api/v1/households/${id}`, { bankAccount: '6228480000111122223', phone: '13700001111', reason: '更正' })).statusCode).toBe(200);
    const patched = await county.patch(`/api/v1/households/${id}/members/${childId}`, { health: 'chronic', phone: '13600002222', reason: '更正' });
    expect(patched.statusCode).toBe(200);
    const secrets = [head.idNumber, child.idNumber, '13812345678', '13987654321', '6217001234567890123', '6228480000111122223', '13700001111', '13600002222'];

    const full = JSON.stringify((await county.get('/api/v1/audit?pageSize=200')).json().items);
    for (const secret of secrets) expect(full).toContain(secret);
    const page = (await inspector.get('/api/v1/audit?pageSize=200')).json().items as Array<{ action: string; entityId: string; before: unknown; after: unknown }>;
    const seen = JSON.stringify(page);
    expect(seen).toContain(head.idNumber.slice(0, 6) + '********' + head.idNumber.slice(14));
    expect(seen.match(/\d{17}[\dX]/g)).toBeNull();
    for (const secret of secrets) expect(seen).not.toContain(secret);
    const creation = page.find((e) => e.action === 'household.created' && e.entityId === id)?.after as { members: Array<Record<string, unknown>> };
    expect(creation.members[0]).toMatchObject({ name: '王五', health: '***', disabilityType: '***', disabilityGrade: '***', phone: '138****5678' });
    expect(seen).not.toMatch(/"health":"(healthy|chronic|serious|disabled)"/);
    const correction = page.find((e) => e.action === 'member.corrected' || (e.entityId === id && JSON.stringify(e.after).includes('health')));
    expect(JSON.stringify(correction)).not.toMatch(/chronic|serious/);
  });

  it('leaves no audit event for a write that rolled back', async () => {
    const before = (await admin.get('/api/v1/audit?entity=user&action=user.created')).json().total;
    const failed = await admin.post('/api/v1/users', { username: 'township', displayName: 'dup', role: 'helper', regionCode: '451022', password: 'initial2026' });
    expect(failed.statusCode).toBe(409);
    expect((await admin.get('/api/v1/audit?entity=user&action=user.created')).json().total).toBe(before);
  });
});
