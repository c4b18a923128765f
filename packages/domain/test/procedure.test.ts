import { describe, expect, it } from 'vitest';
import type { ProcedureRules } from '../src/kernel/procedure-rules.ts';
import {
  applyStep,
  cancelProcedure,
  fileObjection,
  isProcedureKind,
  MONITORING_CATEGORIES,
  monitoringCategoryLabel,
  openNotice,
  openProcedure,
  overdue,
  PROCEDURE_ERRORS,
  PROCEDURE_FIELD_RULES,
  PROCEDURE_KINDS,
  PROCEDURE_STEPS,
  procedureDeadline,
  procedureErrorStatus,
  procedureKindLabel,
  resolveObjection,
  STEP_CODES,
  stepDeadline,
  stepLabel,
  stepsOf,
  whoMustAct,
  type Procedure,
  type ProcedureActor,
  type ProcedureFailure,
  type ProcedureKind,
  type ProcedureResult,
  type ProcedureSuccess,
  type StepCode,
  type StepContext,
  type StepInput,
} from '../src/index.ts';
import { ROLES, type Role } from '../src/kernel/roles.ts';
import { addCalendarDays } from '../src/kernel/working-days.ts';

// 田东县 (451022), one of its townships and a village in it; the neighbours differ by one digit.
const VILLAGE = '451022100001';
const OTHER_VILLAGE = '451022100002';
const TOWNSHIP = '451022100';
const OTHER_TOWNSHIP = '451022101';
const COUNTY = '451022';
const OTHER_COUNTY = '451023';

const RULES: ProcedureRules = {
  noticeDays: 7,
  totalWorkingDays: 30,
  stepWorkingDays: { application: 3, survey: 5, deliberation: 5, notice: 2, township_review: 5, county_approval: 10 },
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  extraWorkdays: ['2024-09-29', '2024-10-12'],
};
const START = '2024-03-01';

const ctx = (today: string, householdRegionCode = VILLAGE, rules = RULES): StepContext => ({ today, householdRegionCode, rules });

const actor = (role: Role, scopeCode?: string): ProcedureActor => ({
  userId: `u-${role}`,
  role,
  scopeCode: scopeCode ?? (role === 'township_officer' ? TOWNSHIP : role === 'county_officer' ? COUNTY : role === 'admin' ? 'CN' : VILLAGE),
});
const cadre = actor('village_cadre');
const team = actor('work_team');
const township = actor('township_officer');
const county = actor('county_officer');

/** Someone who may act on the step, taking turns between the village cadre and the work team. */
function actorFor(step: StepCode): ProcedureActor {
  const role = PROCEDURE_STEPS[step].roles[0];
  if (role === 'township_officer') return township;
  if (role === 'county_officer') return county;
  return step === 'survey' || step === 'verification' ? team : cadre;
}

function payloadFor(kind: ProcedureKind, step: StepCode, today: string): Record<string, unknown> {
  switch (step) {
    case 'application':
      return kind === 'monitoring_inclusion'
        ? { source: 'data_alert', alertDepartment: 'medical_insurance', reason: '医保大额支出预警' }
        : { source: 'self_report', reason: '家中有人患大病,收入低于标准' };
    case 'proposal':
      return { reason: '收入稳定超过标准,两不愁三保障达标' };
    case 'survey':
    case 'verification':
      return { surveyedOn: today, evaluation: { perHead: 3100, line: 2952, passed: false }, findings: '四看法核实' };
    case 'household_consent':
      return { consentedOn: today, signedBy: '张三' };
    case 'deliberation':
      return { heldOn: today, attendance: 23, present: ['李四', '王五'], result: 'agreed', minutes: '村民代表会议一致同意' };
    case 'notice':
      return {};
    case 'township_review':
      return { opinion: '经审核,同意' };
    case 'county_approval':
      return {
        decisionNo: '东政〔2024〕12号',
        announcedOn: today,
        ...(kind === 'monitoring_inclusion' ? { category: 'sudden_hardship' } : {}),
      };
  }
}

const approve = (kind: ProcedureKind, step: StepCode, today: string): StepInput => ({
  step,
  outcome: 'approved',
  payload: payloadFor(kind, step, today),
  attachments: [`photo-${step}`],
});

function ok(result: ProcedureResult): ProcedureSuccess {
  if (!result.ok) throw new Error(`expected success, got ${result.code} ${JSON.stringify(result.details)}`);
  return result;
}

function refused(result: ProcedureResult, code: ProcedureFailure['code']): ProcedureFailure {
  if (result.ok) throw new Error(`expected ${code}, got success at ${result.procedure.currentStep}`);
  expect(result.code).toBe(code);
  return result;
}

/** Freezes a procedure all the way down, so a transition that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

interface Walk {
  procedure: Procedure;
  today: string;
  results: ProcedureSuccess[];
}

/** Opens a procedure and approves steps until `target` is the current step (or to the end). */
function walk(kind: ProcedureKind, target: StepCode | 'end' = 'end'): Walk {
  let today = START;
  const opened = ok(openProcedure(kind, { openedOn: today }, actorFor(stepsOf(kind)[0] as StepCode), ctx(today)));
  const results = [opened];
  let procedure = opened.procedure;
  while (procedure.state === 'open' && procedure.currentStep !== target) {
    const step = procedure.currentStep as StepCode;
    today = addCalendarDays(today, 1);
    if (step === 'notice') {
      const endsOn = addCalendarDays(today, RULES.noticeDays - 1);
      procedure = ok(openNotice(procedure, { startsOn: today, endsOn, attachments: ['notice-board'] }, cadre, ctx(today))).procedure;
      today = addCalendarDays(endsOn, 1);
    }
    const result = ok(applyStep(deepFreeze(procedure), approve(kind, step, today), actorFor(step), ctx(today)));
    results.push(result);
    procedure = result.procedure;
  }
  return { procedure, today, results };
}

/** A walk to the notice step with the notice posted on the next day; the notice runs 7 days. */
function atRunningNotice(kind: ProcedureKind = 'identification') {
  const w = walk(kind, 'notice');
  const startsOn = addCalendarDays(w.today, 1);
  const endsOn = addCalendarDays(startsOn, 6);
  const procedure = ok(openNotice(w.procedure, { startsOn, endsOn }, cadre, ctx(startsOn))).procedure;
  return { procedure, startsOn, endsOn };
}

const KINDS = Object.keys(PROCEDURE_KINDS) as ProcedureKind[];
const KIND_STEPS = KINDS.flatMap((kind) => stepsOf(kind).map((step) => [kind, step] as const));

describe('the tables', () => {
  it('gives every kind, step and category both labels', () => {
    for (const kind of KINDS) for (const lang of ['zh-CN', 'en'] as const) expect(procedureKindLabel(kind, lang)).toMatch(/\S/);
    for (const step of STEP_CODES) for (const lang of ['zh-CN', 'en'] as const) expect(stepLabel(step, lang)).toMatch(/\S/);
    expect(stepLabel('deliberation', 'zh-CN')).toBe('民主评议');
    expect(procedureKindLabel('risk_removal', 'zh-CN')).toBe('风险消除');
    expect(monitoringCategoryLabel('marginal', 'zh-CN')).toBe('边缘易致贫户');
    expect(Object.keys(MONITORING_CATEGORIES)).toEqual(['unstable_exited', 'marginal', 'sudden_hardship']);
  });

  it.each([
    ['identification', ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval']],
    ['exit', ['proposal', 'verification', 'household_consent', 'notice', 'township_review', 'county_approval']],
    ['return_to_poverty', ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval']],
    ['monitoring_inclusion', ['application', 'verification', 'deliberation', 'township_review', 'county_approval']],
    ['risk_removal', ['proposal', 'verification', 'deliberation', 'notice', 'township_review', 'county_approval']],
  ] as const)('orders the steps of %s', (kind, steps) => {
    expect(stepsOf(kind)).toEqual(steps);
  });

  it('lets no administrator act on any step, and the village act on the village steps only', () => {
    for (const step of STEP_CODES) expect(PROCEDURE_STEPS[step].roles).not.toContain('admin');
    expect(PROCEDURE_STEPS.township_review.roles).toEqual(['township_officer']);
    expect(PROCEDURE_STEPS.county_approval.roles).toEqual(['county_officer']);
    for (const step of ['application', 'proposal', 'survey', 'verification', 'household_consent', 'deliberation', 'notice'] as const) {
      expect(PROCEDURE_STEPS[step].roles).toEqual(['village_cadre', 'work_team']);
    }
  });

  it.each([
    ['procedure_closed', 409],
    ['step_out_of_order', 409],
    ['notice_not_finished', 409],
    ['objections_unresolved', 409],
    ['notice_not_running', 409],
    ['notice_not_opened', 409],
    ['notice_already_open', 409],
    ['objection_already_resolved', 409],
    ['objection_not_found', 404],
    ['step_forbidden', 403],
    ['invalid_step_payload', 422],
    ['notice_too_short', 422],
    ['invalid_return', 422],
    ['reason_required', 422],
  ] as const)('answers %s with HTTP %i and both languages', (code, status) => {
    expect(procedureErrorStatus(code)).toBe(status);
    expect(PROCEDURE_ERRORS[code]['zh-CN']).toMatch(/\S/);
    expect(PROCEDURE_ERRORS[code].en).toMatch(/\S/);
  });

  it('names the field rules in both languages', () => {
    for (const messages of Object.values(PROCEDURE_FIELD_RULES)) expect(Object.keys(messages)).toEqual(['zh-CN', 'en']);
  });

  it('recognises kinds from strings', () => {
    expect(isProcedureKind('exit')).toBe(true);
    expect(isProcedureKind('toString')).toBe(false);
  });
});

describe('opening a procedure', () => {
  it('starts at the first step with an empty history', () => {
    const result = ok(openProcedure('exit', { openedOn: '2024-02-20' }, cadre, ctx(START)));
    expect(result.procedure).toEqual({
      kind: 'exit',
      state: 'open',
      currentStep: 'proposal',
      stepEnteredOn: '2024-02-20',
      openedOn: '2024-02-20',
      records: [],
      notice: null,
      objections: [],
    });
    expect(result.event).toEqual({
      action: 'procedure.opened',
      kind: 'exit',
      step: 'proposal',
      on: START,
      actor: { userId: 'u-village_cadre', role: 'village_cadre' },
      details: { openedOn: '2024-02-20' },
    });
  });

  it.each(KINDS)('refuses roles that may not take the first step of %s', (kind) => {
    for (const role of ['admin', 'township_officer', 'county_officer', 'helper', 'aid_unit', 'inspector', 'public'] as const) {
      const failure = refused(openProcedure(kind, { openedOn: START }, actor(role), ctx(START)), 'step_forbidden');
      expect(failure.details).toMatchObject({ step: stepsOf(kind)[0], problem: 'role' });
    }
  });

  it('refuses a cadre of another village, a date in the future, a bad date and an unknown kind', () => {
    expect(refused(openProcedure('identification', { openedOn: START }, actor('village_cadre', OTHER_VILLAGE), ctx(START)), 'step_forbidden').details).toMatchObject({
      problem: 'scope',
    });
    expect(refused(openProcedure('identification', { openedOn: '2024-03-02' }, cadre, ctx(START)), 'invalid_step_payload').details).toEqual({
      fields: [{ path: 'openedOn', code: 'not_in_future', message: expect.any(String) }],
    });
    expect(refused(openProcedure('identification', { openedOn: '2024-02-30' }, cadre, ctx(START)), 'invalid_step_payload').details).toMatchObject({
      fields: [{ path: 'openedOn', code: 'invalid_format' }],
    });
    expect(refused(openProcedure('poverty' as ProcedureKind, { openedOn: START }, cadre, ctx(START)), 'invalid_step_payload').details).toMatchObject({
      fields: [{ path: 'kind', code: 'unknown_kind' }],
    });
  });

  it('throws on a context that is a bug, not a user error', () => {
    expect(() => openProcedure('exit', { openedOn: START }, cadre, ctx('2024-3-1'))).toThrow(RangeError);
    expect(() => openProcedure('exit', { openedOn: START }, cadre, ctx(START, TOWNSHIP))).toThrow(RangeError);
  });
});

describe('walking each kind from open to approved', () => {
  it.each([
    ['identification', { status: 'poor' }],
    ['exit', { status: 'exited', year: 2024 }],
    ['return_to_poverty', { status: 'poor', returned: true }],
    ['monitoring_inclusion', { monitoring: 'sudden_hardship' }],
    ['risk_removal', { monitoring: null, riskRemovedOn: '2024-03-14' }],
  ] as const)('%s ends approved with its effect on the household', (kind, effect) => {
    const { procedure, results } = walk(kind);
    expect(procedure.state).toBe('approved');
    expect(procedure.currentStep).toBeNull();
    expect(procedure.records.map((r) => r.step)).toEqual(stepsOf(kind));
    expect(procedure.records.every((r) => r.outcome === 'approved')).toBe(true);
    const last = results.at(-1) as ProcedureSuccess;
    expect(last.effect).toEqual(effect);
    expect(last.event).toMatchObject({ action: 'procedure.step_approved', step: 'county_approval', details: { nextStep: null, effect } });
    // Only the last step has an effect.
    expect(results.slice(0, -1).every((r) => r.effect === undefined)).toBe(true);
    expect(whoMustAct(procedure)).toEqual([]);
  });

  it.each(KINDS)('%s keeps who acted, when, on what and with which attachments', (kind) => {
    const { procedure, results } = walk(kind);
    for (const [i, record] of procedure.records.entries()) {
      expect(record.actor).toEqual({ userId: actorFor(record.step).userId, role: actorFor(record.step).role });
      expect(record.attachments).toEqual([`photo-${record.step}`]);
      expect(record.on).toBe(results[i + 1]?.event.on);
    }
    const survey = procedure.records.find((r) => r.step === 'survey' || r.step === 'verification');
    expect(survey?.payload.evaluation).toEqual({ perHead: 3100, line: 2952, passed: false });
  });

  it.each(KIND_STEPS)('%s: approving %s moves to the next step and enters it today', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    const flow = stepsOf(kind);
    expect(procedure.currentStep).toBe(step);
    expect(whoMustAct(procedure)).toEqual(PROCEDURE_STEPS[step].roles);
    expect(procedure.records).toHaveLength(flow.indexOf(step));
    if (step !== 'notice') {
      const next = ok(applyStep(procedure, approve(kind, step, today), actorFor(step), ctx(today)));
      expect(next.procedure.currentStep).toBe(flow[flow.indexOf(step) + 1] ?? null);
      expect(next.procedure.stepEnteredOn).toBe(today);
      expect(next.event).toMatchObject({ action: 'procedure.step_approved', kind, step, on: today, details: { attachments: [`photo-${step}`] } });
    }
  });

  it('lets the work team act wherever the village cadre may', () => {
    const { procedure, today } = walk('identification', 'deliberation');
    const next = ok(applyStep(procedure, approve('identification', 'deliberation', today), team, ctx(today)));
    expect(next.procedure.records.at(-1)?.actor).toEqual({ userId: 'u-work_team', role: 'work_team' });
  });

  it('lets officers of a wider region act on a village in it (a county officer scoped to the province)', () => {
    const { procedure, today } = walk('exit', 'county_approval');
    ok(applyStep(procedure, approve('exit', 'county_approval', today), actor('county_officer', '45'), ctx(today)));
  });

  it('keeps the parsed payload: trimmed text, no unknown fields', () => {
    const { procedure, today } = walk('identification', 'township_review');
    const next = ok(applyStep(procedure, { step: 'township_review', outcome: 'approved', payload: { opinion: '  同意  ' }, comment: ' 已核 ' }, township, ctx(today)));
    expect(next.procedure.records.at(-1)).toMatchObject({ payload: { opinion: '同意' }, comment: '已核', attachments: [] });
  });
});

describe('steps out of order', () => {
  it.each(KIND_STEPS)('%s at %s refuses every other step', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    for (const other of STEP_CODES.filter((s) => s !== step)) {
      const failure = refused(applyStep(procedure, approve(kind, other, today), actorFor(other), ctx(today)), 'step_out_of_order');
      expect(failure.details).toEqual({ expected: step, got: other });
    }
  });

  it('refuses the notice actions away from the notice step', () => {
    const { procedure, today } = walk('identification', 'deliberation');
    expect(refused(openNotice(procedure, { startsOn: today, endsOn: '2024-03-31' }, cadre, ctx(today)), 'step_out_of_order').details).toEqual({
      expected: 'deliberation',
      got: 'notice',
    });
    expect(refused(fileObjection(procedure, { filedOn: today, text: '不符合条件' }), 'notice_not_running').details).toEqual({ startsOn: null, endsOn: null });
    refused(resolveObjection(procedure, 1, { resolution: '已核实', resolvedOn: today }, cadre, ctx(today)), 'step_out_of_order');
  });

  it('never offers a notice to monitoring inclusion', () => {
    const { procedure, today } = walk('monitoring_inclusion', 'township_review');
    refused(openNotice(procedure, { startsOn: today, endsOn: '2024-03-31' }, cadre, ctx(today)), 'step_out_of_order');
  });
});

describe('who may act', () => {
  it.each(KIND_STEPS)('%s at %s refuses every role not listed for it', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    const allowed = PROCEDURE_STEPS[step].roles as readonly Role[];
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      const failure = refused(applyStep(procedure, approve(kind, step, today), actor(role), ctx(today)), 'step_forbidden');
      expect(failure.details).toEqual({ step, roles: allowed, problem: 'role' });
    }
  });

  it.each(KIND_STEPS)('%s at %s refuses the right role from another village, township or county', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    const role = actorFor(step).role;
    for (const scope of [OTHER_VILLAGE, OTHER_TOWNSHIP, OTHER_COUNTY]) {
      const failure = refused(applyStep(procedure, approve(kind, step, today), actor(role, scope), ctx(today)), 'step_forbidden');
      expect(failure.details).toMatchObject({ step, problem: 'scope' });
    }
  });

  it('refuses the notice actions to other roles and other regions', () => {
    const { procedure, today } = walk('identification', 'notice');
    const input = { startsOn: today, endsOn: '2024-03-31' };
    refused(openNotice(procedure, input, township, ctx(today)), 'step_forbidden');
    refused(openNotice(procedure, input, actor('admin'), ctx(today)), 'step_forbidden');
    refused(openNotice(procedure, input, actor('work_team', OTHER_VILLAGE), ctx(today)), 'step_forbidden');
    ok(openNotice(procedure, input, team, ctx(today)));
  });
});

describe('payloads', () => {
  const cases: Array<[string, ProcedureKind, StepCode, Record<string, unknown>, string, string]> = [
    ['an application without a reason', 'identification', 'application', { source: 'self_report' }, 'payload.reason', 'invalid_type'],
    ['a one-letter reason', 'identification', 'application', { reason: 'x' }, 'payload.reason', 'too_small'],
    ['an unknown source', 'identification', 'application', { source: 'rumour', reason: '听说困难' }, 'payload.source', 'invalid_value'],
    ['a data alert without its department', 'monitoring_inclusion', 'application', { source: 'data_alert', reason: '医保预警' }, 'payload.alertDepartment', 'required_for_data_alert'],
    ['a monitoring application without a source', 'monitoring_inclusion', 'application', { reason: '突发大病' }, 'payload.source', 'required_for_monitoring'],
    ['a misspelt field', 'exit', 'proposal', { reason: '收入达标', reasn: 'x' }, 'payload.reasn', 'unrecognized_keys'],
    ['a survey without its evaluation', 'identification', 'survey', { surveyedOn: '2024-03-02' }, 'payload.evaluation', 'invalid_type'],
    ['an evaluation that is a list', 'identification', 'survey', { surveyedOn: '2024-03-02', evaluation: [1] }, 'payload.evaluation', 'invalid_type'],
    ['a survey in the future', 'identification', 'survey', { surveyedOn: '2024-12-31', evaluation: {} }, 'payload.surveyedOn', 'not_in_future'],
    ['a verification on 30 February', 'exit', 'verification', { surveyedOn: '2024-02-30', evaluation: {} }, 'payload.surveyedOn', 'invalid_format'],
    ['consent without a signature', 'exit', 'household_consent', { consentedOn: '2024-03-02' }, 'payload.signedBy', 'invalid_type'],
    ['a meeting nobody attended', 'identification', 'deliberation', { heldOn: '2024-03-02', attendance: 0, result: 'agreed', minutes: '同意' }, 'payload.attendance', 'too_small'],
    ['half a person', 'identification', 'deliberation', { heldOn: '2024-03-02', attendance: 2.5, result: 'agreed', minutes: '同意' }, 'payload.attendance', 'invalid_type'],
    ['a meeting without minutes', 'identification', 'deliberation', { heldOn: '2024-03-02', attendance: 20, result: 'agreed' }, 'payload.minutes', 'invalid_type'],
    ['a meeting held tomorrow', 'identification', 'deliberation', { heldOn: '2099-01-01', attendance: 20, result: 'agreed', minutes: '同意' }, 'payload.heldOn', 'not_in_future'],
    ['more names than attendance', 'identification', 'deliberation', { heldOn: '2024-03-02', attendance: 1, present: ['甲', '乙'], result: 'agreed', minutes: '同意' }, 'payload.present', 'more_present_than_attendance'],
    ['an undecided meeting', 'identification', 'deliberation', { heldOn: '2024-03-02', attendance: 20, result: 'maybe', minutes: '同意' }, 'payload.result', 'invalid_value'],
    ['a not-agreed meeting approved', 'return_to_poverty', 'deliberation', { heldOn: '2024-03-02', attendance: 20, result: 'not_agreed', minutes: '多数不同意' }, 'payload.result', 'not_agreed_cannot_be_approved'],
    ['a township review without an opinion', 'identification', 'township_review', {}, 'payload.opinion', 'invalid_type'],
    ['a county approval without its date', 'identification', 'county_approval', { decisionNo: '1号' }, 'payload.announcedOn', 'invalid_type'],
    ['a monitoring decision without a category', 'monitoring_inclusion', 'county_approval', { announcedOn: '2024-03-02' }, 'payload.category', 'required_for_monitoring'],
    ['a category outside monitoring', 'identification', 'county_approval', { announcedOn: '2024-03-02', category: 'marginal' }, 'payload.category', 'only_for_monitoring'],
    ['an unknown category', 'monitoring_inclusion', 'county_approval', { announcedOn: '2024-03-02', category: 'poorish' }, 'payload.category', 'invalid_value'],
    ['anything on the notice step', 'identification', 'notice', { startsOn: '2024-03-02' }, 'payload.startsOn', 'unrecognized_keys'],
  ];

  it.each(cases)('refuses %s', (_, kind, step, payload, path, code) => {
    const { procedure, today } = walk(kind, step);
    const failure = refused(applyStep(procedure, { step, outcome: 'approved', payload }, actorFor(step), ctx(today)), 'invalid_step_payload');
    expect(failure.details.fields).toContainEqual(expect.objectContaining({ path, code, message: expect.any(String) }));
  });

  it.each([
    ['an unknown outcome', { step: 'application', outcome: 'maybe', payload: {} }, 'outcome', 'invalid_value'],
    ['an unknown step', { step: 'appeal', outcome: 'approved', payload: {} }, 'step', 'invalid_value'],
    ['an attachment that is not an id', { step: 'application', outcome: 'approved', payload: {}, attachments: [''] }, 'attachments.0', 'too_small'],
    ['an unknown field', { step: 'application', outcome: 'approved', payload: {}, files: [] }, 'files', 'unrecognized_keys'],
  ])('refuses an input with %s', (_, input, path, code) => {
    const { procedure, today } = walk('identification', 'application');
    const failure = refused(applyStep(procedure, input as unknown as StepInput, cadre, ctx(today)), 'invalid_step_payload');
    expect(failure.details.fields).toContainEqual(expect.objectContaining({ path, code, message: expect.any(String) }));
  });

  it('lets a not-agreed meeting be recorded as a rejection or a return', () => {
    const { procedure, today } = walk('identification', 'deliberation');
    const payload = { heldOn: today, attendance: 20, result: 'not_agreed', minutes: '多数代表认为收入超标' };
    const rejected = ok(applyStep(procedure, { step: 'deliberation', outcome: 'rejected', payload, reason: '评议未通过' }, cadre, ctx(today)));
    expect(rejected.procedure.state).toBe('rejected');
    expect(rejected.procedure.records.at(-1)?.payload).toEqual(payload);
    const returned = ok(applyStep(procedure, { step: 'deliberation', outcome: 'returned', payload, reason: '收入数据有疑问', returnTo: 'survey' }, cadre, ctx(today)));
    expect(returned.procedure.currentStep).toBe('survey');
  });

  it('checks what a return or a rejection gives, without asking for the rest', () => {
    const { procedure, today } = walk('exit', 'household_consent');
    ok(applyStep(procedure, { step: 'household_consent', outcome: 'rejected', payload: {}, reason: '农户不认可退出' }, cadre, ctx(today)));
    const failure = refused(
      applyStep(procedure, { step: 'household_consent', outcome: 'rejected', payload: { signedBy: '' }, reason: '农户不认可退出' }, cadre, ctx(today)),
      'invalid_step_payload',
    );
    expect(failure.details.fields).toContainEqual(expect.objectContaining({ path: 'payload.signedBy', code: 'too_small', message: expect.any(String) }));
  });
});

describe('returns', () => {
  it.each(KIND_STEPS.filter(([kind, step]) => stepsOf(kind).indexOf(step) > 0))('%s: %s returns to each earlier step', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    const flow = stepsOf(kind);
    for (const returnTo of flow.slice(0, flow.indexOf(step))) {
      const result = ok(applyStep(procedure, { step, outcome: 'returned', payload: {}, reason: '材料不全,请补充', returnTo }, actorFor(step), ctx(today)));
      expect(result.procedure).toMatchObject({ state: 'open', currentStep: returnTo, stepEnteredOn: today });
      expect(result.procedure.records.at(-1)).toMatchObject({ step, outcome: 'returned', reason: '材料不全,请补充', returnTo, on: today });
      expect(result.event).toMatchObject({ action: 'procedure.step_returned', step, details: { returnTo, reason: '材料不全,请补充' } });
    }
  });

  it.each([
    ['no step to return to', { reason: '材料不全' }, 'return_to_required'],
    ['the same step', { reason: '材料不全', returnTo: 'township_review' }, 'not_an_earlier_step'],
    ['a later step', { reason: '材料不全', returnTo: 'county_approval' }, 'not_an_earlier_step'],
    ['a step of another kind', { reason: '材料不全', returnTo: 'household_consent' }, 'not_an_earlier_step'],
    ['no reason', { returnTo: 'survey' }, 'reason_required'],
    ['a one-character reason', { reason: ' 否 ', returnTo: 'survey' }, 'reason_required'],
  ] as const)('refuses a return to %s', (_, extra, problem) => {
    const { procedure, today } = walk('identification', 'township_review');
    const failure = refused(applyStep(procedure, { step: 'township_review', outcome: 'returned', payload: {}, ...extra }, township, ctx(today)), 'invalid_return');
    expect(failure.details).toMatchObject({ problem, earlierSteps: ['application', 'survey', 'deliberation', 'notice'] });
  });

  it('refuses a step to return to on an approval', () => {
    const { procedure, today } = walk('identification', 'township_review');
    const input: StepInput = { ...approve('identification', 'township_review', today), returnTo: 'survey' };
    expect(refused(applyStep(procedure, input, township, ctx(today)), 'invalid_return').details).toMatchObject({ problem: 'return_to_without_return' });
  });

  it('refuses a return from the first step, which has nothing before it', () => {
    const { procedure, today } = walk('exit', 'proposal');
    const result = applyStep(procedure, { step: 'proposal', outcome: 'returned', payload: {}, reason: '重新提出', returnTo: 'proposal' }, cadre, ctx(today));
    expect(refused(result, 'invalid_return').details).toMatchObject({ problem: 'not_an_earlier_step', earlierSteps: [] });
  });

  it('clears the notice on a return before it, keeps it on the notice record, and runs a new one with fresh objection ids', () => {
    const { procedure: running, startsOn, endsOn } = atRunningNotice();
    let p = ok(fileObjection(running, { filedOn: startsOn, text: '他家有小汽车', by: '赵六' })).procedure;
    p = ok(resolveObjection(p, 1, { resolution: '核实为亲戚的车', resolvedOn: endsOn }, cadre, ctx(endsOn))).procedure;
    const after = addCalendarDays(endsOn, 1);
    p = ok(applyStep(p, approve('identification', 'notice', after), cadre, ctx(after))).procedure;
    const noticeRecord = p.records.at(-1);
    expect(noticeRecord?.notice).toMatchObject({ startsOn, endsOn, objections: [{ id: 1, text: '他家有小汽车', by: '赵六' }] });
    expect(p.notice).not.toBeNull();

    // The county sends it back to the township: the notice still stands.
    p = ok(applyStep(p, approve('identification', 'township_review', after), township, ctx(after))).procedure;
    const toTownship = ok(applyStep(p, { step: 'county_approval', outcome: 'returned', payload: {}, reason: '审核意见过简', returnTo: 'township_review' }, county, ctx(after)));
    expect(toTownship.procedure.notice).toEqual(p.notice);
    expect(toTownship.procedure.objections).toHaveLength(1);

    // The township sends it back to the survey: a new notice will run.
    const toSurvey = ok(applyStep(toTownship.procedure, { step: 'township_review', outcome: 'returned', payload: {}, reason: '收入需重新核实', returnTo: 'survey' }, township, ctx(after)));
    expect(toSurvey.procedure.notice).toBeNull();
    expect(toSurvey.procedure.objections).toEqual([]);
    expect(toSurvey.procedure.records.find((r) => r.step === 'notice')?.notice?.objections).toHaveLength(1);

    // Walk it again to the notice: the next objection is number 2.
    let q = toSurvey.procedure;
    for (const step of ['survey', 'deliberation'] as const) q = ok(applyStep(q, approve('identification', step, after), actorFor(step), ctx(after))).procedure;
    const s2 = addCalendarDays(after, 1);
    q = ok(openNotice(q, { startsOn: s2, endsOn: addCalendarDays(s2, 6) }, cadre, ctx(s2))).procedure;
    const filed = ok(fileObjection(q, { filedOn: s2, text: '仍有异议' }));
    expect(filed.procedure.objections).toEqual([{ id: 2, filedOn: s2, text: '仍有异议', by: null, contact: null, resolution: null }]);
  });

  it('keeps a notice cut short by a return on the return record', () => {
    const { procedure, startsOn } = atRunningNotice();
    const p = ok(fileObjection(procedure, { filedOn: startsOn, text: '他家在城里买了房' })).procedure;
    const back = ok(applyStep(p, { step: 'notice', outcome: 'returned', payload: {}, reason: '异议属实,重新评议', returnTo: 'deliberation' }, cadre, ctx(startsOn)));
    expect(back.procedure).toMatchObject({ currentStep: 'deliberation', notice: null, objections: [] });
    expect(back.procedure.records.at(-1)?.notice?.objections.map((o) => o.text)).toEqual(['他家在城里买了房']);
  });
});

describe('rejections', () => {
  it.each(KIND_STEPS)('%s: %s rejects with a reason and ends the procedure', (kind, step) => {
    const { procedure, today } = walk(kind, step);
    const result = ok(applyStep(procedure, { step, outcome: 'rejected', payload: {}, reason: '不符合条件' }, actorFor(step), ctx(today)));
    expect(result.procedure).toMatchObject({ state: 'rejected', currentStep: null, stepEnteredOn: today });
    expect(result.procedure.records.at(-1)).toMatchObject({ step, outcome: 'rejected', reason: '不符合条件' });
    expect(result.event).toMatchObject({ action: 'procedure.step_rejected', step, details: { reason: '不符合条件' } });
    expect(result.effect).toBeUndefined();
    expect(whoMustAct(result.procedure)).toEqual([]);
    expect(refused(applyStep(result.procedure, approve(kind, step, today), actorFor(step), ctx(today)), 'procedure_closed').details).toEqual({ state: 'rejected' });
  });

  it.each([undefined, '', ' x '])('refuses a rejection with reason %j', (reason) => {
    const { procedure, today } = walk('identification', 'survey');
    const result = applyStep(procedure, { step: 'survey', outcome: 'rejected', payload: {}, ...(reason === undefined ? {} : { reason }) }, team, ctx(today));
    expect(refused(result, 'reason_required').details).toEqual({ field: 'reason' });
  });
});

describe('the public notice', () => {
  it.each([
    [6, 'notice_too_short'],
    [7, null],
    [10, null],
  ] as const)('a notice of %i days: %s', (days, code) => {
    const { procedure, today } = walk('identification', 'notice');
    const result = openNotice(procedure, { startsOn: today, endsOn: addCalendarDays(today, days - 1) }, cadre, ctx(today));
    if (code) expect(refused(result, code).details).toEqual({ required: 7, given: days });
    else expect(ok(result).procedure.notice).toEqual({ startsOn: today, endsOn: addCalendarDays(today, days - 1), attachments: [] });
  });

  it('follows the profile’s notice period', () => {
    const { procedure, today } = walk('exit', 'notice');
    const rules = { ...RULES, noticeDays: 10 };
    const result = openNotice(procedure, { startsOn: today, endsOn: addCalendarDays(today, 6) }, cadre, ctx(today, VILLAGE, rules));
    expect(refused(result, 'notice_too_short').details).toEqual({ required: 10, given: 7 });
  });

  it('refuses a notice that ends before it starts, a bad date and a second notice', () => {
    const { procedure, today } = walk('identification', 'notice');
    expect(refused(openNotice(procedure, { startsOn: today, endsOn: '2024-01-01' }, cadre, ctx(today)), 'invalid_step_payload').details).toMatchObject({
      fields: [{ path: 'endsOn', code: 'ends_before_start' }],
    });
    refused(openNotice(procedure, { startsOn: today, endsOn: 'next week' }, cadre, ctx(today)), 'invalid_step_payload');
    const { procedure: running, startsOn, endsOn } = atRunningNotice();
    expect(refused(openNotice(running, { startsOn, endsOn }, cadre, ctx(startsOn)), 'notice_already_open').details).toEqual({ startsOn, endsOn });
  });

  it('records the posting with its photos for the audit log', () => {
    const { procedure, today } = walk('risk_removal', 'notice');
    const result = ok(openNotice(procedure, { startsOn: today, endsOn: addCalendarDays(today, 6), attachments: ['board-1'] }, team, ctx(today)));
    expect(result.event).toEqual({
      action: 'procedure.notice_opened',
      kind: 'risk_removal',
      step: 'notice',
      on: today,
      actor: { userId: 'u-work_team', role: 'work_team' },
      details: { startsOn: today, endsOn: addCalendarDays(today, 6), attachments: ['board-1'] },
    });
  });

  it('takes objections on the first and the last day, named or anonymous, and none outside', () => {
    const { procedure, startsOn, endsOn } = atRunningNotice();
    const first = ok(fileObjection(procedure, { filedOn: startsOn, text: '他家有人吃财政饭', by: '赵六', contact: '13812345678' }));
    expect(first.procedure.objections[0]).toEqual({
      id: 1,
      filedOn: startsOn,
      text: '他家有人吃财政饭',
      by: '赵六',
      contact: '13812345678',
      resolution: null,
    });
    // The audit log keeps what was said, not who said it.
    expect(first.event).toEqual({
      action: 'procedure.objection_filed',
      kind: 'identification',
      step: 'notice',
      on: startsOn,
      actor: null,
      details: { objectionId: 1, anonymous: false, text: '他家有人吃财政饭' },
    });
    const last = ok(fileObjection(first.procedure, { filedOn: endsOn, text: '同上' }));
    expect(last.procedure.objections.map((o) => [o.id, o.by])).toEqual([
      [1, '赵六'],
      [2, null],
    ]);
    for (const filedOn of [addCalendarDays(startsOn, -1), addCalendarDays(endsOn, 1)]) {
      expect(refused(fileObjection(procedure, { filedOn, text: '有异议' }), 'notice_not_running').details).toEqual({ startsOn, endsOn, filedOn });
    }
    refused(fileObjection(procedure, { filedOn: startsOn, text: '' }), 'invalid_step_payload');
  });

  it('refuses objections before the notice is posted', () => {
    const { procedure, today } = walk('identification', 'notice');
    refused(fileObjection(procedure, { filedOn: today, text: '有异议' }), 'notice_not_running');
  });

  it('cannot close before it is posted, on its last day, or with an objection open; closes after', () => {
    const { procedure: unposted, today } = walk('identification', 'notice');
    refused(applyStep(unposted, approve('identification', 'notice', today), cadre, ctx(today)), 'notice_not_opened');

    const { procedure, startsOn, endsOn } = atRunningNotice();
    expect(refused(applyStep(procedure, approve('identification', 'notice', endsOn), cadre, ctx(endsOn)), 'notice_not_finished').details).toEqual({
      endsOn,
      today: endsOn,
    });
    const after = addCalendarDays(endsOn, 1);
    let p = ok(fileObjection(procedure, { filedOn: startsOn, text: '他家有小汽车' })).procedure;
    p = ok(fileObjection(p, { filedOn: startsOn, text: '他家儿子是公务员' })).procedure;
    p = ok(resolveObjection(p, 2, { resolution: '核实不属实', resolvedOn: endsOn }, township, ctx(after))).procedure;
    expect(refused(applyStep(p, approve('identification', 'notice', after), cadre, ctx(after)), 'objections_unresolved').details).toEqual({
      objectionIds: [1],
    });
    const resolved = ok(resolveObjection(p, 1, { resolution: '车辆为营运所需,已核实', resolvedOn: after }, team, ctx(after)));
    expect(resolved.procedure.objections[0]?.resolution).toEqual({
      text: '车辆为营运所需,已核实',
      resolvedOn: after,
      by: { userId: 'u-work_team', role: 'work_team' },
    });
    expect(resolved.event).toMatchObject({ action: 'procedure.objection_resolved', details: { objectionId: 1, resolvedOn: after } });
    const closed = ok(applyStep(resolved.procedure, approve('identification', 'notice', after), cadre, ctx(after)));
    expect(closed.procedure.currentStep).toBe('township_review');
    expect(closed.procedure.records.at(-1)?.notice?.objections.every((o) => o.resolution !== null)).toBe(true);
  });

  it('guards resolutions: who, which objection, once, and when', () => {
    const { procedure, startsOn, endsOn } = atRunningNotice();
    const p = ok(fileObjection(procedure, { filedOn: addCalendarDays(startsOn, 2), text: '有异议' })).procedure;
    const input = { resolution: '已核实', resolvedOn: endsOn };
    expect(refused(resolveObjection(p, 1, input, county, ctx(endsOn)), 'step_forbidden').details).toMatchObject({ problem: 'role' });
    expect(refused(resolveObjection(p, 1, input, actor('township_officer', OTHER_TOWNSHIP), ctx(endsOn)), 'step_forbidden').details).toMatchObject({
      problem: 'scope',
    });
    expect(refused(resolveObjection(p, 9, input, cadre, ctx(endsOn)), 'objection_not_found').details).toEqual({ objectionId: 9 });
    expect(refused(resolveObjection(p, 1, { resolution: '已核实', resolvedOn: startsOn }, cadre, ctx(endsOn)), 'invalid_step_payload').details).toMatchObject({
      fields: [{ path: 'resolvedOn', code: 'before_filed' }],
    });
    expect(refused(resolveObjection(p, 1, { resolution: '已核实', resolvedOn: '2099-01-01' }, cadre, ctx(endsOn)), 'invalid_step_payload').details).toMatchObject({
      fields: [{ path: 'resolvedOn', code: 'not_in_future' }],
    });
    refused(resolveObjection(p, 1, { resolution: '', resolvedOn: endsOn }, cadre, ctx(endsOn)), 'invalid_step_payload');
    const once = ok(resolveObjection(p, 1, input, cadre, ctx(endsOn))).procedure;
    expect(refused(resolveObjection(once, 1, input, cadre, ctx(endsOn)), 'objection_already_resolved').details).toEqual({ objectionId: 1, resolvedOn: endsOn });
  });

  it('refuses every notice action once the procedure has ended', () => {
    const { procedure, startsOn, endsOn } = atRunningNotice();
    const p = ok(fileObjection(procedure, { filedOn: startsOn, text: '有异议' })).procedure;
    const rejected = ok(applyStep(p, { step: 'notice', outcome: 'rejected', payload: {}, reason: '异议属实' }, cadre, ctx(startsOn))).procedure;
    expect(rejected.records.at(-1)?.notice?.objections).toHaveLength(1);
    refused(openNotice(rejected, { startsOn, endsOn }, cadre, ctx(startsOn)), 'procedure_closed');
    refused(fileObjection(rejected, { filedOn: startsOn, text: '有异议' }), 'procedure_closed');
    refused(resolveObjection(rejected, 1, { resolution: '已核实', resolvedOn: startsOn }, cadre, ctx(startsOn)), 'procedure_closed');
  });
});

describe('cancellation', () => {
  it.each([
    ['the village cadre at the survey', 'survey', cadre],
    ['the county at the survey', 'survey', county],
    ['the township at its review', 'township_review', township],
    ['the county at the township review', 'township_review', county],
  ] as const)('by %s', (_, step, who) => {
    const { procedure, today } = walk('identification', step);
    const result = ok(cancelProcedure(procedure, ' 农户已迁出本村 ', who, ctx(today)));
    expect(result.procedure).toMatchObject({ state: 'cancelled', currentStep: null, stepEnteredOn: today });
    expect(result.procedure.records.at(-1)).toEqual({
      step,
      outcome: 'cancelled',
      on: today,
      actor: { userId: who.userId, role: who.role },
      payload: {},
      attachments: [],
      reason: '农户已迁出本村',
    });
    expect(result.event).toMatchObject({ action: 'procedure.cancelled', step, details: { reason: '农户已迁出本村' } });
    expect(whoMustAct(result.procedure)).toEqual([]);
    expect(overdue(result.procedure, '2099-01-01', RULES)).toEqual({ step: false, procedure: false, daysOver: 0 });
    refused(cancelProcedure(result.procedure, '重复', who, ctx(today)), 'procedure_closed');
  });

  it.each([
    ['the township at the survey', 'survey', township, 'role'],
    ['an administrator', 'survey', actor('admin'), 'role'],
    ['a helper', 'survey', actor('helper'), 'role'],
    ['the village cadre at the township review', 'township_review', cadre, 'role'],
    ['a county officer of another county', 'survey', actor('county_officer', OTHER_COUNTY), 'scope'],
  ] as const)('refused to %s', (_, step, who, problem) => {
    const { procedure, today } = walk('identification', step);
    expect(refused(cancelProcedure(procedure, '农户已迁出本村', who, ctx(today)), 'step_forbidden').details).toMatchObject({ problem });
  });

  it('needs a reason and keeps a running notice on its record', () => {
    const { procedure, startsOn } = atRunningNotice('exit');
    expect(refused(cancelProcedure(procedure, ' ', cadre, ctx(startsOn)), 'reason_required').details).toEqual({ field: 'reason' });
    const cancelled = ok(cancelProcedure(procedure, '农户户籍迁出', cadre, ctx(startsOn))).procedure;
    expect(cancelled.records.at(-1)?.notice).toMatchObject({ startsOn, objections: [] });
  });

  it('refuses to cancel an approved procedure', () => {
    const { procedure, today } = walk('exit');
    expect(refused(cancelProcedure(procedure, '撤销退出', county, ctx(today)), 'procedure_closed').details).toEqual({ state: 'approved' });
  });
});

describe('deadlines and overdue flags', () => {
  // Opened Friday 1 March 2024; 30 working days later is Friday 12 April (no holidays in between listed).
  const opened = ok(openProcedure('identification', { openedOn: START }, cadre, ctx(START))).procedure;

  it('counts the step deadline in working days from the day the step was entered', () => {
    expect(stepDeadline(opened, RULES)).toBe('2024-03-06'); // application: 3 working days from a Friday
    expect(procedureDeadline(opened, RULES)).toBe('2024-04-12');
  });

  it('uses 5 working days for a step the profile does not name', () => {
    const { procedure } = walk('exit', 'household_consent');
    expect(procedure.stepEnteredOn).toBe('2024-03-03'); // a Sunday
    expect(stepDeadline(procedure, { ...RULES, stepWorkingDays: {} })).toBe('2024-03-08');
  });

  it('counts a posted notice’s deadline from its last day, an unposted one from the step’s start', () => {
    const { procedure, today } = walk('identification', 'notice');
    expect(stepDeadline(procedure, RULES)).toBe('2024-03-06'); // entered Monday 4 March, 2 working days
    const posted = ok(openNotice(procedure, { startsOn: today, endsOn: '2024-03-10' }, cadre, ctx(today))).procedure;
    expect(stepDeadline(posted, RULES)).toBe('2024-03-12'); // ends Sunday 10 March, + Monday and Tuesday
  });

  it('skips holidays and counts 调休 days', () => {
    const autumn = ok(openProcedure('exit', { openedOn: '2024-09-27' }, cadre, ctx('2024-09-27'))).procedure;
    expect(stepDeadline(autumn, { ...RULES, stepWorkingDays: { proposal: 3 } })).toBe('2024-10-08');
  });

  it.each([
    ['2024-03-06', { step: false, procedure: false, daysOver: 0 }, 'on the step deadline'],
    ['2024-03-07', { step: true, procedure: false, daysOver: 1 }, 'the day after'],
    ['2024-03-10', { step: true, procedure: false, daysOver: 4 }, 'in calendar days over a weekend'],
    ['2024-04-12', { step: true, procedure: false, daysOver: 37 }, 'on the procedure deadline'],
    ['2024-04-15', { step: true, procedure: true, daysOver: 40 }, 'past both'],
  ])('on %s: %j (%s)', (today, expected) => {
    expect(overdue(opened, today, RULES)).toEqual(expected);
  });

  it('flags the procedure while the current step is on time', () => {
    const late = { ...opened, stepEnteredOn: '2024-04-15' };
    expect(overdue(late, '2024-04-16', RULES)).toEqual({ step: false, procedure: true, daysOver: 4 });
  });

  it('gives an ended procedure no step deadline', () => {
    const { procedure } = walk('monitoring_inclusion');
    expect(stepDeadline(procedure, RULES)).toBeNull();
    expect(overdue(procedure, '2099-01-01', RULES)).toEqual({ step: false, procedure: false, daysOver: 0 });
  });
});

describe('purity', () => {
  it('never changes the procedure it is given', () => {
    const { procedure, startsOn, endsOn } = atRunningNotice();
    const frozen = deepFreeze(JSON.parse(JSON.stringify(procedure)) as Procedure);
    const filed = ok(fileObjection(frozen, { filedOn: startsOn, text: '有异议' }));
    const resolved = ok(resolveObjection(deepFreeze(filed.procedure), 1, { resolution: '已核实', resolvedOn: endsOn }, cadre, ctx(endsOn)));
    ok(applyStep(deepFreeze(resolved.procedure), approve('identification', 'notice', '2024-04-01'), cadre, ctx('2024-04-01')));
    ok(cancelProcedure(frozen, '农户迁出', cadre, ctx(endsOn)));
    expect(frozen).toEqual(procedure);
  });
});
