import { idCheckChar, isRealDate } from '../kernel/id-number.ts';
import type { Labels } from '../kernel/labels.ts';
import type { FeedUpload } from './contract.ts';

/**
 * Relapse monitoring (防返贫监测): other departments' data (feeds) compared against the registry, and the
 * rules that turn what they say about a household into alerts a cadre must act on. Pure: the server
 * loads the facts, these functions decide, and every alert carries the evidence it was raised on.
 */


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

/** The earliest date a feed's row may hold (a year 0 or 1 is a typing slip, and the database has no year 0). */
export const EARLIEST_FEED_DATE = '1900-01-01';

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
