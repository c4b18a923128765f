import {
  addCalendarDays,
  MONITORING_DEFAULTS,
  type AlertAction,
  alertRuleInfo,
  can,
  CAPABILITIES,
  type EscalationLevel,
  isWithinScope,
  type Lang,
  MANUAL_ALERTS,
  maskIdNumber,
  nextAlertState,
  PENDING_ALERT_STATES,
  type Role,
  todayInChina,
} from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { openCase } from '../procedures/service.ts';
import {
  type AlertChange,
  type AlertRow,
  alertsWaitingOn,
  alertVillage,
  countOpenSelfReports,
  countStepsWaiting,
  findAlertRow,
  findAssignee,
  householdMonitoring,
  insertManualAlert,
  listAlertRows,
  lockAlert,
  triagersCovering,
  updateAlert,
} from './repository.ts';

/** Who acts at each level an alert waits on, when nobody is assigned. */
export const ACTING_ROLES: Record<EscalationLevel, readonly Role[]> = {
  village: ['village_cadre', 'work_team'],
  township: ['township_officer'],
  county: ['county_officer'],
};

const PENDING = PENDING_ALERT_STATES as readonly string[];

export interface AlertFilter {
  region?: string | undefined;
  /** A state, or `pending` for every state still waiting on someone. */
  state?: string | undefined;
  rule?: string | undefined;
  severity?: string | undefined;
  overdue?: boolean | undefined;
  escalation?: EscalationLevel | undefined;
  assignee?: string | undefined;
  householdId?: string | undefined;
  /** Head of household's name, its pinyin initials, or the household number. */
  q?: string | undefined;
  sort?: 'due_on' | 'raised_on' | 'severity' | undefined;
  page: number;
  pageSize: number;
}

/** A page of the alerts of a region, most urgent first. */
export async function listAlerts(db: Db, user: SessionUser, f: AlertFilter, lang: Lang) {
  const today = todayInChina();
  const { region, assignee, ...rest } = f;
  const { rows, total } = await listAlertRows(db, user, { ...rest, scope: regionOfRequest(user, region), assignee: assignee === 'me' ? user.id : assignee }, today);
  return { items: rows.map((r) => presentAlert(r, today, lang)), total, page: f.page, pageSize: f.pageSize };
}

/** An alert as the API shows it: the rule's words, the member's ID masked, who must act and whether it is late. */
export function presentAlert(r: AlertRow, today: string, lang: Lang) {
  const info = alertRuleInfo(r.rule);
  const pending = PENDING.includes(r.state);
  return {
    id: r.id,
    householdId: r.household_id,
    householdNo: r.household_no,
    headName: r.head_name,
    householdStatus: r.household_status,
    monitoringCategory: r.monitoring_category,
    villageCode: r.village_code,
    villageName: r.village_name,
    rule: r.rule,
    ruleLabel: info ? info[lang] : r.rule,
    severity: r.severity,
    subject: r.subject ? maskIdNumber(r.subject) : null,
    period: r.period,
    evidence: r.evidence as Record<string, unknown>,
    origin: r.origin,
    feedId: r.feed_id,
    profile: { scopeCode: r.profile_scope, version: r.profile_version },
    state: r.state,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    raisedOn: r.raised_on,
    dueOn: r.due_on,
    overdue: pending && today > r.due_on,
    escalation: r.escalation,
    mustAct: pending ? (r.assignee_id ? { user: r.assignee_name, roles: [] } : { user: null, roles: ACTING_ROLES[r.escalation] }) : null,
    procedureId: r.procedure_id,
    resolution: r.resolution,
    closedOn: r.closed_on,
  };
}

/** One alert inside the user's region, with its history; not_found otherwise. */
export async function alertDetail(db: Db, user: SessionUser, id: string, lang: Lang) {
  const today = todayInChina();
  const row = /^\d{1,18}$/.test(id) ? await findAlertRow(db, user.regionCode, id, today) : undefined;
  if (!row) throw new AppError('not_found', { entity: 'alert', id });
  return { ...presentAlert(row, today, lang), history: row.history as unknown[] };
}

/** The users an alert may be assigned to: active, of a role that triages alerts, their region covering its village. */
export async function assignableUsers(db: Db, user: SessionUser, id: string) {
  const a = /^\d{1,18}$/.test(id) ? await alertVillage(db, id) : undefined;
  if (!a || !inScope(user, a.village_code)) throw new AppError('not_found', { entity: 'alert', id });
  const rows = await triagersCovering(db, a.village_code);
  return rows.map((u) => ({ id: u.id, name: u.display_name, role: u.role, regionCode: u.region_code }));
}

/** The field an action's refusal names. */
function fieldOfAction(action: AlertAction): string {
  switch (action.action) {
    case 'assign':
      return 'assigneeId';
    case 'verify':
      return 'visitedOn';
    default:
      return 'action';
  }
}

/**
 * Takes an action on an alert, in one transaction with its audit event: assigns it, records the visit
 * that verified it, dismisses it with a reason, records that a monitored household's measures were
 * adjusted, or opens a monitoring procedure (纳入监测) for the household, its first step waiting.
 */
export async function actOnAlert(db: Db, user: SessionUser, actor: Actor, id: string, action: AlertAction): Promise<void> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  const today = todayInChina();
  await inTransaction(db, async (trx) => {
    const a = /^\d{1,18}$/.test(id) ? await lockAlert(trx, id) : undefined;
    if (!a || !inScope(user, a.village_code)) throw new AppError('not_found', { entity: 'alert', id });
    const h = await householdMonitoring(trx, a.county_code, a.household_id);
    const history = (a.history as Array<Record<string, unknown>>) ?? [];
    const lastVerify = [...history].reverse().find((e) => e.action === 'verify');
    const next = nextAlertState(a.state, action, { confirmed: lastVerify ? lastVerify.confirmed === true : null, monitored: h.monitoring_category !== null, today });
    if (!next.ok) {
      throw new AppError(next.rule === 'not_in_future' ? 'validation_failed' : 'conflict', {
        field: fieldOfAction(action),
        rule: next.rule,
        state: a.state,
      });
    }
    const set: AlertChange = { state: next.state };
    const { action: name, ...given } = action;
    const entry: Record<string, unknown> = { action: name, at: new Date().toISOString(), by: { id: user.id, name: user.displayName, role: user.role }, ...given };
    switch (action.action) {
      case 'assign': {
        const assignee = await findAssignee(trx, action.assigneeId);
        const allowed = (CAPABILITIES.triageAlerts as readonly string[]).includes(assignee?.role ?? '');
        if (!assignee || !assignee.active || !allowed || !isWithinScope(a.village_code, assignee.region_code)) {
          throw new AppError('validation_failed', { fields: [{ path: 'assigneeId', code: 'assignee_outside_region', message: 'the assignee does not cover this village' }] });
        }
        set.assignee_id = assignee.id;
        entry.assigneeName = assignee.display_name;
        break;
      }
      case 'dismiss':
        set.resolution = action.reason;
        set.closed_on = today;
        break;
      case 'handled':
        set.resolution = action.note;
        set.closed_on = today;
        break;
      case 'open_procedure': {
        const procedureId = await openCase(
          trx,
          user,
          actor,
          { kind: 'monitoring_inclusion', householdId: a.household_id, openedOn: action.openedOn, alert: { id: a.id, rule: a.rule } },
          trx,
        );
        set.procedure_id = procedureId;
        set.closed_on = today;
        entry.procedureId = procedureId;
        break;
      }
      case 'verify':
        break;
    }
    await updateAlert(trx, a, set, [...history, entry]);
    await recordAudit(trx, actor, { action: `alert.${name}`, entity: 'alert', entityId: a.id, regionCode: a.village_code, before: { state: a.state }, after: { ...entry, state: next.state } });
  });
}

/** Raises an alert by hand: a cadre or helper who found a risk on a visit, or a self-report linked to its household. */
export async function raiseManualAlert(
  trx: Db,
  user: SessionUser,
  actor: Actor,
  input: { householdId: string; rule: keyof typeof MANUAL_ALERTS; what: string; period: string; evidence?: Record<string, unknown> },
): Promise<string> {
  const h = await visibleHousehold(trx, user, input.householdId);
  if (h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  const today = todayInChina();
  const severity = MANUAL_ALERTS[input.rule].severity;
  const profile = await effectiveProfile(trx, h.village_code, today);
  const { dueDays } = profile.monitoring ?? MONITORING_DEFAULTS;
  const row = await insertManualAlert(trx, {
    county_code: h.county_code,
    household_id: h.id,
    village_code: h.village_code,
    rule: input.rule,
    subject: '',
    period: input.period,
    severity,
    evidence: JSON.stringify({ what: input.what, by: user.displayName, ...input.evidence }),
    origin: input.rule === 'self_report' ? 'self_report' : 'visit',
    profile_id: profile.id,
    state: 'open',
    raised_on: today,
    due_on: addCalendarDays(today, dueDays[severity]),
  });
  if (!row) throw new AppError('conflict', { field: 'householdId', rule: 'alert_exists' });
  await recordAudit(trx, actor, { action: 'alert.raised', entity: 'alert', entityId: row.id, regionCode: h.village_code, after: { rule: input.rule, householdId: h.id, what: input.what } });
  return row.id;
}

// ---------------------------------------------------------------------------------------------------
// Inbox

/**
 * What waits on the user: alerts assigned to them; unassigned alerts at their level of their region (the
 * village's for its cadres, those overdue for the township, those overdue twice as long for the county);
 * open self-reports; procedure steps their role acts on.
 */
export async function inbox(db: Db, user: SessionUser, lang: Lang) {
  const today = todayInChina();
  const level: EscalationLevel | null = (Object.entries(ACTING_ROLES) as Array<[EscalationLevel, readonly Role[]]>).find(([, roles]) => roles.includes(user.role))?.[0] ?? null;
  const [{ items, counts }, reports, steps] = await Promise.all([
    alertsWaitingOn(db, user, level, today),
    can(user.role, 'triageAlerts') ? countOpenSelfReports(db, user.regionCode) : Promise.resolve({ n: '0' }),
    countStepsWaiting(db, user.regionCode, user.role, today),
  ]);
  return {
    alerts: { waiting: Number(counts.waiting), overdue: Number(counts.overdue), assigned: Number(counts.assigned), escalated: Number(counts.escalated), items: items.map((r) => presentAlert(r, today, lang)) },
    selfReports: { open: Number(reports.n) },
    steps,
  };
}

/** Raises an alert by hand for a risk found on a visit (or noted without one), in one transaction with its audit entry. */
export function raiseVisitAlert(db: Db, user: SessionUser, actor: Actor, input: { householdId: string; what: string; visitId?: string | undefined }): Promise<string> {
  const { householdId, what, visitId } = input;
  return inTransaction(db, (trx) =>
    raiseManualAlert(trx, user, actor, {
      householdId,
      rule: 'visit_report',
      what,
      period: visitId ? `visit:${visitId}` : `note:${Date.now()}`,
      evidence: visitId ? { visitId } : {},
    }),
  );
}
