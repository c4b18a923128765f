import { todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadGate } from '../src/kernel/uploads/gate.ts';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import {
  billionLaughs,
  hugeCellBomb,
  hugeSharedStringBomb,
  manyEntriesBomb,
  PNG,
  sharedStringsBomb,
  truncatedWorkbook,
} from './support/bombs.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';
import { addHousehold, testIdNumber } from './support/fixtures.ts';

/**
 * The upload half of the hostile-input suite (issue 14): every upload route — household workbooks,
 * department feeds, population workbooks, attachments — gets zip bombs, entity expansion, truncated and
 * renamed files, CSVs in other encodings, an empty file and one too large. Each is refused by a named rule
 * (a 4xx in the error shape, or a job or feed that ends naming it), nothing is written, and the server
 * still answers. The bombs are built here from repeated bytes, so a gigabyte fits in a megabyte.
 */

type Route = 'import' | 'feed' | 'population' | 'attachment';
const ROUTES: Route[] = ['import', 'feed', 'population', 'attachment'];

/** What an upload came to: the status it was answered with, and the rule that refused it (null when none did). */
interface Outcome {
  status: number;
  rule: string | null;
  /** The job or feed's final state, for the routes that read in the background. */
  state?: string;
  message?: string | null;
}

/**
 * The upload limits of this suite: files as sent are held to 4 MiB (so the oversized file stays small), and
 * the text a workbook may keep to 64 MiB (so a bomb of many short strings is refused in a quarter of the
 * default's time); the rest are the defaults. bench/upload-bombs.ts measures the defaults.
 */
const FILE_LIMIT = 4 * 1024 * 1024;
const TEXT_LIMIT = 64 * 1024 * 1024;

const GBK_TEXT = (id: string) => `身份证号,日期,个人自付金额\r\n${id},${todayInChina()},1200\r\n`;

/** Text as GBK bytes: each character's two bytes found by decoding the GBK code space (Node encodes no GBK). */
function gbk(text: string): Buffer {
  const wanted = new Set([...text].filter((c) => c.charCodeAt(0) > 0x7f));
  const bytes = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe && bytes.size < wanted.size; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const c = decoder.decode(new Uint8Array([lead, trail]));
      if (wanted.has(c)) bytes.set(c, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((c) => bytes.get(c) ?? [c.charCodeAt(0)]));
}

describe('the upload gate', () => {
  it('runs files at most so many at once, shows the others waiting in line, and refuses beyond the line', async () => {
    const gate = new UploadGate(1, 1);
    const first = gate.admit();
    const second = gate.admit();
    expect(() => gate.admit()).toThrow(expect.objectContaining({ code: 'uploads_busy' }));
    let open!: () => void;
    const running = gate.turn('a', () => new Promise<void>((resolve) => (open = resolve)));
    let secondRan = false;
    const waiting = gate.turn('b', async () => {
      secondRan = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(gate.positionOf('a')).toBeNull();
    expect(gate.positionOf('b')).toBe(1);
    expect(secondRan).toBe(false);
    open();
    await running;
    await waiting;
    expect(secondRan).toBe(true);
    expect(gate.positionOf('b')).toBeNull();
    first();
    first();
    // A release counts once: one place is free again, not two.
    const third = gate.admit();
    expect(() => gate.admit()).toThrow(expect.objectContaining({ code: 'uploads_busy' }));
    second();
    third();
  });
});

describe.each(ENGINES)('hostile uploads on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let county: Client;
  let householdId: string;
  const registered = testIdNumber('19750505');

  function form(file: Buffer, name: string, fields: Record<string, string> = {}) {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('file', new Blob([file]), name);
    return f;
  }

  async function poll(url: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 3000; i++) {
      const res = await county.get(url);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      if (body.state !== 'validating' && body.state !== 'writing') return body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${url} did not settle`);
  }

  /** Sends a file to a route and waits for its answer, or for its job or feed to settle. */
  async function send(route: Route, file: Buffer, name: string): Promise<Outcome> {
    const headers = { cookie: `jz_session=${county.cookie}` };
    const url = {
      import: '/api/v1/imports/households',
      feed: '/api/v1/feeds/medical_insurance/imports',
      population: '/api/v1/regions/population/imports',
      attachment: `/api/v1/households/${householdId}/attachments`,
    }[route];
    const fields: Record<string, string> = route === 'feed' ? { source: '县医疗保障局', asOf: todayInChina() } : {};
    const res = await app.inject({ method: 'POST', url, headers, payload: form(file, name, fields) });
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode === 202) {
      const id = res.json().id as string;
      const done = await poll(route === 'import' ? `/api/v1/imports/${id}` : `/api/v1/feeds/${id}`);
      const errors = done.errors as Array<{ rule: string; message: string }>;
      // A problem's message is the rule's words for people, never the rule's name or a library's text.
      for (const e of errors) expect(e.message).not.toBe(e.rule);
      return { status: 202, state: String(done.state), rule: errors[0]?.rule ?? (done.messageCode as string | null) ?? null, message: (done.message as string | null) ?? null };
    }
    if (res.statusCode < 300) return { status: res.statusCode, rule: null };
    const { error } = res.json();
    // The error shape: a code, a message for people, details naming the rule.
    expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
    const rule = error.details.problems?.[0]?.rule ?? error.details.fields?.[0]?.code ?? error.code;
    return { status: res.statusCode, rule };
  }

  /** What the registry, the feeds, the figures and the evidence hold: nothing of a refused upload may reach them. */
  async function written() {
    const n = async (table: 'household' | 'member' | 'feed_row' | 'feed_unmatched' | 'region_population' | 'attachment' | 'audit_event') =>
      Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const stages = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 'feed_stage_%'`.execute(t.database.db);
    return {
      households: await n('household'),
      members: await n('member'),
      feedRows: await n('feed_row'),
      unmatched: await n('feed_unmatched'),
      population: await n('region_population'),
      attachments: await n('attachment'),
      audit: await n('audit_event'),
      stages: Number(stages.rows[0]?.n),
    };
  }

  async function serverAnswers() {
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database, { uploads: { importFileBytes: FILE_LIMIT, feedFileBytes: FILE_LIMIT, attachmentBytes: FILE_LIMIT, xlsxTextBytes: TEXT_LIMIT } });
    await addUser(t.database, 'county', 'county_officer', '451022');
    county = await signIn(app, 'county');
    householdId = await addHousehold(t.database, '451022101201', { size: 1 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const zipRefused = (rule: string) => ({ import: rule, feed: rule, population: rule, attachment: 'attachment_type' });
  const cases: Array<{ name: string; file: () => Buffer; fileName: string; expected: Record<Route, string | null> }> = [
    { name: 'shared strings declaring 1 GB', file: () => sharedStringsBomb(true), fileName: 'bomb.xlsx', expected: zipRefused('xlsx_uncompressed_too_large') },
    { name: 'one shared string of 1 GB declared as 1 KB', file: hugeSharedStringBomb, fileName: 'bomb.xlsx', expected: zipRefused('cell_too_long') },
    { name: 'one cell of 1 GB declared as 1 KB', file: hugeCellBomb, fileName: 'cell.xlsx', expected: zipRefused('cell_too_long') },
    { name: 'a zip of 20,000 entries', file: () => manyEntriesBomb(), fileName: 'entries.xlsx', expected: zipRefused('xlsx_too_many_entries') },
    { name: 'billion laughs in the shared strings', file: () => billionLaughs('sharedStrings'), fileName: 'lol.xlsx', expected: zipRefused('xlsx_doctype') },
    { name: 'billion laughs in the sheet', file: () => billionLaughs('sheet'), fileName: 'lol.xlsx', expected: zipRefused('xlsx_doctype') },
    { name: 'a truncated workbook', file: truncatedWorkbook, fileName: 'cut.xlsx', expected: zipRefused('xlsx_malformed') },
    // A photo is a fine attachment: only the workbook routes refuse it.
    { name: 'a PNG renamed .xlsx', file: () => PNG, fileName: 'photo.xlsx', expected: { import: 'not_xlsx', feed: 'not_csv_or_xlsx', population: 'not_xlsx', attachment: null } },
    {
      name: 'a CSV renamed .xlsx',
      file: () => Buffer.from('name,id\n张三,1\n'),
      fileName: 'list.xlsx',
      // A feed is read by its content: a CSV it is, with columns no feed has.
      expected: { import: 'not_xlsx', feed: 'unknown_column', population: 'not_xlsx', attachment: 'attachment_type' },
    },
    {
      name: 'a CSV in UTF-16 without its byte-order mark',
      file: () => Buffer.from(GBK_TEXT(registered), 'utf16le'),
      fileName: 'feed.csv',
      expected: { import: 'not_xlsx', feed: 'csv_encoding', population: 'not_xlsx', attachment: 'attachment_type' },
    },
    { name: 'an empty file', file: () => Buffer.alloc(0), fileName: 'empty.xlsx', expected: { import: 'empty_file', feed: 'empty_file', population: 'empty_file', attachment: 'empty_file' } },
    {
      name: 'a file over the size limit',
      file: () => Buffer.alloc(FILE_LIMIT + 1, 0x41),
      fileName: 'large.xlsx',
      expected: { import: 'file_too_large', feed: 'file_too_large', population: 'file_too_large', attachment: 'file_too_large' },
    },
  ];

  it.each(cases)('refuses $name on every upload route by its rule, writes nothing and stays up', async ({ file, fileName, expected }) => {
    const bytes = file();
    for (const route of ROUTES) {
      const before = await written();
      const outcome = await send(route, bytes, fileName);
      const rule = expected[route];
      if (rule === null) {
        expect(outcome.status, `${route}: ${JSON.stringify(outcome)}`).toBe(201);
        continue;
      }
      expect({ route, rule: outcome.rule }).toEqual({ route, rule });
      if (outcome.status === 202) expect(outcome.state, route).toBe('invalid');
      else expect(outcome.status, route).toBeGreaterThanOrEqual(400);
      expect(await written(), route).toEqual(before);
      await serverAnswers();
    }
  });

  it('reads a feed in GBK or in UTF-16 with its mark, and writes nothing before confirmation', async () => {
    for (const [name, bytes] of [
      ['gbk.csv', gbk(GBK_TEXT(registered))],
      ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GBK_TEXT(registered), 'utf16le')])],
    ] as const) {
      const before = await written();
      const outcome = await send('feed', bytes, name);
      // The Chinese headers were understood: the file is checked, not refused for its columns.
      expect(outcome, name).toMatchObject({ status: 202, state: 'validated', rule: null });
      const after = await written();
      expect({ ...after, stages: before.stages }).toEqual(before);
      // Discarded, its checked rows go too.
      const feeds = (await county.get('/api/v1/feeds?pageSize=1')).json().items as Array<{ id: string }>;
      expect((await county.post(`/api/v1/feeds/${feeds[0]?.id}/discard`)).statusCode).toBe(200);
      expect(await written()).toEqual({ ...before, audit: before.audit + 1 });
    }
  });

  it('survives four of the issue’s bombs at once on the household import, refusing each by name, and the same bomb elsewhere', async () => {
    // 2.6 MB each, shared strings that inflate to 1 GB (declared as 1 KB): the reading stops at its text limit.
    const bomb = sharedStringsBomb(false);
    const before = await written();
    let peak = process.memoryUsage().rss;
    const baseline = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    try {
      const answers = await Promise.all([1, 2, 3, 4].map((i) => app.inject({ method: 'POST', url: '/api/v1/imports/households', headers: { cookie: `jz_session=${county.cookie}` }, payload: form(bomb, `bomb-${i}.xlsx`) })));
      for (const a of answers) expect(a.statusCode, a.body).toBe(202);
      // Two are read at once: the others wait, and say so.
      const states = await Promise.all(answers.map(async (a) => (await county.get(`/api/v1/imports/${a.json().id}`)).json()));
      for (const s of states) expect(s).toMatchObject({ waiting: expect.any(Boolean) });
      await serverAnswers();
      for (const a of answers) {
        const job = await poll(`/api/v1/imports/${a.json().id}`);
        expect(job).toMatchObject({ state: 'invalid', waiting: false, queuePosition: null, errors: [expect.objectContaining({ rule: 'xlsx_text_too_large' })] });
      }
      // Its error report lists the problem without opening the bomb again.
      const report = await county.get(`/api/v1/imports/${answers[0]?.json().id}/errors.xlsx`);
      expect(report.statusCode).toBe(200);
      expect(await send('feed', bomb, 'bomb.xlsx')).toMatchObject({ state: 'invalid', rule: 'xlsx_text_too_large' });
      expect(await send('population', bomb, 'bomb.xlsx')).toMatchObject({ status: 413, rule: 'xlsx_text_too_large' });
    } finally {
      clearInterval(sampler);
    }
    console.log(`four bombs at once (${engine}): peak RSS ${Math.round(peak / 2 ** 20)} MiB, ${Math.round((peak - baseline) / 2 ** 20)} MiB over the ${Math.round(baseline / 2 ** 20)} MiB before`);
    expect(await written()).toEqual(before);
    await serverAnswers();
  });

  it('names a failed job’s cause by a translated code, never by a library’s message', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports/households', headers: { cookie: `jz_session=${county.cookie}` }, payload: form(PNG, 'x.xlsx') });
    const id = res.json().id as string;
    await poll(`/api/v1/imports/${id}`);
    // As a restart leaves a job that was running.
    await t.database.db.updateTable('import_job').set({ state: 'failed', message: 'interrupted_by_restart' }).where('id', '=', id).execute();
    const zh = (await county.get(`/api/v1/imports/${id}`)).json();
    expect(zh).toMatchObject({ state: 'failed', messageCode: 'interrupted_by_restart', message: expect.stringContaining('重启') });
    const en = (await county.get(`/api/v1/imports/${id}`, { 'accept-language': 'en' })).json();
    expect(en.message).toContain('restart');
  });
});
