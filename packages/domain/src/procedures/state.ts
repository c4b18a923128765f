import { PROCEDURE_ERRORS, type ProcedureErrorCode } from '../kernel/errors.ts';
import type { ProcedureRules } from '../kernel/procedure-rules.ts';
import type { Lang, Role } from '../kernel/roles.ts';
import { PROCEDURE_STEPS, type StepCode } from './contract.ts';
import {
  MONITORING_CATEGORIES,
  PROCEDURE_FLOWS,
  PROCEDURE_KINDS,
  type MonitoringCategory,
  type ProcedureKind,
  type ProcedureState,
  type StepOutcome,
} from './rules.ts';

// ---------------------------------------------------------------------------------------------------
// State

/** Who acted, as a record keeps it. */
export interface RecordActor {
  userId: string;
  role: Role;
}

/** Who is acting: the record's actor plus the region node their account is scoped to. */
export interface ProcedureActor extends RecordActor {
  scopeCode: string;
}

/** What a transition needs to know beyond the procedure: the date, the household's village, the policy. */
export interface StepContext {
  today: string;
  /** The 12-digit code of the household's village. */
  householdRegionCode: string;
  rules: ProcedureRules;
}

export interface Objection {
  /** Unique within its procedure across every notice it ran, so a return never reuses one. */
  id: number;
  filedOn: string;
  text: string;
  /** The name of who objected; null when anonymous, which people may be. */
  by: string | null;
  contact: string | null;
  resolution: { text: string; resolvedOn: string; by: RecordActor } | null;
}

export interface Notice {
  startsOn: string;
  endsOn: string;
  /** Ids of the photos of the posted notice. */
  attachments: string[];
}

/** A notice as it stood when its step was left, kept on that step's record. */
export interface NoticeSnapshot extends Notice {
  objections: Objection[];
}

export type RecordOutcome = StepOutcome | 'cancelled';

export interface StepRecord {
  step: StepCode;
  outcome: RecordOutcome;
  on: string;
  actor: RecordActor;
  payload: Record<string, unknown>;
  /** Ids of photos and scans; the files themselves live outside the domain. */
  attachments: string[];
  comment?: string;
  reason?: string;
  returnTo?: StepCode;
  /** On the notice step's records: the notice and its objections, which the procedure itself forgets on a return. */
  notice?: NoticeSnapshot;
}

export interface Procedure {
  kind: ProcedureKind;
  state: ProcedureState;
  /** The step waiting for someone to act; null once the procedure has ended. */
  currentStep: StepCode | null;
  /** When the current step (or, once ended, the final state) was entered: deadlines count from it. */
  stepEnteredOn: string;
  openedOn: string;
  /** Every step taken, in order, including returns: the procedure's history. */
  records: StepRecord[];
  /** The current notice; cleared by a return to a step before it, which then runs a new one. */
  notice: Notice | null;
  /** Objections to the current notice. */
  objections: Objection[];
}

/** The change to the household once the last step is approved; the server applies it. */
export type ProcedureEffect =
  | { status: 'poor' }
  | { status: 'exited'; year: number }
  | { status: 'poor'; returned: true }
  | { monitoring: MonitoringCategory }
  | { monitoring: null; riskRemovedOn: string };

export type ProcedureAction =
  | 'procedure.opened'
  | 'procedure.step_approved'
  | 'procedure.step_returned'
  | 'procedure.step_rejected'
  | 'procedure.notice_opened'
  | 'procedure.objection_filed'
  | 'procedure.objection_resolved'
  | 'procedure.cancelled';

/** What happened, for the audit log the server writes in the same transaction as the new state. */
export interface ProcedureEvent {
  action: ProcedureAction;
  kind: ProcedureKind;
  step: StepCode | null;
  on: string;
  /** Null for an objection, which anyone may file, also anonymously. */
  actor: RecordActor | null;
  details: Record<string, unknown>;
}

export interface ProcedureSuccess {
  ok: true;
  procedure: Procedure;
  event: ProcedureEvent;
  /** Only when the procedure was approved just now. */
  effect?: ProcedureEffect;
}

export interface ProcedureFailure {
  ok: false;
  code: ProcedureErrorCode;
  details: Record<string, unknown>;
}

export type ProcedureResult = ProcedureSuccess | ProcedureFailure;

// ---------------------------------------------------------------------------------------------------
// Look-ups

/** The steps of a kind, in order. */
export function stepsOf(kind: ProcedureKind): readonly StepCode[] {
  return PROCEDURE_FLOWS[kind];
}

/** Whether a string names a kind of procedure (for parsing route parameters). */
export function isProcedureKind(value: string): value is ProcedureKind {
  return Object.hasOwn(PROCEDURE_KINDS, value);
}

/** The display name of a kind of procedure. */
export function procedureKindLabel(kind: ProcedureKind, lang: Lang): string {
  return PROCEDURE_KINDS[kind][lang];
}

/** The display name of a step. */
export function stepLabel(step: StepCode, lang: Lang): string {
  return PROCEDURE_STEPS[step][lang];
}

/** The display name of a monitored category. */
export function monitoringCategoryLabel(category: MonitoringCategory, lang: Lang): string {
  return MONITORING_CATEGORIES[category][lang];
}

/** The roles that may act on a step. */
export function stepRoles(step: StepCode): readonly Role[] {
  return PROCEDURE_STEPS[step].roles;
}

/** The roles the procedure waits for; none once it has ended. */
export function whoMustAct(procedure: Procedure): readonly Role[] {
  return procedure.state === 'open' && procedure.currentStep ? stepRoles(procedure.currentStep) : [];
}

/** The error's HTTP status, for callers that do not merge the codes into ERRORS. */
export function procedureErrorStatus(code: ProcedureErrorCode): number {
  return PROCEDURE_ERRORS[code].status;
}
