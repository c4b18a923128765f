import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/demo.loader.ts';
import { MEMBER_COLUMNS } from '../src/features/households/sheet.ts';
import { type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

describe.each(ENGINES)('household workbooks on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let village: Client;
  let helper: Client;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadDemo(t.database, { password: 'tiandong2026', persons: 3000 });
    app = await testApp(t.database);
    village = await signIn(app, 'village', 'tiandong2026');
    helper = await signIn(app, 'helper', 'tiandong2026');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('offers a template with Chinese headers, dropdowns from a code sheet, IDs as text and instructions', async () => {
    const res = await village.get('/api/v1/templates/households.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', '代码表', '家庭成员', '收入']);
    const members = wb.getWorksheet('家庭成员') as ExcelJS.Worksheet;
    expect(rowValues(members, 1)).toEqual(MEMBER_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header)));
    const idColumn = MEMBER_COLUMNS.findIndex((c) => c.key === 'idNumber') + 1;
    expect(members.getColumn(idColumn).numFmt).toBe('@');
    const validations = (members as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const relationLetter = String.fromCharCode(64 + MEMBER_COLUMNS.findIndex((c) => c.key === 'relation') + 1);
    // ExcelJS reads a range validation back cell by cell: the first and the last formatted row carry it.
    for (const row of [2, 5000]) {
      expect(validations[`${relationLetter}${row}`]).toMatchObject({ type: 'list' });
      expect(validations[`${relationLetter}${row}`]?.formulae[0]).toContain('代码表');
    }
    expect(wb.getWorksheet('代码表')?.state).toBe('hidden');
  });

  it('exports the full registry of a village with IDs in full as text, one row per member, incomes by year', async () => {
    const exports = () => t.database.db.selectFrom('audit_event').select(['action', 'after']).where('action', '=', 'household.exported').execute();
    const exportsBefore = (await exports()).length;
    const list = (await village.get('/api/v1/households?pageSize=200')).json();
    const res = await village.get('/api/v1/exports/households.xlsx?format=full');
    expect(res.statusCode).toBe(200);
    const wb = await workbook(res.rawPayload);
    const members = wb.getWorksheet('家庭成员') as ExcelJS.Worksheet;
    const persons = list.items.reduce((s: number, h: { members: number }) => s + h.members, 0);
    expect(members.actualRowCount - 1).toBe(persons);
    const idColumn = MEMBER_COLUMNS.findIndex((c) => c.key === 'idNumber') + 1;
    const ids = Array.from({ length: persons }, (_, i) => members.getRow(i + 2).getCell(idColumn).value);
    expect(ids.every((v) => typeof v === 'string' && /^\d{17}[\dX]$/.test(v))).toBe(true);
    const incomes = wb.getWorksheet('收入') as ExcelJS.Worksheet;
    const stored = await t.database.db
      .selectFrom('household_income')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('household_id', 'in', list.items.map((h: { id: string }) => h.id))
      .executeTakeFirstOrThrow();
    expect(incomes.actualRowCount - 1).toBe(Number(stored.n));
    expect(Number(stored.n)).toBeGreaterThan(list.total);
    // This export is audited once (other tests' exports came before or come after it).
    expect(await exports()).toHaveLength(exportsBefore + 1);
  });

  it('exports the filtered list with IDs masked for a helper, and refuses a helper the full export', async () => {
    const first = (await helper.get('/api/v1/households?pageSize=1')).json();
    const res = await helper.get(`/api/v1/exports/households.xlsx?q=${encodeURIComponent(first.items[0].headName)}`);
    expect(res.statusCode).toBe(200);
    const wb = await workbook(res.rawPayload);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(rowValues(ws, 1)[0]).toBe('户编号');
    expect(String(rowValues(ws, 2)[3])).toMatch(/^\d{6}\*{8}/);
    const full = await helper.get('/api/v1/exports/households.xlsx?format=full');
    expect(full.statusCode).toBe(403);
  });
});
