import { addCalendarDays, idCheckChar, MONITORING_DEFAULTS, todayInChina } from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { household, member } from './support/fixtures.ts';
import { csvRecords, decodeCsvChunks } from '../src/features/feeds/reader.ts';

const V1 = '451022100001';
const V2 = '451022101201';
const today = todayInChina();
const year = Number(today.slice(0, 4));
const SAFE = { foodSecure: true, clothingSecure: true, housingGrade: 'B', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
/** Every fact the rules read of a member, stated: a fact left out is unknown and decides nothing. */
const KNOWN = { health: 'healthy', chronicDiseaseCard: false, publicPayroll: false, medicalInsured: true } as const;
const NO_ASSETS = { car: false, machinery: false, townProperty: false, registeredBusiness: false };
const income = (y: number, wages: number) => ({ year: y, wages, business: 0, property: 0, transfers: 0, productionCosts: 0 });
/** A date this year no later than today. */
const thisYear = (mmdd: string) => (`${year}-${mmdd}` <= today ? `${year}-${mmdd}` : `${year}-01-02`);

/** A valid resident ID of someone no household holds. */
function stranger(n: number): string {
  const first17 = `45102219900101${String(500 + n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

describe('feed files read a chunk at a time', () => {
  it('gives the same records whatever the chunk size: quoted commas, quotes and newlines across chunks, a byte-order mark, CRLF', () => {
    const text = '\uFEFF身份证号,日期,个人自付金额\r\n110101199003070012,2026-01-02,"1,200"\r\n"a""b","multi\nline",3\n\n110101199003070012,2026-01-03,5\n"unterminated,\nend';
    const whole = [...csvRecords(text.slice(1))].flat();
    expect(whole.map((r) => r.row)).toEqual([1, 2, 3, 6, 7]);
    expect(whole[2]?.cells).toEqual(['a"b', 'multi\nline', '3']);
    const buffer = Buffer.from(text, 'utf-8');
    for (let size = 1; size <= buffer.length; size++) expect([...csvRecords(decodeCsvChunks(buffer, size))].flat()).toEqual(whole);
  });

  it('reads a file that is not UTF-8 as GB18030', () => {
    const gb = Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0x31, 0x0a]); // 身份证号,1
    expect([...csvRecords(decodeCsvChunks(gb, 3))].flat()).toEqual([{ row: 1, cells: ['身份证号', '1'] }]);
  });
});

describe.each(ENGINES)('relapse monitoring on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;
  let cadre: Client;
  let otherCadre: Client;
  let inspector: Client;
  let cadreId: string;
  let otherCadreId: string;
  /** Households by key and their people's ID numbers by `key.name`: each test registers its own under keys no other test uses. */
  const ids: Record<string, string> = {};
  const people: Record<string, string> = {};

  async function register(client: Client, village: string, key: string, members: ReturnType<typeof member>[], extra: Record<string, unknown> = {}) {
    const res = await client.post('/api/v1/households', household(village, members, { conditions: SAFE, assets: NO_ASSETS, ...extra }));
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
    for (const m of members) people[`${key}.${m.name}`] = m.idNumber;
    return ids[key] as string;
  }

  async function setStatus(key: string, status: string, extra: Record<string, unknown> = {}) {
    await t.database.db.updateTable('household').set({ status, ...extra }).where('id', '=', ids[key] as string).execute();
  }

  const couple = (surname: string) => [
    member(`${surname}大`, 'head', 'male', '1975-03-01', { ...KNOWN }),
    member(`${surname}嫂`, 'spouse', 'female', '1977-06-01', { ...KNOWN }),
  ];
  /** The same wages last year and this: no fall, above every line. */
  const steady = () => [income(year - 1, 24_000), income(year, 24_000)];
  /** Wages that fell by three quarters this year, under the line. */
  const fallen = () => [income(year - 1, 24_000), income(year, 6_000)];

  /** A couple (`surname`大 and `surname`嫂) registered by its village's cadre, with a steady income unless told; exited in 2019 unless `poor`. */
  async function coupleHousehold(key: string, surname: string, options: { village?: string; incomes?: ReturnType<typeof income>[]; poor?: boolean } = {}) {
    const village = options.village ?? V1;
    const id = await register(village === V1 ? cadre : otherCadre, village, key, couple(surname), { incomes: options.incomes ?? steady() });
    if (!options.poor) await setStatus(key, 'exited', { year_exited: 2019 });
    return id;
  }

  /** A poor family of V1 with a boy of twelve at junior school (`学童`). */
  const schoolFamily = (key: string) =>
    register(cadre, V1, key, [...couple('学'), member('学童', 'child', 'male', `${year - 12}-05-01`, { ...KNOWN, schoolStatus: 'junior' })], { incomes: steady() });

  /** The ID number of a person a test registered. */
  const idOf = (key: string, name: string) => people[`${key}.${name}`] as string;

  function csv(rows: string[][]): Buffer {
    return Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf-8');
  }

  async function upload(client: Client, kind: string, file: Buffer, fields: Record<string, string> = {}, name = `${kind}.csv`) {
    const form = new FormData();
    form.append('source', fields.source ?? '县医疗保障局');
    form.append('asOf', fields.asOf ?? thisYear('10-31'));
    for (const [k, v] of Object.entries(fields)) if (k !== 'source' && k !== 'asOf') form.append(k, v);
    form.append('file', new Blob([file]), name);
    return client.post(`/api/v1/feeds/${kind}/imports`, form);
  }

  async function settle(client: Client, feedId: string) {
    for (let i = 0; i < 600; i++) {
      const feed = (await client.get(`/api/v1/feeds/${feedId}`)).json();
      if (feed.state !== 'validating' && feed.state !== 'writing') return feed;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('feed did not settle');
  }

  /** Uploads, waits for the check, confirms, waits for the write; returns the written feed. */
  async function importFeed(client: Client, kind: string, file: Buffer, fields: Record<string, string> = {}, name?: string) {
    const res = await upload(client, kind, file, fields, name);
    expect(res.statusCode, res.body).toBe(202);
    const checked = await settle(client, res.json().id);
    expect(checked.state, JSON.stringify(checked.errors)).toBe('validated');
    expect((await client.post(`/api/v1/feeds/${checked.id}/confirm`)).statusCode).toBe(202);
    const written = await settle(client, checked.id);
    expect(written.state, written.message).toBe('done');
    return written;
  }

  const count = async (table: 'feed' | 'feed_row' | 'feed_unmatched' | 'alert') =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  async function alertsOf(key: string, client = county) {
    const res = await client.get(`/api/v1/alerts?householdId=${ids[key]}&pageSize=50`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Array<{ id: string; rule: string; state: string; evidence: Record<string, unknown>; subject: string | null; severity: string }>;
  }

  /** An exited couple of V1 (`医大`, `医嫂`) whose out-of-pocket medical spending this year (11,000.5) raised one open alert; returns it. */
  async function medicalAlert(key: string) {
    await coupleHousehold(key, '医');
    await importFeed(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [idOf(key, '医大'), thisYear('03-01'), '6000'],
      [idOf(key, '医嫂'), thisYear('06-01'), '5000.5'],
    ]));
    const alerts = await alertsOf(key);
    expect(alerts).toEqual([expect.objectContaining({ rule: 'medical_spending', state: 'open' })]);
    return alerts[0] as (typeof alerts)[number];
  }

  /** A poor family with a child of school age whom the education bureau reports out of school: one open alert, returned. */
  async function dropoutAlert(key: string) {
    await schoolFamily(key);
    await importFeed(county, 'education', csv([['身份证号', '日期', '在校状态'], [idOf(key, '学童'), thisYear('09-01'), '辍学']]), { source: '县教育局' });
    const alerts = await alertsOf(key);
    expect(alerts.map((a) => a.rule)).toEqual(['child_out_of_school']);
    return alerts[0] as (typeof alerts)[number];
  }

  /** The names of the stage tables that exist. */
  const stageTables = async () =>
    (await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE tablename LIKE 'feed_stage_%' ORDER BY tablename`.execute(t.database.db)).rows.map((r) => r.tablename);

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database);
    await addUser(t.database, 'county', 'county_officer', '451022');
    await addUser(t.database, 'town', 'township_officer', '451022100');
    cadreId = await addUser(t.database, 'cadre', 'village_cadre', V1);
    otherCadreId = await addUser(t.database, 'other', 'village_cadre', V2);
    await addUser(t.database, 'inspector', 'inspector', '451022');
    county = await signIn(app, 'county');
    township = await signIn(app, 'town');
    cadre = await signIn(app, 'cadre');
    otherCadre = await signIn(app, 'other');
    inspector = await signIn(app, 'inspector');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('imports a medical insurance feed: rows matched by resident ID, the unmatched reported, spending summed into one alert', async () => {
    await coupleHousehold('medical', '医');
    await coupleHousehold('clean', '净');
    const feed = await importFeed(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [idOf('medical', '医大'), thisYear('03-01'), '"6,000"'],
      [idOf('medical', '医嫂'), thisYear('06-01'), '5000.5'],
      [idOf('clean', '净大'), thisYear('04-01'), '500'],
      [stranger(1), thisYear('04-01'), '300'],
    ]));
    expect(feed.counts).toMatchObject({ rows: 4, matched: 3, unmatched: 1, persons: 3, households: 2, alerts: 1 });
    expect(feed).toMatchObject({ kind: 'medical_insurance', source: '县医疗保障局', confirmedBy: 'county' });
    const medical = await alertsOf('medical');
    expect(medical[0]).toMatchObject({ profile: { scopeCode: 'CN', version: 1 }, origin: 'feed', feedId: feed.id });
    expect(medical).toEqual([expect.objectContaining({ rule: 'medical_spending', state: 'open', severity: 'high', evidence: expect.objectContaining({ outOfPocket: 11000.5, threshold: 10000 }) })]);
    expect(await alertsOf('clean')).toEqual([]);

    const unmatched = (await county.get(`/api/v1/feeds/${feed.id}/unmatched`)).json();
    expect(unmatched.total).toBe(1);
    expect(unmatched.items[0]).toMatchObject({ row: 5, idNumber: expect.stringMatching(/^451022\*+\d{3}[\dX]$/) });
    const sheet = await county.get(`/api/v1/feeds/${feed.id}/unmatched.xlsx`);
    expect(sheet.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(2).getCell(2).value).toBe(stranger(1));

    // The same file again: the rows are kept as a second delivery, but the alert is the same one.
    const again = await importFeed(county, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额'], [idOf('medical', '医大'), thisYear('03-02'), '100']]));
    expect(again.counts).toMatchObject({ matched: 1, alerts: 0 });
    expect(await alertsOf('medical')).toHaveLength(1);
    expect((await alertsOf('medical'))[0]?.evidence).toMatchObject({ outOfPocket: 11100.5 });
  });

  it('reads an .xlsx feed with its own headers through a mapping: a death raises the dead member and the lost main worker', async () => {
    await coupleHousehold('death', '亡');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('死亡人员');
    ws.addRow(['公民身份号码', '注销日期', '注销原因', '备注']);
    ws.addRow([idOf('death', '亡大'), thisYear('05-20'), '死亡', '病故']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const feed = await importFeed(county, 'public_security', file, {
      source: '县公安局',
      mapping: JSON.stringify({ idNumber: '公民身份号码', on: '注销日期', event: '注销原因' }),
      ignore: JSON.stringify(['备注']),
    }, 'deaths.xlsx');
    expect(feed.counts).toMatchObject({ rows: 1, matched: 1, alerts: 2 });
    const rules = (await alertsOf('death')).map((a) => a.rule).sort();
    expect(rules).toEqual(['main_worker_lost', 'person_dead']);
    const dead = (await alertsOf('death')).find((a) => a.rule === 'person_dead');
    expect(dead?.subject).toMatch(/^451022\*+/);
    expect(dead?.evidence).toMatchObject({ name: '亡大' });
  });

  it('flags a school-age dropout and an excluded household found in the vehicle registry', async () => {
    await schoolFamily('school');
    await coupleHousehold('car', '车', { poor: true });
    await importFeed(county, 'education', csv([['身份证号', '日期', '在校状态'], [idOf('school', '学童'), thisYear('09-01'), '辍学']]), { source: '县教育局' });
    expect((await alertsOf('school')).map((a) => a.rule)).toEqual(['child_out_of_school']);
    await importFeed(county, 'vehicle', csv([['身份证号', '号牌'], [idOf('car', '车大'), '桂L12345']]), { source: '县公安局交警大队' });
    expect((await alertsOf('car'))).toEqual([expect.objectContaining({ rule: 'exclusion_hit', evidence: expect.objectContaining({ feed: 'vehicle' }) })]);
  });

  it('refuses a bad feed with the row, column and rule of every problem, and writes nothing', async () => {
    await coupleHousehold('refusedA', '净');
    await coupleHousehold('refusedB', '低');
    const before = { feedRows: await count('feed_row'), alerts: await count('alert'), staged: await count('feed_unmatched') };
    const stagesBefore = await stageTables();
    const future = addCalendarDays(today, 3);
    const a = idOf('refusedA', '净大');
    const bad = await upload(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [a.slice(0, 17) + (a.endsWith('1') ? '2' : '1'), thisYear('02-01'), '100'],
      [idOf('refusedA', '净嫂'), future, '100'],
      [idOf('refusedA', '净嫂'), thisYear('02-01'), '-5'],
      [idOf('refusedB', '低大'), thisYear('02-01'), '100'],
      [idOf('refusedB', '低大'), thisYear('02-01'), '200'],
      [idOf('refusedB', '低嫂'), '0000-01-02', '100'],
    ]));
    expect(bad.statusCode).toBe(202);
    const checked = await settle(county, bad.json().id);
    expect(checked.state).toBe('invalid');
    const rules = checked.errors.map((e: { row: number; rule: string; column: string }) => `${e.row}:${e.column}:${e.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['2:身份证号:id_check_char', '3:日期:not_in_future', '4:个人自付金额:too_small', '7:日期:before_1900']));
    // Duplicates are found once every row is well formed.
    const dup = await settle(county, (await upload(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [idOf('refusedB', '低大'), thisYear('02-01'), '100'],
      [idOf('refusedB', '低大'), thisYear('02-01'), '200'],
    ]))).json().id);
    expect(dup.errors).toEqual([expect.objectContaining({ row: 3, rule: 'duplicate_row', detail: '= 2' })]);
    // The same, with one of the two read on its bytes and the other (its ID padded, its date written another way) the general way.
    const mixed = await settle(county, (await upload(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [idOf('refusedA', '净大'), thisYear('02-01'), '100'],
      [idOf('refusedB', '低大'), thisYear('02-01'), '100'],
      [` ${idOf('refusedB', '低大')} `, thisYear('02-01').replaceAll('-', '/'), '200'],
    ]))).json().id);
    expect(mixed.errors).toEqual([expect.objectContaining({ row: 4, rule: 'duplicate_row', detail: '= 3' })]);
    expect((await county.post(`/api/v1/feeds/${dup.id}/confirm`)).statusCode).toBe(409);

    const unknown = await settle(county, (await upload(county, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额', '就诊医院'], [idOf('refusedB', '低大'), thisYear('02-01'), '100', '县医院']]))).json().id);
    expect(unknown.errors).toEqual([expect.objectContaining({ column: '就诊医院', rule: 'unknown_column' })]);
    const missing = await settle(county, (await upload(county, 'medical_insurance', csv([['身份证号', '日期'], [idOf('refusedB', '低大'), thisYear('02-01')]]))).json().id);
    expect(missing.errors).toEqual([expect.objectContaining({ column: '个人自付金额', rule: 'missing_column' })]);
    const notAFile = await settle(county, (await upload(county, 'medical_insurance', Buffer.from([0, 1, 2, 3, 0]), {}, 'x.bin')).json().id);
    expect(notAFile.errors[0].rule).toBe('not_csv_or_xlsx');

    // A region the user does not hold, a village cadre, an unknown feed, a date ahead: refused at once.
    const outside = await upload(township, 'medical_insurance', csv([['身份证号', '个人自付金额'], [stranger(2), '1']]), { regionCode: '451022101' });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({ code: 'region_not_found', details: { fields: [expect.objectContaining({ path: 'regionCode' })] } });
    expect((await upload(cadre, 'medical_insurance', csv([['身份证号', '个人自付金额']]))).statusCode).toBe(403);
    expect((await upload(county, 'horoscope', csv([['身份证号']]))).json().error.details.fields[0]).toMatchObject({ path: 'kind', code: 'unknown_feed' });
    expect((await upload(county, 'medical_insurance', csv([['身份证号', '个人自付金额']]), { asOf: future })).json().error.details.fields[0]).toMatchObject({ path: 'asOf', code: 'not_in_future' });

    expect({ feedRows: await count('feed_row'), alerts: await count('alert'), staged: await count('feed_unmatched') }).toEqual(before);
    // Refused feeds leave no staged rows behind (a validated one keeps them until it is written): no stage table
    // is added, whatever another test left, and none of these feeds has one.
    expect(await stageTables()).toEqual(stagesBefore);
    for (const refused of [checked, dup, mixed, unknown, missing, notAFile]) expect(await stageTables()).not.toContain(`feed_stage_${refused.id}`);
  });

  it('matches only inside the feed’s region: a township’s feed leaves another township’s people unmatched', async () => {
    await coupleHousehold('outside', '远', { village: V2 });
    await coupleHousehold('inside', '低');
    const feed = await importFeed(township, 'emergency', csv([
      ['身份证号', '日期', '损失金额', '灾害类型'],
      [idOf('outside', '远大'), thisYear('07-01'), '30000', '洪涝'],
      [idOf('inside', '低嫂'), thisYear('07-01'), '800', '洪涝'],
    ]), { source: '乡应急办' });
    expect(feed.counts).toMatchObject({ rows: 2, matched: 1, unmatched: 1 });
    expect(await alertsOf('outside')).toEqual([]);
    expect((await otherCadre.get(`/api/v1/feeds/${feed.id}`)).statusCode).toBe(403);
    expect((await county.get(`/api/v1/feeds/${feed.id}`)).statusCode).toBe(200);
  });

  it('matches again at confirmation: rows of a household gone since the summary are written as unmatched', async () => {
    await register(cadre, V1, 'gone', [member('走大', 'head', 'male', '1980-02-01'), member('走嫂', 'spouse', 'female', '1981-03-01')]);
    await coupleHousehold('stays', '净');
    const res = await upload(county, 'civil_affairs', csv([
      ['身份证号', '日期', '救助类型'],
      [idOf('gone', '走大'), thisYear('02-01'), '低保'],
      [idOf('gone', '走嫂'), thisYear('02-01'), '低保'],
      [idOf('stays', '净大'), thisYear('02-01'), '无'],
    ]), { source: '县民政局' });
    const checked = await settle(county, res.json().id);
    expect(checked.state, JSON.stringify(checked.errors)).toBe('validated');
    expect(checked.counts).toMatchObject({ rows: 3, matched: 3, unmatched: 0, persons: 3, households: 2 });
    await t.database.db.updateTable('household').set({ left_on: thisYear('01-15') }).where('id', '=', ids.gone as string).execute();
    expect((await county.post(`/api/v1/feeds/${checked.id}/confirm`)).statusCode).toBe(202);
    const written = await settle(county, checked.id);
    expect(written.state, written.message).toBe('done');
    expect(written.counts).toMatchObject({ rows: 3, matched: 1, unmatched: 2, persons: 1, households: 1 });
    const unmatched = (await county.get(`/api/v1/feeds/${checked.id}/unmatched`)).json();
    expect(unmatched.items.map((i: { row: number }) => i.row)).toEqual([2, 3]);
    const kept = await t.database.db.selectFrom('feed_row').select(['household_id', 'kind', 'data', 'amount', 'event']).where('feed_id', '=', checked.id).execute();
    expect(kept).toEqual([{ household_id: ids.stays, kind: 'civil_affairs', data: { status: 'none' }, amount: null, event: false }]);
  });

  it('writes a feed confirmed at upload as soon as every row passes, without stopping at the summary', async () => {
    await coupleHousehold('hail', '低');
    const res = await upload(county, 'emergency', csv([
      ['身份证号', '日期', '损失金额', '灾害类型'],
      [idOf('hail', '低大'), thisYear('03-01'), '1200', '冰雹'],
      [stranger(8), thisYear('03-01'), '500', '冰雹'],
    ]), { source: '县应急管理局', confirm: 'true' });
    expect(res.statusCode, res.body).toBe(202);
    const written = await settle(county, res.json().id);
    expect(written.state, written.message).toBe('done');
    expect(written.counts).toMatchObject({ rows: 2, matched: 1, unmatched: 1, persons: 1, households: 1 });
    expect(written.confirmedBy).toBe(written.uploadedBy);
    expect(written.confirmedBy).toBeTruthy();
    const kept = await t.database.db.selectFrom('feed_row').select(['data', 'amount']).where('feed_id', '=', written.id).execute();
    expect(kept).toEqual([{ data: { loss: 1200, kind: '冰雹' }, amount: '1200.00' }]);

    // A file with a problem is not written, confirmed or not; a confirmation that is not yes or no is refused.
    const bad = await settle(county, (await upload(county, 'emergency', csv([['身份证号', '日期', '损失金额'], [idOf('hail', '低大'), thisYear('03-01'), '-1']]), { source: '县应急管理局', confirm: 'true' })).json().id);
    expect(bad.state).toBe('invalid');
    expect(bad.confirmedAt).toBeNull();
    const unclear = await upload(county, 'emergency', csv([['身份证号', '损失金额']]), { confirm: 'yes' });
    expect(unclear.statusCode).toBe(400);
    expect(unclear.json().error.details.fields[0]).toMatchObject({ path: 'confirm' });
  });

  it('discards a checked feed nobody will confirm: its staged rows dropped, nothing written, kept on record', async () => {
    await coupleHousehold('unconfirmed', '低');
    const before = { feedRows: await count('feed_row'), unmatched: await count('feed_unmatched'), alerts: await count('alert') };
    const res = await upload(county, 'medical_insurance', csv([
      ['身份证号', '日期', '个人自付金额'],
      [idOf('unconfirmed', '低大'), thisYear('02-01'), '9000'],
      [stranger(7), thisYear('02-01'), '10'],
    ]));
    const checked = await settle(county, res.json().id);
    expect(checked.state, JSON.stringify(checked.errors)).toBe('validated');
    const stage = `feed_stage_${checked.id}`;
    const stages = async () => (await sql<{ n: string }>`SELECT count(*) AS n FROM pg_tables WHERE tablename = ${stage}`.execute(t.database.db)).rows[0]?.n;
    expect(await stages()).toBe('1');

    // Nobody outside the region, nor a role without feeds, may discard it.
    expect((await otherCadre.post(`/api/v1/feeds/${checked.id}/discard`)).statusCode).toBe(403);
    expect((await township.post(`/api/v1/feeds/${checked.id}/discard`)).statusCode).toBe(404);
    const discarded = await county.post(`/api/v1/feeds/${checked.id}/discard`);
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toMatchObject({ id: checked.id, state: 'discarded', progress: 1 });
    expect(await stages()).toBe('0');
    expect({ feedRows: await count('feed_row'), unmatched: await count('feed_unmatched'), alerts: await count('alert') }).toEqual(before);
    const audit = await t.database.db.selectFrom('audit_event').select(['action']).where('entity', '=', 'feed').where('entity_id', '=', checked.id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'feed.discarded' })]);

    // Discarded is final: it can be neither confirmed nor discarded again.
    const confirm = await county.post(`/api/v1/feeds/${checked.id}/confirm`);
    expect(confirm.statusCode).toBe(409);
    const again = await county.post(`/api/v1/feeds/${checked.id}/discard`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', details: { state: 'discarded' } });
    expect((await county.post('/api/v1/feeds/999999999/discard')).statusCode).toBe(404);

    // A confirmation racing a discard: one of the two takes the feed, the other is refused, and the feed ends
    // as the one that took it says (discarded with nothing written, or written).
    const raced = await settle(county, (await upload(county, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额'], [idOf('unconfirmed', '低大'), thisYear('02-02'), '10']]))).json().id);
    expect(raced.state).toBe('validated');
    const [confirmed, dropped] = await Promise.all([county.post(`/api/v1/feeds/${raced.id}/confirm`), county.post(`/api/v1/feeds/${raced.id}/discard`)]);
    expect([confirmed.statusCode, dropped.statusCode].sort()).toEqual(confirmed.statusCode === 202 ? [202, 409] : [200, 409]);
    const after = await settle(county, raced.id);
    expect(after.state).toBe(confirmed.statusCode === 202 ? 'done' : 'discarded');
  });

  it('discards a feed that failed its check or broke off, so a bad upload leaves the list (issue 14, item 17)', async () => {
    await coupleHousehold('brokenOff', '低');
    const listed = async (query = '') => ((await county.get(`/api/v1/feeds?pageSize=200${query}`)).json().items as Array<{ id: string }>).map((f) => f.id);
    const bad = await settle(county, (await upload(county, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额'], ['not-an-id', thisYear('02-01'), '10']]))).json().id);
    expect(bad.state).toBe('invalid');
    expect(await listed()).toContain(bad.id);
    const discarded = await county.post(`/api/v1/feeds/${bad.id}/discard`);
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toMatchObject({ id: bad.id, state: 'discarded' });
    expect(await listed()).not.toContain(bad.id);
    // It stays on record: asked for, the discarded are listed, and the discard is audited.
    expect(await listed('&discarded=true')).toContain(bad.id);
    const audit = await t.database.db.selectFrom('audit_event').select(['action', 'before']).where('entity', '=', 'feed').where('entity_id', '=', bad.id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'feed.discarded', before: { state: 'invalid' } })]);

    // A feed that broke off (a restart, a refused file) is failed: it can be discarded too.
    const broken = await settle(county, (await upload(county, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额'], [idOf('brokenOff', '低大'), thisYear('02-03'), '10']]))).json().id);
    await t.database.db.updateTable('feed').set({ state: 'failed', message: 'interrupted_by_restart' }).where('id', '=', broken.id).execute();
    const failed = (await county.get(`/api/v1/feeds/${broken.id}`)).json();
    expect(failed).toMatchObject({ state: 'failed', messageCode: 'interrupted_by_restart', message: expect.stringContaining('重启') });
    expect((await county.post(`/api/v1/feeds/${broken.id}/discard`)).statusCode).toBe(200);
    expect(await listed()).not.toContain(broken.id);

    // Never one being read or written, nor a written one.
    await t.database.db.updateTable('feed').set({ state: 'writing' }).where('id', '=', broken.id).execute();
    const refused = await county.post(`/api/v1/feeds/${broken.id}/discard`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'conflict', details: { state: 'writing', fields: [{ path: 'state', code: 'not_discardable' }] } });
    await t.database.db.updateTable('feed').set({ state: 'discarded' }).where('id', '=', broken.id).execute();
  });

  it('scans a region for a year: income under the line and a sharp fall are flagged, steady households are not', async () => {
    await coupleHousehold('scanLow', '低', { incomes: fallen() });
    await coupleHousehold('scanClean', '净');
    await coupleHousehold('scanFar', '远', { village: V2 });
    const started = await county.post('/api/v1/alerts/scans', { region: '451022', year });
    expect(started.statusCode, started.body).toBe(202);
    let status = started.json();
    for (let i = 0; i < 300 && status.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 30));
      status = (await county.get(`/api/v1/alerts/scans/${status.id}`)).json();
    }
    expect(status).toMatchObject({ state: 'done' });
    expect((await alertsOf('scanLow')).map((a) => a.rule).sort()).toEqual(['income_below_line', 'income_drop']);
    expect(await alertsOf('scanClean')).toEqual([]);
    expect(await alertsOf('scanFar')).toEqual([]);
    const before = await count('alert');
    await county.post('/api/v1/alerts/scans', { region: '451022', year });
    await new Promise((r) => setTimeout(r, 300));
    expect(await count('alert')).toBe(before);
    expect((await county.post('/api/v1/alerts/scans', { region: '451022', year: year + 1 })).json().error.code).toBe('year_out_of_range');
  });

  it('keeps alerts inside the region: another village’s cadre neither lists, reads nor acts on them', async () => {
    const alert = await medicalAlert('scoped');
    const list = (await otherCadre.get('/api/v1/alerts')).json();
    expect(list.items.every((a: { villageCode: string }) => a.villageCode === V2)).toBe(true);
    expect((await otherCadre.get(`/api/v1/alerts/${alert.id}`)).statusCode).toBe(404);
    expect((await otherCadre.post(`/api/v1/alerts/${alert.id}/actions`, { action: 'assign', assigneeId: otherCadreId })).statusCode).toBe(404);
    expect((await otherCadre.get(`/api/v1/alerts?region=${V1}`)).json().error.code).toBe('region_not_found');
    expect((await inspector.post(`/api/v1/alerts/${alert.id}/actions`, { action: 'assign', assigneeId: cadreId })).statusCode).toBe(403);
  });

  it('triages an alert: assigned, verified at home, then a monitoring procedure opened from it', async () => {
    const alert = await medicalAlert('triaged');
    const id = alert.id;
    const act = (client: Client, body: unknown) => client.post(`/api/v1/alerts/${id}/actions`, body);
    const assignedBefore = (await cadre.get('/api/v1/inbox')).json().alerts.assigned as number;

    const assignees = (await township.get(`/api/v1/alerts/${id}/assignees`)).json().items.map((u: { name: string }) => u.name);
    expect(assignees).toEqual(['cadre', 'town', 'county']);
    expect((await act(township, { action: 'assign', assigneeId: otherCadreId })).json().error.details.fields[0]).toMatchObject({ path: 'assigneeId', code: 'assignee_outside_region' });
    const assigned = await act(township, { action: 'assign', assigneeId: cadreId, note: '请一周内入户' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'assigned', assignee: { id: cadreId, name: 'cadre' }, mustAct: { user: 'cadre' } });
    expect((await cadre.get('/api/v1/inbox')).json().alerts).toMatchObject({ assigned: assignedBefore + 1 });

    const early = await act(cadre, { action: 'open_procedure' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details.fields[0]).toMatchObject({ path: 'action', code: 'alert_state_does_not_allow' });
    expect((await act(cadre, { action: 'verify', visitedOn: addCalendarDays(today, 1), findings: '入户核实', confirmed: true })).statusCode).toBe(400);
    const verified = await act(cadre, { action: 'verify', visitedOn: today, findings: '户主住院两次,自付一万余元,家庭收入受影响', confirmed: true });
    expect(verified.json()).toMatchObject({ state: 'verified' });
    const opened = await act(cadre, { action: 'open_procedure' });
    expect(opened.statusCode, opened.body).toBe(200);
    const done = opened.json();
    expect(done).toMatchObject({ state: 'in_procedure', procedureId: expect.any(String), mustAct: null });
    expect(done.history.map((h: { action: string }) => h.action)).toEqual(['assign', 'verify', 'open_procedure']);
    const procedure = (await cadre.get(`/api/v1/procedures/${done.procedureId}`)).json();
    expect(procedure).toMatchObject({ kind: 'monitoring_inclusion', state: 'open', currentStep: 'application', household: { id: ids.triaged }, alert: { id, rule: 'medical_spending' } });
    const audit = await t.database.db.selectFrom('audit_event').select('action').where('entity', '=', 'alert').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['alert.assign', 'alert.verify', 'alert.open_procedure']);
    expect((await act(cadre, { action: 'dismiss', reason: '重复' })).statusCode).toBe(409);
  });

  it('dismisses an alert the visit did not confirm, with its reason; a procedure cannot be opened on it', async () => {
    await coupleHousehold('dismissedCar', '车', { poor: true });
    await importFeed(county, 'vehicle', csv([['身份证号', '号牌'], [idOf('dismissedCar', '车大'), '桂L12345']]), { source: '县公安局交警大队' });
    const alerts = await alertsOf('dismissedCar');
    expect(alerts).toEqual([expect.objectContaining({ rule: 'exclusion_hit', state: 'open' })]);
    const alert = alerts[0] as { id: string };
    const act = (body: unknown) => cadre.post(`/api/v1/alerts/${alert.id}/actions`, body);
    expect((await act({ action: 'dismiss', reason: '车辆为农用三轮车' })).statusCode).toBe(409);
    await act({ action: 'verify', visitedOn: today, findings: '登记车辆为农用三轮车,用于生产', confirmed: false });
    expect((await act({ action: 'open_procedure' })).json().error.details.fields[0].code).toBe('risk_not_confirmed');
    const dismissed = await act({ action: 'dismiss', reason: '车辆为农用三轮车,不属于排除情形' });
    expect(dismissed.json()).toMatchObject({ state: 'dismissed', resolution: '车辆为农用三轮车,不属于排除情形', closedOn: today });
    const pending = (await county.get(`/api/v1/alerts?state=pending&householdId=${ids.dismissedCar}`)).json();
    expect(pending.total).toBe(0);
    const exported = await county.get('/api/v1/exports/alerts.xlsx?state=dismissed');
    expect(exported.statusCode).toBe(200);
  });

  it('takes a self-report from the public form to the village inbox and links it to its household as an alert', async () => {
    await coupleHousehold('reported', '净');
    await coupleHousehold('reportedFar', '远', { village: V2 });
    const openBefore = { cadre: (await cadre.get('/api/v1/inbox')).json().selfReports.open as number, other: (await otherCadre.get('/api/v1/inbox')).json().selfReports.open as number };
    const villages = (await app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${encodeURIComponent('')}` })).statusCode;
    expect(villages).toBe(400);
    const filed = await app.inject({ method: 'POST', url: '/api/v1/public/self-reports', payload: { villageCode: V1, name: '净大', phone: '13907761234', what: '妻子查出重病,住院花费很大,家里收入断了' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const reportId = filed.json().id;
    expect((await app.inject({ method: 'POST', url: '/api/v1/public/self-reports', payload: { villageCode: V1, phone: '123', what: '短' } })).json().error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['phone', 'what']);
    expect((await cadre.get('/api/v1/inbox')).json().selfReports.open).toBe(openBefore.cadre + 1);
    expect((await otherCadre.get('/api/v1/inbox')).json().selfReports.open).toBe(openBefore.other);
    // Open first, the newest first: the one just filed heads the list.
    const reports = (await cadre.get('/api/v1/self-reports?state=open')).json();
    expect(reports.items[0]).toMatchObject({ id: reportId, phone: '13907761234', what: expect.stringContaining('重病') });
    expect((await inspector.get('/api/v1/self-reports')).json().items[0]).toMatchObject({ id: reportId, phone: '139****1234' });
    expect((await cadre.post(`/api/v1/self-reports/${reportId}/link`, { householdId: ids.reportedFar })).statusCode).toBe(404);
    const linked = await cadre.post(`/api/v1/self-reports/${reportId}/link`, { householdId: ids.reported });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(await alertsOf('reported')).toEqual([expect.objectContaining({ rule: 'self_report', severity: 'high', evidence: expect.objectContaining({ what: expect.stringContaining('重病') }) })]);
    expect((await cadre.post(`/api/v1/self-reports/${reportId}/close`, { reason: '已处理' })).statusCode).toBe(409);
    expect((await cadre.get('/api/v1/inbox')).json().selfReports.open).toBe(openBefore.cadre);
  });

  it('limits the public form per client address, which behind a trusted proxy is the one it forwards', async () => {
    const proxied = await testApp(t.database, { trustProxy: ['127.0.0.1'] });
    try {
      const file = (from: string, n: number) =>
        proxied.inject({
          method: 'POST',
          url: '/api/v1/public/self-reports',
          headers: { 'x-forwarded-for': from },
          payload: { villageCode: V1, name: '代理', phone: '13907761234', what: `家中有人生病住院,花费很大,第${n}次反映` },
        });
      for (let n = 1; n <= 5; n++) expect((await file('203.0.113.7', n)).statusCode).toBe(201);
      const sixth = await file('203.0.113.7', 6);
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('rate_limited');
      // Another household behind the same proxy is another address, not the same limit.
      expect((await file('203.0.113.8', 1)).statusCode).toBe(201);
    } finally {
      await proxied.close();
    }
  });

  it('lets a cadre raise an alert from a visit', async () => {
    await schoolFamily('visited');
    const res = await cadre.post('/api/v1/alerts', { householdId: ids.visited, what: '走访发现户主务工受伤,暂无收入' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rule: 'visit_report', origin: 'visit', state: 'open', evidence: { what: '走访发现户主务工受伤,暂无收入', by: 'cadre' } });
    expect((await otherCadre.post('/api/v1/alerts', { householdId: ids.visited, what: '走访发现户主务工受伤' })).statusCode).toBe(404);
  });

  it('escalates an overdue alert to the township, then to the county, in their inboxes', async () => {
    const alert = await dropoutAlert('overdue');
    const raised = addCalendarDays(today, -20);
    await t.database.db.updateTable('alert').set({ raised_on: raised, due_on: addCalendarDays(raised, 15) }).where('id', '=', alert.id).execute();
    const town = (await township.get('/api/v1/inbox')).json();
    expect(town.alerts.items.map((a: { id: string }) => a.id)).toContain(alert.id);
    expect(town.alerts.items.find((a: { id: string }) => a.id === alert.id)).toMatchObject({ overdue: true, escalation: 'township', mustAct: { roles: ['township_officer'] } });
    expect((await county.get('/api/v1/inbox')).json().alerts.items.map((a: { id: string }) => a.id)).not.toContain(alert.id);
    const older = addCalendarDays(today, -60);
    await t.database.db.updateTable('alert').set({ raised_on: older, due_on: addCalendarDays(older, 15) }).where('id', '=', alert.id).execute();
    const countyInbox = (await county.get('/api/v1/inbox')).json();
    expect(countyInbox.alerts.items.map((a: { id: string }) => a.id)).toContain(alert.id);
    expect(countyInbox.alerts.escalated).toBeGreaterThanOrEqual(1);
    expect((await county.get('/api/v1/alerts?escalation=county')).json().items.map((a: { id: string }) => a.id)).toEqual([alert.id]);
  });

  it('removes a risk only after the stable period, with income above the line and every assurance secure', async () => {
    await coupleHousehold('stable', '净');
    await coupleHousehold('unstable', '低', { incomes: fallen() });
    await setStatus('stable', 'exited', { monitoring_category: 'marginal', monitoring_since: addCalendarDays(today, -30) });
    const early = await cadre.post('/api/v1/procedures', { kind: 'risk_removal', householdId: ids.stable });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details).toMatchObject({ fields: [expect.objectContaining({ code: 'not_stable_yet' })], stableMonths: 6 });
    await setStatus('stable', 'exited', { monitoring_category: 'marginal', monitoring_since: `${year - 1}-01-15` });
    await setStatus('unstable', 'exited', { monitoring_category: 'marginal', monitoring_since: `${year - 1}-01-15` });
    const poorIncome = await cadre.post('/api/v1/procedures', { kind: 'risk_removal', householdId: ids.unstable });
    expect(poorIncome.statusCode).toBe(409);
    expect(poorIncome.json().error.details.fields[0].code).toBe('income_not_stable');
    const ok = await cadre.post('/api/v1/procedures', { kind: 'risk_removal', householdId: ids.stable });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('judges by the thresholds of the profile version in force, and names that version on the alert', async () => {
    // A county's own standard is in force for every later feed of the county: this test records one in a county of
    // its own (a fresh database), so that no other test's feed is judged by it.
    const own = await createTestDatabase(engine);
    const ownApp = await testApp(own.database);
    try {
      await addUser(own.database, 'county', 'county_officer', '451022');
      await addUser(own.database, 'other', 'village_cadre', V2);
      const ownCounty = await signIn(ownApp, 'county');
      await register(await signIn(ownApp, 'other'), V2, 'far', couple('远'), { incomes: steady() });
      await own.database.db.updateTable('household').set({ status: 'exited', year_exited: 2019 }).where('id', '=', ids.far as string).execute();
      const version = await ownCounty.post('/api/v1/policy-profiles', {
        reason: '县里将医疗支出预警线下调为 400 元(测试)',
        scopeCode: '451022',
        effectiveFrom: '2020-01-01',
        name: '田东县监测标准',
        monitoring: { ...MONITORING_DEFAULTS, medicalOutOfPocket: 400 },
      });
      expect(version.statusCode, version.body).toBe(201);
      await importFeed(ownCounty, 'medical_insurance', csv([['身份证号', '日期', '个人自付金额'], [idOf('far', '远大'), thisYear('08-01'), '450']]));
      expect(await alertsOf('far', ownCounty)).toEqual([
        expect.objectContaining({ rule: 'medical_spending', evidence: expect.objectContaining({ outOfPocket: 450, threshold: 400 }), profile: { scopeCode: '451022', version: 1 } }),
      ]);
    } finally {
      await ownApp.close();
      await own.dispose();
    }
  });
});
