import { type Procedure, type ProcedureKind, type ProcedureRules, type ProfileRef, procedureDeadline, regionPrefix, type Role, stepDeadline, STEP_CODES, PROCEDURE_STEPS } from '@jingzhun/domain';
import { householdReadable } from '../../kernel/scope/need-to-know.repository.ts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** What a procedure row keeps beside its columns: the domain state and the policy it runs under. */
export interface ProcedureDoc {
  procedure: Procedure;
  /** The procedure rules of the profile in force when the case was opened; deadlines use these. */
  rules: ProcedureRules;
  /** The profile versions that applied, country first. */
  basis: ProfileRef[];
  /** The phone number the public notice gives for objections. */
  complaintPhone: string | null;
  /** The alert the case was opened from, when it was. */
  alert?: { id: string; rule: string } | undefined;
}

/** Monitoring cases and status cases run side by side; one of each may be open per household. */
export function trackOf(kind: ProcedureKind): 'status' | 'monitoring' {
  return kind === 'monitoring_inclusion' || kind === 'risk_removal' ? 'monitoring' : 'status';
}

/** The columns lists filter and sort on, derived from the document so they can never disagree with it. */
export function columnsOf(doc: ProcedureDoc) {
  const p = doc.procedure;
  return {
    state: p.state,
    current_step: p.currentStep,
    step_due_on: stepDeadline(p, doc.rules),
    due_on: procedureDeadline(p, doc.rules),
    closed_on: p.state === 'open' ? null : p.stepEnteredOn,
    notice_starts_on: p.notice?.startsOn ?? null,
    notice_ends_on: p.notice?.endsOn ?? null,
    doc: JSON.stringify(doc),
    updated_at: new Date(),
  };
}

/** One procedure by id with its household's number, head and village; `forUpdate` locks the row. */
export function findProcedure(db: Kysely<DB>, id: string, forUpdate = false) {
  let query = db
    .selectFrom('procedure as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .select([
      'p.county_code', 'p.id', 'p.household_id', 'p.village_code', 'p.kind', 'p.state', 'p.current_step', 'p.step_due_on', 'p.due_on',
      'p.opened_on', 'p.closed_on', 'p.profile_id', 'p.doc', 'p.created_at', 'p.updated_at',
      'h.household_no', 'h.head_name', 'h.status as household_status', 'v.name as village_name',
    ])
    .where('p.id', '=', id);
  if (forUpdate) query = query.forUpdate('p');
  return query.executeTakeFirst();
}
export type ProcedureRow = NonNullable<Awaited<ReturnType<typeof findProcedure>>>;

/** The steps a role may act on. */
export function stepsForRole(role: Role): string[] {
  return STEP_CODES.filter((s) => (PROCEDURE_STEPS[s].roles as readonly Role[]).includes(role));
}

export interface ProcedureFilter {
  scopeCode: string;
  region?: string | undefined;
  state?: string | undefined;
  kind?: string | undefined;
  step?: string | undefined;
  householdId?: string | undefined;
  /** Only steps the role may act on. */
  actionableBy?: Role | undefined;
  overdueOn?: string | undefined;
  /** The user reading, whose need to know narrows the list (a helper: its paired households). */
  reader?: { id: string; role: Role } | undefined;
  page: number;
  pageSize: number;
}

function filtered(db: Kysely<DB>, f: Omit<ProcedureFilter, 'page' | 'pageSize'>) {
  const prefix = regionPrefix(f.region ?? f.scopeCode);
  let query = db
    .selectFrom('procedure as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .where('p.village_code', 'like', `${prefix}%`);
  if (prefix.length >= 6) query = query.where('p.county_code', '=', prefix.slice(0, 6));
  if (f.state) query = query.where('p.state', '=', f.state as 'open');
  if (f.kind) query = query.where('p.kind', '=', f.kind);
  if (f.step) query = query.where('p.current_step', '=', f.step);
  if (f.householdId) query = query.where('p.household_id', '=', f.householdId);
  // Need to know: a helper reads the cases of the households paired with it.
  if (f.reader) query = query.where(householdReadable(f.reader, 'p.county_code', 'p.household_id'));
  if (f.actionableBy) {
    const steps = stepsForRole(f.actionableBy);
    query = steps.length === 0 ? query.where(sql<boolean>`false`) : query.where('p.state', '=', 'open').where('p.current_step', 'in', steps);
  }
  if (f.overdueOn) query = query.where('p.state', '=', 'open').where((eb) => eb.or([eb('p.step_due_on', '<', f.overdueOn as string), eb('p.due_on', '<', f.overdueOn as string)]));
  return query;
}

/** A page of procedures inside a region, most urgent first (the earliest step deadline). */
export async function listProcedures(db: Kysely<DB>, f: ProcedureFilter) {
  const query = filtered(db, f);
  const [items, total] = await Promise.all([
    query
      .select([
        'p.id', 'p.kind', 'p.state', 'p.current_step', 'p.step_due_on', 'p.due_on', 'p.opened_on', 'p.closed_on', 'p.village_code',
        'p.household_id', 'p.notice_starts_on', 'p.notice_ends_on', 'v.name as village_name', 'h.household_no', 'h.head_name',
      ])
      .orderBy(sql`p.step_due_on`, (ob) => ob.asc().nullsLast())
      .orderBy('p.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** How many open steps wait on a role inside a region, and how many of them are overdue. */
export async function countWaiting(db: Kysely<DB>, scopeCode: string, role: Role, today: string) {
  const row = await filtered(db, { scopeCode, actionableBy: role })
    .select((eb) => [
      eb.fn.countAll<string>().as('waiting'),
      sql<string>`count(*) FILTER (WHERE p.step_due_on < ${today} OR p.due_on < ${today})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), overdue: Number(row.overdue) };
}

/** Procedures of a village whose public notice runs on a date, or ended no more than `graceDays` before. */
export function noticesOfVillage(db: Kysely<DB>, villageCode: string, today: string, graceDays: number) {
  return db
    .selectFrom('procedure as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .select(['p.id', 'p.kind', 'p.doc', 'p.household_id', 'p.notice_starts_on', 'p.notice_ends_on', 'h.head_name', 'h.household_no'])
    .where('p.county_code', '=', villageCode.slice(0, 6))
    .where('p.village_code', '=', villageCode)
    .where('p.state', '=', 'open')
    .where('p.current_step', '=', 'notice')
    .where('p.notice_starts_on', '<=', today)
    .where(sql<boolean>`p.notice_ends_on >= (${today}::date - ${graceDays}::int)`)
    .orderBy('p.id')
    .execute();
}

/** The open case of a household on a track, if there is one. */
export function findOpenCase(db: Kysely<DB>, countyCode: string, householdId: string, track: 'status' | 'monitoring') {
  return db
    .selectFrom('procedure')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .where('track', '=', track)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

/** Stores a newly opened case; returns its id. */
export async function insertProcedure(
  db: Kysely<DB>,
  row: { countyCode: string; householdId: string; villageCode: string; kind: ProcedureKind; openedOn: string; profileId: string; openedBy: string },
  doc: ProcedureDoc,
): Promise<string> {
  const { id } = await db
    .insertInto('procedure')
    .values({
      county_code: row.countyCode,
      household_id: row.householdId,
      village_code: row.villageCode,
      kind: row.kind,
      track: trackOf(row.kind),
      opened_on: row.openedOn,
      profile_id: row.profileId,
      opened_by: row.openedBy,
      ...columnsOf(doc),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Stores a case's new state, with the columns derived from it. */
export async function updateProcedure(db: Kysely<DB>, countyCode: string, id: string, doc: ProcedureDoc): Promise<void> {
  await db.updateTable('procedure').set(columnsOf(doc)).where('county_code', '=', countyCode).where('id', '=', id).execute();
}

/** Replaces a case's document alone (details that derive no column, such as the complaint phone). */
export async function updateProcedureDoc(db: Kysely<DB>, countyCode: string, id: string, doc: ProcedureDoc): Promise<void> {
  await db.updateTable('procedure').set({ doc: JSON.stringify(doc) }).where('county_code', '=', countyCode).where('id', '=', id).execute();
}

/** Applies a decided case's columns to its household. */
export async function updateDecidedHousehold(db: Kysely<DB>, countyCode: string, householdId: string, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('household').set({ ...set, updated_at: new Date() }).where('county_code', '=', countyCode).where('id', '=', householdId).execute();
}

/** The display names of some users, by id. */
export function userNames(db: Kysely<DB>, ids: string[]) {
  return db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
}

/** A village by code, if it is one. */
export function findVillage(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name']).where('code', '=', code).where('level', '=', 5).executeTakeFirst();
}

/** The county and township above a village, county first. */
export function villageParents(db: Kysely<DB>, villageCode: string) {
  return db.selectFrom('region').select(['code', 'name']).where('code', 'in', [villageCode.slice(0, 6), villageCode.slice(0, 9)]).orderBy('code').execute();
}

/** The active members of some households of a village's county: ID number and relation, for notices. */
export function activeMembersOf(db: Kysely<DB>, countyCode: string, householdIds: string[]) {
  return db
    .selectFrom('member')
    .select(['household_id', 'id_number', 'relation'])
    .where('county_code', '=', countyCode)
    .where('household_id', 'in', householdIds)
    .where('status', '=', 'active')
    .execute();
}
