import {
  type AlertStateCode,
  CAPABILITIES,
  type EscalationLevel,
  PENDING_ALERT_STATES,
  PROCEDURE_STEPS,
  regionPrefix,
  type Role,
  STEP_CODES,
} from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { householdReadable } from '../../kernel/scope/need-to-know.repository.ts';
import { bareName, NAME_SEPARATORS } from '../../kernel/text/pinyin.ts';

const PENDING = PENDING_ALERT_STATES as readonly string[];

/** Whose need to know narrows what a query reads (a helper: its paired households). */
interface Reader {
  id: string;
  role: Role;
}

/** The level an alert waits on, in SQL: the same rule as the domain's escalationOf. */
function escalationSql(today: string) {
  return sql<EscalationLevel>`CASE
    WHEN a.state NOT IN ('open', 'assigned', 'verified') OR ${today}::date <= a.due_on THEN 'village'
    WHEN ${today}::date > a.due_on + greatest(a.due_on - a.raised_on, 1) THEN 'county'
    ELSE 'township' END`;
}

/** The alerts of a region with their household, village, assignee and profile, and the level each waits on. */
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

/** An alert as lists and the detail read it. */
export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>;

/** What a list of alerts is narrowed and sorted by (the region already resolved to `scope`). */
export interface AlertRowFilter {
  scope: string;
  /** A state, or `pending` for every state still waiting on someone. */
  state?: string | undefined;
  rule?: string | undefined;
  severity?: string | undefined;
  overdue?: boolean | undefined;
  escalation?: EscalationLevel | undefined;
  /** A user's id (`me` resolved). */
  assignee?: string | undefined;
  householdId?: string | undefined;
  /** Head of household's name, its pinyin initials, or the household number. */
  q?: string | undefined;
  sort?: 'due_on' | 'raised_on' | 'severity' | undefined;
  page: number;
  pageSize: number;
}

/** A page of the alerts of a region the reader may read, most urgent first, and how many there are. */
export async function listAlertRows(db: Kysely<DB>, reader: Reader, f: AlertRowFilter, today: string) {
  // Need to know: a helper reads the alerts of the households paired with it.
  let q = alertQuery(db, f.scope, today).where(householdReadable(reader, 'a.county_code', 'a.household_id'));
  if (f.state === 'pending') q = q.where('a.state', 'in', [...PENDING] as AlertStateCode[]);
  else if (f.state) q = q.where('a.state', '=', f.state as AlertStateCode);
  if (f.rule) q = q.where('a.rule', '=', f.rule);
  if (f.severity) q = q.where('a.severity', '=', f.severity as 'high');
  if (f.overdue) q = q.where('a.due_on', '<', today).where('a.state', 'in', [...PENDING] as AlertStateCode[]);
  if (f.escalation) q = q.where(escalationSql(today), '=', f.escalation);
  if (f.assignee) q = q.where('a.assignee_id', '=', f.assignee);
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
  return { rows, total: Number(total.n) };
}

/** One alert of a region by id, or undefined. */
export function findAlertRow(db: Kysely<DB>, scope: string, id: string, today: string) {
  return alertQuery(db, scope, today).where('a.id', '=', id).executeTakeFirst();
}

/** The village of an alert, or undefined. */
export function alertVillage(db: Kysely<DB>, id: string) {
  return db.selectFrom('alert').select(['village_code']).where('id', '=', id).executeTakeFirst();
}

/** Active users of a role that triages alerts whose region covers a village, the closest first (200 at most). */
export function triagersCovering(db: Kysely<DB>, villageCode: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role', 'region_code'])
    .where('active', '=', true)
    .where('role', 'in', [...CAPABILITIES.triageAlerts])
    .where(sql<boolean>`${villageCode} LIKE region_code || '%'`)
    .orderBy(sql`length(region_code)`, 'desc')
    .orderBy('display_name')
    .limit(200)
    .execute();
}

/** One alert by id, the row locked, or undefined. */
export function lockAlert(db: Kysely<DB>, id: string) {
  return db.selectFrom('alert').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A household's monitoring category and status. */
export function householdMonitoring(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db.selectFrom('household').select(['monitoring_category', 'status']).where('county_code', '=', countyCode).where('id', '=', householdId).executeTakeFirstOrThrow();
}

/** A user an alert may be assigned to, or undefined. */
export function findAssignee(db: Kysely<DB>, userId: string) {
  return db.selectFrom('app_user').select(['id', 'display_name', 'role', 'region_code', 'active']).where('id', '=', userId).executeTakeFirst();
}

/** What an action on an alert changes. */
export type AlertChange = Partial<{ state: AlertStateCode; assignee_id: string; resolution: string; closed_on: string; procedure_id: string }>;

/** Changes an alert and replaces its history. */
export async function updateAlert(db: Kysely<DB>, alert: { county_code: string; id: string }, set: AlertChange, history: unknown[]): Promise<void> {
  await db
    .updateTable('alert')
    .set({ ...set, history: JSON.stringify(history), updated_at: new Date() })
    .where('county_code', '=', alert.county_code)
    .where('id', '=', alert.id)
    .execute();
}

/** An alert raised by hand, as it is written. */
export interface ManualAlert {
  county_code: string;
  household_id: string;
  village_code: string;
  rule: string;
  subject: string;
  period: string;
  severity: 'high' | 'medium' | 'low';
  evidence: string;
  origin: 'self_report' | 'visit';
  profile_id: string;
  state: 'open';
  raised_on: string;
  due_on: string;
}

/** Inserts an alert raised by hand; undefined when the household has one of this rule and period already. */
export function insertManualAlert(db: Kysely<DB>, alert: ManualAlert) {
  return db
    .insertInto('alert')
    .values(alert)
    .onConflict((oc) => oc.columns(['county_code', 'household_id', 'rule', 'subject', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/**
 * The pending alerts of a region waiting on a user (the reader's need to know applied): assigned to them,
 * or waiting on their level (`level`, null for a role that acts at none). The first 20 by due date, and
 * how many wait, are overdue, assigned to them, escalated.
 */
export async function alertsWaitingOn(db: Kysely<DB>, user: Reader & { regionCode: string }, level: EscalationLevel | null, today: string) {
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
  const [items, counts] = await Promise.all([
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
  ]);
  return { items, counts };
}

/** How many self-reports of a region are open. */
export function countOpenSelfReports(db: Kysely<DB>, regionCode: string) {
  return db
    .selectFrom('self_report')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('village_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
}

/** How many open procedure steps of a region wait on a role, and how many of them are overdue. */
export async function countStepsWaiting(db: Kysely<DB>, scopeCode: string, role: Role, today: string) {
  const prefix = regionPrefix(scopeCode);
  let query = db
    .selectFrom('procedure as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .where('p.village_code', 'like', `${prefix}%`);
  if (prefix.length >= 6) query = query.where('p.county_code', '=', prefix.slice(0, 6));
  const steps = STEP_CODES.filter((s) => (PROCEDURE_STEPS[s].roles as readonly Role[]).includes(role));
  query = steps.length === 0 ? query.where(sql<boolean>`false`) : query.where('p.state', '=', 'open').where('p.current_step', 'in', steps);
  const row = await query
    .select((eb) => [
      eb.fn.countAll<string>().as('waiting'),
      sql<string>`count(*) FILTER (WHERE p.step_due_on < ${today} OR p.due_on < ${today})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), overdue: Number(row.overdue) };
}
