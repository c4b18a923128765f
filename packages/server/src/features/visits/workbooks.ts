import { CAUSES, familyLabel, HOUSEHOLD_STATUSES, type MeasureCatalogue, MEASURE_STATUSES } from '@jingzhun/domain';
import { addSheet, label, workbookOf } from '../../kernel/sheets/workbook.ts';
import type { Compliance, HelperLedger } from './ledger.service.ts';
import type { VisitPage } from './service.ts';

/** A helper's ledger (帮扶台账) as a workbook: households paired, visits made, measures answered for. */
export function ledgerWorkbook(ledger: HelperLedger, catalogue: MeasureCatalogue): Promise<Buffer> {
  return workbookOf(`${ledger.helper.name} ${ledger.year} 年帮扶台账`, (wb) => {
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
  });
}

/** Visit compliance as a workbook: every overdue pairing, then the counts by unit and by helper. */
export function complianceWorkbook(c: Compliance, regionName: string): Promise<Buffer> {
  return workbookOf(`${regionName} 走访频次 ${c.asOf}`, (wb) => {
    type I = Compliance['items'][number];
    addSheet<I>(wb, `超过${c.intervalDays}天未走访`, [
      { header: '户编号', width: 22, value: (i) => i.household.householdNo, text: true },
      { header: '户主', width: 10, value: (i) => i.household.headName },
      { header: '帮扶责任人', width: 10, value: (i) => i.helper.name },
      { header: '帮扶单位', width: 20, value: (i) => i.helper.unitName },
      { header: '结对起', width: 12, value: (i) => i.pairedSince, text: true },
      { header: '最近走访', width: 12, value: (i) => i.lastVisitedOn ?? '从未走访', text: true },
      { header: '距今天数', width: 10, value: (i) => i.daysSince },
    ], c.items);
    const share = (g: { pairings: number; overdue: number }) => (g.pairings === 0 ? 0 : Math.round((g.overdue / g.pairings) * 1000) / 10);
    addSheet<Compliance['byUnit'][number]>(wb, '按帮扶单位', [
      { header: '帮扶单位', width: 24, value: (u) => u.unitName },
      { header: '结对户数', width: 10, value: (u) => u.pairings },
      { header: '未按期走访', width: 12, value: (u) => u.overdue },
      { header: '未按期比例(%)', width: 14, value: share },
    ], c.byUnit);
    addSheet<Compliance['byHelper'][number]>(wb, '按帮扶责任人', [
      { header: '帮扶责任人', width: 12, value: (h) => h.name },
      { header: '帮扶单位', width: 24, value: (h) => h.unitName },
      { header: '结对户数', width: 10, value: (h) => h.pairings },
      { header: '未按期走访', width: 12, value: (h) => h.overdue },
      { header: '未按期比例(%)', width: 14, value: share },
    ], c.byHelper);
    const summary = wb.addWorksheet('说明');
    summary.addRows([
      ['区域', regionName],
      ['截至日期', c.asOf],
      ['走访间隔(天)', c.intervalDays],
      ['结对关系', c.pairings],
      ['未按期走访', c.overdue],
      ['涉及农户', c.overdueHouseholds],
    ]);
  });
}

/** Visits as a workbook, newest first. */
export function visitsWorkbook(visits: VisitPage['items']): Promise<Buffer> {
  return workbookOf('走访记录', (wb) => {
    addSheet<VisitPage['items'][number]>(wb, '走访记录', [
      { header: '日期', width: 12, value: (v) => v.visitedOn, text: true },
      { header: '户编号', width: 22, value: (v) => v.household.householdNo, text: true },
      { header: '户主', width: 10, value: (v) => v.household.headName },
      { header: '走访人', width: 16, value: (v) => v.helpers.map((h) => h.name).join('、') },
      { header: '帮扶单位', width: 20, value: (v) => [...new Set(v.helpers.map((h) => h.unitName))].join('、') },
      { header: '走访所见', width: 40, value: (v) => v.seen },
      { header: '发现问题', width: 30, value: (v) => v.problems },
      { header: '商定措施', width: 30, value: (v) => v.agreed },
      { header: '慰问金额(元)', width: 12, value: (v) => v.spent },
      { header: '照片数', width: 8, value: (v) => v.photoIds.length },
      { header: '有定位', width: 8, value: (v) => (v.location ? '是' : '否') },
    ], visits);
  });
}
