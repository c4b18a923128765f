import { z } from 'zod';
import { isWithinScope, levelOfCode } from '../kernel/region.ts';
import type { Role } from '../kernel/roles.ts';
import { calendarDaysBetween, isIsoDate } from '../kernel/working-days.ts';
import type { ProcedureErrorCode } from '../kernel/errors.ts';
import {
  noticeInputSchema,
  objectionInputSchema,
  PROCEDURE_STEPS,
  resolutionInputSchema,
  stepInputSchema,
  type NoticeInput,
  type ObjectionInput,
  type ResolutionInput,
  type StepCode,
  type StepInput,
  type StepPayload,
} from './contract.ts';
import { CANCEL_ROLES, PROCEDURE_FIELD_RULES, RESOLVE_OBJECTION_ROLES, type FieldIssue, type MonitoringCategory, type ProcedureKind, type StepOutcome } from './rules.ts';
import {
  isProcedureKind,
  stepRoles,
  stepsOf,
  type Notice,
  type NoticeSnapshot,
  type Objection,
  type Procedure,
  type ProcedureAction,
  type ProcedureActor,
  type ProcedureEffect,
  type ProcedureEvent,
  type ProcedureFailure,
  type ProcedureResult,
  type RecordActor,
  type StepContext,
  type StepRecord,
} from './state.ts';

const isoDate = z.iso.date();

// ---------------------------------------------------------------------------------------------------
// Guards shared by the transitions

const fail = (code: ProcedureErrorCode, details: Record<string, unknown> = {}): ProcedureFailure => ({ ok: false, code, details });

// A wrong date or region here is the caller's bug, not the user's: it throws instead of refusing.
function assertContext(ctx: Pick<StepContext, 'today' | 'householdRegionCode'>): void {
  if (!isIsoDate(ctx.today)) throw new RangeError(`ctx.today is not a YYYY-MM-DD date: ${JSON.stringify(ctx.today)}`);
  if (levelOfCode(ctx.householdRegionCode) !== 5) {
    throw new RangeError(`ctx.householdRegionCode is not a village code: ${JSON.stringify(ctx.householdRegionCode)}`);
  }
}

function guardActor(step: StepCode, roles: readonly Role[], actor: ProcedureActor, householdRegionCode: string): ProcedureFailure | null {
  if (!roles.includes(actor.role)) return fail('step_forbidden', { step, roles, problem: 'role' });
  if (!isWithinScope(householdRegionCode, actor.scopeCode)) return fail('step_forbidden', { step, roles, problem: 'scope' });
  return null;
}

/** A zod issue without its path and text, so the API can word it again in the reader's language. */
function zodIssue(issue: z.core.$ZodIssue): Record<string, unknown> {
  const { path: _path, message: _message, ...rest } = issue as unknown as Record<string, unknown>;
  return rest;
}

function issuesOf(error: z.ZodError, prefix?: string): FieldIssue[] {
  const join = (...parts: PropertyKey[]) => [prefix, ...parts.map(String)].filter((p) => p !== undefined && p !== '').join('.');
  return error.issues.flatMap((issue): FieldIssue[] =>
    // An unknown key is reported on its object: name each key, as the API's other errors do.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: join(...issue.path, key), code: issue.code, message: issue.message, zod: zodIssue(issue) }))
      : [{ path: join(...issue.path), code: issue.code, message: issue.message, zod: zodIssue(issue) }],
  );
}

function rule(path: string, code: keyof typeof PROCEDURE_FIELD_RULES | 'not_in_future'): FieldIssue {
  const message = code === 'not_in_future' ? 'The date cannot be in the future' : PROCEDURE_FIELD_RULES[code].en;
  return { path, code, message };
}

const PAYLOAD_DATES = ['surveyedOn', 'heldOn', 'consentedOn', 'announcedOn'] as const;

/** The rules a payload's schema cannot see: today, the kind, the outcome and one field against another. */
function payloadRules(kind: ProcedureKind, step: StepCode, outcome: StepOutcome, payload: Record<string, unknown>, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of PAYLOAD_DATES) {
    const value = payload[field];
    if (typeof value === 'string' && value > today) issues.push(rule(`payload.${field}`, 'not_in_future'));
  }
  if (step === 'deliberation') {
    const p = payload as Partial<StepPayload<'deliberation'>>;
    if (outcome === 'approved' && p.result === 'not_agreed') issues.push(rule('payload.result', 'not_agreed_cannot_be_approved'));
    if (p.present && p.attendance !== undefined && p.present.length > p.attendance) {
      issues.push(rule('payload.present', 'more_present_than_attendance'));
    }
  }
  if (step === 'application' || step === 'proposal') {
    const p = payload as Partial<StepPayload<'application'>>;
    if (p.source === 'data_alert' && !p.alertDepartment) issues.push(rule('payload.alertDepartment', 'required_for_data_alert'));
    if (kind === 'monitoring_inclusion' && outcome === 'approved' && !p.source) issues.push(rule('payload.source', 'required_for_monitoring'));
  }
  if (step === 'county_approval') {
    const p = payload as Partial<StepPayload<'county_approval'>>;
    if (kind === 'monitoring_inclusion' && outcome === 'approved' && !p.category) issues.push(rule('payload.category', 'required_for_monitoring'));
    if (kind !== 'monitoring_inclusion' && p.category) issues.push(rule('payload.category', 'only_for_monitoring'));
  }
  return issues;
}

function effectOf(kind: ProcedureKind, approval: StepPayload<'county_approval'>): ProcedureEffect {
  switch (kind) {
    case 'identification':
      return { status: 'poor' };
    case 'exit':
      // The exit counts in the year it was announced (脱贫年度).
      return { status: 'exited', year: Number(approval.announcedOn.slice(0, 4)) };
    case 'return_to_poverty':
      return { status: 'poor', returned: true };
    case 'monitoring_inclusion':
      // payloadRules has made the category required for this kind.
      return { monitoring: approval.category as MonitoringCategory };
    case 'risk_removal':
      return { monitoring: null, riskRemovedOn: approval.announcedOn };
  }
}

function snapshotOf(procedure: Procedure): NoticeSnapshot | undefined {
  return procedure.notice ? { ...procedure.notice, objections: procedure.objections } : undefined;
}

function nextObjectionId(procedure: Procedure): number {
  const ids = [...procedure.objections, ...procedure.records.flatMap((r) => r.notice?.objections ?? [])].map((o) => o.id);
  return Math.max(0, ...ids) + 1;
}

const toActor = (actor: ProcedureActor): RecordActor => ({ userId: actor.userId, role: actor.role });

// ---------------------------------------------------------------------------------------------------
// Transitions

/** Opens a procedure at its first step; only someone who may act on that step, for a household in their region. */
export function openProcedure(
  kind: ProcedureKind,
  input: { openedOn: string },
  actor: ProcedureActor,
  ctx: Pick<StepContext, 'today' | 'householdRegionCode'>,
): ProcedureResult {
  assertContext(ctx);
  if (!isProcedureKind(kind)) return fail('invalid_step_payload', { fields: [rule('kind', 'unknown_kind')] });
  const parsed = z.strictObject({ openedOn: isoDate }).safeParse(input);
  if (!parsed.success) return fail('invalid_step_payload', { fields: issuesOf(parsed.error) });
  const { openedOn } = parsed.data;
  if (openedOn > ctx.today) return fail('invalid_step_payload', { fields: [rule('openedOn', 'not_in_future')] });
  const first = stepsOf(kind)[0] as StepCode;
  const forbidden = guardActor(first, stepRoles(first), actor, ctx.householdRegionCode);
  if (forbidden) return forbidden;
  const procedure: Procedure = {
    kind,
    state: 'open',
    currentStep: first,
    stepEnteredOn: openedOn,
    openedOn,
    records: [],
    notice: null,
    objections: [],
  };
  return { ok: true, procedure, event: { action: 'procedure.opened', kind, step: first, on: ctx.today, actor: toActor(actor), details: { openedOn } } };
}

/**
 * Takes the current step: approves it (on to the next step, or the end with its effect), returns it to
 * an earlier step with a reason, or rejects the case with a reason. Every guard answers with its own code.
 */
export function applyStep(procedure: Procedure, input: StepInput, actor: ProcedureActor, ctx: StepContext): ProcedureResult {
  assertContext(ctx);
  if (procedure.state !== 'open' || procedure.currentStep === null) return fail('procedure_closed', { state: procedure.state });
  const parsed = stepInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_step_payload', { fields: issuesOf(parsed.error) });
  const { step, outcome, returnTo, comment } = parsed.data;
  const reason = parsed.data.reason || undefined;
  const current = procedure.currentStep;
  if (step !== current) return fail('step_out_of_order', { expected: current, got: step });
  const forbidden = guardActor(step, stepRoles(step), actor, ctx.householdRegionCode);
  if (forbidden) return forbidden;

  const flow = stepsOf(procedure.kind);
  const at = flow.indexOf(step);
  if (outcome === 'returned') {
    const earlier = flow.slice(0, at);
    const problem = !returnTo
      ? 'return_to_required'
      : !earlier.includes(returnTo)
        ? 'not_an_earlier_step'
        : !reason || reason.length < 2
          ? 'reason_required'
          : null;
    if (problem) return fail('invalid_return', { problem, returnTo: returnTo ?? null, earlierSteps: earlier });
  } else if (returnTo !== undefined) {
    return fail('invalid_return', { problem: 'return_to_without_return', returnTo, earlierSteps: flow.slice(0, at) });
  }
  if (outcome === 'rejected' && (!reason || reason.length < 2)) return fail('reason_required', { field: 'reason' });

  // A return or a rejection may stop half-way (no meeting held, household refused): only what is given is checked.
  const schema = outcome === 'approved' ? PROCEDURE_STEPS[step].payload : PROCEDURE_STEPS[step].payload.partial();
  const payloadParsed = schema.safeParse(input.payload ?? {});
  if (!payloadParsed.success) return fail('invalid_step_payload', { fields: issuesOf(payloadParsed.error, 'payload') });
  const payload = payloadParsed.data as Record<string, unknown>;
  const issues = payloadRules(procedure.kind, step, outcome, payload, ctx.today);
  if (issues.length > 0) return fail('invalid_step_payload', { fields: issues });

  if (step === 'notice' && outcome === 'approved') {
    const notice = procedure.notice;
    if (!notice) return fail('notice_not_opened');
    if (ctx.today <= notice.endsOn) return fail('notice_not_finished', { endsOn: notice.endsOn, today: ctx.today });
    const unresolved = procedure.objections.filter((o) => o.resolution === null).map((o) => o.id);
    if (unresolved.length > 0) return fail('objections_unresolved', { objectionIds: unresolved });
  }

  const record: StepRecord = {
    step,
    outcome,
    on: ctx.today,
    actor: toActor(actor),
    payload,
    attachments: parsed.data.attachments ?? [],
    ...(comment ? { comment } : {}),
    ...(reason ? { reason } : {}),
    ...(returnTo ? { returnTo } : {}),
    ...(step === 'notice' && procedure.notice ? { notice: snapshotOf(procedure) } : {}),
  };
  const records = [...procedure.records, record];
  const base = { ...procedure, records, stepEnteredOn: ctx.today };
  const event = (action: ProcedureAction, details: Record<string, unknown>): ProcedureEvent => ({
    action,
    kind: procedure.kind,
    step,
    on: ctx.today,
    actor: record.actor,
    details: { ...details, attachments: record.attachments },
  });

  if (outcome === 'rejected') {
    return { ok: true, procedure: { ...base, state: 'rejected', currentStep: null }, event: event('procedure.step_rejected', { reason }) };
  }
  if (outcome === 'returned' && returnTo) {
    // Going back to the notice or before it means a new notice; the old one stays on its step's record.
    const noticeAt = flow.indexOf('notice');
    const rerun = noticeAt >= 0 && flow.indexOf(returnTo) <= noticeAt;
    const next: Procedure = { ...base, currentStep: returnTo, ...(rerun ? { notice: null, objections: [] } : {}) };
    return { ok: true, procedure: next, event: event('procedure.step_returned', { reason, returnTo }) };
  }
  const nextStep = flow[at + 1];
  if (nextStep) {
    return { ok: true, procedure: { ...base, currentStep: nextStep }, event: event('procedure.step_approved', { nextStep }) };
  }
  const effect = effectOf(procedure.kind, payload as StepPayload<'county_approval'>);
  return {
    ok: true,
    procedure: { ...base, state: 'approved', currentStep: null },
    event: event('procedure.step_approved', { nextStep: null, effect }),
    effect,
  };
}

/** Posts the village public notice; refused when it runs fewer calendar days than the policy's notice period. */
export function openNotice(procedure: Procedure, input: NoticeInput, actor: ProcedureActor, ctx: StepContext): ProcedureResult {
  assertContext(ctx);
  if (procedure.state !== 'open' || procedure.currentStep === null) return fail('procedure_closed', { state: procedure.state });
  if (procedure.currentStep !== 'notice') return fail('step_out_of_order', { expected: procedure.currentStep, got: 'notice' });
  const forbidden = guardActor('notice', stepRoles('notice'), actor, ctx.householdRegionCode);
  if (forbidden) return forbidden;
  if (procedure.notice) return fail('notice_already_open', { startsOn: procedure.notice.startsOn, endsOn: procedure.notice.endsOn });
  const parsed = noticeInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_step_payload', { fields: issuesOf(parsed.error) });
  const { startsOn, endsOn } = parsed.data;
  if (endsOn < startsOn) return fail('invalid_step_payload', { fields: [rule('endsOn', 'ends_before_start')] });
  // Both the first and the last day count: 1 to 7 March is a 7-day notice.
  const given = calendarDaysBetween(startsOn, endsOn) + 1;
  if (given < ctx.rules.noticeDays) return fail('notice_too_short', { required: ctx.rules.noticeDays, given });
  const notice: Notice = { startsOn, endsOn, attachments: parsed.data.attachments ?? [] };
  return {
    ok: true,
    procedure: { ...procedure, notice, objections: [] },
    event: { action: 'procedure.notice_opened', kind: procedure.kind, step: 'notice', on: ctx.today, actor: toActor(actor), details: { ...notice } },
  };
}

/** Records an objection to the running notice; anyone may file one, by name or anonymously, on a day it runs. */
export function fileObjection(procedure: Procedure, input: ObjectionInput): ProcedureResult {
  if (procedure.state !== 'open' || procedure.currentStep === null) return fail('procedure_closed', { state: procedure.state });
  const notice = procedure.currentStep === 'notice' ? procedure.notice : null;
  if (!notice) return fail('notice_not_running', { startsOn: null, endsOn: null });
  const parsed = objectionInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_step_payload', { fields: issuesOf(parsed.error) });
  const { filedOn } = parsed.data;
  if (filedOn < notice.startsOn || filedOn > notice.endsOn) {
    return fail('notice_not_running', { startsOn: notice.startsOn, endsOn: notice.endsOn, filedOn });
  }
  const objection: Objection = {
    id: nextObjectionId(procedure),
    filedOn,
    text: parsed.data.text,
    by: parsed.data.by ?? null,
    contact: parsed.data.contact ?? null,
    resolution: null,
  };
  return {
    ok: true,
    procedure: { ...procedure, objections: [...procedure.objections, objection] },
    event: {
      action: 'procedure.objection_filed',
      kind: procedure.kind,
      step: 'notice',
      on: filedOn,
      actor: null,
      // The text only: an objector's name and contact stay out of the audit log, which more people read.
      details: { objectionId: objection.id, anonymous: objection.by === null, text: objection.text },
    },
  };
}

/** Records how an objection was looked into and settled; the notice cannot close while one is open. */
export function resolveObjection(
  procedure: Procedure,
  objectionId: number,
  input: ResolutionInput,
  actor: ProcedureActor,
  ctx: StepContext,
): ProcedureResult {
  assertContext(ctx);
  if (procedure.state !== 'open' || procedure.currentStep === null) return fail('procedure_closed', { state: procedure.state });
  if (procedure.currentStep !== 'notice') return fail('step_out_of_order', { expected: procedure.currentStep, got: 'notice' });
  const forbidden = guardActor('notice', RESOLVE_OBJECTION_ROLES, actor, ctx.householdRegionCode);
  if (forbidden) return forbidden;
  const objection = procedure.objections.find((o) => o.id === objectionId);
  if (!objection) return fail('objection_not_found', { objectionId });
  if (objection.resolution) return fail('objection_already_resolved', { objectionId, resolvedOn: objection.resolution.resolvedOn });
  const parsed = resolutionInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_step_payload', { fields: issuesOf(parsed.error) });
  const { resolution, resolvedOn } = parsed.data;
  if (resolvedOn > ctx.today) return fail('invalid_step_payload', { fields: [rule('resolvedOn', 'not_in_future')] });
  if (resolvedOn < objection.filedOn) return fail('invalid_step_payload', { fields: [rule('resolvedOn', 'before_filed')] });
  const by = toActor(actor);
  const resolved: Objection = { ...objection, resolution: { text: resolution, resolvedOn, by } };
  return {
    ok: true,
    procedure: { ...procedure, objections: procedure.objections.map((o) => (o.id === objectionId ? resolved : o)) },
    event: {
      action: 'procedure.objection_resolved',
      kind: procedure.kind,
      step: 'notice',
      on: ctx.today,
      actor: by,
      details: { objectionId, resolution, resolvedOn },
    },
  };
}

/** Ends an open procedure without a decision (household moved, applied twice); kept in the records with its reason. */
export function cancelProcedure(procedure: Procedure, reason: string, actor: ProcedureActor, ctx: StepContext): ProcedureResult {
  assertContext(ctx);
  if (procedure.state !== 'open' || procedure.currentStep === null) return fail('procedure_closed', { state: procedure.state });
  const step = procedure.currentStep;
  const roles = [...new Set([...stepRoles(step), ...CANCEL_ROLES])];
  const forbidden = guardActor(step, roles, actor, ctx.householdRegionCode);
  if (forbidden) return forbidden;
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (why.length < 2 || why.length > 2000) return fail('reason_required', { field: 'reason' });
  const record: StepRecord = {
    step,
    outcome: 'cancelled',
    on: ctx.today,
    actor: toActor(actor),
    payload: {},
    attachments: [],
    reason: why,
    ...(step === 'notice' && procedure.notice ? { notice: snapshotOf(procedure) } : {}),
  };
  return {
    ok: true,
    procedure: { ...procedure, state: 'cancelled', currentStep: null, stepEnteredOn: ctx.today, records: [...procedure.records, record] },
    event: { action: 'procedure.cancelled', kind: procedure.kind, step, on: ctx.today, actor: record.actor, details: { reason: why } },
  };
}
