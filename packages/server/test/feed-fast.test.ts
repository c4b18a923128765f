/**
 * The byte-level reading of a plain CSV feed against the general one: on every line it accepts, the general
 * reading (cells read by column, the domain's plain-code check or its schema) accepts too and stages the
 * very same line with the same duplicate key; every line the general reading refuses, it hands back.
 */
import { type FeedKind, feedRowQuickCheck, feedRowSchema, idCheckChar, planColumns, readFeedCell } from '@jingzhun/domain';
import { describe, expect, it } from 'vitest';
import { cleanIdAt, isoDayAt, plainCsv, plainCsvPlan, PlainCsvReader } from '../src/features/feeds/fast.ts';
import { csvRecords, decodeCsvChunks } from '../src/features/feeds/reader.ts';
import { stageFields, stageLine, stageLineFields, writeStageLine } from '../src/features/feeds/stage.ts';
import { hash52, hash52Bytes, KeyHashes } from '../src/features/feeds/key-hashes.ts';

const TODAY = '2026-06-15';
const AS_OF = '2026-06-01';

function id(first17: string): string {
  return first17 + idCheckChar(first17);
}
const GOOD = id('45102219800101001');
const GOOD_X = (() => {
  // An ID whose check character is X.
  for (let n = 0; n < 1000; n++) {
    const first17 = `45102219750301${String(n).padStart(3, '0')}`;
    if (idCheckChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('no X');
})();
const wrongCheck = GOOD.slice(0, 17) + (GOOD.endsWith('1') ? '2' : '1');

/** What the general reading makes of a line's cells: the staged line and its key, or null when it refuses the row. */
function general(kind: FeedKind, positions: ReturnType<typeof planColumns>['positions'], row: number, cells: string[]) {
  const value: Record<string, unknown> = {};
  for (const [index, column] of positions.entries()) {
    if (!column) continue;
    const read = readFeedCell(column, cells[index]);
    if ('rule' in read) return null;
    if (read.value !== undefined) value[column.field] = read.value;
  }
  value.on ??= AS_OF;
  const quick = feedRowQuickCheck(kind, TODAY)(value);
  let idNumber: string;
  let on: string;
  let data: Record<string, unknown>;
  if (quick) ({ idNumber, on, data } = quick);
  else {
    const parsed = feedRowSchema(kind, TODAY).safeParse(value);
    if (!parsed.success) return null;
    ({ idNumber, on, ...data } = parsed.data as { idNumber: string; on: string } & Record<string, unknown>);
  }
  return { line: stageLine(stageFields(kind), row, idNumber, on, data), key: hash52(idNumber + on) };
}

/** Reads a file both ways and holds the byte-level reading to the general one, line by line. */
function compare(kind: FeedKind, header: string, lines: string[]) {
  const file = Buffer.from([header, ...lines].join('\n'), 'utf-8');
  expect(plainCsv(file)).toBe(true);
  const { positions } = planColumns(kind, header.replace(/^\uFEFF/, '').split(','), {});
  const fieldColumn = new Map(positions.flatMap((c, index) => (c ? [[c.field, { column: c, index }] as const] : [])));
  const reader = new PlainCsvReader(file, plainCsvPlan(kind, fieldColumn, AS_OF, TODAY));
  const fields = stageFields(kind);
  const outcomes: string[] = [];
  const rowsRead: number[] = [];
  for (const { row, start, end } of reader.lines()) {
    const text = file.toString('utf8', start, end);
    const cells = reader.cells(start, end);
    const expected = cells.every((c) => c === '') ? 'blank' : general(kind, positions, row, cells);
    let staged: { line: string; key: number } | null = null;
    const result = start === end ? 'blank' : reader.line(row, start, end, (r, idBytes, idAt, date, dateAt, data) => {
      const out = Buffer.alloc(4096);
      const used = writeStageLine(out, 0, r, idBytes, idAt, date, dateAt, stageLineFields(fields, data));
      staged = { line: out.toString('utf8', 0, used), key: hash52Bytes(idBytes, idAt, 18, date, dateAt, 10) };
    });
    if (result === 'blank') expect(expected, text).toBe('blank');
    else if (result === 'staged') expect(staged, text).toEqual(expected);
    else expect(expected, text).not.toBe('blank');
    outcomes.push(result);
    if (result !== 'blank') rowsRead.push(row);
  }
  // The same rows, numbered the same, as the general reading of the whole file finds (its header first, blank records left out).
  const general_ = [...csvRecords(decodeCsvChunks(file))].flat().slice(1).filter((r) => !r.cells.every((c) => c === ''));
  expect(rowsRead).toEqual(general_.map((r) => r.row));
  return outcomes;
}

describe('the byte-level reading of a plain CSV feed', () => {
  it('stages the lines it accepts exactly as the general reading does, and hands back the rest', () => {
    const outcomes = compare('medical_insurance', '\uFEFF身份证号,日期,个人自付金额', [
      `${GOOD},2026-01-02,120`,
      `${GOOD_X},2026-06-15,0.5`,
      `${GOOD},2026-02-28,12.34`,
      `${GOOD},,99`, // no date: the feed's
      `${GOOD},2026-06-16,1`, // ahead of today
      `${GOOD},2026-02-29,1`, // not a day
      `${GOOD},2026/3/1,1`, // another way of writing a date: the general reading takes it
      `${GOOD.toLowerCase().slice(0, 17)}x,2026-01-02,1`,
      `${GOOD_X.slice(0, 17)}x,2026-01-02,1`, // a lowercase x: the general reading takes it
      ` ${GOOD},2026-01-02,1`, // padded
      `${wrongCheck},2026-01-02,1`,
      `${GOOD.slice(0, 6)}18790101${GOOD.slice(14)},2026-01-02,1`,
      `${GOOD},2026-01-02,-5`,
      `${GOOD},2026-01-02,12.345`,
      `${GOOD},2026-01-02,1e3`,
      `${GOOD},2026-01-02,007`,
      `${GOOD},2026-01-02,100000001`,
      `${GOOD},2026-01-02, 8 `,
      `${GOOD},2026-01-02,`,
      `${GOOD},2026-01-02,5,extra`,
      `${GOOD},2026-01-02`,
      `${GOOD},0000-01-02,1`, // no year 0
      `${GOOD},1899-12-31,1`,
      ',,',
      ','.repeat(300), // a spreadsheet's empty row, wider than the cells kept
      `${','.repeat(300)}x`,
      '',
      '  ',
      `${GOOD},2026-01-03,5\r`,
    ]);
    expect(outcomes.slice(0, 4)).toEqual(['staged', 'staged', 'staged', 'staged']);
    expect(outcomes.filter((o) => o === 'judge').length).toBeGreaterThan(10);
    expect(outcomes.at(-1)).toBe('staged');
  });

  it('reads codes, numbers, yes/no and text the way the general reading does, Chinese included', () => {
    compare('civil_affairs', '身份证号,日期,救助类型', [`${GOOD},2026-01-02,低保`, `${GOOD},2026-01-02,tekun`, `${GOOD},2026-01-02,未知`, `${GOOD},2026-01-02,`]);
    compare('disability', '身份证号,残疾等级,残疾类别', [`${GOOD},2,肢体`, `${GOOD},5,肢体`, `${GOOD},1,`, `${GOOD},1, 视力 `, `${GOOD},1.5,x`, `${GOOD},3,${'长'.repeat(41)}`]);
    compare('employment', '日期,身份证号,是否就业,月工资,月养老金', [`2026-01-02,${GOOD},是,3000,`, `2026-01-02,${GOOD},否,,120.5`, `2026-01-02,${GOOD},maybe,1,1`, `2026-01-02,${GOOD},yes,1,`]);
    compare('business_registry', '身份证号,企业名称', [`${GOOD},某某商贸有限公司`, `${GOOD},`, `${GOOD},back\\slash`]);
  });

  it('checks resident IDs and dates on the bytes as the domain does on text', () => {
    for (let n = 0; n < 2000; n++) {
      const first17 = `4510221980${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 31)).padStart(2, '0')}${String(n).padStart(3, '0').slice(-3)}`;
      const right = first17 + idCheckChar(first17);
      const wrong = first17 + (idCheckChar(first17) === '0' ? '1' : '0');
      const domain = (v: string) => feedRowQuickCheck('public_payroll', TODAY)({ idNumber: v, on: '2026-01-02' }) !== null;
      for (const v of [right, wrong]) expect(cleanIdAt(Buffer.from(v), 0, 18), v).toBe(domain(v));
    }
    expect(isoDayAt(Buffer.from('2024-02-29'), 0, 10)).toBe(20240229);
    expect(isoDayAt(Buffer.from('2023-02-29'), 0, 10)).toBe(-1);
    expect(isoDayAt(Buffer.from('2023-13-01'), 0, 10)).toBe(-1);
    expect(isoDayAt(Buffer.from('2023/01/01'), 0, 10)).toBe(-1);
  });

  it('reads only files where every line is a record: UTF-8, no quote, the header first', () => {
    expect(plainCsv(Buffer.from('a,b\n1,2\n'))).toBe(true);
    expect(plainCsv(Buffer.from('\uFEFFa,b\n1,2\n'))).toBe(true);
    expect(plainCsv(Buffer.from('a,b\n"1,5",2\n'))).toBe(false);
    expect(plainCsv(Buffer.from('\na,b\n1,2\n'))).toBe(false);
    expect(plainCsv(Buffer.from('\uFEFF\r\na,b\n1,2\n'))).toBe(false);
    expect(plainCsv(Buffer.from([0xc9, 0xed, 0x2c, 0x31, 0x0a]))).toBe(false);
  });
});

describe('duplicate keys', () => {
  it('hashes a key the same from its text and from its bytes', () => {
    const key = `${GOOD}2026-01-02`;
    const bytes = Buffer.from(`x${GOOD}|2026-01-02`);
    expect(hash52Bytes(bytes, 1, 18, bytes, 20, 10)).toBe(hash52(key));
  });

  it('never misses two equal keys among many, and rarely meets different ones', () => {
    const keys = new KeyHashes();
    for (let n = 0; n < 200_000; n++) keys.add(`${id(`4510221980010${String(n).padStart(4, '0')}`)}2026-01-02`);
    expect(keys.met).toBe(false);
    keys.add(`${id('45102219800100042')}2026-01-02`);
    expect(keys.met).toBe(true);
  });
});
