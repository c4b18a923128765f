import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { loadRegions } from '../src/features/regions/loader.ts';
import { signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

describe('configuration', () => {
  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', JINGZHUN_DEMO: 'maybe', JINGZHUN_REGIONS: 'some' })).toThrow(
      /PORT[\s\S]*JINGZHUN_DEMO[\s\S]*JINGZHUN_REGIONS/,
    );
  });

  it('believes a reverse proxy about the client address only when told which', () => {
    expect(loadConfig({}).JINGZHUN_TRUST_PROXY).toBe(false);
    expect(loadConfig({ JINGZHUN_TRUST_PROXY: 'true' }).JINGZHUN_TRUST_PROXY).toBe(true);
    expect(loadConfig({ JINGZHUN_TRUST_PROXY: '2' }).JINGZHUN_TRUST_PROXY).toBe(2);
    expect(loadConfig({ JINGZHUN_TRUST_PROXY: '10.0.0.1, 172.16.0.0/12' }).JINGZHUN_TRUST_PROXY).toEqual(['10.0.0.1', '172.16.0.0/12']);
    expect(() => loadConfig({ JINGZHUN_TRUST_PROXY: 'my proxy' })).toThrow(/JINGZHUN_TRUST_PROXY/);
  });

  it('defaults to ./data, port 3000 and the demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, JINGZHUN_DEMO: true, JINGZHUN_DEMO_PASSWORD: 'tiandong2026', JINGZHUN_REGIONS: 'all' });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });
});

describe.each(ENGINES)('first start without the demo on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => t?.dispose());

  it('generates a first admin password once, never a fixed one, and reuses everything on a second start', async () => {
    const config = loadConfig({ JINGZHUN_DEMO: '0', JINGZHUN_REGIONS: '451022' });
    const first = await prepareDatabase(t.database, config, () => undefined);
    expect(first.demo).toBeNull();
    expect(first.generatedAdminPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const again = await prepareDatabase(t.database, config, () => undefined);
    expect(again).toMatchObject({ migrations: [], regionsLoaded: 0, demo: null, generatedAdminPassword: null });
    const app = await testApp(t.database);
    const admin = await signIn(app, 'admin', first.generatedAdminPassword ?? '');
    expect((await admin.get('/api/v1/auth/me')).json().user).toMatchObject({ role: 'admin', region: { code: 'CN' } });
    await app.close();
  });

  it('takes the first admin password from JINGZHUN_ADMIN_PASSWORD when given', async () => {
    const other = await createTestDatabase(engine);
    try {
      const config = loadConfig({ JINGZHUN_DEMO: '0', JINGZHUN_REGIONS: '451022', JINGZHUN_ADMIN_PASSWORD: 'chosen2026' });
      const result = await prepareDatabase(other.database, config, () => undefined);
      expect(result.generatedAdminPassword).toBeNull();
      const app = await testApp(other.database);
      await signIn(app, 'admin', 'chosen2026');
      await app.close();
    } finally {
      await other.dispose();
    }
  });
});

describe.each(ENGINES)('the regions of China on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => t?.dispose());

  it('loads all five levels of the 2023 codes with COPY, on top of a county loaded before, and again as a no-op', async () => {
    const result = await loadRegions(t.database);
    expect(result.byLevel).toEqual({ 0: 1, 1: 31, 2: 342, 3: 2978, 4: 41352, 5: 620573 });
    expect(result.inserted).toBe(result.total - 187);
    const again = await loadRegions(t.database);
    expect(again.inserted).toBe(0);
    const orphans = await t.database.db
      .selectFrom('region as r')
      .leftJoin('region as p', 'p.code', 'r.parent_code')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('r.level', '>', 0)
      .where('p.code', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
    const dongguan = await t.database.db.selectFrom('region').select(['name', 'level', 'parent_code']).where('code', '=', '441900').executeTakeFirstOrThrow();
    expect(dongguan).toEqual({ name: '东莞市', level: 3, parent_code: '4419' });
  }, 180_000);
});
