import { todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';
import { presenceRequired } from '../src/features/work-teams/service.ts';

const V1 = '451022100001';
const T1 = '451022100';
const V2 = '451022101201';
const T2 = '451022101';

/** The month after this one, as YYYY-MM. */
function nextMonth(): string {
  const [y, m] = todayInChina().slice(0, 7).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

interface MonthRow {
  month: string;
  days: number | null;
  required: boolean;
  short: boolean;
}

describe.each(ENGINES)('work teams and campaigns on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let otherTownship: Client;
  let cadre: Client;
  let otherCadre: Client;
  let unitId: string;
  const staff: Record<string, string> = {};
  /** Villages of township 1 other than V1: each work-team test takes one of its own. */
  let freeVillages: Array<{ code: string; name: string }>;
  let villagesTaken = 0;

  const put = (client: Client, url: string, body: unknown) => app.inject({ method: 'PUT', url, headers: { cookie: `jz_session=${client.cookie}` }, payload: body as object });

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'township', 'township_officer', T1);
    await addUser(t.database, 'township2', 'township_officer', T2);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    await addUser(t.database, 'other', 'village_cadre', V2);
    county = await signIn(app, 'county');
    township = await signIn(app, 'township');
    otherTownship = await signIn(app, 'township2');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
    unitId = (await county.post('/api/v1/aid-units', { name: '县住建局', kind: 'government' })).json().id;
    for (const name of ['甲书记', '乙队长', '丙队员', '丁书记', '戊干部']) {
      const res = await county.post(`/api/v1/aid-units/${unitId}/staff`, { name, phone: '13907760000' });
      expect(res.statusCode, res.body).toBe(201);
      staff[name] = res.json().id;
    }
    freeVillages = await t.database.db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', T1).where('code', '!=', V1).orderBy('code').execute();
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  describe('work teams', () => {
    /** A village of township 1 for one test alone, with its cadre's and its work team's accounts signed in. */
    async function ownVillage() {
      const k = villagesTaken++;
      const village = freeVillages[k];
      if (!village) throw new Error('no village left for the test');
      await addUser(t.database, `cadre-wt${k}`, 'village_cadre', village.code);
      await addUser(t.database, `team-wt${k}`, 'work_team', village.code);
      return { ...village, cadre: await signIn(app, `cadre-wt${k}`), team: await signIn(app, `team-wt${k}`) };
    }

    /** The 2024 team of 县住建局 in a village. */
    async function teamOf2024(villageCode: string): Promise<string> {
      const res = await county.post('/api/v1/work-teams', { villageCode, unitId, startsOn: '2024-01-01', endsOn: '2024-12-31' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }

    /** The team that follows it from 2025, sent by the township. */
    async function secondTeam(villageCode: string): Promise<string> {
      const res = await township.post('/api/v1/work-teams', { villageCode, name: '第二批驻村工作队', startsOn: '2025-01-01' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }

    /** The 2024 members: 甲 first secretary until the end of August, 乙 leader, 丙 from 15 March, 丁 first secretary from September. */
    async function staffed(teamId: string): Promise<Record<string, string>> {
      const members: Record<string, string> = {};
      for (const [name, role, startsOn] of [['甲书记', 'first_secretary', '2024-01-01'], ['乙队长', 'leader', '2024-01-01'], ['丙队员', 'member', '2024-03-15']] as const) {
        const res = await county.post(`/api/v1/work-teams/${teamId}/members`, { staffId: staff[name], role, startsOn });
        expect(res.statusCode, res.body).toBe(201);
        members[name] = res.json().id;
      }
      const ended = await county.post(`/api/v1/work-teams/${teamId}/members/${members['甲书记']}/end`, { endsOn: '2024-08-31', reason: '调回原单位' });
      expect(ended.statusCode, ended.body).toBe(204);
      const successor = await county.post(`/api/v1/work-teams/${teamId}/members`, { staffId: staff['丁书记'], role: 'first_secretary', startsOn: '2024-09-01' });
      expect(successor.statusCode, successor.body).toBe(201);
      members['丁书记'] = successor.json().id;
      return members;
    }

    it('sends a team to a village, one team at a time, only by an office that manages assistance', async () => {
      const village = await ownVillage();
      const res = await county.post('/api/v1/work-teams', { villageCode: village.code, unitId, startsOn: '2024-01-01', endsOn: '2024-12-31' });
      expect(res.statusCode, res.body).toBe(201);
      const teamId = res.json().id;
      const overlap = await township.post('/api/v1/work-teams', { villageCode: village.code, startsOn: '2024-12-31' });
      expect(overlap.statusCode).toBe(409);
      expect(overlap.json().error).toMatchObject({ code: 'conflict', details: { teamId, fields: [expect.objectContaining({ path: 'startsOn', code: 'team_overlaps' })] } });
      // The next team starts the day after; it is outside 2024.
      const next = await township.post('/api/v1/work-teams', { villageCode: village.code, name: '第二批驻村工作队', startsOn: '2025-01-01' });
      expect(next.statusCode, next.body).toBe(201);
      expect((await village.cadre.post('/api/v1/work-teams', { villageCode: village.code, startsOn: '2026-01-01' })).json().error).toMatchObject({ code: 'forbidden' });
      expect((await otherTownship.post('/api/v1/work-teams', { villageCode: village.code, startsOn: '2030-01-01' })).statusCode).toBe(404);
      expect((await county.post('/api/v1/work-teams', { villageCode: V2, unitId: '999999', startsOn: '2030-01-01' })).json().error.details.fields).toEqual([
        expect.objectContaining({ path: 'unitId', code: 'unit_not_found' }),
      ]);
      const detail = (await village.cadre.get(`/api/v1/work-teams/${teamId}?year=2024`)).json();
      expect(detail).toMatchObject({ id: teamId, villageCode: village.code, villageName: village.name, name: `${village.name}驻村工作队`, unitId, unitName: '县住建局', startsOn: '2024-01-01', endsOn: '2024-12-31', minDaysInVillage: 20, year: 2024, members: [] });
    });

    it('adds members within the term, one first secretary at a time, no one twice over the same days', async () => {
      const village = await ownVillage();
      const teamId = await teamOf2024(village.code);
      const members: Record<string, string> = {};
      const add = (name: string, body: Record<string, unknown>) => county.post(`/api/v1/work-teams/${teamId}/members`, { staffId: staff[name], ...body });
      for (const [name, role, startsOn] of [['甲书记', 'first_secretary', '2024-01-01'], ['乙队长', 'leader', '2024-01-01'], ['丙队员', 'member', '2024-03-15']] as const) {
        const res = await add(name, { role, startsOn });
        expect(res.statusCode, res.body).toBe(201);
        members[name] = res.json().id;
      }
      const second = await add('丁书记', { role: 'first_secretary', startsOn: '2024-06-01' });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toMatchObject({ code: 'conflict', details: { memberId: members['甲书记'], fields: [expect.objectContaining({ path: 'role', code: 'first_secretary_taken' })] } });
      const twice = await add('丙队员', { role: 'member', startsOn: '2024-05-01' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.details.fields).toEqual([expect.objectContaining({ path: 'startsOn', code: 'member_overlaps' })]);
      const early = await add('戊干部', { role: 'member', startsOn: '2023-12-01' });
      expect(early.statusCode).toBe(400);
      expect(early.json().error.details.fields).toEqual([expect.objectContaining({ path: 'startsOn', code: 'outside_term' })]);
      const late = await add('戊干部', { role: 'member', startsOn: '2024-02-01', endsOn: '2025-03-01' });
      expect(late.json().error.details.fields).toEqual([expect.objectContaining({ path: 'endsOn', code: 'outside_term' })]);
      expect((await add('戊干部', { role: 'member', startsOn: '2024-02-01', staffId: '999999' })).json().error.details.fields[0].code).toBe('helper_not_found');
      // The first secretary is recalled at the end of August; the next one takes over in September.
      const ended = await county.post(`/api/v1/work-teams/${teamId}/members/${members['甲书记']}/end`, { endsOn: '2024-08-31', reason: '调回原单位' });
      expect(ended.statusCode, ended.body).toBe(204);
      expect((await add('丁书记', { role: 'first_secretary', startsOn: '2024-08-31' })).statusCode).toBe(409);
      const successor = await add('丁书记', { role: 'first_secretary', startsOn: '2024-09-01' });
      expect(successor.statusCode, successor.body).toBe(201);
      members['丁书记'] = successor.json().id;
      expect((await village.cadre.post(`/api/v1/work-teams/${teamId}/members`, { staffId: staff['戊干部'], role: 'member', startsOn: '2024-02-01' })).statusCode).toBe(403);
    });

    it('records days in the village and counts the member-months short of the minimum', async () => {
      const village = await ownVillage();
      const teamId = await teamOf2024(village.code);
      await secondTeam(village.code);
      const members = await staffed(teamId);
      const { cadre, team: teamAccount } = village;
      const record = (client: Client, name: string, month: string, days: number) => put(client, `/api/v1/work-teams/${teamId}/presence`, { memberId: members[name], month, days });
      // 甲 (Jan–Aug required): Jan 22, Feb 20, Mar 15 short, Apr–Aug unrecorded → 6 short.
      // 乙 (all 12 required): 21 days a month but June 19 → 1 short.
      // 丙 (joined 15 March: Apr–Dec required): March 10 is not judged, Apr–Dec 20 → 0 short.
      // 丁 (Sep–Dec required): Sep 25, Oct 25, Nov 30, Dec unrecorded → 1 short. In all: 8.
      const plan: Array<[string, string, number]> = [
        ['甲书记', '2024-01', 22], ['甲书记', '2024-02', 20], ['甲书记', '2024-03', 15],
        ...Array.from({ length: 12 }, (_, i): [string, string, number] => ['乙队长', `2024-${String(i + 1).padStart(2, '0')}`, i === 5 ? 18 : 21]),
        ...Array.from({ length: 10 }, (_, i): [string, string, number] => ['丙队员', `2024-${String(i + 3).padStart(2, '0')}`, i === 0 ? 10 : 20]),
        ['丁书记', '2024-09', 25], ['丁书记', '2024-10', 25], ['丁书记', '2024-11', 30],
      ];
      for (const [i, [name, month, days]] of plan.entries()) {
        const res = await record(i % 2 === 0 ? cadre : teamAccount, name, month, days);
        expect(res.statusCode, res.body).toBe(204);
      }
      // A correction replaces the figure; the audit keeps both.
      expect((await record(cadre, '乙队长', '2024-06', 19)).statusCode).toBe(204);
      const audit = await t.database.db.selectFrom('audit_event').select(['before', 'after']).where('action', '=', 'work_team.presence_recorded').where('entity_id', '=', teamId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect([audit.before, audit.after]).toEqual([{ memberId: members['乙队长'], month: '2024-06', days: 18 }, { memberId: members['乙队长'], month: '2024-06', days: 19 }]);

      const detail = (await cadre.get(`/api/v1/work-teams/${teamId}?year=2024`)).json();
      expect(detail.members.map((m: { name: string; role: string }) => `${m.role}:${m.name}`)).toEqual(['first_secretary:甲书记', 'first_secretary:丁书记', 'leader:乙队长', 'member:丙队员']);
      const byName = (name: string) => detail.members.find((m: { name: string }) => m.name === name) as { months: MonthRow[]; totalDays: number; endsOn: string; endReason: string | null };
      const first = byName('甲书记');
      expect(first).toMatchObject({ endsOn: '2024-08-31', endReason: '调回原单位', totalDays: 57 });
      expect(first.months).toHaveLength(12);
      expect(first.months.slice(0, 4)).toEqual([
        { month: '2024-01', days: 22, required: true, short: false },
        { month: '2024-02', days: 20, required: true, short: false },
        { month: '2024-03', days: 15, required: true, short: true },
        { month: '2024-04', days: null, required: true, short: true },
      ]);
      expect(first.months[8]).toEqual({ month: '2024-09', days: null, required: false, short: false });
      expect(byName('丙队员').months[2]).toEqual({ month: '2024-03', days: 10, required: false, short: false });
      expect(byName('乙队长').totalDays).toBe(21 * 11 + 19);
      const shortByMember = detail.members.map((m: { name: string; months: MonthRow[] }) => `${m.name}:${m.months.filter((x) => x.short).length}`);
      expect(shortByMember).toEqual(['甲书记:6', '丁书记:1', '乙队长:1', '丙队员:0']);

      // The list: the 2025 team is outside 2024; at the year's end 丁 is first secretary and three serve.
      const list = (await county.get(`/api/v1/work-teams?region=${village.code}&year=2024`)).json().items;
      expect(list).toEqual([
        {
          id: teamId,
          villageCode: village.code,
          villageName: village.name,
          name: `${village.name}驻村工作队`,
          unitId,
          unitName: '县住建局',
          startsOn: '2024-01-01',
          endsOn: '2024-12-31',
          firstSecretary: { staffId: staff['丁书记'], name: '丁书记', phone: '13907760000' },
          members: 3,
          shortfallMonths: 8,
        },
      ]);
      expect((await township.get(`/api/v1/work-teams?region=${village.code}&year=2025`)).json().items.map((x: { name: string }) => x.name)).toEqual(['第二批驻村工作队']);
    });

    it('refuses days beyond the month, months outside the service or ahead, and someone not on the team', async () => {
      const village = await ownVillage();
      const teamId = await teamOf2024(village.code);
      await secondTeam(village.code);
      const members = await staffed(teamId);
      const { cadre } = village;
      const record = (memberId: string | undefined, month: string, days: number, id = teamId) => put(cadre, `/api/v1/work-teams/${id}/presence`, { memberId, month, days });
      const november = await record(members['丁书记'], '2024-11', 31);
      expect(november.statusCode).toBe(400);
      expect(november.json().error.details.fields).toEqual([expect.objectContaining({ path: 'days', code: 'days_exceed_month' })]);
      const afterEnd = await record(members['甲书记'], '2024-09', 20);
      expect(afterEnd.json().error.details.fields).toEqual([expect.objectContaining({ path: 'month', code: 'outside_term' })]);
      const teams = (await cadre.get('/api/v1/work-teams?year=2025')).json().items;
      const nextTeam = teams[0].id as string;
      const newcomer = await county.post(`/api/v1/work-teams/${nextTeam}/members`, { staffId: staff['戊干部'], role: 'member', startsOn: '2025-01-01' });
      expect(newcomer.statusCode, newcomer.body).toBe(201);
      const wrongTeam = await record(newcomer.json().id, '2025-01', 20);
      expect(wrongTeam.json().error.details.fields).toEqual([expect.objectContaining({ path: 'memberId', code: 'not_a_member' })]);
      const ahead = await record(newcomer.json().id, nextMonth(), 20, nextTeam);
      expect(ahead.json().error.details.fields).toEqual([expect.objectContaining({ path: 'month', code: 'not_in_future' })]);
      expect((await record(newcomer.json().id, '2025-01', 20, nextTeam)).statusCode).toBe(204);
    });

    it('keeps other villages out: not found, and no presence written', async () => {
      const village = await ownVillage();
      const teamId = await teamOf2024(village.code);
      const members = await staffed(teamId);
      expect((await put(village.cadre, `/api/v1/work-teams/${teamId}/presence`, { memberId: members['乙队长'], month: '2024-07', days: 21 })).statusCode).toBe(204);
      expect((await otherCadre.get(`/api/v1/work-teams/${teamId}`)).statusCode).toBe(404);
      expect((await otherCadre.get(`/api/v1/work-teams/${teamId}?year=2024`)).json().error.code).toBe('not_found');
      const write = await put(otherCadre, `/api/v1/work-teams/${teamId}/presence`, { memberId: members['乙队长'], month: '2024-07', days: 5 });
      expect(write.statusCode).toBe(404);
      expect((await otherCadre.get('/api/v1/work-teams?year=2024')).json().items).toEqual([]);
      expect((await otherCadre.get(`/api/v1/work-teams?region=${village.code}`)).json().error.code).toBe('region_not_found');
      expect((await otherTownship.post(`/api/v1/work-teams/${teamId}/members/${members['乙队长']}/end`, { endsOn: '2024-10-01', reason: '越权操作' })).statusCode).toBe(404);
      const july = await t.database.db.selectFrom('work_team_presence').select('days').where('member_id', '=', members['乙队长'] as string).where('month', '=', '2024-07-01').executeTakeFirstOrThrow();
      expect(july.days).toBe(21);
    });
  });

  describe('campaigns', () => {
    let households: string[];

    /** Logs a visit straight into the tables (the visit API is not under test here). */
    async function insertVisit(householdId: string, on: string, spent: number, helpers: string[], campaign: string | null) {
      const visit = await t.database.db
        .insertInto('visit')
        .values({ county_code: '451022', household_id: householdId, visited_on: on, seen: '走访慰问,送上慰问金', campaign_id: campaign, spent })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.database.db
        .insertInto('visit_helper')
        .values(helpers.map((staffId) => ({ county_code: '451022', visit_id: visit.id, staff_id: staffId, household_id: householdId, visited_on: on })))
        .execute();
    }

    beforeAll(async () => {
      households = [];
      for (const name of ['慰问户一', '慰问户二']) {
        const res = await cadre.post('/api/v1/households', household(V1, [member(name, 'head', 'male', '1950-03-01')]));
        expect(res.statusCode, res.body).toBe(201);
        households.push(res.json().id);
      }
    });

    it('sums household visits, person-visits, participants and money exactly', async () => {
      const res = await county.post('/api/v1/campaigns', { unitId, regionCode: T1, name: '扶贫日走访慰问', startsOn: '2024-10-15', endsOn: '2024-10-17', participants: 8, note: '县住建局全体干部职工' });
      expect(res.statusCode, res.body).toBe(201);
      const campaignId = res.json().id;
      const [h1, h2] = households as [string, string];
      // Three visits under the campaign by three distinct helpers, 1,100.50 yuan; two outside it.
      await insertVisit(h1, '2024-10-15', 500, [staff['甲书记'] as string, staff['乙队长'] as string], campaignId);
      await insertVisit(h2, '2024-10-16', 600.5, [staff['甲书记'] as string], campaignId);
      await insertVisit(h1, '2024-10-17', 0, [staff['丙队员'] as string], campaignId);
      await insertVisit(h2, '2024-10-16', 999, [staff['丁书记'] as string], null);
      // People outside the registry: 80 + 34 persons, 32,000 + 16,499.50 yuan.
      for (const entry of [
        { on: '2024-10-16', persons: 80, spent: 32000, note: '慰问老党员、孤寡老人' },
        { on: '2024-10-17', persons: 34, spent: 16499.5, note: '慰问困难学生' },
      ]) {
        const added = await township.post(`/api/v1/campaigns/${campaignId}/entries`, entry);
        expect(added.statusCode, added.body).toBe(201);
      }
      // A village campaign with no declared participants: its two helpers are its participants.
      const small = await county.post('/api/v1/campaigns', { unitId, regionCode: V1, name: '春节慰问', startsOn: '2025-01-20', endsOn: '2025-01-25' });
      expect(small.statusCode, small.body).toBe(201);
      await insertVisit(h1, '2025-01-21', 200, [staff['乙队长'] as string, staff['戊干部'] as string], small.json().id);

      const sums = { householdVisits: 3, personVisits: 117, helpers: 3, participants: 8, declaredParticipants: 8, spent: 49600 };
      const list = (await township.get('/api/v1/campaigns?year=2024')).json().items;
      expect(list).toEqual([
        { id: campaignId, unitId, unitName: '县住建局', regionCode: T1, regionName: expect.any(String), name: '扶贫日走访慰问', startsOn: '2024-10-15', endsOn: '2024-10-17', note: '县住建局全体干部职工', ...sums },
      ]);
      // Without a year, every campaign of the region, newest first; a village cadre sees those of the village.
      // (Township 1's: the campaigns other tests hold lie in other townships.)
      const all = (await county.get(`/api/v1/campaigns?region=${T1}`)).json().items;
      expect(all.map((c: { name: string; participants: number; personVisits: number; spent: number }) => [c.name, c.participants, c.personVisits, c.spent])).toEqual([
        ['春节慰问', 2, 1, 200],
        ['扶贫日走访慰问', 8, 117, 49600],
      ]);
      expect((await cadre.get('/api/v1/campaigns')).json().items.map((c: { name: string }) => c.name)).toEqual(['春节慰问']);
      const detail = (await county.get(`/api/v1/campaigns/${campaignId}`)).json();
      expect(detail).toMatchObject(sums);
      expect(detail.entries).toEqual([
        { id: expect.any(String), on: '2024-10-16', persons: 80, spent: 32000, note: '慰问老党员、孤寡老人' },
        { id: expect.any(String), on: '2024-10-17', persons: 34, spent: 16499.5, note: '慰问困难学生' },
      ]);
      expect(detail.visits.map((v: { household: { headName: string }; visitedOn: string; helpers: Array<{ name: string }>; spent: number }) => [v.household.headName, v.visitedOn, v.helpers.map((h) => h.name).sort(), v.spent])).toEqual([
        ['慰问户一', '2024-10-15', ['乙队长', '甲书记'], 500],
        ['慰问户二', '2024-10-16', ['甲书记'], 600.5],
        ['慰问户一', '2024-10-17', ['丙队员'], 0],
      ]);
    });

    it('refuses an entry outside the campaign’s days or ahead of today, a place outside the region, and a cadre', async () => {
      // A campaign of its own, in a township other than 1 and 2, with the two entries of the campaign above.
      const place = await t.database.db
        .selectFrom('region as town')
        .innerJoin('region as village', 'village.parent_code', 'town.code')
        .select(['town.code as township', 'village.code as village'])
        .where('town.parent_code', '=', '451022')
        .where('town.code', 'not in', [T1, T2])
        .orderBy('town.code')
        .orderBy('village.code')
        .executeTakeFirstOrThrow();
      const created = await county.post('/api/v1/campaigns', { unitId, regionCode: place.township, name: '扶贫日走访慰问', startsOn: '2024-10-15', endsOn: '2024-10-17', participants: 8 });
      expect(created.statusCode, created.body).toBe(201);
      const campaignId = created.json().id;
      for (const entry of [
        { on: '2024-10-16', persons: 80, spent: 32000, note: '慰问老党员、孤寡老人' },
        { on: '2024-10-17', persons: 34, spent: 16499.5, note: '慰问困难学生' },
      ]) {
        const added = await county.post(`/api/v1/campaigns/${campaignId}/entries`, entry);
        expect(added.statusCode, added.body).toBe(201);
      }
      const outside = await county.post(`/api/v1/campaigns/${campaignId}/entries`, { on: '2024-10-18', persons: 3, spent: 300, note: '活动结束后补登' });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details.fields).toEqual([expect.objectContaining({ path: 'on', code: 'outside_campaign' })]);
      const today = todayInChina();
      const open = await county.post('/api/v1/campaigns', { unitId, regionCode: place.village, name: '长期慰问', startsOn: today, endsOn: `${Number(today.slice(0, 4)) + 1}-12-31` });
      expect(open.statusCode, open.body).toBe(201);
      const ahead = await county.post(`/api/v1/campaigns/${open.json().id}/entries`, { on: `${Number(today.slice(0, 4)) + 1}-01-01`, persons: 1, note: '提前登记' });
      expect(ahead.json().error.details.fields).toEqual([expect.objectContaining({ path: 'on', code: 'not_in_future' })]);
      expect((await otherTownship.post('/api/v1/campaigns', { unitId, regionCode: T1, name: '越界活动', startsOn: '2024-10-01', endsOn: '2024-10-02' })).statusCode).toBe(404);
      const badUnit = await county.post('/api/v1/campaigns', { unitId: '999999', regionCode: T1, name: '无单位', startsOn: '2024-10-01', endsOn: '2024-10-02' });
      expect(badUnit.json().error.details.fields).toEqual([expect.objectContaining({ path: 'unitId', code: 'unit_not_found' })]);
      expect((await county.post('/api/v1/campaigns', { unitId, regionCode: '451022', name: '全县', startsOn: '2024-10-01', endsOn: '2024-10-02' })).statusCode).toBe(400);
      expect((await cadre.post('/api/v1/campaigns', { unitId, regionCode: V1, name: '村里自办', startsOn: '2024-10-01', endsOn: '2024-10-02' })).json().error.code).toBe('forbidden');
      // Out of the region: not found, whether reading or adding people.
      expect((await otherCadre.get(`/api/v1/campaigns/${campaignId}`)).statusCode).toBe(404);
      expect((await otherTownship.get(`/api/v1/campaigns/${campaignId}`)).statusCode).toBe(404);
      expect((await otherTownship.post(`/api/v1/campaigns/${campaignId}/entries`, { on: '2024-10-16', persons: 1, note: '越界登记' })).statusCode).toBe(404);
      expect((await otherTownship.get('/api/v1/campaigns')).json().items).toEqual([]);
      const entries = await t.database.db.selectFrom('campaign_entry').select('id').where('campaign_id', '=', campaignId).execute();
      expect(entries).toHaveLength(2);
    });
  });
});

describe('which months a work-team member must have spent in the village', () => {
  const member = { starts_on: '2026-03-15', ends_on: '2026-09-30' };
  it.each([
    ['2026-03', false, 'joined part-way'],
    ['2026-04', true, 'a whole month served and over'],
    ['2026-09', true, 'the last whole month'],
    ['2026-10', false, 'after leaving'],
  ])('%s: %s (%s)', (month, required) => {
    expect(presenceRequired(member, month, '2026-11')).toBe(required);
  });
  it('does not count the month under way as short', () => {
    expect(presenceRequired({ starts_on: '2026-01-01', ends_on: null }, '2026-11', '2026-11')).toBe(false);
    expect(presenceRequired({ starts_on: '2026-01-01', ends_on: null }, '2026-10', '2026-11')).toBe(true);
  });
});
