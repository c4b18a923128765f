import { type Lang, type PopulationImportResult, type PopulationItem, type PopulationProblem, REPORT_RULE_MESSAGES, UPLOAD_RULE_MESSAGES, type UploadRule, yearInChina } from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { FileRefused, refusalError, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import type { SheetColumn } from '../households/sheet.ts';
import { ruleMessage } from '../../kernel/sheets/messages.ts';
import { cellAddress, type ImportProblem, readSheets } from '../../kernel/sheets/sheet-reader.ts';
import { registryCounts, scopeOf } from './figures.service.ts';
import { existingVillages, findPopulations, listVillagePopulation, listVillagesForTemplate, upsertPopulations } from './population.repository.ts';

/**
 * The rural registered population of each village and year (农村户籍人口), the denominator of poverty
 * incidence: listed, given out as a workbook template, and imported back from it. An import is checked
 * row by row and written whole or not at all.
 */

export const POPULATION_SHEET = '农村户籍人口';
export const POPULATION_COLUMNS: SheetColumn[] = [
  { key: 'villageCode', header: '村代码', width: 16, required: true, cell: { kind: 'text', max: 12 } },
  { key: 'year', header: '年份', width: 8, required: true, cell: { kind: 'int', min: 2010, max: 2100 } },
  { key: 'population', header: '农村户籍人口', width: 14, required: true, cell: { kind: 'int', min: 0, max: 1_000_000 } },
];
const HEADER = Object.fromEntries(POPULATION_COLUMNS.map((c) => [c.key, c.header])) as Record<'villageCode' | 'year' | 'population', string>;

/** The earliest year a figure may be given for (the 2010 poverty line's base year). */
export const FIRST_POPULATION_YEAR = 2010;
/** A village beyond this is a typing error. */
const MAX_VILLAGE_POPULATION = 1_000_000;

const thisYear = () => yearInChina();

/** A page of the villages of a region with their rural population for a year (null where none is kept). */
export async function listPopulation(db: Db, code: string, year: number, page: number, pageSize: number) {
  const { items, total } = await listVillagePopulation(db, code, year, page, pageSize);
  return {
    items: items.map(
      (r): PopulationItem => ({
        code: r.code,
        name: r.name,
        township: r.township_code && r.township_name ? { code: r.township_code, name: r.township_name } : null,
        year,
        ruralPopulation: r.rural_population,
        source: r.source,
      }),
    ),
    total: Number(total.n),
  };
}

/** The import template: every village of the user's region for the year, prefilled with the figure kept now. */
export async function populationTemplate(db: Db, user: SessionUser, year: number): Promise<Buffer> {
  const rows = await listVillagesForTemplate(db, user.regionCode, year);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.title = `${POPULATION_SHEET} ${year}`;
  const ws = wb.addWorksheet(POPULATION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = POPULATION_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.key === 'villageCode' ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow({ villageCode: r.code, year, population: r.rural_population });
  const list = wb.addWorksheet('村名单 Villages');
  list.columns = [
    { header: '村代码 Village code', key: 'code', width: 18, style: { numFmt: '@' } },
    { header: '村名称 Village', key: 'name', width: 20 },
    { header: '乡镇 Township', key: 'township', width: 20 },
  ];
  list.getRow(1).font = { bold: true };
  for (const r of rows) list.addRow({ code: r.code, name: r.name, township: r.township_name });
  const notes = wb.addWorksheet('填写说明 Notes');
  notes.getColumn(1).width = 100;
  notes.addRows([
    [`在「${POPULATION_SHEET}」工作表中每村每年填写一行;请勿修改列名,可删除不需更新的行。`],
    ['Fill one row per village and year in the first sheet; keep the headers; rows you do not update may be deleted.'],
    [`村代码:12 位统计用区划代码(文本格式);年份:${FIRST_POPULATION_YEAR} 至今年;农村户籍人口:不小于 0 的整数。`],
    [`Village code: the 12-digit statistical code (as text); year: ${FIRST_POPULATION_YEAR} to this year; rural population: a whole number of at least 0.`],
    ['已有的数字会被文件中的数字替换;有任何一行出错时不写入任何数据。'],
    ['Figures already kept are replaced by the file’s; if any row breaks a rule, nothing is written.'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A population problem as the API shows it, in the request's language. */
export function presentPopulationProblem(p: ImportProblem, lang: Lang): PopulationProblem {
  return { row: p.row, column: p.column, cell: p.cell, rule: p.rule, message: REPORT_RULE_MESSAGES[p.rule]?.[lang] ?? ruleMessage(p.rule, lang), detail: p.detail ?? null };
}

interface PopulationRow {
  row: number;
  villageCode: string;
  year: number;
  population: number;
}

/** A cell as a whole number: numbers as they are, digits typed as text read as numbers; else null. */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/**
 * Reads and checks every row of a population workbook: the village code (12 digits, a village inside the
 * user's region), the year (2010 to this year), the population (a whole number, not negative), and no
 * village and year twice. Rows without a population figure are skipped. Returns the rows, or every problem found.
 */
async function checkRows(db: Db, user: SessionUser, buffer: Buffer, limits: UploadLimits | undefined): Promise<{ rows: PopulationRow[]; problems: ImportProblem[]; skipped: number }> {
  const read = await readSheets(buffer, { [POPULATION_SHEET]: POPULATION_COLUMNS }, () => {}, limits ? { limits } : {});
  const problems = [...read.problems];
  const positions = read.positions[POPULATION_SHEET];
  /** Records a problem of a cell; false, for the row's verdict. */
  const problem = (row: number, key: keyof typeof HEADER, rule: string, detail?: string): false => {
    problems.push({ sheet: POPULATION_SHEET, row, column: HEADER[key], cell: cellAddress(positions, key, row), rule, ...(detail === undefined ? {} : { detail }) });
    return false;
  };
  const sheetRows = read.rows[POPULATION_SHEET] ?? [];
  const codes = new Set<string>();
  for (const r of sheetRows) {
    const v = r.values.villageCode;
    if (typeof v === 'string' || typeof v === 'number') codes.add(String(v).trim());
  }
  const wanted = [...codes].filter((c) => /^\d{12}$/.test(c) && inScope(user, c));
  const villages = await existingVillages(db, wanted);
  const last = thisYear();
  const rows: PopulationRow[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const r of sheetRows) {
    const { villageCode: rawCode, year: rawYear, population: rawPopulation } = r.values;
    // A row left without a figure (the template lists every village) gives nothing to write.
    if (rawPopulation === undefined || (typeof rawPopulation === 'string' && rawPopulation.trim() === '')) {
      skipped++;
      continue;
    }
    let ok = true;
    const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode).trim() : '';
    if (rawCode === undefined || code === '') ok = problem(r.row, 'villageCode', 'required');
    else if (!/^\d{12}$/.test(code)) ok = problem(r.row, 'villageCode', 'village_code_format', code);
    else if (!inScope(user, code)) ok = problem(r.row, 'villageCode', 'region_outside_scope', code);
    else if (!villages.has(code)) ok = problem(r.row, 'villageCode', 'region_not_found', code);
    const year = numberOf(rawYear);
    if (rawYear === undefined) ok = problem(r.row, 'year', 'required');
    else if (year === null || !Number.isInteger(year) || year < FIRST_POPULATION_YEAR || year > last) {
      ok = problem(r.row, 'year', 'population_year_range', `${FIRST_POPULATION_YEAR}–${last}`);
    }
    const population = numberOf(rawPopulation);
    if (population === null || !Number.isInteger(population)) ok = problem(r.row, 'population', 'population_not_integer', String(rawPopulation));
    else if (population < 0) ok = problem(r.row, 'population', 'population_negative', String(population));
    else if (population > MAX_VILLAGE_POPULATION) ok = problem(r.row, 'population', 'population_too_large', String(population));
    if (!ok || year === null || population === null) continue;
    const key = `${code}:${year}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(r.row, 'villageCode', 'duplicate_in_file', String(first));
      continue;
    }
    seen.set(key, r.row);
    rows.push({ row: r.row, villageCode: code, year, population });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ sheet: POPULATION_SHEET, row: null, column: HEADER.population, cell: null, rule: 'empty' });
  return { rows, problems, skipped };
}

/**
 * Rows whose population is below the village's registered poor persons of that year: passed, with a
 * warning. The poor persons are the statistics' own count (registryCounts by village), one query per
 * county and year in the file.
 */
async function belowPoor(db: Db, rows: PopulationRow[]): Promise<ImportProblem[]> {
  const groups = new Map<string, { county: string; year: number }>();
  for (const r of rows) groups.set(`${r.villageCode.slice(0, 6)}:${r.year}`, { county: r.villageCode.slice(0, 6), year: r.year });
  const poor = new Map<string, number>();
  for (const { county, year } of groups.values()) {
    const counts = await registryCounts(db, scopeOf(county, 12), year);
    for (const [village, c] of counts.children) poor.set(`${village}:${year}`, c.poor.persons);
  }
  return rows.flatMap((r) => {
    const p = poor.get(`${r.villageCode}:${r.year}`) ?? 0;
    return r.population < p ? [{ sheet: POPULATION_SHEET, row: r.row, column: HEADER.population, cell: null, rule: 'population_below_poor', detail: String(p) }] : [];
  });
}

/**
 * Imports a population workbook: any problem refuses the whole file (400, each problem with its row,
 * column and rule); otherwise every row is inserted or replaces the figure kept, with source 'import', in
 * one transaction with its audit event (the figures replaced and their new values).
 */
export async function importPopulation(
  db: Db,
  user: SessionUser,
  actor: Actor,
  file: { name: string; buffer: Buffer },
  lang: Lang,
  limits?: UploadLimits,
): Promise<PopulationImportResult> {
  const { rows, problems, skipped } = await checkRows(db, user, file.buffer, limits);
  // A file refused as a whole (a zip bomb, a cell too long) is refused by its rule, not as a list of rows.
  const whole = problems.find((p) => p.sheet === null && p.row === null && p.rule in UPLOAD_RULE_MESSAGES);
  if (whole) throw refusalError(new FileRefused(whole.rule as UploadRule, whole.detail));
  if (problems.length > 0) {
    throw new AppError('validation_failed', {
      field: 'file',
      rule: 'population_rows',
      problemCount: problems.length,
      problems: problems.slice(0, 500).map((p) => presentPopulationProblem(p, lang)),
    });
  }
  const warnings = await belowPoor(db, rows);
  const { inserted, replaced } = await inTransaction(db, async (trx) => {
    const codes = [...new Set(rows.map((r) => r.villageCode))];
    const years = [...new Set(rows.map((r) => r.year))];
    const existing = await findPopulations(trx, codes, years);
    await upsertPopulations(trx, rows, 'import');
    const replaced = rows.flatMap((r) => {
      const before = existing.get(`${r.villageCode}:${r.year}`);
      return before === undefined ? [] : [{ regionCode: r.villageCode, year: r.year, before, after: r.population }];
    });
    const inserted = rows.length - replaced.length;
    await recordAudit(trx, actor, {
      action: 'population.imported',
      entity: 'region_population',
      entityId: user.regionCode,
      regionCode: user.regionCode,
      before: replaced.filter((c) => c.before !== c.after).map(({ regionCode, year, before }) => ({ regionCode, year, ruralPopulation: before })),
      after: { fileName: file.name, rows: rows.length, inserted, updated: replaced.length, years: years.sort(), figures: rows.map((r) => ({ regionCode: r.villageCode, year: r.year, ruralPopulation: r.population })) },
    });
    return { inserted, replaced };
  });
  return { rows: rows.length, inserted, updated: replaced.length, skipped, warnings: warnings.slice(0, 500).map((w) => presentPopulationProblem(w, lang)) };
}
