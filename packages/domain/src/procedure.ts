import { z } from 'zod';
import type { ProcedureRules } from './procedure-rules.ts';
import { isWithinScope, levelOfCode } from './region.ts';
import type { Lang, Role } from './roles.ts';
import { addWorkingDays, calendarDaysBetween, isIsoDate, unpublishedYears } from './working-days.ts';

/**
 * The procedures of DOMAIN.md as explicit state machines: identification (纳入), exit (退出), return to
 * poverty (返贫), inclusion in monitoring (纳入监测) and risk removal (风险消除). Each kind is an ordered
 * list of steps; each step names the roles that may act and the schema of what they record. Transitions
 * are pure: they take a procedure and return the next one with an event for the audit log, or a refusal
 * with an error code. Nothing here reads a clock: `today` comes from the caller.
 */

type Labels = Record<Lang, string>;
const keys = <T extends Record<string, unknown>>(list: T) => Object.keys(list) as [keyof T & string, ...Array<keyof T & string>];

export const PROCEDURE_KINDS = {
  identification: { 'zh-CN': '贫困户识别纳入', en: 'Identification' },
  exit: { 'zh-CN': '贫困户退出', en: 'Exit from poverty' },
  return_to_poverty: { 'zh-CN': '返贫纳入', en: 'Return to poverty' },
  monitoring_inclusion: { 'zh-CN': '纳入防返贫监测', en: 'Inclusion in monitoring' },
  risk_removal: { 'zh-CN': '风险消除', en: 'Risk removal' },
} as const satisfies Record<string, Labels>;
export type ProcedureKind = keyof typeof PROCEDURE_KINDS;

/** The monitored categories a county decides when it includes a household in monitoring. */
export const MONITORING_CATEGORIES = {
  unstable_exited: { 'zh-CN': '脱贫不稳定户', en: 'Unstable exited household' },
  marginal: { 'zh-CN': '边缘易致贫户', en: 'Marginal household at risk' },
  sudden_hardship: { 'zh-CN': '突发严重困难户', en: 'Sudden severe hardship' },
} as const satisfies Record<string, Labels>;
export type MonitoringCategory = keyof typeof MONITORING_CATEGORIES;

/** How a case came to light: the household applied, cadres found it, or another department's data. */
export const APPLICATION_SOURCES = {
  self_report: { 'zh-CN': '农户自主申报', en: 'Self-report' },
  cadre_screening: { 'zh-CN': '干部排查', en: 'Cadre screening' },
  data_alert: { 'zh-CN': '部门数据预警', en: 'Data alert' },
} as const satisfies Record<string, Labels>;
export type ApplicationSource = keyof typeof APPLICATION_SOURCES;

/** The departments whose data raise monitoring alerts (DOMAIN.md, Procedures). */
export const ALERT_DEPARTMENTS = {
  medical_insurance: { 'zh-CN': '医保', en: 'Medical insurance' },
  civil_affairs: { 'zh-CN': '民政', en: 'Civil affairs' },
  education: { 'zh-CN': '教育', en: 'Education' },
  disability: { 'zh-CN': '残联', en: 'Disabled persons’ federation' },
  emergency: { 'zh-CN': '应急', en: 'Emergency management' },
  human_resources: { 'zh-CN': '人社', en: 'Human resources and social security' },
} as const satisfies Record<string, Labels>;

export const STEP_OUTCOMES = ['approved', 'returned', 'rejected'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const PROCEDURE_STATES = {
  open: { 'zh-CN': '办理中', en: 'Open' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  rejected: { 'zh-CN': '未通过', en: 'Rejected' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
} as const satisfies Record<string, Labels>;
export type ProcedureState = keyof typeof PROCEDURE_STATES;

// ---------------------------------------------------------------------------------------------------
// Step payloads: what each step records. Strict, so a misspelt field is refused rather than lost.

const isoDate = z.iso.date();
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const attachmentsSchema = z.array(text(1, 100)).max(50);

const applicationPayload = z.strictObject({
  source: z.enum(keys(APPLICATION_SOURCES)).optional(),
  alertDepartment: z.enum(keys(ALERT_DEPARTMENTS)).optional(),
  reason: text(2, 2000),
});
const surveyPayload = z.strictObject({
  surveyedOn: isoDate,
  /** The evaluation as it stood when the household was seen, so the decision can be shown on its data later. */
  evaluation: z.record(z.string(), z.unknown()),
  findings: text(0, 4000).optional(),
});
const deliberationPayload = z.strictObject({
  heldOn: isoDate,
  attendance: z.number().int().min(1).max(10_000),
  /** Names of those present, where the minutes list them. */
  present: z.array(text(1, 40)).max(10_000).optional(),
  result: z.enum(['agreed', 'not_agreed']),
  minutes: text(2, 20_000),
});
const householdConsentPayload = z.strictObject({ consentedOn: isoDate, signedBy: text(1, 40) });
// The notice itself is recorded by openNotice and fileObjection; closing it records nothing more.
const noticePayload = z.strictObject({});
const townshipReviewPayload = z.strictObject({ opinion: text(2, 4000) });
const countyApprovalPayload = z.strictObject({
  decisionNo: text(1, 60).optional(),
  announcedOn: isoDate,
  category: z.enum(keys(MONITORING_CATEGORIES)).optional(),
});

interface StepDefinition {
  'zh-CN': string;
  en: string;
  roles: readonly Role[];
  payload: z.ZodObject;
}

const VILLAGE_ROLES = ['village_cadre', 'work_team'] as const satisfies readonly Role[];

/**
 * Every step: its labels, the roles that may act on it, and the schema of its payload. `admin` acts on
 * none: running the system is not deciding who is poor.
 */
export const PROCEDURE_STEPS = {
  application: { 'zh-CN': '申请', en: 'Application', roles: VILLAGE_ROLES, payload: applicationPayload },
  proposal: { 'zh-CN': '提出', en: 'Proposal', roles: VILLAGE_ROLES, payload: applicationPayload },
  survey: { 'zh-CN': '入户调查', en: 'Household survey', roles: VILLAGE_ROLES, payload: surveyPayload },
  verification: { 'zh-CN': '入户核实', en: 'Verification', roles: VILLAGE_ROLES, payload: surveyPayload },
  household_consent: { 'zh-CN': '农户认可', en: 'Household consent', roles: VILLAGE_ROLES, payload: householdConsentPayload },
  deliberation: { 'zh-CN': '民主评议', en: 'Village deliberation', roles: VILLAGE_ROLES, payload: deliberationPayload },
  notice: { 'zh-CN': '村内公示', en: 'Village public notice', roles: VILLAGE_ROLES, payload: noticePayload },
  township_review: { 'zh-CN': '乡镇审核', en: 'Township review', roles: ['township_officer'], payload: townshipReviewPayload },
  county_approval: { 'zh-CN': '县级审批公告', en: 'County approval', roles: ['county_officer'], payload: countyApprovalPayload },
} as const satisfies Record<string, StepDefinition>;
export type StepCode = keyof typeof PROCEDURE_STEPS;
export const STEP_CODES = keys(PROCEDURE_STEPS);

/** The payload a step records once approved, by step code. */
export type StepPayload<S extends StepCode> = z.infer<(typeof PROCEDURE_STEPS)[S]['payload']>;

/** The steps of each kind, in order. Monitoring inclusion has no public notice: it is help, not a label. */
export const PROCEDURE_FLOWS = {
  identification: ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval'],
  exit: ['proposal', 'verification', 'household_consent', 'notice', 'township_review', 'county_approval'],
  return_to_poverty: ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval'],
  monitoring_inclusion: ['application', 'verification', 'deliberation', 'township_review', 'county_approval'],
  risk_removal: ['proposal', 'verification', 'deliberation', 'notice', 'township_review', 'county_approval'],
} as const satisfies Record<ProcedureKind, readonly StepCode[]>;

/** Who, besides those who may act on a notice, may answer an objection: townships often verify them. */
export const RESOLVE_OBJECTION_ROLES = ['village_cadre', 'work_team', 'township_officer'] as const satisfies readonly Role[];

/** Who may cancel besides those who may act on the current step: the county answers for every case. */
export const CANCEL_ROLES = ['county_officer'] as const satisfies readonly Role[];

/** A step's deadline when the policy profile names none. */
export const DEFAULT_STEP_WORKING_DAYS = 5;

// ---------------------------------------------------------------------------------------------------
// Errors

/** The error codes of procedures, each with its HTTP status and messages; to be merged into ERRORS. */
export const PROCEDURE_ERRORS = {
  procedure_closed: { status: 409, 'zh-CN': '该程序已结束,不能再办理', en: 'This procedure has ended' },
  step_out_of_order: { status: 409, 'zh-CN': '当前不在这一环节,请按顺序办理', en: 'This is not the current step of the procedure' },
  step_forbidden: {
    status: 403,
    'zh-CN': '您的角色或管辖范围不能办理这一环节',
    en: 'Your role or region may not act on this step',
  },
  invalid_step_payload: { status: 422, 'zh-CN': '本环节填写的内容有误', en: 'The step’s data are invalid' },
  invalid_return: {
    status: 422,
    'zh-CN': '退回须指明之前的某一环节并说明原因',
    en: 'A return names an earlier step and gives a reason',
  },
  reason_required: { status: 422, 'zh-CN': '请填写原因', en: 'Please give a reason' },
  notice_too_short: { status: 422, 'zh-CN': '公示期短于规定天数', en: 'The public notice is shorter than the rules require' },
  notice_already_open: { status: 409, 'zh-CN': '公示已经发布', en: 'The public notice has already been posted' },
  notice_not_opened: { status: 409, 'zh-CN': '尚未发布公示', en: 'The public notice has not been posted' },
  notice_not_running: { status: 409, 'zh-CN': '不在公示期内', en: 'No public notice is running on that date' },
  notice_not_finished: { status: 409, 'zh-CN': '公示期尚未结束', en: 'The public notice has not ended yet' },
  objections_unresolved: { status: 409, 'zh-CN': '公示期间的异议尚未全部处理', en: 'Some objections to the notice are not resolved' },
  objection_not_found: { status: 404, 'zh-CN': '该异议不存在', en: 'No such objection' },
  objection_already_resolved: { status: 409, 'zh-CN': '该异议已处理', en: 'This objection is already resolved' },
} as const satisfies Record<string, { status: number; 'zh-CN': string; en: string }>;
export type ProcedureErrorCode = keyof typeof PROCEDURE_ERRORS;

/** Messages for the field rules a refused step names in `details.fields`; to be merged into FIELD_RULE_MESSAGES. */
export const PROCEDURE_FIELD_RULES = {
  not_agreed_cannot_be_approved: {
    'zh-CN': '评议未通过,应选择退回或不予通过',
    en: 'A deliberation that did not agree is returned or rejected, not approved',
  },
  more_present_than_attendance: { 'zh-CN': '到会人员名单多于到会人数', en: 'More names present than the attendance' },
  required_for_data_alert: { 'zh-CN': '部门数据预警须注明预警部门', en: 'A data alert names its department' },
  required_for_monitoring: { 'zh-CN': '防返贫监测须填写此项', en: 'Required for monitoring' },
  only_for_monitoring: { 'zh-CN': '仅防返贫监测填写此项', en: 'Only for monitoring' },
  ends_before_start: { 'zh-CN': '结束日期早于开始日期', en: 'Ends before it starts' },
  before_filed: { 'zh-CN': '处理日期早于异议提出日期', en: 'Resolved before it was filed' },
  unknown_kind: { 'zh-CN': '程序类型不存在', en: 'No such kind of procedure' },
} as const satisfies Record<string, Labels>;

/** One field a refusal points at, in the shape the API's `details.fields` already uses. */
export interface FieldIssue {
  path: string;
  code: string;
  message: string;
  /** The zod issue behind a type or size rule, for wording it in the reader's language. */
  zod?: Record<string, unknown>;
}

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
// Inputs

/** A step taken: which step, its outcome and payload, and for a return the step to go back to. */
export const stepInputSchema = z.strictObject({
  step: z.enum(STEP_CODES),
  outcome: z.enum(STEP_OUTCOMES),
  payload: z.unknown().optional(),
  // Length is checked by the transition, so a short reason is refused with the return's own code.
  reason: z.string().trim().max(2000).optional(),
  returnTo: z.enum(STEP_CODES).optional(),
  attachments: attachmentsSchema.optional(),
  comment: text(0, 4000).optional(),
});
export type StepInput = z.input<typeof stepInputSchema>;

export const noticeInputSchema = z.strictObject({ startsOn: isoDate, endsOn: isoDate, attachments: attachmentsSchema.optional() });
export type NoticeInput = z.input<typeof noticeInputSchema>;

export const objectionInputSchema = z.strictObject({
  filedOn: isoDate,
  text: text(2, 4000),
  by: text(1, 40).optional(),
  contact: text(1, 60).optional(),
});
export type ObjectionInput = z.input<typeof objectionInputSchema>;

export const resolutionInputSchema = z.strictObject({ resolution: text(2, 4000), resolvedOn: isoDate });
export type ResolutionInput = z.input<typeof resolutionInputSchema>;

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

// ---------------------------------------------------------------------------------------------------
// Deadlines

/**
 * When the current step is due: working days from the day it was entered; for a posted notice, from its
 * last day, since no one can act before the notice ends. Null once the procedure has ended.
 */
export function stepDeadline(procedure: Procedure, rules: ProcedureRules): string | null {
  const step = procedure.currentStep;
  if (procedure.state !== 'open' || step === null) return null;
  const days = rules.stepWorkingDays[step] ?? DEFAULT_STEP_WORKING_DAYS;
  const from = step === 'notice' && procedure.notice ? procedure.notice.endsOn : procedure.stepEnteredOn;
  return addWorkingDays(from, days, rules);
}

/**
 * The years a case's deadlines run through whose holiday arrangement is not published yet (empty when
 * every one is): its due dates count weekends and statutory holidays only there, and the case says so.
 */
export function unpublishedDeadlineYears(procedure: Procedure, rules: ProcedureRules): number[] {
  const ends = [procedureDeadline(procedure, rules), stepDeadline(procedure, rules) ?? procedure.openedOn].sort();
  return unpublishedYears(procedure.openedOn, ends[ends.length - 1] as string, rules);
}

/** When the whole procedure is due, from its opening to the county's decision. */
export function procedureDeadline(procedure: Procedure, rules: ProcedureRules): string {
  return addWorkingDays(procedure.openedOn, rules.totalWorkingDays, rules);
}

/**
 * Whether the current step and the procedure are past due on `today`; `daysOver` counts calendar days
 * past the more overdue of the two, as people count lateness. An ended procedure is never overdue.
 */
export function overdue(procedure: Procedure, today: string, rules: ProcedureRules): { step: boolean; procedure: boolean; daysOver: number } {
  const stepDue = stepDeadline(procedure, rules);
  if (stepDue === null) return { step: false, procedure: false, daysOver: 0 };
  const stepOver = Math.max(0, calendarDaysBetween(stepDue, today));
  const procedureOver = Math.max(0, calendarDaysBetween(procedureDeadline(procedure, rules), today));
  return { step: stepOver > 0, procedure: procedureOver > 0, daysOver: Math.max(stepOver, procedureOver) };
}
