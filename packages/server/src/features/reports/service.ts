import {
  ALERT_RULES,
  exitThresholdFor,
  type Lang,
  MEASURE_FAMILIES,
  MONITORING_CATEGORIES,
  REPORT_KINDS,
  type RegionRef,
  type ReportKind,
} from '@jingzhun/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { renderPdf } from '../../kernel/pdf/pdf.ts';
import { listChildren } from '../regions/repository.ts';
import { CHILD_CODE_LENGTH, regionPath } from '../regions/service.ts';
import {
  alertFigures,
  alertFiguresByChild,
  benefitFigures,
  benefitFiguresByChild,
  type Count,
  incomeFigures,
  measureFigures,
  measureFiguresByChild,
  monitoredByChild,
  registryCounts,
  type RegistryCounts,
  ruralPopulation,
  scopeOf,
  visitFigures,
  visitFiguresByChild,
} from '../stats/figures.service.ts';
import { setContextFor, statRegionAndYear } from '../stats/service.ts';

/**
 * The standard reports (标准报表): each is built once as tables of figures (rows: the region's children and a
 * total row, or the village alone) with its header lines, then rendered to .xlsx or .pdf. Every number comes
 * from stat.queries.ts; the total row is the region-wide figure of the same function the overview reads, so a
 * report's totals and the dashboard's cannot differ.
 */

type Labels = Record<Lang, string>;

/** How a cell's value is shown: a count, yuan, a share (0.0333 is 3.33%), yes/no, or text. */
export type CellFormat = 'int' | 'money' | 'percent' | 'yesno';
export type CellValue = number | boolean | null;

export interface ReportColumn {
  key: string;
  label: Labels;
  format: CellFormat;
}

/** Columns under one heading (a figure and its households and persons); a heading of null stands alone. */
export interface ReportColumnGroup {
  label: Labels | null;
  columns: ReportColumn[];
}

export interface ReportRow {
  code: string;
  name: string;
  /** The total row (合计), or the region itself when it has no children in the report. */
  total: boolean;
  values: Record<string, CellValue>;
}

export interface ReportTable {
  title: Labels;
  groups: ReportColumnGroup[];
  rows: ReportRow[];
}

export interface Report {
  kind: ReportKind;
  title: Labels;
  region: RegionRef;
  path: RegionRef[];
  year: number;
  generatedAt: Date;
  profile: { scopeCode: string; version: number; name: string };
  /** The header lines in order: title, region, year, generation time, profile, what the figures are. */
  lines: Array<{ label: Labels; value: string }>;
  notes: Labels[];
  tables: ReportTable[];
}

const L = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
/** Both languages of a label on one line, Chinese first. */
export const both = (l: Labels) => (l['zh-CN'] === l.en ? l.en : `${l['zh-CN']} ${l.en}`);

const HOUSEHOLDS = L('户数', 'Households');
const PERSONS = L('人数', 'Persons');
const TOTAL = L('合计', 'Total');

/** A figure's households and persons as two columns under one heading. */
function countGroup(key: string, label: Labels): ReportColumnGroup {
  return {
    label,
    columns: [
      { key: `${key}_h`, label: HOUSEHOLDS, format: 'int' },
      { key: `${key}_p`, label: PERSONS, format: 'int' },
    ],
  };
}
const single = (key: string, label: Labels, format: CellFormat): ReportColumnGroup => ({ label: null, columns: [{ key, label, format }] });
const countValues = (key: string, c: Count | undefined) => ({ [`${key}_h`]: c?.households ?? 0, [`${key}_p`]: c?.persons ?? 0 });

const labelsOf = (list: Record<string, Labels>, key: string): Labels => list[key] ?? L(key, key);

/** China's time (UTC+8) of a moment, as the registry's dates are. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8)`;
}

interface Node {
  code: string;
  name: string;
}

/** What every report's tables are built from: the region, its children in order, the year and its context. */
interface Frame {
  region: RegionRef;
  children: Node[];
  year: number;
  childLength: number | null;
  profile: Awaited<ReturnType<typeof setContextFor>>['profile'];
  ctx: Awaited<ReturnType<typeof setContextFor>>['ctx'];
}

/** The rows of a table: one per child and the total row, or the region alone when it has no children here. */
function rowsOf(frame: Frame, child: (code: string) => Record<string, CellValue>, total: Record<string, CellValue>): ReportRow[] {
  if (frame.childLength === null) return [{ code: frame.region.code, name: frame.region.name, total: true, values: total }];
  return [
    ...frame.children.map((c) => ({ code: c.code, name: c.name, total: false, values: child(c.code) })),
    { code: frame.region.code, name: both(TOTAL), total: true, values: total },
  ];
}

const incidenceOf = (poorPersons: number, rural: number | null) => (rural !== null && rural > 0 ? poorPersons / rural : null);

/** 年度汇总表: the registry, incidence, the year's flows, monitoring and income per child; a county's also per village. */
async function summaryTables(db: Kysely<DB>, frame: Frame): Promise<ReportTable[]> {
  const groups: ReportColumnGroup[] = [
    countGroup('registered', L('建档立卡', 'Registered')),
    countGroup('poor', L('未脱贫', 'Poor')),
    countGroup('exited_total', L('累计脱贫', 'Exited to date')),
    single('rural', L('农村户籍人口', 'Rural population'), 'int'),
    single('incidence', L('贫困发生率', 'Poverty incidence'), 'percent'),
    {
      label: L('当年变动(户)', 'In the year (households)'),
      columns: [
        { key: 'entered', label: L('识别纳入', 'Entered'), format: 'int' },
        { key: 'exited', label: L('脱贫', 'Exited'), format: 'int' },
        { key: 'returned', label: L('返贫', 'Returned'), format: 'int' },
      ],
    },
    countGroup('monitored', L('监测对象', 'Monitored')),
    single('income_mean', L('人均纯收入(元)', 'Net income per head (yuan)'), 'money'),
  ];
  const values = (c: RegistryCounts | undefined, rural: number | null, mean: number | null) => ({
    ...countValues('registered', c?.registered),
    ...countValues('poor', c?.poor),
    ...countValues('exited_total', c?.exited_total),
    rural,
    incidence: incidenceOf(c?.poor.persons ?? 0, rural),
    entered: c?.entered.households ?? 0,
    exited: c?.exited.households ?? 0,
    returned: c?.returned.households ?? 0,
    ...countValues('monitored', c?.monitored),
    income_mean: mean,
  });
  /** The table of one grouping: a row per node of `childLength` under the region, and the total. */
  const table = async (title: Labels, frameOf: Frame) => {
    const scope = scopeOf(frameOf.region.code, frameOf.childLength);
    const [registry, population, income] = await Promise.all([
      registryCounts(db, scope, frameOf.year),
      ruralPopulation(db, scope, [frameOf.year]),
      incomeFigures(db, scope, frameOf.ctx),
    ]);
    return {
      title,
      groups,
      rows: rowsOf(
        frameOf,
        (code) => values(registry.children.get(code), population.byChild.get(`${frameOf.year}:${code}`) ?? null, income.childMeans.get(code) ?? null),
        values(registry.total, population.total.get(frameOf.year) ?? null, income.mean),
      ),
    };
  };
  const tables: ReportTable[] = [await table(REPORT_KINDS.summary, frame)];
  // A county's summary goes down to its villages too (分乡镇、村), each named with its township.
  if (frame.region.level === 3) {
    const villages = await db
      .selectFrom('region as v')
      .innerJoin('region as t', 't.code', 'v.parent_code')
      .select(['v.code', 'v.name', 't.name as township'])
      .where('v.level', '=', 5)
      .where('v.code', 'like', `${frame.region.code}%`)
      .orderBy('v.code')
      .execute();
    const byVillage: Frame = { ...frame, childLength: 12, children: villages.map((v) => ({ code: v.code, name: `${v.township} ${v.name}` })) };
    tables.push(await table(L('分村汇总', 'By village'), byVillage));
  }
  return tables;
}

/** 脱贫退出情况表: entries, exits and returns of the year, exits to date, poor at the year's end, incidence against the threshold. */
async function exitTables(db: Kysely<DB>, frame: Frame): Promise<ReportTable[]> {
  const scope = scopeOf(frame.region.code, frame.childLength);
  const [registry, population] = await Promise.all([registryCounts(db, scope, frame.year), ruralPopulation(db, scope, [frame.year])]);
  const values = (code: string, c: RegistryCounts | undefined, rural: number | null) => {
    const incidence = incidenceOf(c?.poor.persons ?? 0, rural);
    return {
      ...countValues('entered', c?.entered),
      ...countValues('exited', c?.exited),
      ...countValues('returned', c?.returned),
      ...countValues('exited_total', c?.exited_total),
      ...countValues('poor', c?.poor),
      rural,
      incidence,
      meets: incidence === null ? null : incidence < exitThresholdFor(frame.profile, code),
    };
  };
  return [
    {
      title: REPORT_KINDS.exits,
      groups: [
        countGroup('entered', L('当年识别纳入', 'Entered in the year')),
        countGroup('exited', L('当年脱贫', 'Exited in the year')),
        countGroup('returned', L('当年返贫', 'Returned in the year')),
        countGroup('exited_total', L('累计脱贫', 'Exited to date')),
        countGroup('poor', L('年末未脱贫', 'Poor at year end')),
        single('rural', L('农村户籍人口', 'Rural population'), 'int'),
        single('incidence', L('贫困发生率', 'Poverty incidence'), 'percent'),
        single('meets', L('达到退出标准', 'Meets the exit threshold'), 'yesno'),
      ],
      rows: rowsOf(
        frame,
        (code) => values(code, registry.children.get(code), population.byChild.get(`${frame.year}:${code}`) ?? null),
        values(frame.region.code, registry.total, population.total.get(frame.year) ?? null),
      ),
    },
  ];
}

/** 防返贫监测情况表: monitored households by category, risk removed in the year, and alerts by rule. */
async function monitoringTables(db: Kysely<DB>, frame: Frame): Promise<ReportTable[]> {
  const scope = scopeOf(frame.region.code, frame.childLength);
  const whole = scopeOf(frame.region.code, null);
  const [registry, categories, alerts, alertsByChild] = await Promise.all([
    registryCounts(db, scope, frame.year),
    monitoredByChild(db, scope, frame.year),
    alertFigures(db, whole, frame.year),
    alertFiguresByChild(db, scope, frame.year),
  ]);
  const categoryKeys = Object.keys(MONITORING_CATEGORIES);
  const ruleKeys = Object.keys(ALERT_RULES);
  const monitoredValues = (c: RegistryCounts | undefined, byCategory: (key: string) => Count | undefined) => ({
    ...countValues('monitored', c?.monitored),
    ...Object.fromEntries(categoryKeys.flatMap((k) => Object.entries(countValues(`cat_${k}`, byCategory(k))))),
    ...countValues('risk_removed', c?.risk_removed),
  });
  type AlertCount = { raised: number; households: number; open: Count };
  const alertValues = (byRule: (rule: string) => AlertCount | undefined) =>
    Object.fromEntries(
      ruleKeys.flatMap((r) => {
        const a = byRule(r);
        return [
          [`${r}_raised`, a?.raised ?? 0],
          [`${r}_h`, a?.households ?? 0],
          [`${r}_open`, a?.open.households ?? 0],
        ];
      }),
    );
  return [
    {
      title: L('监测对象', 'Monitored households'),
      groups: [
        countGroup('monitored', L('监测对象合计', 'Monitored, all categories')),
        ...categoryKeys.map((k) => countGroup(`cat_${k}`, labelsOf(MONITORING_CATEGORIES, k))),
        countGroup('risk_removed', L('当年风险消除', 'Risk removed in the year')),
      ],
      rows: rowsOf(
        frame,
        (code) => monitoredValues(registry.children.get(code), (k) => categories.get(code)?.get(k)),
        monitoredValues(registry.total, (k) => registry.categories.find((c) => c.key === k)),
      ),
    },
    {
      title: L('监测预警(按规则)', 'Alerts by rule'),
      groups: ruleKeys.map((r) => ({
        label: labelsOf(ALERT_RULES, r),
        columns: [
          { key: `${r}_raised`, label: L('当年预警(条)', 'Raised (alerts)'), format: 'int' },
          { key: `${r}_h`, label: L('涉及户数', 'Households'), format: 'int' },
          { key: `${r}_open`, label: L('未处置户数', 'Open (households)'), format: 'int' },
        ],
      })),
      rows: rowsOf(frame, (code) => alertValues((r) => alertsByChild.get(code)?.get(r)), alertValues((r) => alerts.get(r))),
    },
  ];
}

/** 帮扶措施和收益情况表: measures under way by family and benefits paid by kind, for the families and kinds the region has. */
async function measureTables(db: Kysely<DB>, frame: Frame): Promise<ReportTable[]> {
  const scope = scopeOf(frame.region.code, frame.childLength);
  const whole = scopeOf(frame.region.code, null);
  const [measures, measuresByChild, benefits, benefitsByChild] = await Promise.all([
    measureFigures(db, whole, frame.year),
    measureFiguresByChild(db, scope, frame.year),
    benefitFigures(db, whole, frame.year),
    benefitFiguresByChild(db, scope, frame.year),
  ]);
  const keyOf = (i: number) => `k${i}`;
  const measureValues = (get: (family: string) => { households: number; measures: number; amount: number } | undefined) =>
    Object.fromEntries(
      measures.flatMap((m, i) => {
        const f = get(m.key);
        return [
          [`${keyOf(i)}_h`, f?.households ?? 0],
          [`${keyOf(i)}_n`, f?.measures ?? 0],
          [`${keyOf(i)}_amount`, f?.amount ?? 0],
        ];
      }),
    );
  const benefitValues = (get: (kind: string) => { households: number; payments: number; amount: number } | undefined) =>
    Object.fromEntries(
      benefits.flatMap((b, i) => {
        const f = get(b.key);
        return [
          [`${keyOf(i)}_h`, f?.households ?? 0],
          [`${keyOf(i)}_n`, f?.payments ?? 0],
          [`${keyOf(i)}_amount`, f?.amount ?? 0],
        ];
      }),
    );
  const byKey = <T extends { key: string }>(list: T[]) => new Map(list.map((x) => [x.key, x]));
  const measureTotal = byKey(measures);
  const benefitTotal = byKey(benefits);
  return [
    {
      title: L('帮扶措施(按类别,当年实施)', 'Measures under way in the year, by family'),
      groups: measures.map((m, i) => ({
        label: labelsOf(MEASURE_FAMILIES, m.key),
        columns: [
          { key: `${keyOf(i)}_h`, label: HOUSEHOLDS, format: 'int' },
          { key: `${keyOf(i)}_n`, label: L('措施数', 'Measures'), format: 'int' },
          { key: `${keyOf(i)}_amount`, label: L('金额(元)', 'Amount (yuan)'), format: 'money' },
        ],
      })),
      rows: rowsOf(frame, (code) => measureValues((f) => measuresByChild.get(code)?.get(f)), measureValues((f) => measureTotal.get(f))),
    },
    {
      title: L('收益发放(按类别,当年发放)', 'Benefits paid in the year, by kind'),
      groups: benefits.map((b, i) => ({
        label: labelsOf(MEASURE_FAMILIES, b.key),
        columns: [
          { key: `${keyOf(i)}_h`, label: HOUSEHOLDS, format: 'int' },
          { key: `${keyOf(i)}_n`, label: L('笔数', 'Payments'), format: 'int' },
          { key: `${keyOf(i)}_amount`, label: L('金额(元)', 'Amount (yuan)'), format: 'money' },
        ],
      })),
      rows: rowsOf(frame, (code) => benefitValues((k) => benefitsByChild.get(code)?.get(k)), benefitValues((k) => benefitTotal.get(k))),
    },
  ];
}

/** 走访帮扶落实情况表: paired households, visits of the year, pairings overdue and compliance. */
async function visitTables(db: Kysely<DB>, frame: Frame): Promise<ReportTable[]> {
  const scope = scopeOf(frame.region.code, frame.childLength);
  const whole = scopeOf(frame.region.code, null);
  const [total, byChild] = await Promise.all([visitFigures(db, whole, frame.ctx), visitFiguresByChild(db, scope, frame.ctx)]);
  type V = Awaited<ReturnType<typeof visitFigures>>;
  const values = (v: V | undefined) => ({
    ...countValues('paired', v?.paired),
    ...countValues('visited', v?.visited),
    visits: v?.visits ?? 0,
    ...countValues('overdue', v?.overdue),
    compliance: v?.compliance ?? null,
  });
  return [
    {
      title: REPORT_KINDS.visits,
      groups: [
        countGroup('paired', L('结对帮扶户', 'Paired households')),
        countGroup('visited', L('当年已走访', 'Visited in the year')),
        single('visits', L('走访次数', 'Visits'), 'int'),
        countGroup('overdue', L('走访超期', 'Visit overdue')),
        single('compliance', L('走访达标率', 'Compliance'), 'percent'),
      ],
      rows: rowsOf(frame, (code) => values(byChild.get(code)), values(total)),
    },
  ];
}

const TABLES: Record<ReportKind, (db: Kysely<DB>, frame: Frame) => Promise<ReportTable[]>> = {
  summary: summaryTables,
  exits: exitTables,
  monitoring: monitoringTables,
  measures: measureTables,
  visits: visitTables,
};

/** What each report says about its figures besides the common lines. */
function notesOf(kind: ReportKind, frame: Frame): Labels[] {
  const threshold = `${(exitThresholdFor(frame.profile, frame.region.code) * 100).toFixed(2)}%`;
  const incidence = L('贫困发生率 = 未脱贫人口 / 农村户籍人口;无人口数据时留空。', 'Incidence = poor persons / rural registered population; blank without a population figure.');
  switch (kind) {
    case 'summary':
      return [incidence, L('人均纯收入按人口加权(纯收入合计 / 人口合计)。', 'Net income per head is weighted by persons (all net income / all persons).')];
    case 'exits':
      return [incidence, L(`退出标准:贫困发生率低于 ${threshold}。`, `Exit threshold: incidence below ${threshold}.`)];
    case 'monitoring':
      return [L('监测对象为年末在监测中的户;预警按预警所在村统计。', 'Monitored: households under monitoring at year end; alerts count in the village they were raised for.')];
    case 'measures':
      return [L('措施:当年实施中(未取消)的措施;收益:当年发放的款项,按措施类别或发放单位。', 'Measures: not cancelled and under way in the year; benefits: paid in the year, by the measure family or the payer.')];
    case 'visits':
      return [L(`结对与超期按 ${frame.ctx.asOf} 计;走访按当年计。`, `Pairings and lateness as of ${frame.ctx.asOf}; visits in the year.`)];
  }
}

/**
 * Builds a report of a region and year for a user: the region must lie in the user's scope and the year
 * among the years with data (as the overview checks them). A few grouped queries per report.
 */
export async function buildReport(db: Kysely<DB>, user: SessionUser, kind: ReportKind, code: string, year: number | undefined): Promise<Report> {
  const { region, year: y } = await statRegionAndYear(db, user, code, year);
  const childLength = CHILD_CODE_LENGTH[region.level] ?? null;
  const [{ profile, ctx }, path, children] = await Promise.all([
    setContextFor(db, region.code, y),
    regionPath(db, region.code),
    childLength === null ? Promise.resolve([]) : listChildren(db, region.code),
  ]);
  const ref: RegionRef = { code: region.code, name: region.name, level: region.level };
  const frame: Frame = { region: ref, children: children.map((c) => ({ code: c.code, name: c.name })), year: y, childLength, profile, ctx };
  const generatedAt = new Date();
  const tables = await TABLES[kind](db, frame);
  const place = path.filter((p) => p.code !== '').map((p) => p.name).join(' ');
  return {
    kind,
    title: REPORT_KINDS[kind],
    region: ref,
    path,
    year: y,
    generatedAt,
    profile: { scopeCode: profile.scopeCode, version: profile.version, name: profile.name },
    lines: [
      { label: L('报表', 'Report'), value: both(REPORT_KINDS[kind]) },
      { label: L('地区', 'Region'), value: `${place} (${region.code})` },
      { label: L('年度', 'Year'), value: String(y) },
      { label: L('生成时间', 'Generated at'), value: chinaTime(generatedAt) },
      {
        label: L('政策标准', 'Policy profile'),
        value: `${profile.name} (${profile.scopeCode || '全国 national'}, 第 ${profile.version} 版 version ${profile.version})`,
      },
      {
        label: L('数据说明', 'About the figures'),
        value: '本表数字由系统在生成时根据建档立卡数据统计 Figures are counted from the registry at generation time',
      },
    ],
    notes: notesOf(kind, frame),
    tables,
  };
}

/** The report's file name, without the extension: region, year and the Chinese title. */
export function reportFileName(report: Report): string {
  return `${report.region.name}-${report.year}-${report.title['zh-CN']}`;
}

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A value as the PDF prints it: counts grouped, yuan and shares to 2 decimals, yes/no in both languages. */
export function formatCell(value: CellValue, format: CellFormat): string {
  if (value === null) return '—';
  if (format === 'yesno' || typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  if (format === 'percent') return `${(value * 100).toFixed(2)}%`;
  if (format === 'money') return money.format(value);
  return grouping.format(value);
}

const XLSX_FORMATS: Record<CellFormat, string | undefined> = { int: '#,##0', money: '#,##0.00', percent: '0.00%', yesno: undefined };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };

/** The report as a workbook: one sheet per table, each opening with the report's header lines. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jingzhun';
  wb.title = `${both(report.title)} ${report.region.name} ${report.year}`;
  wb.created = report.generatedAt;
  const names = new Set<string>();
  for (const [index, table] of report.tables.entries()) {
    // Sheet names: at most 31 characters, no []:*?/\ and unique.
    let name = table.title['zh-CN'].replace(/[[\]:*?/\\]/g, ' ').slice(0, 28);
    if (names.has(name)) name = `${name.slice(0, 26)} ${index + 1}`;
    names.add(name);
    const ws = wb.addWorksheet(name);
    for (const line of report.lines) ws.addRow([both(line.label), line.value]);
    for (const note of report.notes) ws.addRow([both(L('注', 'Note')), both(note)]);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRow([]);
    ws.addRow([both(table.title)]).font = { bold: true };
    const columns = table.groups.flatMap((g) => g.columns);
    const top = ws.addRow([both(L('地区', 'Region')), ...table.groups.flatMap((g) => g.columns.map((c, i) => (g.label === null ? both(c.label) : i === 0 ? both(g.label) : null)))]);
    const sub = ws.addRow([null, ...table.groups.flatMap((g) => g.columns.map((c) => (g.label === null ? null : both(c.label))))]);
    // Merge each heading over its columns, and single columns and the region over both header rows.
    ws.mergeCells(top.number, 1, sub.number, 1);
    let col = 2;
    for (const g of table.groups) {
      if (g.label === null) for (let i = 0; i < g.columns.length; i++) ws.mergeCells(top.number, col + i, sub.number, col + i);
      else if (g.columns.length > 1) ws.mergeCells(top.number, col, top.number, col + g.columns.length - 1);
      col += g.columns.length;
    }
    for (const row of [top, sub]) {
      row.font = { bold: true };
      row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.fill = HEADER_FILL;
      });
    }
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: sub.number }];
    for (const r of table.rows) {
      const added = ws.addRow([r.name, ...columns.map((c) => toXlsx(r.values[c.key] ?? null, c.format))]);
      columns.forEach((c, i) => {
        const fmt = XLSX_FORMATS[c.format];
        if (fmt) added.getCell(i + 2).numFmt = fmt;
      });
      if (r.total) added.font = { bold: true };
    }
    if (columns.length === 0) ws.addRow([both(L('本年度无数据', 'No figures for the year'))]);
    ws.getColumn(1).width = 22;
    for (let i = 0; i < columns.length; i++) ws.getColumn(i + 2).width = 14;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function toXlsx(value: CellValue, format: CellFormat): string | number | null {
  if (value === null) return null;
  if (format === 'yesno' || typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  return value;
}

/**
 * The width a PDF table has for its columns besides the region's, in units of a count's column (yuan take
 * one and a half): wider tables are cut into parts by heading. A4 landscape holds 15 units at 7-8 pt.
 */
const PDF_UNITS = 15;
const PDF_MARGIN = 24;
/** A4 landscape's width in points less the margins, and the region's column. */
const PDF_WIDTH = 841.89 - 2 * PDF_MARGIN;
const PDF_NAME_WIDTH = 72;
/** A cell's padding (4 pt each side) and its rule, which pdfmake adds to each column's width. */
const PDF_CELL_EXTRA = 8.5;
const unitsOf = (c: ReportColumn) => (c.format === 'money' ? 1.5 : 1);

/** The report as a PDF (A4 landscape): the header lines, then each table, cut into parts when too wide. */
export async function reportPdf(report: Report): Promise<Buffer> {
  const content: unknown[] = [
    { text: both(report.title), style: 'title' },
    ...report.lines.slice(1).map((line) => ({ text: [{ text: `${both(line.label)}: `, bold: true }, line.value], style: 'line' })),
    ...report.notes.map((n) => ({ text: `${both(L('注', 'Note'))}: ${both(n)}`, style: 'note' })),
  ];
  for (const table of report.tables) {
    content.push({ text: both(table.title), style: 'tableTitle' });
    const parts = splitGroups(table.groups);
    if (parts.length === 0) content.push({ text: both(L('本年度无数据', 'No figures for the year')), style: 'note' });
    for (const [i, groups] of parts.entries()) {
      if (parts.length > 1) content.push({ text: `(${i + 1}/${parts.length})`, style: 'note' });
      content.push(pdfTable(groups, table.rows));
    }
  }
  return renderPdf({
    info: { title: `${both(report.title)} ${report.region.name} ${report.year}`, author: 'jingzhun', subject: report.kind },
    pageOrientation: 'landscape',
    pageMargins: [PDF_MARGIN, 32, PDF_MARGIN, 36],
    content,
    defaultStyle: { fontSize: 8, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 6] },
      line: { fontSize: 9, margin: [0, 0, 0, 1] },
      note: { fontSize: 8, color: '#555', margin: [0, 1, 0, 1] },
      tableTitle: { fontSize: 10, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (page, pages) => ({ text: `第 ${page} / ${pages} 页 Page ${page} of ${pages}`, alignment: 'center', fontSize: 7, color: '#888' }),
  });
}

/** Headings taken in order into parts of at most PDF_UNITS units (a heading is never split). */
function splitGroups(groups: ReportColumnGroup[]): ReportColumnGroup[][] {
  const parts: ReportColumnGroup[][] = [];
  let current: ReportColumnGroup[] = [];
  let width = 0;
  for (const g of groups) {
    const units = g.columns.reduce((sum, c) => sum + unitsOf(c), 0);
    if (width + units > PDF_UNITS && current.length > 0) {
      parts.push(current);
      current = [];
      width = 0;
    }
    current.push(g);
    width += units;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function pdfTable(groups: ReportColumnGroup[], rows: ReportRow[]) {
  const head = { bold: true, fillColor: '#eeeeee', alignment: 'center' as const, fontSize: 7 };
  const top: unknown[] = [{ text: both(L('地区', 'Region')), rowSpan: 2, ...head }];
  const sub: unknown[] = [{}];
  for (const g of groups) {
    if (g.label === null) {
      for (const c of g.columns) {
        top.push({ text: both(c.label), rowSpan: 2, ...head });
        sub.push({});
      }
    } else {
      top.push({ text: both(g.label), colSpan: g.columns.length, ...head }, ...g.columns.slice(1).map(() => ({})));
      sub.push(...g.columns.map((c) => ({ text: both(c.label), ...head })));
    }
  }
  const columns = groups.flatMap((g) => g.columns);
  // Widths by units of the whole page, so a part with few columns is as wide as one with many.
  const free = PDF_WIDTH - PDF_NAME_WIDTH - (columns.length + 1) * PDF_CELL_EXTRA - 1;
  const unitWidth = (PDF_WIDTH - PDF_NAME_WIDTH - (PDF_UNITS + 1) * PDF_CELL_EXTRA - 1) / PDF_UNITS;
  const total = columns.reduce((sum, c) => sum + unitsOf(c), 0);
  const widths = columns.map((c) => Math.min(unitWidth * unitsOf(c) * 2, (free * unitsOf(c)) / total));
  const body = rows.map((r) => [
    { text: r.name, bold: r.total },
    ...columns.map((c) => ({ text: formatCell(r.values[c.key] ?? null, c.format), alignment: 'right', bold: r.total })),
  ]);
  return {
    table: { headerRows: 2, dontBreakRows: true, widths: [PDF_NAME_WIDTH, ...widths], body: [top, sub, ...body] },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#999', vLineColor: () => '#999' },
    margin: [0, 0, 0, 6],
  };
}
