import { z } from 'zod';
import { phoneSchema } from './households/contract.ts';
import { idCheckChar, isRealDate, parseIdNumber } from './kernel/id-number.ts';
import type { MonitoringSettings } from './standards/contract.ts';
import { MONITORING_DEFAULTS } from './standards/rules.ts';
import type { Lang } from './kernel/roles.ts';
import { addCalendarDays } from './kernel/working-days.ts';

/**
 * Relapse monitoring (防返贫监测): other departments' data (feeds) compared against the registry, and the
 * rules that turn what they say about a household into alerts a cadre must act on. Pure: the server
 * loads the facts, these functions decide, and every alert carries the evidence it was raised on.
 */

type Labels = Record<Lang, string>;

/** The departments' feeds and the exclusion sources, each a kind of row matched by resident ID. */
export const FEED_KINDS = {
  medical_insurance: { 'zh-CN': '医保:个人自付医疗费用', en: 'Medical insurance: out-of-pocket spending' },
  civil_affairs: { 'zh-CN': '民政:低保、特困', en: 'Civil affairs: minimum living allowance, extreme poverty' },
  disability: { 'zh-CN': '残联:残疾人证', en: 'Disability federation: disability cards' },
  education: { 'zh-CN': '教育:在校与辍学', en: 'Education: enrolment and dropouts' },
  emergency: { 'zh-CN': '应急:灾害损失', en: 'Emergency management: disaster losses' },
  employment: { 'zh-CN': '人社:就业与养老金', en: 'Human resources: employment and pensions' },
  public_security: { 'zh-CN': '公安:死亡与户籍迁出', en: 'Public security: deaths and household moves' },
  public_payroll: { 'zh-CN': '财政供养人员', en: 'Public payroll' },
  vehicle: { 'zh-CN': '车辆登记', en: 'Vehicle registrations' },
  commercial_housing: { 'zh-CN': '商品房登记', en: 'Commercial housing purchases' },
  business_registry: { 'zh-CN': '市场主体登记', en: 'Business registry' },
} as const satisfies Record<string, Labels>;
export type FeedKind = keyof typeof FEED_KINDS;

/** The feeds that name a fact excluding a household from the registry (八类人员). */
export const EXCLUSION_FEEDS = ['public_payroll', 'vehicle', 'commercial_housing', 'business_registry'] as const satisfies readonly FeedKind[];

const isoDate = z.iso.date();
const money = z.number().min(0).max(100_000_000).multipleOf(0.01);

/** A resident ID that passes its own checks (format, birth date, check character). */
export const residentIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `not a valid resident ID (${parsed.problem})`, params: { rule: `id_${parsed.problem}` } });
  })
  .transform((value) => value.toUpperCase());

/** The fields of one row of each feed, beside the resident ID and the date every row carries. */
const FEED_FIELDS = {
  medical_insurance: { outOfPocket: money },
  civil_affairs: { status: z.enum(['dibao', 'tekun', 'none']) },
  disability: { grade: z.number().int().min(1).max(4), type: z.string().trim().max(40).optional() },
  education: { status: z.enum(['enrolled', 'dropped_out', 'graduated']) },
  emergency: { loss: money, kind: z.string().trim().max(40).optional() },
  employment: { employed: z.boolean(), monthlyWage: money.optional(), pension: money.optional() },
  public_security: { event: z.enum(['death', 'move_out']) },
  public_payroll: { employer: z.string().trim().max(100).optional() },
  vehicle: { plate: z.string().trim().max(20).optional() },
  commercial_housing: { address: z.string().trim().max(200).optional() },
  business_registry: { name: z.string().trim().max(200).optional() },
} as const satisfies Record<FeedKind, z.ZodRawShape>;

/** The earliest date a feed's row may hold (a year 0 or 1 is a typing slip, and the database has no year 0). */
export const EARLIEST_FEED_DATE = '1900-01-01';

/**
 * The schema of a feed's row: resident ID, the date the fact holds on (not ahead of `today`), and the
 * feed's own fields. Unknown fields are refused: a column mapped wrongly must not pass silently.
 */
export function feedRowSchema(kind: FeedKind, today: string) {
  return z
    .strictObject({ idNumber: residentIdSchema, on: isoDate, ...FEED_FIELDS[kind] })
    .superRefine((row, ctx) => {
      if (row.on > today) ctx.addIssue({ code: 'custom', path: ['on'], message: 'dated in the future', params: { rule: 'not_in_future' } });
      if (row.on < EARLIEST_FEED_DATE) ctx.addIssue({ code: 'custom', path: ['on'], message: 'dated before 1900', params: { rule: 'before_1900' } });
    });
}

/** Checks of one field in plain code: true only for values its schema in FEED_FIELDS certainly accepts as they are. */
type QuickCheck = (value: unknown) => boolean;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const CLEAN_ID = /^\d{17}[\dX]$/;
const CENTS = /^\d+(\.\d{1,2})?$/;
const quickMoney: QuickCheck = (v) => typeof v === 'number' && v >= 0 && v <= 100_000_000 && (Number.isInteger(v) || CENTS.test(String(v)));
const quickText = (max: number): QuickCheck => (v) => v === undefined || (typeof v === 'string' && v.length <= max && v === v.trim());
const quickOneOf = (...values: string[]): QuickCheck => (v) => typeof v === 'string' && values.includes(v);
const QUICK_FIELDS: Record<FeedKind, Record<string, QuickCheck>> = {
  medical_insurance: { outOfPocket: quickMoney },
  civil_affairs: { status: quickOneOf('dibao', 'tekun', 'none') },
  disability: { grade: (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 4, type: quickText(40) },
  education: { status: quickOneOf('enrolled', 'dropped_out', 'graduated') },
  emergency: { loss: quickMoney, kind: quickText(40) },
  employment: { employed: (v) => typeof v === 'boolean', monthlyWage: (v) => v === undefined || quickMoney(v), pension: (v) => v === undefined || quickMoney(v) },
  public_security: { event: quickOneOf('death', 'move_out') },
  public_payroll: { employer: quickText(100) },
  vehicle: { plate: quickText(20) },
  commercial_housing: { address: quickText(200) },
  business_registry: { name: quickText(200) },
};

/** A resident ID in its clean form (18 characters, uppercase X) whose birth date exists and check character is right. */
function quickResidentId(v: unknown): v is string {
  if (typeof v !== 'string' || !CLEAN_ID.test(v)) return false;
  const y = Number(v.slice(6, 10));
  if (y < 1880 || !isRealDate(y, Number(v.slice(10, 12)), Number(v.slice(12, 14)))) return false;
  // idCheckChar reads the first 17 characters only.
  return idCheckChar(v) === v[17];
}

/**
 * The check of `feedRowSchema` in plain code, for the common row: the row as the schema would give it, or
 * null when the row is not plainly valid and the schema must judge it (and name each problem precisely).
 * A row this accepts, the schema accepts with the same output; a million rows are checked without a
 * schema run each.
 */
export function feedRowQuickCheck(kind: FeedKind, today: string): (row: Record<string, unknown>) => { idNumber: string; on: string; data: Record<string, unknown> } | null {
  const fieldsOf = feedFieldsQuickCheck(kind);
  return (row) => {
    const { idNumber, on, ...rest } = row;
    if (!quickResidentId(idNumber)) return null;
    if (typeof on !== 'string' || !DATE_SHAPE.test(on) || on > today || on < EARLIEST_FEED_DATE || !isRealDate(Number(on.slice(0, 4)), Number(on.slice(5, 7)), Number(on.slice(8, 10)))) return null;
    const data = fieldsOf(rest);
    return data ? { idNumber, on, data } : null;
  };
}

/**
 * The part of `feedRowQuickCheck` that judges a row's own fields (all but the resident ID and the date): the
 * fields as the schema would give them, or null when the schema must judge. For a reader that checks the
 * ID and the date itself (the byte-level reading of a plain CSV file).
 */
export function feedFieldsQuickCheck(kind: FeedKind): (fields: Record<string, unknown>) => Record<string, unknown> | null {
  const checks = Object.entries(QUICK_FIELDS[kind]);
  return (fields) => {
    let known = 0;
    const data: Record<string, unknown> = {};
    for (const [field, check] of checks) {
      const value = fields[field];
      if (!check(value)) return null;
      if (value !== undefined) {
        data[field] = value;
        known++;
      }
    }
    // A field the schema does not know (strict): let the schema name it.
    let count = 0;
    for (const key in fields) if (Object.hasOwn(fields, key)) count++;
    return count === known ? data : null;
  };
}

/** A row of one feed, as matched: its kind, the resident ID, the date, and the feed's own fields. */
export type FeedRowOf<K extends FeedKind> = { kind: K; idNumber: string; on: string } & z.output<z.ZodObject<(typeof FEED_FIELDS)[K]>>;
/** A row of any feed. */
export type FeedRow = { [K in FeedKind]: FeedRowOf<K> }[FeedKind];

/** How urgent an alert is; it sets the due date. */
export const ALERT_SEVERITIES = {
  high: { 'zh-CN': '高', en: 'High' },
  medium: { 'zh-CN': '中', en: 'Medium' },
  low: { 'zh-CN': '低', en: 'Low' },
} as const satisfies Record<string, Labels>;
export type AlertSeverity = keyof typeof ALERT_SEVERITIES;

/** The rules that raise alerts, with their severity. */
export const ALERT_RULES = {
  income_below_line: { 'zh-CN': '人均纯收入低于监测线', en: 'Income per head below the monitoring line', severity: 'high' },
  income_drop: { 'zh-CN': '人均纯收入大幅下降', en: 'Income per head fell sharply', severity: 'medium' },
  medical_spending: { 'zh-CN': '个人自付医疗费用较高', en: 'High out-of-pocket medical spending', severity: 'high' },
  disaster_loss: { 'zh-CN': '遭受灾害损失', en: 'Disaster loss', severity: 'high' },
  main_worker_lost: { 'zh-CN': '主要劳动力死亡或重度残疾', en: 'The main worker died or was severely disabled', severity: 'high' },
  child_out_of_school: { 'zh-CN': '义务教育阶段子女辍学', en: 'A school-age child out of school', severity: 'medium' },
  exclusion_hit: { 'zh-CN': '比对发现不符合条件的情形', en: 'A fact that excludes the household', severity: 'medium' },
  person_dead: { 'zh-CN': '家庭成员已死亡', en: 'A member reported dead', severity: 'low' },
} as const satisfies Record<string, Labels & { severity: AlertSeverity }>;
export type AlertRule = keyof typeof ALERT_RULES;

/** What the rules look at for one household and one year. */
export interface MonitoringFacts {
  /** The registry status: monitoring covers registered households (poor, exited) and applicants. */
  status: string;
  year: number;
  /** Net income per head of the year, and of the year before (null when unknown). */
  incomePerHead: number | null;
  previousIncomePerHead: number | null;
  /** The monitoring line of the year (防返贫监测线). */
  monitoringLine: number | null;
  members: ReadonlyArray<{ idNumber: string; name: string; birthDate: string; labourCapacity: string | null; active: boolean }>;
  /** Feed rows matched to the household's members. */
  feeds: readonly FeedRow[];
}

/** An alert the rules raise: what, on whom, on what evidence, how urgent, by when. */
export interface RaisedAlert {
  rule: AlertRule;
  severity: AlertSeverity;
  /** The member concerned, when the rule is about one. */
  idNumber: string | null;
  evidence: Record<string, unknown>;
  raisedOn: string;
  dueOn: string;
}

const ABLE = new Set(['skilled', 'normal']);

/** Age in whole years on a date. */
function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * The alerts a household's facts raise for a year, by the settings in force. Each rule raises at most one
 * alert per household (per member for rules about a member), with the figures that decided it.
 */
export function raiseAlerts(facts: MonitoringFacts, settings: MonitoringSettings = MONITORING_DEFAULTS, today: string): RaisedAlert[] {
  const out: RaisedAlert[] = [];
  const enabled = new Set(settings.rules);
  const raise = (rule: AlertRule, idNumber: string | null, evidence: Record<string, unknown>) => {
    if (!enabled.has(rule)) return;
    const severity = ALERT_RULES[rule].severity;
    out.push({ rule, severity, idNumber, evidence, raisedOn: today, dueOn: addCalendarDays(today, settings.dueDays[severity]) });
  };
  const inYear = (row: FeedRow) => row.on.startsWith(String(facts.year));
  const registered = ['poor', 'exited', 'candidate'].includes(facts.status);
  const active = facts.members.filter((m) => m.active);
  const byId = new Map(active.map((m) => [m.idNumber, m]));

  if (facts.status === 'exited' && facts.incomePerHead !== null && facts.monitoringLine !== null && facts.incomePerHead < facts.monitoringLine) {
    raise('income_below_line', null, { year: facts.year, incomePerHead: facts.incomePerHead, line: facts.monitoringLine });
  }
  if (facts.incomePerHead !== null && facts.previousIncomePerHead !== null && facts.previousIncomePerHead > 0) {
    const drop = (facts.previousIncomePerHead - facts.incomePerHead) / facts.previousIncomePerHead;
    if (drop > settings.incomeDropShare) {
      raise('income_drop', null, { year: facts.year, incomePerHead: facts.incomePerHead, previous: facts.previousIncomePerHead, drop: Math.round(drop * 1000) / 1000, threshold: settings.incomeDropShare });
    }
  }
  const spent = facts.feeds.filter((r): r is FeedRowOf<'medical_insurance'> => r.kind === 'medical_insurance' && inYear(r)).reduce((s, r) => s + r.outOfPocket, 0);
  if (spent > settings.medicalOutOfPocket) raise('medical_spending', null, { year: facts.year, outOfPocket: Math.round(spent * 100) / 100, threshold: settings.medicalOutOfPocket });
  const loss = facts.feeds.filter((r): r is FeedRowOf<'emergency'> => r.kind === 'emergency' && inYear(r)).reduce((s, r) => s + r.loss, 0);
  if (loss > settings.disasterLoss) raise('disaster_loss', null, { year: facts.year, loss: Math.round(loss * 100) / 100, threshold: settings.disasterLoss });

  const able = active.filter((m) => m.labourCapacity !== null && ABLE.has(m.labourCapacity) && ageOn(m.birthDate, today) >= 16 && ageOn(m.birthDate, today) <= 64);
  for (const row of facts.feeds) {
    const member = byId.get(row.idNumber);
    if (!member) continue;
    const lost = (row.kind === 'public_security' && row.event === 'death') || (row.kind === 'disability' && row.grade <= 2);
    // The main worker: an able member of working age whose loss leaves at most one other.
    if (lost && able.some((m) => m.idNumber === member.idNumber) && able.length <= 2) {
      raise('main_worker_lost', member.idNumber, { name: member.name, on: row.on, kind: row.kind, ...(row.kind === 'disability' ? { grade: row.grade } : {}), ableWorkers: able.length });
    }
    if (row.kind === 'public_security' && row.event === 'death') raise('person_dead', member.idNumber, { name: member.name, on: row.on });
    if (row.kind === 'education' && row.status === 'dropped_out') {
      const age = ageOn(member.birthDate, row.on);
      if (age >= 6 && age <= 15) raise('child_out_of_school', member.idNumber, { name: member.name, age, on: row.on });
    }
    if (registered && (EXCLUSION_FEEDS as readonly string[]).includes(row.kind)) {
      raise('exclusion_hit', member.idNumber, { name: member.name, feed: row.kind, on: row.on });
    }
  }
  return out;
}

/** Messages for the rule codes of feed rows. */
export const FEED_RULE_MESSAGES: Record<string, Labels> = {
  id_format: { 'zh-CN': '身份证号格式不正确', en: 'The resident ID is malformed' },
  id_birth_date: { 'zh-CN': '身份证号中的出生日期不存在', en: 'The resident ID holds an impossible birth date' },
  id_check_char: { 'zh-CN': '身份证号校验位不正确', en: 'The resident ID’s check character is wrong' },
  unknown_field: { 'zh-CN': '列对应中指定了本数据没有的字段', en: 'The column mapping names a field this feed does not have' },
  duplicate_column: { 'zh-CN': '同一列出现了两次', en: 'The same column appears twice' },
  duplicate_row: { 'zh-CN': '与文件中另一行的身份证号和日期相同', en: 'Same resident ID and date as another row of the file' },
  before_1900: { 'zh-CN': '日期早于 1900 年,请核对', en: 'The date is before 1900: check it' },
  not_csv_or_xlsx: { 'zh-CN': '文件应为 .xlsx 或 .csv', en: 'The file must be .xlsx or .csv' },
  not_discardable: { 'zh-CN': '只能放弃未写入的数据(已检查、检查未通过或处理中断的)', en: 'Only a feed not written (checked, failed its check, or broken off) can be discarded' },
  alert_state_does_not_allow: { 'zh-CN': '预警当前状态下不能进行此操作', en: 'The alert’s state does not allow this action' },
  risk_not_confirmed: { 'zh-CN': '入户核实未确认风险,不能启动监测程序', en: 'The visit did not confirm the risk: no monitoring procedure can be opened' },
  already_monitored: { 'zh-CN': '该户已纳入监测', en: 'The household is monitored already' },
  not_monitored: { 'zh-CN': '该户未纳入监测', en: 'The household is not monitored' },
  assignee_outside_region: { 'zh-CN': '被分派人不在该村的管辖范围内', en: 'The assignee does not cover this village' },
  not_stable_yet: { 'zh-CN': '监测未满稳定期,暂不能消除风险', en: 'The stable period has not passed: the risk cannot be removed yet' },
  income_not_stable: { 'zh-CN': '人均纯收入未稳定高于监测线', en: 'Income per head is not above the monitoring line' },
  assurances_not_secure: { 'zh-CN': '“两不愁三保障”及饮水安全未全部保障', en: 'Food, clothing, schooling, health care, housing and water are not all secure' },
  relative_exists: { 'zh-CN': '该亲属已登记', en: 'This relative is registered already' },
  household_required: { 'zh-CN': '请选择对应的农户', en: 'Choose the household' },
  report_closed: { 'zh-CN': '该申报已处理', en: 'This report has been handled' },
};

// ---------------------------------------------------------------------------------------------------
// Feed files: the columns of each feed, and how a cell becomes a field

/** How a column's cell is read: an amount, a whole number, text, yes/no, or one of named values. */
export type FeedCellType = 'money' | 'int' | 'text' | 'bool' | { values: Record<string, string> };

/** A column of a feed file: the field it fills, its usual header, how to read it, whether it must be there. */
export interface FeedColumn {
  field: string;
  header: string;
  type: FeedCellType;
  required: boolean;
}

const ID_COLUMN: FeedColumn = { field: 'idNumber', header: '身份证号', type: 'text', required: true };
/** The row's date; a feed whose rows carry none takes the feed's own date. */
const DATE_COLUMN: FeedColumn = { field: 'on', header: '日期', type: 'text', required: false };
const column = (field: string, header: string, type: FeedCellType, required = true): FeedColumn => ({ field, header, type, required });

/** The columns of each feed with the headers departments usually give them (a mapping renames them). */
export const FEED_COLUMNS: Record<FeedKind, readonly FeedColumn[]> = {
  medical_insurance: [ID_COLUMN, DATE_COLUMN, column('outOfPocket', '个人自付金额', 'money')],
  civil_affairs: [ID_COLUMN, DATE_COLUMN, column('status', '救助类型', { values: { 低保: 'dibao', 特困: 'tekun', 无: 'none', 退出: 'none', dibao: 'dibao', tekun: 'tekun', none: 'none' } })],
  disability: [ID_COLUMN, DATE_COLUMN, column('grade', '残疾等级', 'int'), column('type', '残疾类别', 'text', false)],
  education: [ID_COLUMN, DATE_COLUMN, column('status', '在校状态', { values: { 在校: 'enrolled', 辍学: 'dropped_out', 失学: 'dropped_out', 毕业: 'graduated', enrolled: 'enrolled', dropped_out: 'dropped_out', graduated: 'graduated' } })],
  emergency: [ID_COLUMN, DATE_COLUMN, column('loss', '损失金额', 'money'), column('kind', '灾害类型', 'text', false)],
  employment: [ID_COLUMN, DATE_COLUMN, column('employed', '是否就业', 'bool'), column('monthlyWage', '月工资', 'money', false), column('pension', '月养老金', 'money', false)],
  public_security: [ID_COLUMN, DATE_COLUMN, column('event', '事项', { values: { 死亡: 'death', 注销: 'death', 迁出: 'move_out', death: 'death', move_out: 'move_out' } })],
  public_payroll: [ID_COLUMN, DATE_COLUMN, column('employer', '单位', 'text', false)],
  vehicle: [ID_COLUMN, DATE_COLUMN, column('plate', '号牌', 'text', false)],
  commercial_housing: [ID_COLUMN, DATE_COLUMN, column('address', '房屋地址', 'text', false)],
  business_registry: [ID_COLUMN, DATE_COLUMN, column('name', '企业名称', 'text', false)],
};

/** Whether a string names a feed (for route parameters). */
export function isFeedKind(value: string): value is FeedKind {
  return Object.hasOwn(FEED_KINDS, value);
}

/**
 * What the uploader says about a file: which header fills each field (the usual headers when omitted),
 * which headers to leave aside on purpose, the department that sent it, the date it holds on, and
 * whether it is written as soon as it passes the checks.
 */
export const feedUploadSchema = z.strictObject({
  source: z.string().trim().min(2).max(100),
  asOf: isoDate,
  mapping: z.record(z.string(), z.string().trim().min(1).max(100)).optional(),
  ignore: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  /** Write as soon as every row passes, without stopping at the summary (a department's regular delivery). */
  confirm: z.boolean().optional(),
});
export type FeedUpload = z.output<typeof feedUploadSchema>;

/** Header text as compared: without spaces and a trailing required-marker. */
export function normalHeader(value: string): string {
  return value.replace(/\*$/, '').replace(/\s/g, '');
}

/**
 * Where each field is read in a file with these headers: by the mapping (field → header), else the usual
 * header. Every header must be read or ignored; a required column must be there. Problems name the header.
 */
export function planColumns(
  kind: FeedKind,
  headers: readonly string[],
  upload: Pick<FeedUpload, 'mapping' | 'ignore'>,
): { positions: Array<FeedColumn | null>; problems: Array<{ column: string; rule: 'missing_column' | 'unknown_column' | 'unknown_field' | 'duplicate_column' }> } {
  const columns = FEED_COLUMNS[kind];
  const problems: Array<{ column: string; rule: 'missing_column' | 'unknown_column' | 'unknown_field' | 'duplicate_column' }> = [];
  const mapping = upload.mapping ?? {};
  for (const field of Object.keys(mapping)) if (!columns.some((c) => c.field === field)) problems.push({ column: field, rule: 'unknown_field' });
  const headerOf = new Map(columns.map((c) => [normalHeader(mapping[c.field] ?? c.header), c]));
  const ignored = new Set((upload.ignore ?? []).map(normalHeader));
  const normal = headers.map(normalHeader);
  const positions = normal.map((h) => headerOf.get(h) ?? null);
  const seen = new Set<string>();
  normal.forEach((h, i) => {
    if (h === '') return;
    if (positions[i] === null && !ignored.has(h)) problems.push({ column: headers[i] ?? h, rule: 'unknown_column' });
    if (positions[i] !== null && seen.has(h)) problems.push({ column: headers[i] ?? h, rule: 'duplicate_column' });
    seen.add(h);
  });
  for (const c of columns) {
    if (c.required && !positions.includes(c)) problems.push({ column: mapping[c.field] ?? c.header, rule: 'missing_column' });
  }
  return { positions, problems };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const YES = new Set(['是', '1', 'true', 'yes', 'y', '就业', '已就业']);
const NO = new Set(['否', '0', 'false', 'no', 'n', '未就业', '失业']);

/**
 * A cell as its field's value, or the rule it breaks. Empty cells give undefined (the schema decides if
 * that is allowed); numbers accept thousands separators; dates accept Excel's own and 2024/3/5.
 */
export function readFeedCell(column: FeedColumn, raw: string | number | boolean | null | undefined): { value: unknown } | { rule: string } {
  if (raw === null || raw === undefined || raw === '') return { value: undefined };
  const text = String(raw).trim();
  if (text === '') return { value: undefined };
  if (column.field === 'on') {
    if (ISO_DAY.test(text)) return { value: text };
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
    return m ? { value: `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}` } : { rule: 'date' };
  }
  const type = column.type;
  if (type === 'money' || type === 'int') {
    // Separators are taken out only when the text is not a number as it stands (a trimmed number has none).
    let n = typeof raw === 'number' ? raw : Number(text);
    if (Number.isNaN(n)) n = Number(text.replace(/[,，\s]/g, ''));
    if (!Number.isFinite(n)) return { rule: 'number' };
    return { value: type === 'money' ? Math.round(n * 100) / 100 : n };
  }
  if (type === 'bool') {
    const t = text.toLowerCase();
    return YES.has(t) ? { value: true } : NO.has(t) ? { value: false } : { rule: 'yes_no' };
  }
  if (type === 'text') return { value: text };
  const value = type.values[text];
  return value === undefined ? { rule: 'unknown_code' } : { value };
}

// ---------------------------------------------------------------------------------------------------
// Alerts: where they come from, their triage, and who must act

/** Alerts raised by people rather than by a rule over data. */
export const MANUAL_ALERTS = {
  self_report: { 'zh-CN': '农户自主申报', en: 'Reported by the household', severity: 'high' },
  visit_report: { 'zh-CN': '走访发现', en: 'Found on a visit', severity: 'medium' },
} as const satisfies Record<string, Labels & { severity: AlertSeverity }>;
export type ManualAlert = keyof typeof MANUAL_ALERTS;

/** The label and severity of any alert's rule. */
export function alertRuleInfo(rule: string): (Labels & { severity: AlertSeverity }) | null {
  if (Object.hasOwn(ALERT_RULES, rule)) return ALERT_RULES[rule as AlertRule];
  if (Object.hasOwn(MANUAL_ALERTS, rule)) return MANUAL_ALERTS[rule as ManualAlert];
  return null;
}

export const ALERT_STATES = {
  open: { 'zh-CN': '待分派', en: 'Open' },
  assigned: { 'zh-CN': '已分派', en: 'Assigned' },
  verified: { 'zh-CN': '已入户核实', en: 'Verified at home' },
  dismissed: { 'zh-CN': '已排除', en: 'Dismissed' },
  in_procedure: { 'zh-CN': '已启动监测程序', en: 'Monitoring procedure opened' },
  handled: { 'zh-CN': '已调整帮扶措施', en: 'Measures adjusted' },
} as const satisfies Record<string, Labels>;
export type AlertStateCode = keyof typeof ALERT_STATES;
/** States in which an alert still waits on someone. */
export const PENDING_ALERT_STATES = ['open', 'assigned', 'verified'] as const satisfies readonly AlertStateCode[];

const reasonText = z.string().trim().min(2).max(2000);
/** What someone does with an alert. */
export const alertActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), assigneeId: z.string().regex(/^\d{1,18}$/), note: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('verify'), visitedOn: isoDate, findings: reasonText, confirmed: z.boolean() }),
  z.strictObject({ action: z.literal('dismiss'), reason: reasonText }),
  z.strictObject({ action: z.literal('open_procedure'), openedOn: isoDate.optional(), note: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('handled'), note: reasonText }),
]);
export type AlertAction = z.output<typeof alertActionSchema>;
export type AlertActionName = AlertAction['action'];

/** From which states each action may be taken, and the state it leaves. */
export const ALERT_TRANSITIONS: Record<AlertActionName, { from: readonly AlertStateCode[]; to: AlertStateCode }> = {
  assign: { from: ['open', 'assigned'], to: 'assigned' },
  verify: { from: ['open', 'assigned'], to: 'verified' },
  // A dismissal or a procedure rests on a visit: the alert must have been verified at home first.
  dismiss: { from: ['verified'], to: 'dismissed' },
  open_procedure: { from: ['verified'], to: 'in_procedure' },
  handled: { from: ['verified'], to: 'handled' },
};

/**
 * The state an action leaves an alert in, or why it cannot be taken: from its state, and, for a
 * procedure or adjusted measures, on what the visit found and whether the household is monitored already.
 */
export function nextAlertState(
  state: AlertStateCode,
  action: AlertAction,
  ctx: { confirmed: boolean | null; monitored: boolean; today: string },
): { ok: true; state: AlertStateCode } | { ok: false; rule: string } {
  const t = ALERT_TRANSITIONS[action.action];
  if (!t.from.includes(state)) return { ok: false, rule: 'alert_state_does_not_allow' };
  if (action.action === 'verify' && action.visitedOn > ctx.today) return { ok: false, rule: 'not_in_future' };
  if (action.action === 'open_procedure') {
    if (ctx.confirmed !== true) return { ok: false, rule: 'risk_not_confirmed' };
    if (ctx.monitored) return { ok: false, rule: 'already_monitored' };
    if (action.openedOn && action.openedOn > ctx.today) return { ok: false, rule: 'not_in_future' };
  }
  if (action.action === 'handled' && !ctx.monitored) return { ok: false, rule: 'not_monitored' };
  return { ok: true, state: t.to };
}

/** The level an alert waits on: the village, then the township once overdue, then the county once overdue twice as long. */
export type EscalationLevel = 'village' | 'township' | 'county';
export function escalationOf(alert: { raisedOn: string; dueOn: string; state: string }, today: string): EscalationLevel {
  if (!(PENDING_ALERT_STATES as readonly string[]).includes(alert.state) || today <= alert.dueOn) return 'village';
  const span = Math.max(1, Math.round((Date.parse(alert.dueOn) - Date.parse(alert.raisedOn)) / 86_400_000));
  return today > addCalendarDays(alert.dueOn, span) ? 'county' : 'township';
}

/** The day a household monitored since a date has been stable long enough for its risk to be removed. */
export function stableOn(monitoringSince: string, stableMonths: number): string {
  const [y, m, d] = monitoringSince.split('-').map(Number) as [number, number, number];
  const month = m - 1 + stableMonths;
  const year = y + Math.floor(month / 12);
  const mm = (month % 12) + 1;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return `${year}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What someone types into the public form: their village, a phone to call back, what happened. */
export const selfReportSchema = z.strictObject({
  villageCode: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(1).max(40).optional(),
  phone: phoneSchema,
  what: z.string().trim().min(5).max(2000),
});
export type SelfReportInput = z.output<typeof selfReportSchema>;

/** The close relatives a cadre or helper registers (近亲属). */
export const KIN_RELATIONS = {
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  child: { 'zh-CN': '子女', en: 'Child' },
  sibling: { 'zh-CN': '兄弟姐妹', en: 'Sibling' },
  grandparent: { 'zh-CN': '祖父母、外祖父母', en: 'Grandparent' },
  grandchild: { 'zh-CN': '孙子女、外孙子女', en: 'Grandchild' },
  in_law: { 'zh-CN': '姻亲', en: 'In-law' },
  other: { 'zh-CN': '其他近亲属', en: 'Other close relative' },
} as const satisfies Record<string, Labels>;
export type KinRelation = keyof typeof KIN_RELATIONS;

export const relativeInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  idNumber: residentIdSchema,
  relation: z.enum(Object.keys(KIN_RELATIONS) as [KinRelation, ...KinRelation[]]),
});
export type RelativeInput = z.output<typeof relativeInputSchema>;

/** Rules about an event that happens once to a person; the others are judged year by year. */
const ONCE_RULES: ReadonlySet<string> = new Set(['person_dead', 'main_worker_lost']);

/**
 * The period an alert stands for, part of what makes it the same alert when the rules run again: the
 * year for yearly figures and school years, 'once' for a death or the loss of the main worker.
 */
export function alertPeriod(rule: string, year: number): string {
  return ONCE_RULES.has(rule) ? 'once' : String(year);
}
