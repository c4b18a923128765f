import { CAUSES, familyLabel, HOUSEHOLD_STATUSES, type MeasureCatalogue, MEASURE_STATUSES } from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import type { HelperLedger } from './ledger.service.ts';

interface Column<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null;
  /** Kept as text so household numbers and dates never turn into numbers. */
  text?: boolean;
}

function addSheet<T>(wb: ExcelJS.Workbook, name: string, columns: Array<Column<T>>, rows: readonly T[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(Object.fromEntries(columns.map((c, i) => [String(i), c.value(row)])));
}

const label = (list: Record<string, { 'zh-CN': string }>, key: string | null) => (key ? (list[key]?.['zh-CN'] ?? key) : null);

/** A helper's ledger (帮扶台账) as a workbook: households paired, visits made, measures answered for. */
export async function ledgerWorkbook(ledger: HelperLedger, catalogue: MeasureCatalogue): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.title = `${ledger.helper.name} ${ledger.year} 年帮扶台账`;
  type H = HelperLedger['households'][number];
  type V = HelperLedger['visits'][number];
  type M = HelperLedger['measures'][number];
  addSheet<H>(wb, '结对户', [
    { header: '户编号', width: 22, value: (h) => h.householdNo, text: true },
    { header: '户主', width: 10, value: (h) => h.headName },
    { header: '村', width: 16, value: (h) => h.villageName },
    { header: '状态', width: 12, value: (h) => label(HOUSEHOLD_STATUSES, h.status) },
    { header: '主要致贫原因', width: 14, value: (h) => label(CAUSES, h.mainCause) },
    { header: '结对起', width: 12, value: (h) => h.pairedFrom, text: true },
    { header: '结对止', width: 12, value: (h) => h.pairedTo, text: true },
    { header: `${ledger.year} 年走访次数`, width: 14, value: (h) => h.visits },
  ], ledger.households);
  addSheet<V>(wb, '走访记录', [
    { header: '日期', width: 12, value: (v) => v.visitedOn, text: true },
    { header: '户编号', width: 22, value: (v) => v.household.householdNo, text: true },
    { header: '户主', width: 10, value: (v) => v.household.headName },
    { header: '走访所见', width: 40, value: (v) => v.seen },
    { header: '发现问题', width: 30, value: (v) => v.problems },
    { header: '商定措施', width: 30, value: (v) => v.agreed },
    { header: '慰问金额(元)', width: 12, value: (v) => v.spent },
    { header: '照片数', width: 8, value: (v) => v.photos },
    { header: '有定位', width: 8, value: (v) => (v.located ? '是' : '否') },
  ], ledger.visits);
  addSheet<M>(wb, '帮扶措施', [
    { header: '户编号', width: 22, value: (m) => m.household.householdNo, text: true },
    { header: '户主', width: 10, value: (m) => m.household.headName },
    { header: '类别', width: 16, value: (m) => familyLabel(catalogue, m.family, 'zh-CN') },
    { header: '内容', width: 40, value: (m) => m.content },
    { header: '金额(元)', width: 12, value: (m) => m.amount },
    { header: '开始', width: 12, value: (m) => m.startsOn, text: true },
    { header: '结束', width: 12, value: (m) => m.endsOn, text: true },
    { header: '状态', width: 10, value: (m) => label(MEASURE_STATUSES, m.status) },
    { header: '成效', width: 30, value: (m) => m.result },
  ], ledger.measures);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
