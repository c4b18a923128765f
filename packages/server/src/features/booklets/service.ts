import {
  CAUSES,
  EDUCATION_LEVELS,
  familyLabel,
  HEALTH_STATES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_GRADES,
  LABOUR_CAPACITIES,
  maskIdNumber,
  type MeasureCatalogue,
  MEASURE_STATUSES,
  RELATIONS,
  SEXES,
  todayInChina,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { renderPdf } from '../../kernel/pdf/pdf.ts';
import { describeHousehold } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { catalogueFor, listPairings } from '../assistance/service.ts';
import { householdPlan } from '../assistance/measure.service.ts';
import { listVisits } from '../visits/service.ts';
import { listPlacesAbove } from './repository.ts';

/** What every booklet of a village shares: the catalogue, the profile in force and the names of the places above. */
export async function villageContext(db: Db, villageCode: string) {
  const today = todayInChina();
  const [catalogue, profile, path] = await Promise.all([
    catalogueFor(db, villageCode),
    effectiveProfile(db, villageCode, today),
    listPlacesAbove(db, villageCode),
  ]);
  return { villageCode, catalogue, profile, path: path.map((p) => p.name), today };
}
type VillageContext = Awaited<ReturnType<typeof villageContext>>;

/**
 * Everything a household's booklet and card print, read with the reader's scope (a stranger gets
 * not_found). A village's batch passes the context its households share.
 */
export async function bookletData(db: Db, user: SessionUser, householdId: string, shared?: VillageContext) {
  const household = await describeHousehold(db, user, householdId);
  const context = shared?.villageCode === household.villageCode ? shared : await villageContext(db, household.villageCode);
  const [plan, pairings, visits] = await Promise.all([
    householdPlan(db, user, householdId, context.catalogue),
    listPairings(db, user, { householdId }),
    listVisits(db, user, { householdId, page: 1, pageSize: 200 }),
  ]);
  return { household, plan, pairings, visits: visits.items, catalogue: context.catalogue, profile: context.profile, place: [...context.path, household.villageName].join(' '), today: context.today };
}
export type BookletData = Awaited<ReturnType<typeof bookletData>>;

/** A fact not recorded is printed 未填: unknown, not a blank anyone may read as "none". */
const zh = (list: Record<string, { 'zh-CN': string }>, key: string | null | undefined) => (key ? (list[key]?.['zh-CN'] ?? key) : '未填');
const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const yesNo = (v: unknown) => (v === true ? '是' : v === false ? '否' : '未填');
/** A printed booklet hangs on the household's wall: ID numbers are always masked, whatever the reader may see. */
const maskedId = (id: string) => (id.includes('*') ? id : maskIdNumber(id));

const heading = (text: string) => ({ text, style: 'h2' });
const table = (widths: Array<number | string>, header: string[], rows: string[][], empty = '无') =>
  rows.length === 0
    ? { text: empty, color: '#666', margin: [0, 0, 0, 6] }
    : { table: { headerRows: 1, widths, body: [header.map((h) => ({ text: h, bold: true, fillColor: '#f0f0f0' })), ...rows] }, layout: 'lightHorizontalLines', fontSize: 9, margin: [0, 0, 0, 6] };
const qr = (url: string, fit: number) => ({ stack: [{ qr: url, fit, alignment: 'right' }, { text: url, fontSize: 6, color: '#666', alignment: 'right' }], width: fit + 40 });

function measuresRows(data: BookletData, catalogue: MeasureCatalogue, filter: (m: BookletData['plan']['measures'][number]) => boolean = () => true) {
  return data.plan.measures.filter(filter).map((m) => [
    familyLabel(catalogue, m.family, 'zh-CN'),
    m.content,
    m.amount > 0 ? yuan(m.amount) : '—',
    `${m.startsOn} ~ ${m.endsOn ?? ''}`,
    m.helperName ?? '—',
    zh(MEASURE_STATUSES, m.status),
    m.result ?? '',
  ]);
}

/** The content of one household's booklet (扶贫手册, 一户一册), for one PDF or a village's batch. */
export function bookletContent(data: BookletData, url: string, pageBreak: boolean): unknown[] {
  const h = data.household;
  const helpers = data.pairings.map((p) => [p.helper.name, p.helper.unitName, p.helper.phone ?? '—', `${p.startsOn} ~ ${p.endsOn ?? '至今'}`, p.endReason ?? '']);
  const members = h.members
    .filter((m) => m.status === 'active')
    .map((m) => [m.name, zh(RELATIONS, m.relation), zh(SEXES, m.sex), m.birthDate, maskedId(m.idNumber), zh(EDUCATION_LEVELS, m.education), zh(HEALTH_STATES, m.health), zh(LABOUR_CAPACITIES, m.labourCapacity)]);
  const incomes = h.incomes.map((i) => [String(i.year), yuan(i.wages), yuan(i.business), yuan(i.property), yuan(i.transfers), yuan(i.productionCosts), String(i.members), i.perHead === null ? '—' : yuan(i.perHead)]);
  const c = h.conditions;
  const benefitsTotal = data.plan.benefits.reduce((s, b) => s + b.amount, 0);
  return [
    {
      columns: [
        { stack: [{ text: data.place, color: '#555' }, { text: `${h.headName}户 扶贫手册`, style: 'title' }, { text: `户编号 ${h.householdNo}    打印日期 ${data.today}`, color: '#555' }] },
        qr(url, 70),
      ],
      ...(pageBreak ? { pageBreak: 'before' } : {}),
    },
    heading('一、基本情况'),
    {
      table: {
        widths: [70, '*', 70, '*'],
        body: [
          ['户主', h.headName, '联系电话', h.phone ?? '—'],
          ['家庭住址', { text: h.address ?? '—', colSpan: 3 }, '', ''],
          ['户属性', zh(HOUSEHOLD_ATTRIBUTES, h.attribute), '户状态', zh(HOUSEHOLD_STATUSES, h.status)],
          ['识别年度', String(h.yearRegistered ?? '—'), '脱贫年度', String(h.yearExited ?? '—')],
          ['主要致贫原因', zh(CAUSES, h.mainCause), '其他原因', h.secondaryCauses.map((x: string) => zh(CAUSES, x)).join('、') || '—'],
        ],
      },
      layout: 'lightHorizontalLines',
    },
    heading('二、家庭成员'),
    table([44, 34, 22, 56, 96, 50, 40, '*'], ['姓名', '关系', '性别', '出生日期', '身份证号', '文化程度', '健康', '劳动能力'], members),
    heading('三、收入情况(元)'),
    table([30, '*', '*', '*', '*', '*', 26, '*'], ['年度', '工资性', '经营性', '财产性', '转移性', '生产支出', '人数', '人均纯收入'], incomes),
    heading('四、"两不愁三保障"及饮水安全'),
    c
      ? {
          table: {
            widths: ['*', '*', '*', '*'],
            body: [
              ['不愁吃', yesNo(c.foodSecure), '不愁穿', yesNo(c.clothingSecure)],
              ['住房安全等级', zh(HOUSING_GRADES, c.housingGrade), '饮水水量', yesNo(c.waterQuantity)],
              ['饮水水质', yesNo(c.waterQuality), '取水方便', yesNo(c.waterConvenience)],
              ['供水保证', yesNo(c.waterGuarantee), '', ''],
            ],
          },
          layout: 'lightHorizontalLines',
        }
      : { text: '未填报', color: '#666' },
    heading('五、帮扶责任人'),
    table([50, '*', 80, 110, '*'], ['姓名', '帮扶单位', '联系电话', '结对期间', '变更原因'], helpers),
    heading('六、帮扶计划与措施'),
    data.plan.uncovered.length > 0
      ? { text: `尚无措施对应的致贫原因:${data.plan.uncovered.map((u) => zh(CAUSES, u.cause)).join('、')}`, color: '#b00', margin: [0, 0, 0, 4] }
      : { text: '' },
    table([56, '*', 50, 100, 40, 36, 70], ['类别', '内容', '金额(元)', '期间', '责任人', '状态', '成效'], measuresRows(data, data.catalogue)),
    heading(`七、享受政策及收益(合计 ${yuan(benefitsTotal)} 元)`),
    table([60, 60, '*', '*'], ['日期', '金额(元)', '来源', '备注'], data.plan.benefits.map((b) => [b.paidOn, yuan(b.amount), b.source, b.note ?? ''])),
    heading('八、走访记录'),
    table([56, 60, '*', '*', '*'], ['日期', '走访人', '看到的情况', '发现的问题', '商定的措施'], data.visits.map((v) => [v.visitedOn, v.helpers.map((x) => x.name).join('、'), v.seen, v.problems ?? '', v.agreed ?? ''])),
    { text: `政策标准:${data.profile.name}(第 ${data.profile.version} 版)。本册由系统生成,与系统记录一致;扫描二维码登录后可查看本户最新信息。`, fontSize: 8, color: '#666', margin: [0, 8, 0, 0] },
  ];
}

/** The content of one household's benefit card (明白卡): helpers and phones, this year's measures and benefits. */
export function cardContent(data: BookletData, url: string, pageBreak: boolean): unknown[] {
  const h = data.household;
  const year = data.today.slice(0, 4);
  const current = data.pairings.filter((p) => !p.endsOn || p.endsOn >= data.today);
  const thisYear = (from: string, to: string | null) => from <= `${year}-12-31` && (!to || to >= `${year}-01-01`);
  const benefits = data.plan.benefits.filter((b) => b.paidOn.startsWith(year));
  const total = benefits.reduce((s, b) => s + b.amount, 0);
  return [
    {
      columns: [
        { stack: [{ text: data.place, color: '#555' }, { text: `${year} 年帮扶明白卡`, style: 'title' }, { text: `户主 ${h.headName}    户编号 ${h.householdNo}    家庭人口 ${h.members.filter((m) => m.status === 'active').length} 人`, margin: [0, 2, 0, 0] }] },
        qr(url, 64),
      ],
      ...(pageBreak ? { pageBreak: 'before' } : {}),
    },
    heading('帮扶责任人'),
    table(['*', '*', '*'], ['姓名', '帮扶单位', '联系电话'], current.map((p) => [p.helper.name, p.helper.unitName, p.helper.phone ?? '—']), '暂无结对帮扶责任人'),
    heading(`${year} 年帮扶措施`),
    table([56, '*', 50, 100, 40, 36, 70], ['类别', '内容', '金额(元)', '期间', '责任人', '状态', '成效'], measuresRows(data, data.catalogue, (m) => m.status !== 'cancelled' && thisYear(m.startsOn, m.endsOn))),
    heading(`${year} 年享受政策及收益(合计 ${yuan(total)} 元)`),
    table([60, 60, '*', '*'], ['日期', '金额(元)', '来源', '备注'], benefits.map((b) => [b.paidOn, yuan(b.amount), b.source, b.note ?? ''])),
    { text: '如有疑问请联系帮扶责任人或村委会。扫描二维码登录后可查看本户详情。', fontSize: 8, color: '#666', margin: [0, 8, 0, 0] },
  ];
}

const STYLES = {
  title: { fontSize: 16, bold: true, margin: [0, 2, 0, 2] },
  h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
};

/** Where a household's page is, for the QR code: it opens for a signed-in user who may see it, and for nobody else. */
export function householdPageUrl(origin: string, householdId: string): string {
  return `${origin.replace(/\/$/, '')}/households/${householdId}`;
}

/** Renders booklets or cards (one household each, each starting a page) into one PDF. */
export function renderBooklets(kind: 'booklet' | 'card', items: ReadonlyArray<{ data: BookletData; url: string }>, title: string): Promise<Buffer> {
  const content = items.flatMap((item, i) => (kind === 'booklet' ? bookletContent(item.data, item.url, i > 0) : cardContent(item.data, item.url, i > 0)));
  return renderPdf({
    info: { title, author: 'jingzhun' },
    ...(kind === 'card' ? { pageSize: 'A5', pageOrientation: 'landscape' as const, pageMargins: [28, 28, 28, 28] as [number, number, number, number] } : {}),
    content,
    styles: STYLES,
    footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 8, color: '#888' }),
  });
}
