import type { Labels } from '../kernel/labels.ts';
import { addCalendarDays } from '../kernel/working-days.ts';
import type { FeedRow, FeedRowOf } from '../feeds/contract.ts';
import { EXCLUSION_FEEDS } from '../feeds/rules.ts';
import type { MonitoringSettings } from '../standards/contract.ts';
import { MONITORING_DEFAULTS } from '../standards/rules.ts';
import type { AlertAction, AlertActionName } from './contract.ts';

// The alerts of relapse monitoring (see feeds/rules.ts): the rules that raise them from a household's
// facts, their triage by people, and who must act by when.

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

/** Rules about an event that happens once to a person; the others are judged year by year. */
const ONCE_RULES: ReadonlySet<string> = new Set(['person_dead', 'main_worker_lost']);

/**
 * The period an alert stands for, part of what makes it the same alert when the rules run again: the
 * year for yearly figures and school years, 'once' for a death or the loss of the main worker.
 */
export function alertPeriod(rule: string, year: number): string {
  return ONCE_RULES.has(rule) ? 'once' : String(year);
}
