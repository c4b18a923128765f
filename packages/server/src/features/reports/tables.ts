import { ALERT_RULES, exitThresholdFor, MEASURE_FAMILIES, MONITORING_CATEGORIES, REPORT_KINDS, type RegionRef, type ReportKind } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
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
import type { setContextFor } from '../stats/service.ts';
import { both, type CellFormat, type CellValue, HOUSEHOLDS, L, type Labels, PERSONS, type ReportColumnGroup, type ReportRow, type ReportTable, TOTAL } from './report.ts';
import { listVillagesWithTownship } from './repository.ts';

/** The tables of each standard report, built from the statistics' figures: one function per report. */

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

interface Node {
  code: string;
  name: string;
}

/** What every report's tables are built from: the region, its children in order, the year and its context. */
export interface Frame {
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
async function summaryTables(db: Db, frame: Frame): Promise<ReportTable[]> {
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
    const villages = await listVillagesWithTownship(db, frame.region.code);
    const byVillage: Frame = { ...frame, childLength: 12, children: villages.map((v) => ({ code: v.code, name: `${v.township} ${v.name}` })) };
    tables.push(await table(L('分村汇总', 'By village'), byVillage));
  }
  return tables;
}

/** 脱贫退出情况表: entries, exits and returns of the year, exits to date, poor at the year's end, incidence against the threshold. */
async function exitTables(db: Db, frame: Frame): Promise<ReportTable[]> {
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
async function monitoringTables(db: Db, frame: Frame): Promise<ReportTable[]> {
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
async function measureTables(db: Db, frame: Frame): Promise<ReportTable[]> {
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
async function visitTables(db: Db, frame: Frame): Promise<ReportTable[]> {
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

/** The tables of each kind of report. */
export const TABLES: Record<ReportKind, (db: Db, frame: Frame) => Promise<ReportTable[]>> = {
  summary: summaryTables,
  exits: exitTables,
  monitoring: monitoringTables,
  measures: measureTables,
  visits: visitTables,
};
