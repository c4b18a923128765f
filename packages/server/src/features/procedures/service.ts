import {
  applyStep,
  cancelProcedure,
  evaluateHousehold,
  fileObjection,
  isProcedureKind,
  openNotice,
  openProcedure,
  overdue,
  type Procedure,
  type ProcedureActor,
  type ProcedureEffect,
  type ProcedureKind,
  type ProcedureResult,
  type ProcedureSuccess,
  resolveObjection,
  type Role,
  type StepContext,
  type StepInput,
  todayInChina,
  whoMustAct,
  MONITORING_DEFAULTS,
  type ResolvedProfile,
  stableOn,
  unpublishedDeadlineYears,
} from '@jingzhun/domain';
import { type Db, inTransaction, type Tx } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { visibleAttachments } from '../attachments/service.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { describeHousehold, householdById, visibleHousehold, writeChanges } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import {
  findOpenCase,
  findProcedure,
  insertProcedure,
  type ProcedureDoc,
  type ProcedureRow,
  trackOf,
  updateDecidedHousehold,
  updateProcedure,
  updateProcedureDoc,
  userNames,
} from './repository.ts';

/** The household statuses each kind of case may start from. */
const STARTS_FROM: Record<ProcedureKind, readonly string[]> = {
  identification: ['candidate'],
  exit: ['poor'],
  return_to_poverty: ['exited'],
  // Monitoring looks after exited households and those never registered (marginal, sudden hardship).
  monitoring_inclusion: ['exited', 'candidate'],
  risk_removal: ['exited', 'candidate', 'poor'],
};

function actorOfUser(user: SessionUser): ProcedureActor {
  return { userId: user.id, role: user.role as Role, scopeCode: user.regionCode };
}

/** A refusal of the domain as the API's error, with the same code and details. */
function unwrap(result: ProcedureResult): ProcedureSuccess {
  if (!result.ok) throw new AppError(result.code, result.details);
  return result;
}

/** A procedure the user may see: its household's village inside the user's region; not_found otherwise. */
export async function visibleProcedure(db: Db, user: SessionUser, id: string, forUpdate = false): Promise<ProcedureRow> {
  const row = /^\d{1,18}$/.test(id) ? await findProcedure(db, id, forUpdate) : undefined;
  if (!row || !inScope(user, row.village_code)) throw new AppError('not_found', { entity: 'procedure', id });
  return row;
}

/**
 * Opens a case for a household: the household must stand where the kind starts (an exit for a poor
 * household, …) and have no other open case on the same track. The profile in force in its village on
 * the opening day decides the deadlines and notice period for the whole case.
 */
export async function openCase(
  db: Db,
  user: SessionUser,
  actor: Actor,
  input: { kind: string; householdId: string; openedOn?: string | undefined; complaintPhone?: string | undefined; alert?: { id: string; rule: string } | undefined },
  within?: Tx,
): Promise<string> {
  if (!isProcedureKind(input.kind)) throw new AppError('validation_failed', { field: 'kind', rule: 'unknown_kind' });
  const kind = input.kind;
  const read = within ?? db;
  const h = await visibleHousehold(read, user, input.householdId);
  if (h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  if (!STARTS_FROM[kind].includes(h.status)) {
    throw new AppError('conflict', { field: 'householdId', rule: 'status_does_not_allow', status: h.status, allowed: STARTS_FROM[kind] });
  }
  if (kind === 'risk_removal' && !h.monitoring_category) throw new AppError('conflict', { field: 'householdId', rule: 'not_monitored' });
  if (kind === 'monitoring_inclusion' && h.monitoring_category) throw new AppError('conflict', { field: 'householdId', rule: 'already_monitored' });
  const today = todayInChina();
  const openedOn = input.openedOn ?? today;
  const opened = unwrap(openProcedure(kind, { openedOn }, actorOfUser(user), { today, householdRegionCode: h.village_code }));
  const profile = await effectiveProfile(read, h.village_code, openedOn);
  if (kind === 'risk_removal') await checkStable(read, user, h, profile.monitoring?.stableMonths ?? MONITORING_DEFAULTS.stableMonths, profile, openedOn);
  const doc: ProcedureDoc = { procedure: opened.procedure, rules: profile.procedures, basis: profile.basis, complaintPhone: input.complaintPhone ?? null, alert: input.alert };
  const insert = async (trx: Tx) => {
    const open = await findOpenCase(trx, h.county_code, h.id, trackOf(kind));
    if (open) throw new AppError('conflict', { field: 'householdId', rule: 'case_already_open', procedureId: open.id });
    const id = await insertProcedure(
      trx,
      { countyCode: h.county_code, householdId: h.id, villageCode: h.village_code, kind, openedOn, profileId: profile.id, openedBy: user.id },
      doc,
    );
    await recordAudit(trx, actor, { action: opened.event.action, entity: 'procedure', entityId: id, regionCode: h.village_code, after: { kind, householdId: h.id, openedOn, alertId: input.alert?.id } });
    return id;
  };
  return within ? insert(within) : inTransaction(db, insert);
}

/**
 * A monitored household's risk may be removed once it has been stable for the profile's period: monitored
 * that long, and, judged on its latest income year against the monitoring line, income and food, clothing,
 * schooling, health care, housing and water all secure (风险消除). The same evaluation the verification
 * step records; a criterion unknown counts as not shown.
 */
async function checkStable(db: Db, user: SessionUser, h: { id: string; monitoring_since: string | null }, months: number, profile: ResolvedProfile, on: string) {
  if (h.monitoring_since) {
    const until = stableOn(h.monitoring_since, months);
    if (on < until) throw new AppError('conflict', { field: 'householdId', rule: 'not_stable_yet', monitoringSince: h.monitoring_since, stableMonths: months, stableOn: until });
  }
  // The latest income on record judges: this year's estimate (当年预计收入) when it is in, else last year's.
  const household = await describeHousehold(db, user, h.id);
  const thisYear = Number(on.slice(0, 4));
  const year = Math.max(thisYear - 1, ...household.incomes.map((i) => i.year).filter((y) => y <= thisYear));
  const e = evaluateHousehold(household, profile, year, { line: 'monitoring' });
  const unmet = e.criteria.filter((c) => c.passed !== true);
  if (unmet.length > 0) {
    const income = unmet.some((c) => c.test === 'income_above_line');
    throw new AppError('conflict', {
      field: 'householdId',
      rule: income ? 'income_not_stable' : 'assurances_not_secure',
      year,
      unmet: unmet.map((c) => ({ code: c.code, passed: c.passed, message: c.message })),
    });
  }
}

/** Checks that the photos and scans a step cites exist inside the user's region. */
async function checkAttachments(db: Db, user: SessionUser, ids: readonly string[] | undefined) {
  if (!ids || ids.length === 0) return;
  const found = new Set((await visibleAttachments(db, user, [...ids])).map((a) => a.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError('validation_failed', { field: 'attachments', rule: 'attachment_not_found', missing });
}

/**
 * Runs one transition on a locked procedure row and stores the result with its audit event; when the
 * case ends approved, the household changes in the same transaction.
 */
async function transition(
  db: Db,
  user: SessionUser | null,
  actor: Actor,
  id: string,
  scopeUser: SessionUser | null,
  run: (p: Procedure, ctx: StepContext, row: ProcedureRow) => ProcedureResult | Promise<ProcedureResult>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = scopeUser ? await visibleProcedure(trx, scopeUser, id, true) : await findProcedure(trx, id, true);
    if (!row) throw new AppError('not_found', { entity: 'procedure', id });
    const doc = row.doc as ProcedureDoc;
    const ctx: StepContext = { today: todayInChina(), householdRegionCode: row.village_code, rules: doc.rules };
    const result = unwrap(await run(doc.procedure, ctx, row));
    const next: ProcedureDoc = { ...doc, procedure: result.procedure };
    await updateProcedure(trx, row.county_code, row.id, next);
    await recordAudit(trx, actor, {
      action: result.event.action,
      entity: 'procedure',
      entityId: row.id,
      regionCode: row.village_code,
      after: { kind: result.event.kind, step: result.event.step, ...result.event.details, by: user ? undefined : 'public' },
    });
    if (result.effect) await applyEffect(trx, actor, row, result.effect);
  });
}

/** What an approved case does to its household, kept as corrections with the case as their reason. */
async function applyEffect(trx: Tx, actor: Actor, row: ProcedureRow, effect: ProcedureEffect) {
  const h = await householdById(trx, row.household_id);
  if (!h) throw new AppError('not_found', { entity: 'household', id: row.household_id });
  const reason = `程序 #${row.id} 县级审批 / procedure #${row.id} approved by the county`;
  const set: Record<string, unknown> = {};
  if ('status' in effect) {
    set.status = effect.status;
    if ('year' in effect) set.year_exited = effect.year;
    if ('returned' in effect) set.year_returned = Number(todayInChina().slice(0, 4));
  } else if (effect.monitoring === null) {
    set.monitoring_category = null;
    set.risk_removed_on = effect.riskRemovedOn;
  } else {
    set.monitoring_category = effect.monitoring;
    set.monitoring_since = todayInChina();
    set.risk_removed_on = null;
  }
  const changes = Object.entries(set)
    .filter(([column, value]) => (h as Record<string, unknown>)[column] !== value)
    .map(([column, value]) => ({ entity: 'household' as const, entityId: h.id, field: column === 'status' ? 'status' : column, old: (h as Record<string, unknown>)[column] ?? null, new: value }));
  await updateDecidedHousehold(trx, h.county_code, h.id, set);
  await writeChanges(trx, h, actor, reason, changes);
  await recordAudit(trx, actor, {
    action: 'household.decided',
    entity: 'household',
    entityId: h.id,
    regionCode: h.village_code,
    before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
    after: { ...Object.fromEntries(changes.map((c) => [c.field, c.new])), procedureId: row.id },
  });
}

/**
 * Takes the current step. A household survey or verification stores the evaluation as the data stood
 * that day (against the monitoring line for monitoring cases), so the decision can always be shown on
 * the facts it was taken on.
 */
export async function takeStep(db: Db, user: SessionUser, actor: Actor, id: string, input: StepInput): Promise<void> {
  await checkAttachments(db, user, input.attachments);
  let payload = input.payload;
  if ((input.step === 'survey' || input.step === 'verification') && input.outcome === 'approved') {
    const row = await visibleProcedure(db, user, id);
    const doc = row.doc as ProcedureDoc;
    const household = await describeHousehold(db, user, row.household_id);
    const given = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const seenOn = typeof given.surveyedOn === 'string' ? given.surveyedOn : todayInChina();
    // The last whole year of income before the visit is the one a survey judges.
    const year = Number(seenOn.slice(0, 4)) - 1;
    const profile = await effectiveProfile(db, row.village_code, seenOn);
    const line = trackOf(doc.procedure.kind) === 'monitoring' ? 'monitoring' : 'poverty';
    payload = { ...given, evaluation: { ...evaluateHousehold(household, profile, year, { line }) } };
  }
  await transition(db, user, actor, id, user, (p, ctx) => applyStep(p, { ...input, payload }, actorOfUser(user), ctx));
}

/** Posts the village public notice of a case. */
export async function postNotice(
  db: Db,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { startsOn: string; endsOn: string; attachments?: string[] | undefined; complaintPhone?: string | undefined },
): Promise<void> {
  await checkAttachments(db, user, input.attachments);
  const { complaintPhone, ...notice } = input;
  await transition(db, user, actor, id, user, (p, ctx) => openNotice(p, notice, actorOfUser(user), ctx));
  if (complaintPhone) {
    await inTransaction(db, async (trx) => {
      const row = await visibleProcedure(trx, user, id, true);
      const doc = { ...(row.doc as ProcedureDoc), complaintPhone };
      await updateProcedureDoc(trx, row.county_code, row.id, doc);
    });
  }
}

/**
 * Records an objection to a running notice: by a signed-in cadre who received it, or by anyone through
 * the public notice page (then `user` is null and the case must be under notice in the given village).
 */
export async function recordObjection(
  db: Db,
  user: SessionUser | null,
  actor: Actor,
  id: string,
  input: { text: string; by?: string | undefined; contact?: string | undefined; filedOn?: string | undefined },
  villageCode?: string,
): Promise<void> {
  await transition(db, user, actor, id, user, (p, _ctx, row) => {
    // Through the public page a case answers only under its own village, exactly as if it did not exist elsewhere.
    if (!user && row.village_code !== villageCode) throw new AppError('not_found', { entity: 'procedure', id });
    return fileObjection(p, { text: input.text, filedOn: user ? (input.filedOn ?? todayInChina()) : todayInChina(), ...(input.by ? { by: input.by } : {}), ...(input.contact ? { contact: input.contact } : {}) });
  });
}

/** Records how an objection was settled. */
export async function settleObjection(db: Db, user: SessionUser, actor: Actor, id: string, objectionId: number, input: { resolution: string; resolvedOn: string }) {
  await transition(db, user, actor, id, user, (p, ctx) => resolveObjection(p, objectionId, input, actorOfUser(user), ctx));
}

/** Ends a case without a decision, with its reason. */
export async function cancelCase(db: Db, user: SessionUser, actor: Actor, id: string, reason: string) {
  await transition(db, user, actor, id, user, (p, ctx) => cancelProcedure(p, reason, actorOfUser(user), ctx));
}

/** A procedure as the API shows it: its state, deadlines, who must act, whether this user may, and its history with names. */
export async function presentProcedure(db: Db, user: SessionUser, row: ProcedureRow) {
  const doc = row.doc as ProcedureDoc;
  const p = doc.procedure;
  const today = todayInChina();
  const mustAct = whoMustAct(p);
  const actorIds = [...new Set([...p.records.map((r) => r.actor.userId), ...p.objections.flatMap((o) => (o.resolution ? [o.resolution.by.userId] : []))])];
  const names = new Map(
    actorIds.length === 0 ? [] : (await userNames(db, actorIds)).map((u) => [u.id, u.display_name]),
  );
  const nameOf = (userId: string) => names.get(userId) ?? userId;
  return {
    id: row.id,
    kind: p.kind,
    state: p.state,
    currentStep: p.currentStep,
    stepEnteredOn: p.stepEnteredOn,
    openedOn: p.openedOn,
    closedOn: row.closed_on,
    stepDueOn: row.step_due_on,
    dueOn: row.due_on,
    overdue: overdue(p, today, doc.rules),
    // Years its open deadlines cross whose holidays the State Council has not published: counted on weekends
    // and statutory holidays only, which the page says beside the dates.
    unpublishedYears: p.state === 'open' ? unpublishedDeadlineYears(p, doc.rules) : [],
    mustAct,
    canAct: p.state === 'open' && mustAct.includes(user.role as Role),
    household: { id: row.household_id, householdNo: row.household_no, headName: row.head_name, villageCode: row.village_code, villageName: row.village_name, status: row.household_status },
    noticeDays: doc.rules.noticeDays,
    profileBasis: doc.basis,
    complaintPhone: doc.complaintPhone,
    alert: doc.alert ?? null,
    notice: p.notice,
    objections: p.objections.map((o) => ({ ...o, resolution: o.resolution ? { ...o.resolution, byName: nameOf(o.resolution.by.userId) } : null })),
    records: p.records.map((r) => ({ ...r, actorName: nameOf(r.actor.userId) })),
  };
}

/** A case the user may see, as the API shows it. */
export async function showProcedure(db: Db, user: SessionUser, id: string) {
  return presentProcedure(db, user, await visibleProcedure(db, user, id));
}
