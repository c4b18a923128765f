import { describe, expect, it } from 'vitest';
import { ASSISTANCE_DEFAULTS, CAUSE_COVERAGE, evaluateHousehold, MONITORING_DEFAULTS, NATIONAL_DEFAULT_PROFILE, netIncome, type AssistanceSettings, type PolicyProfile } from '@jingzhun/domain';
import type { EffectiveProfile, PolicyVersion } from '../src/features/standards/api.ts';
import { conditionsForEvaluation, incomesForEvaluation, memberForEvaluation } from '../src/features/households/evaluation/formInput.ts';
import { assistanceOf, buildVersionBody, monitoringOf, ownVersion, prefill, ruleMessage, versionFieldOf, writableScope } from '../src/features/standards/versionBody.ts';

/** The national default as the server answers `/policy-profiles/effective` for a county without its own version. */
const effective: EffectiveProfile = {
  ...(structuredClone(NATIONAL_DEFAULT_PROFILE) as PolicyProfile),
  id: '1',
  basis: [{ scopeCode: 'CN', version: 1, effectiveFrom: '2014-01-01' }],
};

const header = { scopeCode: '451022', effectiveFrom: '2024-01-01', name: '田东县 2024', reason: '县政府文件' };

function countyVersion(extra: Partial<PolicyVersion>): PolicyVersion {
  return { ...header, version: 1, id: '7', createdBy: '县乡村振兴局', createdAt: '2024-01-02T00:00:00.000Z', ...extra } as PolicyVersion;
}

describe('a new policy version from the form', () => {
  it('sends nothing but the header when the form is left as filled', () => {
    const built = buildVersionBody({ ...header, ...prefill(effective) }, effective, undefined);
    expect(built).toEqual({ body: header });
  });

  it('sends only the changed years and sections below the country', () => {
    const values = prefill(effective);
    values.lines.push({ year: 2024, poverty: null, monitoring: 6500 });
    const built = buildVersionBody({ ...header, ...values, stableYears: 2, exitWest: 3 }, effective, undefined);
    expect(built).toEqual({ body: { ...header, lines: { monitoring: { '2024': 6500 } }, income: { stableYears: 2 } } });
  });

  it('carries the sections the scope’s current version holds, changed or not', () => {
    const own = countyVersion({ income: { stableYears: 2 }, lines: { monitoring: { '2023': 6200 } } });
    const base: EffectiveProfile = { ...effective, income: { stableYears: 2 }, lines: { ...effective.lines, monitoring: { '2021': 6000, '2023': 6200 } } };
    const built = buildVersionBody({ ...header, ...prefill(base), noticeDays: 5 }, base, own);
    expect(built).toEqual({
      body: {
        ...header,
        lines: { monitoring: { '2023': 6200 } },
        income: { stableYears: 2 },
        procedures: { ...effective.procedures, noticeDays: 5 },
      },
    });
  });

  it('refuses to remove a year set above the scope, naming its row', () => {
    const values = prefill(effective);
    values.lines = values.lines.map((row) => (row.year === 2021 ? { ...row, monitoring: null } : row));
    const built = buildVersionBody({ ...header, ...values }, effective, undefined);
    expect(built).toEqual({ inherited: { name: ['lines', 7, 'monitoring'], year: '2021', kind: 'monitoring' } });
  });

  it('sends every section for the country', () => {
    const built = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(effective), exitDefault: 2.5 }, effective, undefined);
    if (!('body' in built)) throw new Error('expected a body');
    const { scopeCode, lines, income, criteria, exclusions, exitThresholds, procedures, fourLooks, multidimensional } = built.body;
    expect(scopeCode).toBe('CN');
    expect(lines).toEqual(NATIONAL_DEFAULT_PROFILE.lines);
    expect(exitThresholds?.default).toBe(0.025);
    for (const section of [income, criteria, exclusions, procedures, fourLooks, multidimensional]) expect(section).toBeDefined();
  });

  it('edits the holiday calendar one year at a time, marking it published, and keeps the other years', () => {
    const base: EffectiveProfile = {
      ...effective,
      procedures: { ...effective.procedures, holidays: ['2026-01-01', '2027-01-01'], extraWorkdays: ['2026-01-04'], publishedYears: ['2026'] },
    };
    // The notice for 2027 arrives: its holidays and make-up working days, and the year marked published.
    const values = { ...header, scopeCode: 'CN', ...prefill(base), calendarYear: 2027, calendarPublished: true, calendarHolidays: ['2027-01-01', '2027-02-05', '2027-02-08'], calendarWorkdays: ['2027-02-20'] };
    const built = buildVersionBody(values, base, undefined);
    if (!('body' in built)) throw new Error('expected a body');
    expect(built.body.procedures).toMatchObject({
      holidays: ['2026-01-01', '2027-01-01', '2027-02-05', '2027-02-08'],
      extraWorkdays: ['2026-01-04', '2027-02-20'],
      publishedYears: ['2026', '2027'],
    });
    // No year picked: the calendar goes as in force.
    const kept = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(base) }, base, undefined);
    if (!('body' in kept)) throw new Error('expected a body');
    expect(kept.body.procedures).toEqual(base.procedures);
    expect(versionFieldOf('procedures.holidays.3', [])).toEqual(['calendarHolidays']);
  });

  it('carries the scope’s disclosure, assistance and monitoring when the form changes only its lines', () => {
    const assistance: AssistanceSettings = {
      visitIntervalDays: 14,
      minDaysInVillage: 22,
      families: [{ key: 'dairy', 'zh-CN': '奶牛养殖', en: 'Dairy farming' }],
      coverage: { lack_of_capital: ['finance', 'dairy'] },
    };
    const monitoring = { ...MONITORING_DEFAULTS, medicalOutOfPocket: 8000 };
    const own = countyVersion({ disclosure: { headName: 'masked' }, assistance, monitoring });
    const base: EffectiveProfile = { ...effective, disclosure: { headName: 'masked' }, assistance, monitoring };
    const values = prefill(base);
    values.lines.push({ year: 2024, poverty: null, monitoring: 6500 });
    const built = buildVersionBody({ ...header, ...values }, base, own);
    expect(built).toEqual({ body: { ...header, lines: { monitoring: { '2024': 6500 } }, disclosure: { headName: 'masked' }, assistance, monitoring } });
  });

  it('sends assistance below the country only when the form changes it, with the coverage that differs from the defaults', () => {
    const values = prefill(effective);
    expect(values.visitIntervalDays).toBe(ASSISTANCE_DEFAULTS.visitIntervalDays);
    expect(values.coverage.lack_of_capital).toEqual(CAUSE_COVERAGE.lack_of_capital);
    const changed = {
      ...header,
      ...values,
      visitIntervalDays: 14,
      families: [{ key: ' dairy ', 'zh-CN': '奶牛养殖', en: 'Dairy farming' }],
      coverage: { ...values.coverage, lack_of_capital: ['dairy', 'finance', 'industry'] },
    };
    expect(buildVersionBody(changed, effective, undefined)).toEqual({
      body: {
        ...header,
        assistance: {
          visitIntervalDays: 14,
          minDaysInVillage: 20,
          families: [{ key: 'dairy', 'zh-CN': '奶牛养殖', en: 'Dairy farming' }],
          coverage: { lack_of_capital: ['finance', 'industry', 'dairy'] },
        },
      },
    });
  });

  it('keeps the coverage the section in force writes, and drops families no longer in the catalogue', () => {
    const inForce: AssistanceSettings = { ...ASSISTANCE_DEFAULTS, families: [{ key: 'dairy', 'zh-CN': '奶牛养殖', en: 'Dairy' }], coverage: { illness: ['health'], disaster: ['dairy'] } };
    const base: EffectiveProfile = { ...effective, assistance: inForce };
    const values = prefill(base);
    // Left as filled: the section is the one in force, and nothing is sent.
    expect(assistanceOf(values, inForce)).toEqual(inForce);
    expect(buildVersionBody({ ...header, ...values }, base, undefined)).toEqual({ body: header });
    // The family removed: the cause it answered falls back to what is left of its list.
    expect(assistanceOf({ ...values, families: [] }, inForce).coverage).toEqual({ illness: ['health'], disaster: [] });
  });

  it('carries the national disclosure and assistance when the country has them, and adds no assistance when it has none', () => {
    const base: EffectiveProfile = { ...effective, disclosure: { headName: 'full' }, assistance: { ...ASSISTANCE_DEFAULTS, visitIntervalDays: 60 } };
    const built = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(base) }, base, undefined);
    if (!('body' in built)) throw new Error('expected a body');
    expect(built.body.disclosure).toEqual({ headName: 'full' });
    expect(built.body.assistance).toEqual({ ...ASSISTANCE_DEFAULTS, visitIntervalDays: 60 });
    const plain = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(effective) }, effective, undefined);
    if (!('body' in plain)) throw new Error('expected a body');
    expect(plain.body.assistance).toBeUndefined();
    expect(plain.body.disclosure).toBeUndefined();
  });

  it('sends monitoring below the country only when the form changes it, the income fall as a share', () => {
    const values = prefill(effective);
    expect(values.incomeDropPct).toBe(30);
    expect(values.monitoringRules).toEqual(MONITORING_DEFAULTS.rules);
    const rules = MONITORING_DEFAULTS.rules.filter((r) => r !== 'person_dead').reverse();
    const built = buildVersionBody({ ...header, ...values, monitoringRules: rules, incomeDropPct: 25, dueHigh: 5 }, effective, undefined);
    expect(built).toEqual({
      body: {
        ...header,
        monitoring: { ...MONITORING_DEFAULTS, rules: MONITORING_DEFAULTS.rules.filter((r) => r !== 'person_dead'), incomeDropShare: 0.25, dueDays: { ...MONITORING_DEFAULTS.dueDays, high: 5 } },
      },
    });
    // The same rules in another order are no change.
    expect(buildVersionBody({ ...header, ...values, monitoringRules: [...MONITORING_DEFAULTS.rules].reverse() }, effective, undefined)).toEqual({ body: header });
    expect(monitoringOf({}, MONITORING_DEFAULTS)).toEqual(MONITORING_DEFAULTS);
  });

  it('carries the national monitoring when the country has it, and adds none while the defaults apply', () => {
    const monitoring = { ...MONITORING_DEFAULTS, stableMonths: 12 };
    const base: EffectiveProfile = { ...effective, monitoring };
    const built = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(base) }, base, undefined);
    if (!('body' in built)) throw new Error('expected a body');
    expect(built.body.monitoring).toEqual(monitoring);
    const plain = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(effective) }, effective, undefined);
    if (!('body' in plain)) throw new Error('expected a body');
    expect(plain.body.monitoring).toBeUndefined();
    const changed = buildVersionBody({ ...header, scopeCode: 'CN', ...prefill(effective), medicalOutOfPocket: 12_000 }, effective, undefined);
    if (!('body' in changed)) throw new Error('expected a body');
    expect(changed.body.monitoring).toEqual({ ...MONITORING_DEFAULTS, medicalOutOfPocket: 12_000 });
  });

  it('finds the scope’s version in force on the date', () => {
    const versions = [countyVersion({ version: 1, effectiveFrom: '2020-01-01' }), countyVersion({ version: 2, effectiveFrom: '2025-01-01' })];
    expect(ownVersion(versions, '451022', '2024-06-01')?.version).toBe(1);
    expect(ownVersion(versions, '451022', '2025-06-01')?.version).toBe(2);
    expect(ownVersion(versions, '45', '2025-06-01')).toBeUndefined();
  });

  it('allows CN only to a user of the whole country, and never a township', () => {
    expect(writableScope('451022', '451022')).toBe(true);
    expect(writableScope('4510', '45')).toBe(true);
    expect(writableScope('CN', '451022')).toBe(false);
    expect(writableScope('CN', 'CN')).toBe(true);
    expect(writableScope('451022100', '451022')).toBe(false);
    expect(writableScope('450103', '451022')).toBe(false);
  });

  it('puts the server’s refusals on the inputs and in the UI language', () => {
    const rows = [{ year: 2021, poverty: null, monitoring: 6000 }, { year: 2024, monitoring: 3000 }];
    expect(versionFieldOf('lines.monitoring.2024', rows)).toEqual(['lines', 1, 'monitoring']);
    expect(versionFieldOf('lines.monitoring.2030', rows)).toBeUndefined();
    expect(versionFieldOf('procedures.stepWorkingDays.survey', rows)).toEqual(['totalWorkingDays']);
    expect(versionFieldOf('criteria.0.code', rows)).toBeUndefined();
    expect(versionFieldOf('assistance.visitIntervalDays', rows)).toEqual(['visitIntervalDays']);
    expect(versionFieldOf('assistance.families.1.key', rows)).toEqual(['families', 1, 'key']);
    expect(versionFieldOf('assistance.families.0.zh-CN', rows)).toEqual(['families', 0, 'zh-CN']);
    expect(versionFieldOf('assistance.coverage.lack_of_capital.2', rows)).toEqual(['coverage', 'lack_of_capital']);
    expect(versionFieldOf('assistance.coverage.nonsense', rows)).toBeUndefined();
    expect(versionFieldOf('monitoring.incomeDropShare', rows)).toEqual(['incomeDropPct']);
    expect(versionFieldOf('monitoring.dueDays.low', rows)).toEqual(['dueLow']);
    expect(versionFieldOf('monitoring.rules.2', rows)).toEqual(['monitoringRules']);
    expect(ruleMessage('family_exists', '…', 'assistance.families.0.key', 'zh-CN')).toBe('措施类别已在目录中');
    expect(ruleMessage('monitoring_below_poverty_line', 'the monitoring line …', 'lines.monitoring.2024', 'zh-CN')).toBe('监测线低于同年贫困线');
    expect(ruleMessage('step_exceeds_total', '…', 'procedures.stepWorkingDays.survey', 'en')).toBe(
      'A step’s deadline is longer than the whole procedure’s (Household survey)',
    );
    expect(ruleMessage('too_small', 'Too small', 'income.stableYears', 'en')).toBe('Too small');
  });
});

describe('the live preview reads the form as the server reads the saved household', () => {
  const members = [
    { name: '黄桂兰', relation: 'head' as const, birthDate: '1970-03-01', schoolStatus: 'not_in_school' as const, health: 'healthy' as const, labourCapacity: 'normal' as const, medicalInsured: true, chronicDiseaseCard: false, publicPayroll: false },
    { name: '黄小明', relation: 'child' as const, birthDate: '2012-05-01', schoolStatus: 'primary' as const, health: 'healthy' as const, labourCapacity: 'none' as const, medicalInsured: true, chronicDiseaseCard: false, publicPayroll: false },
  ];
  const conditions = { foodSecure: true, clothingSecure: true, housingGrade: 'A' as const, waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };

  it('computes income per head with the members at the year end', () => {
    const incomes = incomesForEvaluation([{ year: 2023, wages: 9000, business: 1000 }, { wages: 5 }], members);
    expect(incomes).toEqual([{ year: 2023, net: 10000, members: 2, perHead: netIncome({ wages: 9000, business: 1000, property: 0, transfers: 0, productionCosts: 0 }, 2).perHead }]);
  });

  it('decides on typed values: may exit above the line, poor below, unknown when a condition is unanswered', () => {
    const input = (wages: number, c: typeof conditions | Partial<typeof conditions>) => ({
      status: 'poor',
      conditions: conditionsForEvaluation(c),
      assets: { car: false, machinery: false, townProperty: false, registeredBusiness: false },
      members: members.map((m) => memberForEvaluation(m)),
      incomes: incomesForEvaluation([{ year: 2023, wages }], members),
    });
    expect(evaluateHousehold(input(20000, conditions), NATIONAL_DEFAULT_PROFILE, 2023).outcome).toBe('may_exit');
    expect(evaluateHousehold(input(5000, conditions), NATIONAL_DEFAULT_PROFILE, 2023).outcome).toBe('poor');
    const unknown = evaluateHousehold(input(20000, { ...conditions, waterQuality: undefined }), NATIONAL_DEFAULT_PROFILE, 2023);
    expect(unknown.outcome).toBe('cannot_decide');
    expect(unknown.missing).toEqual(['conditions.waterQuality']);
  });

  it('counts a disability grade only for a disabled member, as it is saved', () => {
    expect(memberForEvaluation({ health: 'healthy', disabilityGrade: 1 }).disabilityGrade).toBeNull();
    expect(memberForEvaluation({ health: 'disabled', disabilityGrade: 1 }).disabilityGrade).toBe(1);
    expect(memberForEvaluation(undefined).medicalInsured).toBeNull();
  });
});
