import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type SheetColumn, codeLists, INCOME_COLUMNS, MEMBER_COLUMNS, SHEET_NAMES } from './sheet.ts';
import { columnLetter } from '../../kernel/sheets/sheet-reader.ts';

/** The rows a template or a full export holds, in sheet order. */
export interface WorkbookRows {
  members: Array<Record<string, unknown>>;
  incomes: Array<Record<string, unknown>>;
}

/** Rows of the template and the import that dropdowns and text formats cover. */
const FORMATTED_ROWS = 5000;

type DataValidationsHolder = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

/** Writes a cell value as the sheet shows it: codes by their Chinese label, booleans as 是/否. */
export function cellText(column: SheetColumn, value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  const cell = column.cell;
  if (cell.kind === 'bool') return value ? '是' : '否';
  if (cell.kind === 'code') return cell.list[String(value)]?.['zh-CN'] ?? String(value);
  if (cell.kind === 'codes') return (value as string[]).map((v) => cell.list[v]?.['zh-CN'] ?? v).join('、');
  if (cell.kind === 'int' || cell.kind === 'money') return Number(value);
  return String(value);
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: SheetColumn[], lists: Map<string, number>, rows: Array<Record<string, unknown>>) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: c.width,
    // IDs, account numbers and codes stay text: an 18-digit ID must never become 4.51022E+17.
    style: c.cell.kind === 'id' || c.cell.kind === 'text' || c.cell.kind === 'date' ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    const headerCell = ws.getRow(1).getCell(i + 1);
    if (c.note) headerCell.note = c.note;
    const letter = columnLetter(i);
    const range = `${letter}2:${letter}${FORMATTED_ROWS}`;
    const validations = (ws as unknown as DataValidationsHolder).dataValidations;
    if (c.cell.kind === 'code') {
      const listIndex = lists.get(c.cell.listName) ?? 0;
      const size = Object.keys(c.cell.list).length;
      const listLetter = columnLetter(listIndex);
      validations.add(range, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`'${SHEET_NAMES.codes}'!$${listLetter}$2:$${listLetter}$${size + 1}`],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      });
    } else if (c.cell.kind === 'bool') {
      validations.add(range, { type: 'list', allowBlank: true, formulae: ['"是,否"'], showErrorMessage: true });
    }
  });
  for (const row of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, cellText(c, row[c.key])])));
  return ws;
}

function addCodesSheet(wb: ExcelJS.Workbook): Map<string, number> {
  const ws = wb.addWorksheet(SHEET_NAMES.codes, { state: 'hidden' });
  const index = new Map<string, number>();
  [...codeLists()].forEach(([name, list], i) => {
    index.set(name, i);
    ws.getCell(1, i + 1).value = name;
    Object.values(list).forEach((labels, j) => {
      ws.getCell(j + 2, i + 1).value = labels['zh-CN'];
    });
  });
  return index;
}

function addHelpSheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(SHEET_NAMES.help);
  ws.getColumn(1).width = 110;
  const lines = [
    '建档立卡农户导入说明 / How to fill in the household workbook',
    '',
    `1.「${SHEET_NAMES.members}」每行一名家庭成员;户的信息(村代码、住址、户属性、致贫原因、住房与饮水等)填在户主那一行。`,
    '2. 已登记的户填写「户编号」;新户不填户编号,而在「户序号」中给同一户的每一行填相同的序号(如 1、2、3)。',
    '3. 带 * 的列必填。身份证号按文本填写(18 位,末位可为 X),出生日期和性别须与身份证号一致。',
    '4. 代码列请从下拉列表选择;「次要致贫原因」可填多个,用顿号(、)分隔。是/否列填「是」或「否」。',
    '   不掌握的情况留空:空白表示「未填」(不详),不会当作「否」「健康」等处理;未填的情况不能作为认定依据。',
    `5.「${SHEET_NAMES.incomes}」每行一户一年的收入,按户编号或户序号对应;纯收入和人均纯收入由系统计算,不要填写。`,
    '6. 不要合并单元格、不要使用公式、不要增删或改名列。导入先全部校验:有任何错误都不会写入,并可下载标出错误单元格的文件。',
    '',
    'One row per member; household fields on the head’s row. Existing households by 户编号, new ones grouped by 户序号.',
    'Columns marked * are required. Pick coded values from the dropdowns. Nothing is written unless every row is valid.',
    'Leave a fact blank when it is not known: a blank cell is "not recorded", never read as no or healthy, and decides nothing.',
  ];
  lines.forEach((line, i) => {
    ws.getCell(i + 1, 1).value = line;
  });
  ws.getRow(1).font = { bold: true, size: 14 };
}

/** Builds the household workbook (template when the rows are empty, full export otherwise). */
export async function buildHouseholdWorkbook(rows: WorkbookRows): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.created = new Date();
  addHelpSheet(wb);
  const lists = addCodesSheet(wb);
  addSheet(wb, SHEET_NAMES.members, MEMBER_COLUMNS, lists, rows.members);
  addSheet(wb, SHEET_NAMES.incomes, INCOME_COLUMNS, lists, rows.incomes);
  // The members sheet opens first: it is where people type.
  wb.views = [{ activeTab: 2, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A plain list export: a header row and the rows as given, streamed so large lists stay small in memory. */
export async function streamListWorkbook(
  output: Writable,
  title: string,
  columns: Array<{ header: string; key: string; width: number; text?: boolean }>,
  rows: AsyncIterable<Array<Record<string, unknown>>>,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const batch of rows) for (const row of batch) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
}
