import { type Access, can, isWithinScope, OPERATIONS, onOneLine, ROLES, type Role, type ScopedEntity } from '@jingzhun/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegions } from '../src/features/regions/loader.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

/**
 * The authorisation matrix: every operation of the OpenAPI document × every role × the four places of a
 * record (the caller's own village, another village of its township, another township of its county,
 * another county), each against the access table (OPERATIONS). A missing capability must answer 403, a
 * place outside the caller's region 404 (as for a record that does not exist), and a refused write must
 * change nothing. An allowed call must pass the table (not 401/403/404, never 5xx).
 */

const PLACES = ['own', 'otherVillage', 'otherTownship', 'otherCounty'] as const;
type Place = (typeof PLACES)[number];
const COUNTY = '451022';
const OTHER_COUNTY = '451024';

interface Fixtures {
  village: Record<Place, string>;
  township: string;
  records: Record<Place, Partial<Record<ScopedEntity, string>>>;
}

/** Where each role's test account sits. */
function homeOf(role: Role, f: Fixtures): string {
  switch (role) {
    case 'admin':
      return 'CN';
    case 'county_officer':
    case 'inspector':
    case 'aid_unit':
      return COUNTY;
    case 'township_officer':
      return f.township;
    default:
      return f.village.own;
  }
}

/** The status the table expects: 'allowed', 403 or 404. */
function expected(access: Access, role: Role, home: string, place: Place, f: Fixtures): 'allowed' | 403 | 404 {
  const { caller, scope } = access;
  if (caller !== 'anyone' && caller !== 'signedIn' && !can(role, caller)) return 403;
  if (scope.kind === 'none') return 'allowed';
  const region = f.village[place];
  // Import jobs are the admin's (it uploaded them); relatives are declared by another user of the place.
  if (scope.kind === 'record' && scope.owned) {
    return (scope.entity === 'import' && role === 'admin') || (scope.owned.others.includes(role) && isWithinScope(region, home)) ? 'allowed' : 404;
  }
  if (scope.kind === 'record' && scope.entity === 'household' && role === 'helper') return place === 'own' ? 'allowed' : 404;
  if (scope.kind === 'record' && (scope.entity === 'aidUnit' || scope.entity === 'aidStaff')) {
    // An aid unit's account reads its own unit (the one of its own village) and that unit's staff only.
    if (role === 'aid_unit') return place === 'own' ? 'allowed' : 404;
    return onOneLine(region, home) ? 'allowed' : 404;
  }
  return isWithinScope(region, home) ? 'allowed' : 404;
}

/** The URL of an operation for a place: its record or region put in the path or query. */
function urlOf(path: string, access: Access, place: Place, f: Fixtures): string {
  const { scope } = access;
  let url = path
    .replace('{kind}.{format}', 'summary.xlsx')
    .replace('/feeds/{kind}/', '/feeds/medical_insurance/')
    .replace('{villageCode}', f.village[place]);
  if (scope.kind === 'record') url = url.replace(`{${scope.param}}`, f.records[place][scope.entity] ?? '999999999');
  if (scope.kind === 'region' && scope.in === 'path') url = url.replace(`{${scope.name}}`, f.village[place]);
  url = url.replace(/\{\w+\}/g, '1');
  const query: string[] = [];
  if (scope.kind === 'region' && scope.in === 'query') query.push(`${scope.name}=${f.village[place]}`);
  if (path === '/regions' || path === '/public/villages') query.push('q=a');
  return `/api/v1${url}${query.length ? `?${query.join('&')}` : ''}`;
}

describe.each(ENGINES)('authorisation matrix on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let operations: { method: string; path: string }[] = [];
  const clients = {} as Record<Role, Client>;
  let unpaired = '';
  const f: Fixtures = { village: {} as Record<Place, string>, township: '', records: { own: {}, otherVillage: {}, otherTownship: {}, otherCounty: {} } };

  /** A number that changes whenever anything is written: the audit log and the rows of the tables that matter. */
  async function footprint(): Promise<string> {
    const { rows } = await sql<{ n: string }>`SELECT concat_ws(',',
      (SELECT count(*) FROM audit_event), (SELECT count(*) FROM household), (SELECT count(*) FROM member),
      (SELECT count(*) FROM procedure), (SELECT count(*) FROM attachment), (SELECT count(*) FROM booklet_job),
      (SELECT count(*) FROM household_pairing), (SELECT count(*) FROM alert), (SELECT count(*) FROM stat_job),
      (SELECT count(*) FROM feed), (SELECT count(*) FROM import_job), (SELECT count(*) FROM visit),
      (SELECT count(*) FROM app_user), (SELECT count(*) FROM relative)) AS n`.execute(t.database.db);
    return rows[0]?.n ?? '';
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    const db = t.database.db;
    await loadRegions(t.database, { county: OTHER_COUNTY });
    app = await testApp(t.database);
    // Places: two villages of one township, a village of another township, a village of another county.
    const villages = async (prefix: string) =>
      (await db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'like', `${prefix}%`).orderBy('code').execute()).map((r) => r.code);
    const inCounty = await villages(COUNTY);
    const own = inCounty[0] as string;
    f.township = own.slice(0, 9);
    f.village = {
      own,
      otherVillage: inCounty.find((c) => c.startsWith(f.township) && c !== own) as string,
      otherTownship: inCounty.find((c) => !c.startsWith(f.township)) as string,
      otherCounty: (await villages(OTHER_COUNTY))[0] as string,
    };

    for (const role of ROLES) await addUser(t.database, `m_${role}`, role, role === 'admin' ? 'CN' : homeOf(role, f));
    const admin = await signIn(app, 'm_admin');
    const adminId = (await db.selectFrom('app_user').select('id').where('username', '=', 'm_admin').executeTakeFirstOrThrow()).id;
    const helperId = (await db.selectFrom('app_user').select('id').where('username', '=', 'm_helper').executeTakeFirstOrThrow()).id;

    for (const place of PLACES) {
      const village = f.village[place];
      const county = village.slice(0, 6);
      const r = f.records[place];
      const created = await admin.post('/api/v1/households', household(village, [member('户主', 'head', 'male', '1970-03-04')], { status: 'poor' }));
      expect(created.statusCode, created.body).toBe(201);
      r.household = created.json().id as string;
      const user = await addUser(t.database, `m_user_${place}`, 'village_cadre', village);
      r.user = user;
      const opened = await (await signIn(app, `m_user_${place}`)).post('/api/v1/procedures', { kind: 'exit', householdId: r.household });
      expect(opened.statusCode, opened.body).toBe(201);
      r.procedure = opened.json().id as string;
      const unit = await db.insertInto('aid_unit').values({ region_code: village, name: `单位${place}`, kind: 'government' }).returning('id').executeTakeFirstOrThrow();
      r.aidUnit = unit.id;
      const staff = await db
        .insertInto('aid_staff')
        .values({ unit_id: unit.id, name: `干部${place}`, user_id: place === 'own' ? helperId : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      r.aidStaff = staff.id;
      const pairing = await db
        .insertInto('household_pairing')
        .values({ county_code: county, household_id: r.household, staff_id: staff.id, starts_on: '2020-01-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      r.pairing = pairing.id;
      r.workTeam = (await db.insertInto('work_team').values({ village_code: village, name: `工作队${place}`, starts_on: '2024-01-01' }).returning('id').executeTakeFirstOrThrow()).id;
      r.campaign = (
        await db
          .insertInto('campaign')
          .values({ unit_id: unit.id, region_code: village, name: `活动${place}`, starts_on: '2026-01-01', ends_on: '2026-01-31' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      r.bookletJob = (await db.insertInto('booklet_job').values({ region_code: village, kind: 'card', state: 'done', requested_by: adminId }).returning('id').executeTakeFirstOrThrow()).id;
      r.attachment = (
        await db
          .insertInto('attachment')
          .values({ county_code: county, region_code: village, household_id: r.household, file_name: 'a.png', content_type: 'image/png', size: 1, content: Buffer.from([0]) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      r.import = (
        await db
          .insertInto('import_job')
          .values({ kind: 'households', user_id: adminId, region_code: village, file_name: 'a.xlsx', file: Buffer.from([0]), state: 'invalid', counts: '{}', errors: '[]' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      r.adjustment = (
        await db
          .insertInto('adjustment_run')
          .values({ region_code: village, year: 2025, state: 'done', counts: '{}', basis: '{}' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      r.feed = (
        await db
          .insertInto('feed')
          .values({ kind: 'medical_insurance', region_code: village, source: 'x', as_of: '2026-01-01', file_name: 'a.csv', mapping: '{}', user_id: adminId, state: 'failed', counts: '{}', errors: '[]' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (const kind of ['assessment', 'rollup'] as const) {
        r[kind] = (await db.insertInto('stat_job').values({ region_code: village, year: 2025, kind, state: 'done' }).returning('id').executeTakeFirstOrThrow()).id;
      }
      r.relative = (
        await db.insertInto('relative').values({ region_code: village, name: '亲属', id_number: '110101199003070012', relation: 'spouse', user_id: user }).returning('id').executeTakeFirstOrThrow()
      ).id;
      r.selfReport = (
        await db.insertInto('self_report').values({ county_code: county, village_code: village, phone: '13800000000', what: '生病了需要帮助', state: 'open' }).returning('id').executeTakeFirstOrThrow()
      ).id;
      const alert = await admin.post('/api/v1/alerts', { householdId: r.household, what: '家里有人生病住院了' });
      expect(alert.statusCode, alert.body).toBeLessThan(300);
      r.alert = String(alert.json().id ?? alert.json().alert?.id);
    }
    // The aid unit's account speaks for the unit of the own village.
    await db.updateTable('app_user').set({ aid_unit_id: f.records.own.aidUnit as string }).where('username', '=', 'm_aid_unit').execute();
    // A second household of the helper's village not paired with it: need to know hides it.
    const second = await admin.post('/api/v1/households', household(f.village.own, [member('邻居', 'head', 'female', '1975-05-06')]));
    expect(second.statusCode, second.body).toBe(201);
    unpaired = second.json().id as string;
    for (const role of ROLES) clients[role] = await signIn(app, `m_${role}`);
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.slice('/api/v1'.length) })));
  });

  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('has an entry in the access table for every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(100);
    const missing = operations.map((o) => `${o.method} ${o.path}`).filter((key) => !(key in OPERATIONS));
    expect(missing, `operations without an access entry: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(OPERATIONS).filter((key) => !operations.some((o) => `${o.method} ${o.path}` === key));
    expect(stale, `access entries without an operation: ${stale.join(', ')}`).toEqual([]);
  });

  // About 3,500 calls: 20–45 s on an idle machine, more on a busy one; the time is no part of the check.
  it('answers every operation × role × place as the table says, and a refused write changes nothing', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    let calls = 0;
    // A record one allowed caller deleted is gone for the next: 404 from then on.
    const deleted = new Set<string>();
    for (const { method, path } of operations) {
      const access = OPERATIONS[`${method} ${path}`];
      if (!access) continue;
      // Public operations (sign-in, sign-out, the public pages) are for everyone; they are not role-bound.
      if (access.caller === 'anyone') continue;
      const places = access.scope.kind === 'none' ? (['own'] as const) : PLACES;
      for (const role of ROLES) {
        for (const place of places) {
          const url = urlOf(path, access, place, f);
          const table = expected(access, role, homeOf(role, f), place, f);
          const want = table === 'allowed' && deleted.has(url) ? 404 : table;
          const write = method !== 'GET';
          const before = write && want !== 'allowed' ? await footprint() : '';
          const call = (): Promise<LightMyRequestResponse> =>
            app.inject({
              method: method as 'GET',
              url,
              headers: { cookie: `jz_session=${clients[role].cookie}` },
              ...(write && method !== 'DELETE' ? { payload: {} } : {}),
            });
          const res = await call();
          calls++;
          const s = res.statusCode;
          const where = `${method} ${path} as ${role} on ${place} (${url}) → ${s} ${s >= 400 ? res.json().error?.code : ''}`;
          if (s >= 500) failures.push(`${where}: server error`);
          else if (want === 'allowed') {
            if (s === 401 || s === 403 || (s === 404 && access.scope.kind !== 'none')) failures.push(`${where}: expected allowed`);
          } else if (s !== want) failures.push(`${where}: expected ${want}`);
          if (method === 'DELETE' && s < 300) deleted.add(url);
          if (before && (await footprint()) !== before) {
            // A background job an allowed call started (a scan, a booklet batch) may still be writing: let it
            // settle, then the refused call again must change nothing.
            await new Promise((resolve) => setTimeout(resolve, 3000));
            const settled = await footprint();
            await call();
            if ((await footprint()) !== settled) failures.push(`${where}: a refused write changed data`);
          }
        }
      }
    }
    console.info(`authorisation matrix on ${engine}: ${operations.length} operations, ${ROLES.length} roles, ${PLACES.length} places: ${calls} calls`);
    expect(failures).toEqual([]);
  });
  it('refuses the issue’s writes by the read-only inspector and the helper, with valid bodies, and stores nothing', async () => {
    const own = f.records.own;
    const before = await footprint();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const boundary = '----jz';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    for (const role of ['inspector', 'aid_unit', 'public'] as const) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/households/${own.household}/attachments`,
        headers: { cookie: `jz_session=${clients[role].cookie}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: multipart,
      });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const objection = { filedOn: '2026-01-05', text: '该户有车有房,不应退出' };
    for (const role of ['inspector', 'helper'] as const) {
      const res = await clients[role].post(`/api/v1/procedures/${own.procedure}/objections`, objection);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
    }
    expect((await clients.inspector.post(`/api/v1/regions/${f.village.own}/booklets`, { kind: 'card' })).statusCode).toBe(403);
    expect((await clients.inspector.post(`/api/v1/adjustments/${own.adjustment}/procedures`, { householdIds: [own.household] })).statusCode).toBe(403);
    expect(await footprint()).toBe(before);
  });

  it('answers a region or record outside the caller’s exactly as one that does not exist', async () => {
    const cadre = clients.township_officer;
    const foreign = f.village.otherTownship;
    for (const path of ['/households', '/alerts', '/visits', '/stats/overview']) {
      const outside = await cadre.get(`/api/v1${path}?region=${foreign}`);
      const unknown = await cadre.get(`/api/v1${path}?region=${f.village.own.slice(0, 9)}999`);
      expect(outside.statusCode, `${path}: ${outside.body}`).toBe(404);
      expect(unknown.statusCode, `${path}: ${unknown.body}`).toBe(404);
      expect(outside.json().error.code).toBe(unknown.json().error.code);
    }
    const county = clients.county_officer;
    const otherCounty = await county.get(`/api/v1/stats/assessments/${f.records.otherCounty.assessment}`);
    const unknown = await county.get('/api/v1/stats/assessments/987654321');
    expect(otherCounty.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(otherCounty.json().error.code).toBe(unknown.json().error.code);
    expect(JSON.stringify(otherCounty.json().error)).not.toContain(OTHER_COUNTY);
  });

  it('lets a helper read its paired households in full and nothing of the rest of its village', async () => {
    const helper = clients.helper;
    const paired = f.records.own.household as string;
    const ids = (res: LightMyRequestResponse) => (res.json().items as { id: string }[]).map((h) => h.id);
    expect(ids(await clients.village_cadre.get('/api/v1/households'))).toEqual(expect.arrayContaining([paired, unpaired]));
    expect(ids(await helper.get('/api/v1/households'))).toEqual([paired]);
    expect(ids(await helper.get(`/api/v1/households?region=${f.village.own}&q=${encodeURIComponent('邻居')}`))).toEqual([]);
    expect((await helper.get(`/api/v1/households/${paired}`)).statusCode).toBe(200);
    for (const path of ['', '/history', '/measures', '/benefits', '/evaluation', '/card.pdf']) {
      const res = await helper.get(`/api/v1/households/${unpaired}${path}`);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 200)}`).toBe(404);
    }
    const member = await t.database.db.selectFrom('member').select('id_number').where('household_id', '=', unpaired).executeTakeFirstOrThrow();
    expect((await clients.village_cadre.post('/api/v1/persons/search', { idNumber: member.id_number })).statusCode).toBe(200);
    expect((await helper.post('/api/v1/persons/search', { idNumber: member.id_number })).statusCode).toBe(404);
    const byId = async (client: Client) => ids(await client.post('/api/v1/households/search', { idNumber: member.id_number }));
    expect(await byId(clients.village_cadre)).toEqual([unpaired]);
    expect(await byId(helper)).toEqual([]);
    const exported = await helper.get('/api/v1/exports/households.xlsx');
    expect(exported.statusCode).toBe(200);
    const cadreExport = await clients.village_cadre.get('/api/v1/exports/households.xlsx');
    expect(exported.rawPayload.length).toBeLessThan(cadreExport.rawPayload.length);
  });

  it('lets an aid unit read its own unit’s staff, pairings, visits, ledgers and compliance, and nothing else', async () => {
    const { db } = t.database;
    const own = f.records.own;
    const other = f.records.otherVillage;
    const admin = await signIn(app, 'm_admin');
    // A second member of the own unit helps the household the helper does not; each logs a visit, and the
    // unit of the next village logs one to its own household.
    const second = await db.insertInto('aid_staff').values({ unit_id: own.aidUnit as string, name: '第二干部' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('household_pairing').values({ county_code: COUNTY, household_id: unpaired, staff_id: second.id, starts_on: '2020-01-01' }).execute();
    const visit = async (householdId: string, staffId: string) => {
      const res = await admin.post('/api/v1/visits', { householdId, visitedOn: '2026-01-10', helperIds: [staffId], seen: '入户走访,了解生产生活情况' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const ownVisit = await visit(own.household as string, own.aidStaff as string);
    const secondVisit = await visit(unpaired, second.id);
    const otherVisit = await visit(other.household as string, other.aidStaff as string);

    const unit = clients.aid_unit;
    const me = (await unit.get('/api/v1/auth/me')).json().user;
    expect(me.aidUnit).toEqual({ id: own.aidUnit, name: '单位own' });
    const units = await unit.get('/api/v1/aid-units');
    expect(units.statusCode, units.body).toBe(200);
    expect(units.json().items.map((u: { id: string }) => u.id)).toEqual([own.aidUnit]);
    const detail = await unit.get(`/api/v1/aid-units/${own.aidUnit}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().staff.map((x: { name: string }) => x.name).sort()).toEqual(['干部own', '第二干部'].sort());
    expect((await unit.get(`/api/v1/aid-units/${other.aidUnit}`)).statusCode).toBe(404);

    const pairings = (await unit.get('/api/v1/pairings')).json().items as { household: { id: string } }[];
    expect(pairings.map((p) => p.household.id).sort()).toEqual([own.household, unpaired].sort());
    expect((await unit.get(`/api/v1/pairings?householdId=${other.household}`)).json().items).toEqual([]);

    const visitIds = async (client: Client, query = '') => ((await client.get(`/api/v1/visits${query}`)).json().items as { id: string }[]).map((v) => v.id).sort();
    expect(await visitIds(unit)).toEqual([ownVisit, secondVisit].sort());
    expect(await visitIds(clients.county_officer)).toEqual(expect.arrayContaining([ownVisit, secondVisit, otherVisit]));
    const exported = await unit.get('/api/v1/exports/visits.xlsx');
    expect(exported.statusCode).toBe(200);

    const compliance = (await unit.get('/api/v1/visits/compliance')).json();
    expect(compliance.pairings).toBe(2);
    expect(compliance.byUnit.map((u: { unitId: string }) => u.unitId)).toEqual([own.aidUnit]);
    expect((await unit.get(`/api/v1/visits/compliance?unitId=${other.aidUnit}`)).json().pairings).toBe(0);
    expect((await unit.get('/api/v1/exports/visit-compliance.xlsx')).statusCode).toBe(200);

    const ledger = await unit.get(`/api/v1/helpers/${second.id}/ledger?year=2026`);
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json().visits.map((v: { id: string }) => v.id)).toEqual([secondVisit]);
    expect((await unit.get(`/api/v1/helpers/${second.id}/ledger.xlsx?year=2026`)).statusCode).toBe(200);
    expect((await unit.get(`/api/v1/helpers/${other.aidStaff}/ledger?year=2026`)).statusCode).toBe(404);

    // No household record: the registry, cases and alerts are not an aid unit's to read.
    for (const path of ['/households', `/households/${own.household}`, '/procedures', '/alerts']) {
      expect((await unit.get(`/api/v1${path}`)).statusCode, path).toBe(403);
    }

    // The helper reads the same work for its own households only, and its own ledger only.
    const helper = clients.helper;
    expect(await visitIds(helper)).toEqual([ownVisit]);
    expect(((await helper.get('/api/v1/pairings')).json().items as { household: { id: string } }[]).map((p) => p.household.id)).toEqual([own.household]);
    expect((await helper.get('/api/v1/visits/compliance')).json().pairings).toBe(1);
    expect((await helper.get(`/api/v1/helpers/${second.id}/ledger?year=2026`)).statusCode).toBe(404);

    // An aid unit's account without a unit reads no unit's work.
    await addUser(t.database, 'm_aid_unit_none', 'aid_unit', COUNTY);
    const none = await signIn(app, 'm_aid_unit_none');
    expect((await none.get('/api/v1/aid-units')).json().items).toEqual([]);
    expect(await visitIds(none)).toEqual([]);
    expect((await none.get('/api/v1/visits/compliance')).json().pairings).toBe(0);
    expect((await none.get(`/api/v1/aid-units/${own.aidUnit}`)).statusCode).toBe(404);
  });

  it('shows a helper the cases and alerts of its own households only', async () => {
    const admin = await signIn(app, 'm_admin');
    const own = f.records.own;
    const alert = await admin.post('/api/v1/alerts', { householdId: unpaired, what: '邻居家里有人生病住院了' });
    expect(alert.statusCode, alert.body).toBeLessThan(300);
    const alertId = String(alert.json().id ?? alert.json().alert?.id);
    const opened = await (await signIn(app, 'm_user_own')).post('/api/v1/procedures', { kind: 'exit', householdId: unpaired });
    expect(opened.statusCode, opened.body).toBe(201);
    const procedureId = opened.json().id as string;

    const helper = clients.helper;
    const households = (res: LightMyRequestResponse, key: 'householdId' | 'household') =>
      (res.json().items as Record<string, unknown>[]).map((x) => (key === 'household' ? (x.household as { id: string }).id : (x.householdId as string)));
    expect(new Set(households(await helper.get('/api/v1/alerts'), 'householdId'))).toEqual(new Set([own.household]));
    expect(households(await clients.village_cadre.get('/api/v1/alerts'), 'householdId')).toContain(unpaired);
    expect((await helper.get(`/api/v1/alerts/${alertId}`)).statusCode).toBe(404);
    expect((await helper.get(`/api/v1/alerts/${own.alert}`)).statusCode).toBe(200);
    expect(new Set(households(await helper.get('/api/v1/procedures'), 'household'))).toEqual(new Set([own.household]));
    expect((await helper.get(`/api/v1/procedures/${own.procedure}`)).statusCode).toBe(200);
    expect(households(await clients.village_cadre.get('/api/v1/procedures'), 'household')).toContain(unpaired);
    expect((await helper.get(`/api/v1/procedures/${procedureId}`)).statusCode).toBe(404);
    const inbox = (await helper.get('/api/v1/inbox')).json();
    expect(inbox.alerts.items.every((a: { householdId: string }) => a.householdId !== unpaired)).toBe(true);

    // Evidence is read as the household it was stored for; what the helper stored is its own.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const store = async (client: Client, householdId: string) => {
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'a.png');
      const res = await app.inject({ method: 'POST', url: `/api/v1/households/${householdId}/attachments`, headers: { cookie: `jz_session=${client.cookie}` }, payload: form });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const neighbours = await store(clients.village_cadre, unpaired);
    const ours = await store(clients.village_cadre, own.household as string);
    const mine = await store(helper, own.household as string);
    expect((await clients.village_cadre.get(`/api/v1/attachments/${neighbours}`)).statusCode).toBe(200);
    expect((await helper.get(`/api/v1/attachments/${neighbours}`)).statusCode).toBe(404);
    expect((await helper.get(`/api/v1/attachments/${ours}`)).statusCode).toBe(200);
    expect((await helper.get(`/api/v1/attachments/${mine}`)).statusCode).toBe(200);
    const stored = await t.database.db.selectFrom('attachment').select(['id', 'household_id']).where('id', 'in', [neighbours, ours]).orderBy('id').execute();
    expect(stored.map((a) => a.household_id)).toEqual([unpaired, own.household]);
  });
});
