import { z } from 'zod';
import { parseIdNumber } from './id-number.ts';
import { type MonitoringSettings, MONITORING_DEFAULTS } from './policy.ts';
import type { Lang } from './roles.ts';
import { addCalendarDays } from './working-days.ts';

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

/**
 * The schema of a feed's row: resident ID, the date the fact holds on (not ahead of `today`), and the
 * feed's own fields. Unknown fields are refused: a column mapped wrongly must not pass silently.
 */
export function feedRowSchema(kind: FeedKind, today: string) {
  return z
    .strictObject({ idNumber: residentIdSchema, on: isoDate, ...FEED_FIELDS[kind] })
    .superRefine((row, ctx) => {
      if (row.on > today) ctx.addIssue({ code: 'custom', path: ['on'], message: 'dated in the future', params: { rule: 'not_in_future' } });
    });
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
};
