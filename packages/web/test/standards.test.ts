import { describe, expect, it } from 'vitest';
import { evaluateHousehold, NATIONAL_DEFAULT_PROFILE, netIncome, type PolicyProfile } from '@jingzhun/domain';
import type { EffectiveProfile, PolicyVersion } from '../src/api/policy.ts';
import { conditionsForEvaluation, incomesForEvaluation, memberForEvaluation } from '../src/routes/households/evaluation/formInput.ts';
import { buildVersionBody, ownVersion, prefill, ruleMessage, versionFieldOf, writableScope } from '../src/routes/standards/versionBody.ts';

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
