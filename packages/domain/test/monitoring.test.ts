import { describe, expect, it } from 'vitest';
import {
  ALERT_RULE_KEYS,
  ALERT_RULES,
  alertPeriod,
  escalationOf,
  FEED_COLUMNS,
  type FeedColumn,
  type FeedKind,
  feedRowQuickCheck,
  feedRowSchema,
  nextAlertState,
  planColumns,
  readFeedCell,
  stableOn,
  idCheckChar,
  type MonitoringFacts,
  MONITORING_DEFAULTS,
  policyOverrideSchema,
  raiseAlerts,
} from '../src/index.ts';

const TODAY = '2026-11-24';
const id = (first17: string) => first17 + idCheckChar(first17);
const HEAD = id('45102219700101001');
const SPOUSE = id('45102219720202002');
const CHILD = id('45102220140303003');
const GRANDMA = id('45102219400404004');

/** An exited household of four with a steady income: raises nothing. */
function clean(): MonitoringFacts {
  return {
    status: 'exited',
    year: 2026,
    incomePerHead: 9800,
    previousIncomePerHead: 9500,
    monitoringLine: 7000,
    members: [
      { idNumber: HEAD, name: '韦建国', birthDate: '1970-01-01', labourCapacity: 'normal', active: true },
      { idNumber: SPOUSE, name: '黄秀英', birthDate: '1972-02-02', labourCapacity: 'normal', active: true },
      { idNumber: CHILD, name: '韦小明', birthDate: '2014-03-03', labourCapacity: 'none', active: true },
      { idNumber: GRANDMA, name: '梁桂兰', birthDate: '1940-04-04', labourCapacity: 'lost', active: true },
    ],
    feeds: [],
  };
}

const rules = (facts: MonitoringFacts) => raiseAlerts(facts, MONITORING_DEFAULTS, TODAY).map((a) => a.rule).sort();

describe('alert rules', () => {
  it('names every rule once, the same list the profile may enable', () => {
    expect(Object.keys(ALERT_RULES).sort()).toEqual([...ALERT_RULE_KEYS].sort());
  });

  it('raises nothing for a household whose facts are all well', () => {
    const facts = clean();
    facts.feeds = [
      { kind: 'medical_insurance', idNumber: GRANDMA, on: '2026-05-01', outOfPocket: 3000 },
      { kind: 'education', idNumber: CHILD, on: '2026-09-01', status: 'enrolled' },
      { kind: 'employment', idNumber: HEAD, on: '2026-06-30', employed: true, monthlyWage: 3500 },
    ];
    expect(raiseAlerts(facts, MONITORING_DEFAULTS, TODAY)).toEqual([]);
  });

  it.each<[string, (f: MonitoringFacts) => void, string[]]>([
    ['income under the monitoring line', (f) => void (f.incomePerHead = 6500), ['income_below_line', 'income_drop']],
    ['income down by more than 30%', (f) => void ((f.incomePerHead = 7200), (f.previousIncomePerHead = 12000)), ['income_drop']],
    ['income down by exactly 30% (not more)', (f) => void ((f.incomePerHead = 8400), (f.previousIncomePerHead = 12000)), []],
    ['medical bills over 10,000 yuan in the year, summed over members', (f) => void (f.feeds = [
      { kind: 'medical_insurance', idNumber: GRANDMA, on: '2026-03-01', outOfPocket: 6000 },
      { kind: 'medical_insurance', idNumber: HEAD, on: '2026-08-01', outOfPocket: 4000.5 },
      { kind: 'medical_insurance', idNumber: HEAD, on: '2025-08-01', outOfPocket: 90000 },
    ]), ['medical_spending']],
    ['a disaster loss over 10,000 yuan', (f) => void (f.feeds = [{ kind: 'emergency', idNumber: HEAD, on: '2026-07-10', loss: 25000 }]), ['disaster_loss']],
    ['the main worker dies (only two able workers)', (f) => void (f.feeds = [{ kind: 'public_security', idNumber: HEAD, on: '2026-10-01', event: 'death' }]), ['main_worker_lost', 'person_dead']],
    ['the main worker is severely disabled', (f) => void (f.feeds = [{ kind: 'disability', idNumber: SPOUSE, on: '2026-10-01', grade: 2 }]), ['main_worker_lost']],
    ['a mild disability is no loss of the worker', (f) => void (f.feeds = [{ kind: 'disability', idNumber: SPOUSE, on: '2026-10-01', grade: 4 }]), []],
    ['the grandmother dies: a registry update, no worker lost', (f) => void (f.feeds = [{ kind: 'public_security', idNumber: GRANDMA, on: '2026-10-01', event: 'death' }]), ['person_dead']],
    ['a 12-year-old drops out', (f) => void (f.feeds = [{ kind: 'education', idNumber: CHILD, on: '2026-09-15', status: 'dropped_out' }]), ['child_out_of_school']],
    ['a member on the public payroll', (f) => void (f.feeds = [{ kind: 'public_payroll', idNumber: SPOUSE, on: '2026-01-01' }]), ['exclusion_hit']],
    ['a car registered to the head', (f) => void (f.feeds = [{ kind: 'vehicle', idNumber: HEAD, on: '2026-02-01', plate: '桂L12345' }]), ['exclusion_hit']],
    ['a row about someone not in the household', (f) => void (f.feeds = [{ kind: 'vehicle', idNumber: id('45102219800101011'), on: '2026-02-01' }]), []],
  ])('%s', (_name, change, expected) => {
    const facts = clean();
    change(facts);
    expect(rules(facts)).toEqual(expected);
  });

  it('keeps the evidence, the severity and the due date with each alert', () => {
    const facts = clean();
    facts.feeds = [{ kind: 'public_security', idNumber: HEAD, on: '2026-10-01', event: 'death' }];
    const [lost, dead] = raiseAlerts(facts, MONITORING_DEFAULTS, TODAY);
    expect(lost).toEqual({
      rule: 'main_worker_lost',
      severity: 'high',
      idNumber: HEAD,
      evidence: { name: '韦建国', on: '2026-10-01', kind: 'public_security', ableWorkers: 2 },
      raisedOn: TODAY,
      dueOn: '2026-12-01',
    });
    expect(dead).toMatchObject({ rule: 'person_dead', severity: 'low', dueOn: '2026-12-24' });
  });

  it('follows the settings: thresholds, and only the rules enabled', () => {
    const facts = clean();
    facts.feeds = [{ kind: 'medical_insurance', idNumber: GRANDMA, on: '2026-03-01', outOfPocket: 6000 }];
    expect(raiseAlerts(facts, { ...MONITORING_DEFAULTS, medicalOutOfPocket: 5000 }, TODAY).map((a) => a.rule)).toEqual(['medical_spending']);
    facts.incomePerHead = 5000;
    expect(raiseAlerts(facts, { ...MONITORING_DEFAULTS, rules: ['income_drop'] }, TODAY).map((a) => a.rule)).toEqual(['income_drop']);
  });

  it('does not raise income under the line for a household still poor (it is in the registry already)', () => {
    const facts = { ...clean(), status: 'poor', incomePerHead: 3000, previousIncomePerHead: 3100 };
    expect(rules(facts)).toEqual([]);
  });
});

describe('feed rows', () => {
  it('accepts a row with a valid ID and its own fields', () => {
    expect(feedRowSchema('medical_insurance', TODAY).parse({ idNumber: HEAD, on: '2026-05-01', outOfPocket: 1234.5 })).toEqual({ idNumber: HEAD, on: '2026-05-01', outOfPocket: 1234.5 });
  });
  it.each([
    ['an ID whose check character is wrong', 'medical_insurance', { idNumber: `${HEAD.slice(0, 17)}${HEAD.endsWith('0') ? '1' : '0'}`, on: '2026-05-01', outOfPocket: 1 }, 'idNumber', 'id_check_char'],
    ['a date ahead of today', 'medical_insurance', { idNumber: HEAD, on: '2026-12-01', outOfPocket: 1 }, 'on', 'not_in_future'],
    ['a column the feed does not have', 'vehicle', { idNumber: HEAD, on: '2026-05-01', colour: 'red' }, '', 'unrecognized_keys'],
    ['a negative amount', 'emergency', { idNumber: HEAD, on: '2026-05-01', loss: -1 }, 'loss', 'too_small'],
    ['a disability grade 5', 'disability', { idNumber: HEAD, on: '2026-05-01', grade: 5 }, 'grade', 'too_big'],
  ] as const)('refuses %s', (_name, kind, row, path, rule) => {
    const r = feedRowSchema(kind, TODAY).safeParse(row);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0] as { path: PropertyKey[]; code: string; params?: { rule?: string } };
    expect(issue.path.join('.')).toBe(path);
    expect(issue.params?.rule ?? issue.code).toBe(rule);
  });
});

describe('feed rows checked in plain code', () => {
  // The quick check may send a row to the schema, but a row it accepts the schema must accept, with the same output.
  const wrongCheck = `${HEAD.slice(0, 17)}${HEAD.endsWith('0') ? '1' : '0'}`;
  const cases: Array<[FeedKind, Record<string, unknown>]> = [
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 1234.5 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 0.07 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 0.1 + 0.2 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 100_000_000 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 100_000_000.01 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: -0.01 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: Number.NaN }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01' }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-05-01', outOfPocket: 1, hospital: 'x' }],
    ['medical_insurance', { idNumber: wrongCheck, on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD.toLowerCase().replace(/\d$/, 'x'), on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: id('45102218790101001'), on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: id('45102219000229001'), on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: id('45102220000229001'), on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: `${HEAD} `, on: '2026-05-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: '2024-02-29', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: '2025-02-29', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-04-31', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-13-01', outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: TODAY, outOfPocket: 1 }],
    ['medical_insurance', { idNumber: HEAD, on: '2026-11-25', outOfPocket: 1 }],
    ['civil_affairs', { idNumber: HEAD, on: '2026-05-01', status: 'dibao' }],
    ['civil_affairs', { idNumber: HEAD, on: '2026-05-01', status: '低保' }],
    ['disability', { idNumber: HEAD, on: '2026-05-01', grade: 2, type: '肢体' }],
    ['disability', { idNumber: HEAD, on: '2026-05-01', grade: 5 }],
    ['disability', { idNumber: HEAD, on: '2026-05-01', grade: 1.5 }],
    ['disability', { idNumber: HEAD, on: '2026-05-01', grade: 2, type: 'x'.repeat(41) }],
    ['education', { idNumber: HEAD, on: '2026-05-01', status: 'dropped_out' }],
    ['emergency', { idNumber: HEAD, on: '2026-05-01', loss: 30000, kind: '洪涝' }],
    ['employment', { idNumber: HEAD, on: '2026-05-01', employed: true, monthlyWage: 3000 }],
    ['employment', { idNumber: HEAD, on: '2026-05-01', employed: 'yes' }],
    ['public_security', { idNumber: HEAD, on: '2026-05-01', event: 'death' }],
    ['vehicle', { idNumber: HEAD, on: '2026-05-01' }],
    ['vehicle', { idNumber: HEAD, on: '2026-05-01', plate: '桂L12345' }],
    ['vehicle', { idNumber: HEAD, on: '2026-05-01', colour: 'red' }],
    ['business_registry', { idNumber: HEAD, on: '2026-05-01', name: 'x'.repeat(201) }],
  ];
  it.each(cases)('agrees with the schema on a %s row %j', (kind, row) => {
    const quick = feedRowQuickCheck(kind, TODAY)(row);
    const parsed = feedRowSchema(kind, TODAY).safeParse(row);
    // A row the quick check leaves to the schema (valid or not) is judged there, so only its acceptance matters.
    if (quick) {
      expect(parsed.success).toBe(true);
      const { idNumber, on, ...data } = parsed.data as Record<string, unknown>;
      expect(quick).toEqual({ idNumber, on, data });
    }
  });
  it('accepts the common row of each feed', () => {
    expect(feedRowQuickCheck('medical_insurance', TODAY)({ idNumber: HEAD, on: '2026-05-01', outOfPocket: 12.34 })).toEqual({ idNumber: HEAD, on: '2026-05-01', data: { outOfPocket: 12.34 } });
    expect(feedRowQuickCheck('vehicle', TODAY)({ idNumber: HEAD, on: '2026-05-01' })).toEqual({ idNumber: HEAD, on: '2026-05-01', data: {} });
  });
});

describe('monitoring settings in the profile', () => {
  const version = (monitoring: unknown) => policyOverrideSchema.safeParse({ scopeCode: '451022', version: 2, effectiveFrom: '2026-01-01', name: '县', monitoring });
  it('accepts the defaults', () => {
    expect(version(MONITORING_DEFAULTS).success).toBe(true);
  });
  it.each([
    ['a fall share of 1.5', { incomeDropShare: 1.5 }, 'monitoring.incomeDropShare', 'share_range'],
    ['a rule named twice', { rules: ['income_drop', 'income_drop'] }, 'monitoring.rules', 'duplicate_code'],
  ])('refuses %s', (_name, change, path, rule) => {
    const r = version({ ...MONITORING_DEFAULTS, ...change });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { rule?: string } }).params?.rule])).toEqual([[path, rule]]);
  });
});

describe('feed files', () => {
  it('reads each field from its usual header, or from the header a mapping names, and refuses the rest', () => {
    const usual = planColumns('medical_insurance', ['身份证号', '日期', '个人自付金额'], {});
    expect(usual.problems).toEqual([]);
    expect(usual.positions.map((c) => c?.field ?? null)).toEqual(['idNumber', 'on', 'outOfPocket']);
    const mapped = planColumns('medical_insurance', ['公民身份号码', '结算日期', '自付', '医院'], {
      mapping: { idNumber: '公民身份号码', on: '结算日期', outOfPocket: '自付' },
      ignore: ['医院'],
    });
    expect(mapped.problems).toEqual([]);
    const bad = planColumns('medical_insurance', ['身份证号', '身份证号', '医院'], { mapping: { amount: '金额' } });
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        { column: 'amount', rule: 'unknown_field' },
        { column: '身份证号', rule: 'duplicate_column' },
        { column: '医院', rule: 'unknown_column' },
        { column: '个人自付金额', rule: 'missing_column' },
      ]),
    );
    // The date is optional: a feed without it takes the feed's own date.
    expect(planColumns('vehicle', ['身份证号'], {}).problems).toEqual([]);
  });

  it('reads cells as departments write them: thousands separators, Chinese dates and yes/no, named values', () => {
    const [, date, amount] = FEED_COLUMNS.medical_insurance;
    expect(readFeedCell(amount as FeedColumn, '12,345.678')).toEqual({ value: 12345.68 });
    expect(readFeedCell(amount as FeedColumn, '一千')).toEqual({ rule: 'number' });
    expect(readFeedCell(date as FeedColumn, '2026年3月5日')).toEqual({ value: '2026-03-05' });
    expect(readFeedCell(date as FeedColumn, '2026/3/5')).toEqual({ value: '2026-03-05' });
    expect(readFeedCell(date as FeedColumn, '3/5/2026')).toEqual({ rule: 'date' });
    expect(readFeedCell(FEED_COLUMNS.employment[2] as FeedColumn, '未就业')).toEqual({ value: false });
    expect(readFeedCell(FEED_COLUMNS.employment[2] as FeedColumn, '也许')).toEqual({ rule: 'yes_no' });
    expect(readFeedCell(FEED_COLUMNS.education[2] as FeedColumn, '辍学')).toEqual({ value: 'dropped_out' });
    expect(readFeedCell(FEED_COLUMNS.education[2] as FeedColumn, '休学')).toEqual({ rule: 'unknown_code' });
    expect(readFeedCell(amount as FeedColumn, '  ')).toEqual({ value: undefined });
  });
});

describe('alert triage', () => {
  const ctx = { confirmed: null, monitored: false, today: TODAY };
  it('moves an alert from open through assigned and verified to an outcome, and nowhere else', () => {
    expect(nextAlertState('open', { action: 'assign', assigneeId: '7' }, ctx)).toEqual({ ok: true, state: 'assigned' });
    expect(nextAlertState('assigned', { action: 'verify', visitedOn: TODAY, findings: '入户核实', confirmed: true }, ctx)).toEqual({ ok: true, state: 'verified' });
    expect(nextAlertState('open', { action: 'dismiss', reason: '重复' }, ctx)).toEqual({ ok: false, rule: 'alert_state_does_not_allow' });
    expect(nextAlertState('verified', { action: 'dismiss', reason: '核实无风险' }, ctx)).toEqual({ ok: true, state: 'dismissed' });
    expect(nextAlertState('dismissed', { action: 'assign', assigneeId: '7' }, ctx)).toEqual({ ok: false, rule: 'alert_state_does_not_allow' });
  });

  it('opens a procedure only on a confirmed risk of a household not yet monitored; measures only for a monitored one', () => {
    const open = { action: 'open_procedure' } as const;
    expect(nextAlertState('verified', open, { ...ctx, confirmed: false })).toEqual({ ok: false, rule: 'risk_not_confirmed' });
    expect(nextAlertState('verified', open, { ...ctx, confirmed: true, monitored: true })).toEqual({ ok: false, rule: 'already_monitored' });
    expect(nextAlertState('verified', open, { ...ctx, confirmed: true })).toEqual({ ok: true, state: 'in_procedure' });
    expect(nextAlertState('verified', { action: 'handled', note: '调整帮扶措施' }, ctx)).toEqual({ ok: false, rule: 'not_monitored' });
    expect(nextAlertState('verified', { action: 'handled', note: '调整帮扶措施' }, { ...ctx, monitored: true })).toEqual({ ok: true, state: 'handled' });
    expect(nextAlertState('open', { action: 'verify', visitedOn: '2026-11-25', findings: '入户核实', confirmed: true }, ctx)).toEqual({ ok: false, rule: 'not_in_future' });
  });

  it('escalates an overdue alert to the township, then, overdue as long again, to the county', () => {
    const alert = { raisedOn: '2026-11-01', dueOn: '2026-11-08', state: 'open' };
    expect(escalationOf(alert, '2026-11-08')).toBe('village');
    expect(escalationOf(alert, '2026-11-09')).toBe('township');
    expect(escalationOf(alert, '2026-11-15')).toBe('township');
    expect(escalationOf(alert, '2026-11-16')).toBe('county');
    expect(escalationOf({ ...alert, state: 'dismissed' }, '2026-11-30')).toBe('village');
  });

  it('counts the stable period in calendar months, to the last day of a shorter month', () => {
    expect(stableOn('2026-01-15', 6)).toBe('2026-07-15');
    expect(stableOn('2025-08-31', 6)).toBe('2026-02-28');
    expect(stableOn('2023-08-31', 6)).toBe('2024-02-29');
    expect(stableOn('2025-11-30', 3)).toBe('2026-02-28');
  });

  it('makes a death an event of once, and a year’s figures an event of that year', () => {
    expect(alertPeriod('person_dead', 2026)).toBe('once');
    expect(alertPeriod('medical_spending', 2026)).toBe('2026');
  });
});
