import { addWorkingDays, NATIONAL_DEFAULT_PROFILE, type PolicyOverride, setToday, unpublishedYears } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as addHolidayCalendar } from '../migrations/0018_holiday_calendar.ts';
import { stateCouncilCalendar } from '../src/kernel/calendar/holiday-calendar.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';

const V1 = '451022100001';

/**
 * The expected dates are counted by hand from the State Council's notices (国办发明电〔2025〕7号 for 2026:
 * 春节 2月15日至23日放假, 2月14日(周六)、2月28日(周六)上班; 国庆节 10月1日至7日放假, 9月20日(周日)、10月10日(周六)上班;
 * 中秋节 9月25日至27日放假) and, for 2027, whose notice is not published, from the statutory holidays alone.
 */
describe('the State Council calendar', () => {
  const calendar = stateCouncilCalendar();
  const weekendsOnly = { holidays: [], extraWorkdays: [] };

  it('holds every published year from 2014, and the statutory holidays of the next years as not published', () => {
    expect(calendar.publishedYears).toEqual(Array.from({ length: 13 }, (_, i) => String(2014 + i)));
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-15', '2026-02-23', '2026-10-01', '2026-10-07']));
    expect(calendar.extraWorkdays).toEqual(expect.arrayContaining(['2026-01-04', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']));
    // 2027: 元旦 (Friday 1 January), 除夕 to 初三 (5 to 8 February), and no make-up day before its notice.
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-02-08', '2027-10-01']));
    expect(calendar.extraWorkdays.some((d) => d >= '2027')).toBe(false);
  });

  it('counts 20 working days across the 2026 Spring Festival: the Saturdays worked count, the nine days off do not', () => {
    // Fri 13 Feb: Sat 14 (1), 24–28 Feb (2–6, Sat 28 worked), 2–6 Mar (7–11), 9–13 Mar (12–16), 16–19 Mar (17–20).
    expect(addWorkingDays('2026-02-13', 20, calendar)).toBe('2026-03-19');
    expect(addWorkingDays('2026-02-13', 20, weekendsOnly)).toBe('2026-03-13');
  });

  it('counts 20 working days across National Day 2026, and across 中秋 and National Day together', () => {
    // Mon 28 Sep: 29–30 Sep (1–2), 8–10 Oct (3–5, Sat 10 worked), 12–16 (6–10), 19–23 (11–15), 26–30 (16–20).
    expect(addWorkingDays('2026-09-28', 20, calendar)).toBe('2026-10-30');
    // Fri 18 Sep: Sun 20 worked (1), 21–24 (2–5; 25 is 中秋), 28–30 (6–8), 8–10 Oct (9–11), 12–16 (12–16), 19–22 (17–20).
    expect(addWorkingDays('2026-09-18', 20, calendar)).toBe('2026-10-22');
  });

  it('does not count New Year’s Day 2027: a case opened on 2026-12-07 is due on 2027-01-05, noting 2027 is not published', () => {
    // Tue 8 Dec to Thu 31 Dec are 18 working days; Fri 1 Jan is a holiday; Mon 4 Jan (19), Tue 5 Jan (20).
    expect(addWorkingDays('2026-12-07', 20, calendar)).toBe('2027-01-05');
    expect(addWorkingDays('2026-12-07', 20, weekendsOnly)).toBe('2027-01-04');
    expect(unpublishedYears('2026-12-07', '2027-01-05', calendar)).toEqual([2027]);
    expect(unpublishedYears('2026-02-13', '2026-03-19', calendar)).toEqual([]);
  });
});

describe.each(ENGINES)('deadlines on the national calendar on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let cadre: Client;

  beforeAll(async () => {
    // The case opens on 2026-12-07, which must not be in the future whatever day the suite runs.
    setToday('2026-12-08');
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'cadre', 'village_cadre', V1);
    cadre = await signIn(app, 'cadre');
  });
  afterAll(async () => {
    setToday(process.env.JINGZHUN_TODAY ?? null);
    await app?.close();
    await t?.dispose();
  });

  /** Registers a candidate household headed by `head` and opens its identification case on 2026-12-07; returns the case's id. */
  async function caseOpenedOn20261207(head: string, birthDate: string): Promise<string> {
    const created = await cadre.post('/api/v1/households', household(V1, [member(head, 'head', 'male', birthDate)], { status: 'candidate' }));
    expect(created.statusCode, created.body).toBe(201);
    const opened = await cadre.post('/api/v1/procedures', { kind: 'identification', householdId: created.json().id, openedOn: '2026-12-07' });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id as string;
  }

  it('gives a case opened on 2026-12-07 its due date after New Year’s Day, and says 2027 is not published', async () => {
    const id = await caseOpenedOn20261207('节假甲', '1968-08-08');
    const detail = (await cadre.get(`/api/v1/procedures/${id}`)).json();
    expect(detail).toMatchObject({ openedOn: '2026-12-07', dueOn: '2027-01-05', unpublishedYears: [2027] });

    const profile = (await cadre.get('/api/v1/policy-profiles/effective?date=2026-12-07')).json();
    expect(profile.procedures.publishedYears).toContain('2026');
    expect(profile.procedures.publishedYears).not.toContain('2027');
    expect(profile.procedures.holidays).toContain('2027-01-01');
  });

  it('adds the calendar to an installation that stored the national profile without it, as a new version', async () => {
    // An installation from before the calendar: its national version 1 has no holidays, and a case opened
    // under it on 2026-12-07 is due on 2027-01-04.
    const legacyCase = await caseOpenedOn20261207('节假乙', '1969-09-09');
    const { id: _id, ...legacy } = NATIONAL_DEFAULT_PROFILE as PolicyOverride;
    await sql`UPDATE policy_profile SET body = ${JSON.stringify(legacy)} WHERE scope_code = 'CN'`.execute(t.database.db);
    await sql`
      UPDATE procedure SET due_on = '2027-01-04',
        doc = jsonb_set(doc, '{rules}', (doc->'rules') - 'publishedYears' || '{"holidays": [], "extraWorkdays": []}'::jsonb)`.execute(t.database.db);
    expect((await cadre.get(`/api/v1/procedures/${legacyCase}`)).json()).toMatchObject({ dueOn: '2027-01-04', unpublishedYears: [2026, 2027] });
    await addHolidayCalendar(t.database.db as never);
    const versions = (await cadre.get('/api/v1/policy-profiles?scope=CN')).json().items as Array<{ version: number; procedures: { publishedYears?: string[] } }>;
    const latest = versions.sort((a, b) => b.version - a.version)[0];
    expect(latest?.version).toBe(2);
    expect(latest?.procedures.publishedYears).toContain('2026');
    const effective = (await cadre.get('/api/v1/policy-profiles/effective?date=2026-12-07')).json();
    expect(effective.basis).toEqual([expect.objectContaining({ scopeCode: 'CN', version: 2 })]);
    // The open case is counted again on the calendar.
    expect((await cadre.get(`/api/v1/procedures/${legacyCase}`)).json()).toMatchObject({ dueOn: '2027-01-05', unpublishedYears: [2027] });
    // Run again, it adds nothing.
    await addHolidayCalendar(t.database.db as never);
    expect((await cadre.get('/api/v1/policy-profiles?scope=CN')).json().items).toHaveLength(2);
  });
});
