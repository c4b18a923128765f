import {
  addCalendarDays,
  MONITORING_DEFAULTS,
  type AlertAction,
  type AlertStateCode,
  alertRuleInfo,
  can,
  CAPABILITIES,
  countyCodeOf,
  type EscalationLevel,
  isWithinScope,
  type Lang,
  MANUAL_ALERTS,
  maskIdNumber,
  maskPhone,
  nextAlertState,
  PENDING_ALERT_STATES,
  readsPairedOnly,
  regionPrefix,
  type Role,
  type SelfReportInput,
  todayInChina,
} from '@jingzhun/domain';
import { householdReadable } from '../../kernel/scope/need-to-know.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { bareName, NAME_SEPARATORS } from '../../kernel/text/pinyin.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { countWaiting } from '../procedures/repository.ts';
import { openCase } from '../procedures/service.ts';

/** Who acts at each level an alert waits on, when nobody is assigned. */
export const ACTING_ROLES: Record<EscalationLevel, readonly Role[]> = {
  village: ['village_cadre', 'work_team'],
  township: ['township_officer'],
  county: ['county_officer'],
};

const PENDING = PENDING_ALERT_STATES as readonly string[];

/** The level an alert waits on, in SQL: the same rule as the domain's escalationOf. */
function escalationSql(today: string) {
  return sql<EscalationLevel>`CASE
    WHEN a.state NOT IN ('open', 'assigned', 'verified') OR ${today}::date <= a.due_on THEN 'village'
    WHEN ${today}::date > a.due_on + greatest(a.due_on - a.raised_on, 1) THEN 'county'
    ELSE 'township' END`;
}

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

function alertQuery(db: Kysely<DB>, scope: string, today: string) {
  const prefix = regionPrefix(scope);
  let q = db
    .selectFrom('alert as a')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'a.county_code').onRef('h.id', '=', 'a.household_id'))
    .innerJoin('region as v', 'v.code', 'a.village_code')
    .leftJoin('app_user as u', 'u.id', 'a.assignee_id')
    .innerJoin('policy_profile as pp', 'pp.id', 'a.profile_id')
    .where('a.village_code', 'like', `${prefix}%`);
  if (prefix.length >= 6) q = q.where('a.county_code', '=', prefix.slice(0, 6));
  return q.select([
    'a.county_code',
    'a.id',
    'a.household_id',
    'a.village_code',
    'a.rule',
    'a.subject',
    'a.period',
    'a.severity',
    'a.evidence',
    'a.origin',
    'a.feed_id',
    'a.state',
    'a.assignee_id',
    'a.raised_on',
    'a.due_on',
    'a.procedure_id',
    'a.resolution',
    'a.closed_on',
    'a.history',
    'h.household_no',
    'h.head_name',
    'h.status as household_status',
    'h.monitoring_category',
    'v.name as village_name',
    'u.display_name as assignee_name',
    'pp.scope_code as profile_scope',
    'pp.version as profile_version',
    escalationSql(today).as('escalation'),
  ]);
}
type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>;

/** A page of the alerts of a region, most urgent first. */
export async function listAlerts(db: Kysely<DB>, user: SessionUser, f: AlertFilter, lang: Lang) {
  const today = todayInChina();
  // Need to know: a helper reads the alerts of the households paired with it.
  let q = alertQuery(db, regionOfRequest(user, f.region), today).where(householdReadable(user, 'a.county_code', 'a.household_id'));
  if (f.state === 'pending') q = q.where('a.state', 'in', [...PENDING] as AlertStateCode[]);
  else if (f.state) q = q.where('a.state', '=', f.state as AlertStateCode);
  if (f.rule) q = q.where('a.rule', '=', f.rule);
  if (f.severity) q = q.where('a.severity', '=', f.severity as 'high');
  if (f.overdue) q = q.where('a.due_on', '<', today).where('a.state', 'in', [...PENDING] as AlertStateCode[]);
  if (f.escalation) q = q.where(escalationSql(today), '=', f.escalation);
  if (f.assignee) q = q.where('a.assignee_id', '=', f.assignee === 'me' ? user.id : f.assignee);
  if (f.householdId) q = q.where('a.household_id', '=', f.householdId);
  if (f.q) {
    // As the household search: spaces and middle dots are no part of a name.
    const text = bareName(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`translate(h.head_name, ${NAME_SEPARATORS}, '')`, 'like', `%${text}%`),
        eb('h.head_name_initials', 'like', `${text.toLowerCase()}%`),
        eb('h.household_no', '=', text),
      ]),
    );
  }
  const counted = q.clearSelect().select((eb) => eb.fn.countAll<string>().as('n'));
  const severityRank = sql`CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;
  let ordered = q;
  if (f.sort === 'raised_on') ordered = ordered.orderBy('a.raised_on', 'desc');
  else if (f.sort === 'severity') ordered = ordered.orderBy(severityRank).orderBy('a.due_on');
  else ordered = ordered.orderBy(sql`CASE WHEN a.state IN ('open', 'assigned', 'verified') THEN 0 ELSE 1 END`).orderBy('a.due_on').orderBy(severityRank);
  const [rows, total] = await Promise.all([
    ordered.orderBy('a.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    counted.executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => presentAlert(r, today, lang)), total: Number(total.n), page: f.page, pageSize: f.pageSize };
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
export async function alertDetail(db: Kysely<DB>, user: SessionUser, id: string, lang: Lang) {
  const today = todayInChina();
  const row = /^\d{1,18}$/.test(id) ? await alertQuery(db, user.regionCode, today).where('a.id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new AppError('not_found', { entity: 'alert', id });
  return { ...presentAlert(row, today, lang), history: row.history as unknown[] };
}

/** The users an alert may be assigned to: active, of a role that triages alerts, their region covering its village. */
export async function assignableUsers(db: Kysely<DB>, user: SessionUser, id: string) {
  const a = /^\d{1,18}$/.test(id) ? await db.selectFrom('alert').select(['village_code']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!a || !inScope(user, a.village_code)) throw new AppError('not_found', { entity: 'alert', id });
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role', 'region_code'])
    .where('active', '=', true)
    .where('role', 'in', [...CAPABILITIES.triageAlerts])
    .where(sql<boolean>`${a.village_code} LIKE region_code || '%'`)
    .orderBy(sql`length(region_code)`, 'desc')
    .orderBy('display_name')
    .limit(200)
    .execute();
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
export async function actOnAlert(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, action: AlertAction): Promise<void> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  const today = todayInChina();
  await db.transaction().execute(async (trx) => {
    const a = /^\d{1,18}$/.test(id)
      ? await trx.selectFrom('alert').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
      : undefined;
    if (!a || !inScope(user, a.village_code)) throw new AppError('not_found', { entity: 'alert', id });
    const h = await trx
      .selectFrom('household')
      .select(['monitoring_category', 'status'])
      .where('county_code', '=', a.county_code)
      .where('id', '=', a.household_id)
      .executeTakeFirstOrThrow();
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
    const set: Partial<{ state: AlertStateCode; assignee_id: string; resolution: string; closed_on: string; procedure_id: string }> = { state: next.state };
    const { action: name, ...given } = action;
    const entry: Record<string, unknown> = { action: name, at: new Date().toISOString(), by: { id: user.id, name: user.displayName, role: user.role }, ...given };
    switch (action.action) {
      case 'assign': {
        const assignee = await trx.selectFrom('app_user').select(['id', 'display_name', 'role', 'region_code', 'active']).where('id', '=', action.assigneeId).executeTakeFirst();
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
          trx as Transaction<DB>,
        );
        set.procedure_id = procedureId;
        set.closed_on = today;
        entry.procedureId = procedureId;
        break;
      }
      case 'verify':
        break;
    }
    await trx
      .updateTable('alert')
      .set({ ...set, history: JSON.stringify([...history, entry]), updated_at: new Date() })
      .where('county_code', '=', a.county_code)
      .where('id', '=', a.id)
      .execute();
    await recordAudit(trx, actor, { action: `alert.${name}`, entity: 'alert', entityId: a.id, regionCode: a.village_code, before: { state: a.state }, after: { ...entry, state: next.state } });
  });
}

/** Raises an alert by hand: a cadre or helper who found a risk on a visit, or a self-report linked to its household. */
export async function raiseManualAlert(
  trx: Kysely<DB>,
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
  const row = await trx
    .insertInto('alert')
    .values({
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
    })
    .onConflict((oc) => oc.columns(['county_code', 'household_id', 'rule', 'subject', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', { field: 'householdId', rule: 'alert_exists' });
  await recordAudit(trx, actor, { action: 'alert.raised', entity: 'alert', entityId: row.id, regionCode: h.village_code, after: { rule: input.rule, householdId: h.id, what: input.what } });
  return row.id;
}

// ---------------------------------------------------------------------------------------------------
// Self-reports from the public form

/** Stores what someone typed into the public form; the village's cadres see it in their inbox. */
export async function fileSelfReport(db: Kysely<DB>, input: SelfReportInput): Promise<string> {
  const village = await db.selectFrom('region').select(['code', 'level']).where('code', '=', input.villageCode).executeTakeFirst();
  if (!village || village.level !== 5) throw new AppError('region_not_found', { field: 'villageCode', villageCode: input.villageCode });
  const county = countyCodeOf(village.code) as string;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('self_report')
      .values({ county_code: county, village_code: village.code, name: input.name ?? null, phone: input.phone, what: input.what, state: 'open' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { id: null, name: 'public' }, { action: 'self_report.filed', entity: 'self_report', entityId: id, regionCode: village.code, after: { phone: maskPhone(input.phone) } });
    return id;
  });
}

/** A page of the self-reports of a region, open first; phones masked for those who do not call back. */
export async function listSelfReports(db: Kysely<DB>, user: SessionUser, f: { region?: string | undefined; state?: string | undefined; page: number; pageSize: number }) {
  const prefix = regionPrefix(regionOfRequest(user, f.region));
  let q = db.selectFrom('self_report as s').innerJoin('region as v', 'v.code', 's.village_code').where('s.village_code', 'like', `${prefix}%`);
  // Need to know: a helper reads the reports linked to an alert on one of its households, no other.
  if (readsPairedOnly(user.role)) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('alert as ra')
          .select(sql`1`.as('one'))
          .whereRef('ra.county_code', '=', 's.county_code')
          .whereRef('ra.id', '=', 's.alert_id')
          .where(householdReadable(user, 'ra.county_code', 'ra.household_id')),
      ),
    );
  }
  if (f.state) q = q.where('s.state', '=', f.state as 'open');
  const [rows, total] = await Promise.all([
    q
      .select(['s.id', 's.village_code', 'v.name as village_name', 's.name', 's.phone', 's.what', 's.state', 's.alert_id', 's.resolution', 's.created_at'])
      .orderBy(sql`CASE s.state WHEN 'open' THEN 0 ELSE 1 END`)
      .orderBy('s.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const callsBack = can(user.role, 'triageAlerts');
  return {
    items: rows.map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      villageName: r.village_name,
      name: r.name,
      phone: callsBack ? r.phone : maskPhone(r.phone),
      what: r.what,
      state: r.state,
      alertId: r.alert_id,
      resolution: r.resolution,
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(total.n),
    page: f.page,
    pageSize: f.pageSize,
  };
}

async function lockReport(trx: Kysely<DB>, user: SessionUser, id: string) {
  const report = /^\d{1,18}$/.test(id) ? await trx.selectFrom('self_report').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
  if (!report || !inScope(user, report.village_code)) throw new AppError('not_found', { entity: 'self_report', id });
  if (report.state !== 'open') throw new AppError('conflict', { field: 'state', rule: 'report_closed', state: report.state });
  return report;
}

/** Links a self-report to the household it is about: an alert of its own, to be triaged like any other. */
export async function linkSelfReport(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, householdId: string): Promise<string> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  return db.transaction().execute(async (trx) => {
    const report = await lockReport(trx, user, id);
    const h = await visibleHousehold(trx, user, householdId);
    if (h.village_code !== report.village_code) {
      throw new AppError('validation_failed', { fields: [{ path: 'householdId', code: 'household_required', message: 'the household is not in the reported village' }] });
    }
    const alertId = await raiseManualAlert(trx, user, actor, {
      householdId,
      rule: 'self_report',
      what: report.what,
      period: `report:${report.id}`,
      evidence: { reportId: report.id, reportedOn: report.created_at.toISOString().slice(0, 10), phone: maskPhone(report.phone) },
    });
    await trx.updateTable('self_report').set({ state: 'linked', alert_id: alertId, handled_by: user.id, updated_at: new Date() }).where('county_code', '=', report.county_code).where('id', '=', report.id).execute();
    await recordAudit(trx, actor, { action: 'self_report.linked', entity: 'self_report', entityId: report.id, regionCode: report.village_code, after: { householdId, alertId } });
    return alertId;
  });
}

/** Closes a self-report that needs no alert (a question answered, a household not in the registry), with the reason. */
export async function closeSelfReport(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, reason: string): Promise<void> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  await db.transaction().execute(async (trx) => {
    const report = await lockReport(trx, user, id);
    await trx.updateTable('self_report').set({ state: 'closed', resolution: reason, handled_by: user.id, updated_at: new Date() }).where('county_code', '=', report.county_code).where('id', '=', report.id).execute();
    await recordAudit(trx, actor, { action: 'self_report.closed', entity: 'self_report', entityId: report.id, regionCode: report.village_code, after: { reason } });
  });
}

// ---------------------------------------------------------------------------------------------------
// Inbox

/**
 * What waits on the user: alerts assigned to them; unassigned alerts at their level of their region (the
 * village's for its cadres, those overdue for the township, those overdue twice as long for the county);
 * open self-reports; procedure steps their role acts on.
 */
export async function inbox(db: Kysely<DB>, user: SessionUser, lang: Lang) {
  const today = todayInChina();
  const level: EscalationLevel | null = (Object.entries(ACTING_ROLES) as Array<[EscalationLevel, readonly Role[]]>).find(([, roles]) => roles.includes(user.role))?.[0] ?? null;
  const base = alertQuery(db, user.regionCode, today)
    .where('a.state', 'in', [...PENDING] as AlertStateCode[])
    .where(householdReadable(user, 'a.county_code', 'a.household_id'));
  const mine = base.where((eb) => {
    const terms = [eb('a.assignee_id', '=', user.id)];
    if (level) terms.push(eb.and([eb('a.assignee_id', 'is', null), eb(escalationSql(today), '=', level)]));
    // Above the village, an overdue alert waits on the level it reached even when someone was assigned.
    if (level === 'township' || level === 'county') terms.push(eb(escalationSql(today), '=', level));
    return eb.or(terms);
  });
  const [items, counts, reports, steps] = await Promise.all([
    mine.orderBy('a.due_on').orderBy('a.id').limit(20).execute(),
    mine
      .clearSelect()
      .select((eb) => [
        eb.fn.countAll<string>().as('waiting'),
        sql<string>`count(*) FILTER (WHERE a.due_on < ${today})`.as('overdue'),
        sql<string>`count(*) FILTER (WHERE a.assignee_id = ${user.id})`.as('assigned'),
        sql<string>`count(*) FILTER (WHERE ${escalationSql(today)} <> 'village')`.as('escalated'),
      ])
      .executeTakeFirstOrThrow(),
    can(user.role, 'triageAlerts')
      ? db
          .selectFrom('self_report')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('village_code', 'like', `${regionPrefix(user.regionCode)}%`)
          .where('state', '=', 'open')
          .executeTakeFirstOrThrow()
      : Promise.resolve({ n: '0' }),
    countWaiting(db, user.regionCode, user.role, today),
  ]);
  return {
    alerts: { waiting: Number(counts.waiting), overdue: Number(counts.overdue), assigned: Number(counts.assigned), escalated: Number(counts.escalated), items: items.map((r) => presentAlert(r, today, lang)) },
    selfReports: { open: Number(reports.n) },
    steps,
  };
}
