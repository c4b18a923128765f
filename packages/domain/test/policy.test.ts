import { describe, expect, it } from 'vitest';
import {
  NATIONAL_DEFAULT_PROFILE,
  POLICY_RULE_MESSAGES,
  diffProfiles,
  exitThresholdFor,
  lineFor,
  policyOverrideSchema,
  policyProfileSchema,
  resolveProfile,
  type PolicyOverride,
  type PolicyProfile,
} from '../src/index.ts';

/** A mutable deep copy of the national default to break in one place. */
const copy = (): PolicyProfile => JSON.parse(JSON.stringify(NATIONAL_DEFAULT_PROFILE)) as PolicyProfile;

describe('the national default profile', () => {
  it('is a valid complete profile and a valid national version', () => {
    expect(policyProfileSchema.safeParse(NATIONAL_DEFAULT_PROFILE).success).toBe(true);
    expect(policyOverrideSchema.safeParse(NATIONAL_DEFAULT_PROFILE).success).toBe(true);
  });

  it('carries the lines, thresholds and deadlines of DOMAIN.md', () => {
    const p = NATIONAL_DEFAULT_PROFILE;
    expect(p).toMatchObject({ scopeCode: 'CN', version: 1, effectiveFrom: '2014-01-01' });
    expect(p.lines.poverty).toEqual({ '2014': 2800, '2015': 2855, '2016': 2952, '2017': 2952, '2018': 2995, '2019': 3218, '2020': 4000 });
    expect(p.lines.monitoring).toEqual({ '2021': 6000 });
    expect(p.exitThresholds).toMatchObject({ default: 0.02, west: 0.03 });
    expect(p.procedures).toEqual({
      noticeDays: 7,
      totalWorkingDays: 20,
      stepWorkingDays: {
        application: 3,
        proposal: 3,
        survey: 5,
        verification: 5,
        household_consent: 3,
        deliberation: 5,
        notice: 10,
        township_review: 5,
        county_approval: 5,
      },
      holidays: [],
      extraWorkdays: [],
    });
    expect(p.criteria.map((c) => c.test)).toEqual([
      'income_above_line',
      'food_secure',
      'clothing_secure',
      'compulsory_education',
      'basic_medical',
      'housing_safe',
      'water_safe',
    ]);
    expect(p.exclusions.map((c) => c.test)).toEqual(['public_payroll', 'car', 'machinery', 'town_property', 'registered_business']);
  });

  it('cannot be changed in place (a new version is a new object)', () => {
    expect(() => {
      (NATIONAL_DEFAULT_PROFILE.lines.poverty as Record<string, number>)['2020'] = 1;
    }).toThrow();
  });
});

describe('profile validation', () => {
  it.each<[string, (p: PolicyProfile) => void, string, string]>([
    ['monitoring line below the same year’s poverty line', (p) => (p.lines.monitoring['2021'] = 3000), 'monitoring_below_poverty_line', 'lines.monitoring.2021'],
    [
      'a later poverty line above the monitoring line carried forward',
      (p) => (p.lines.poverty['2023'] = 7000),
      'monitoring_below_poverty_line',
      'lines.monitoring.2021',
    ],
    ['no poverty line at all', (p) => (p.lines.poverty = {}), 'poverty_line_required', 'lines.poverty'],
    ['exit threshold of 0', (p) => (p.exitThresholds.default = 0), 'threshold_range', 'exitThresholds.default'],
    ['western threshold of 1', (p) => (p.exitThresholds.west = 1), 'threshold_range', 'exitThresholds.west'],
    ['notice of 0 days', (p) => (p.procedures.noticeDays = 0), 'notice_days_min', 'procedures.noticeDays'],
    ['a step longer than the whole procedure', (p) => (p.procedures.stepWorkingDays.notice = 25), 'step_exceeds_total', 'procedures.stepWorkingDays.notice'],
    [
      'a holiday that is also an extra working day',
      (p) => {
        p.procedures.holidays = ['2024-10-01'];
        p.procedures.extraWorkdays = ['2024-10-01'];
      },
      'holiday_is_workday',
      'procedures.extraWorkdays.0',
    ],
    ['two criteria with one code', (p) => (p.criteria[1] = { code: 'income', test: 'food_secure' }), 'duplicate_code', 'criteria.1.code'],
    ['two exclusions with one code', (p) => (p.exclusions[1] = { code: 'public_payroll', test: 'car' }), 'duplicate_code', 'exclusions.1.code'],
    [
      'school ages in the wrong order',
      (p) => (p.criteria[3] = { code: 'education', test: 'compulsory_education', minAge: 16, maxAge: 15, preschoolMaxAge: 6, exemptDisabilityGrades: [] }),
      'school_age_order',
      'criteria.3.minAge',
    ],
    ['an unknown criterion test', (p) => ((p.criteria[0] as { test: string }).test = 'owns_pigs'), 'unknown_test', 'criteria.0.test'],
    ['an unknown exclusion test', (p) => ((p.exclusions[4] as { test: string }).test = 'owns_yacht'), 'unknown_test', 'exclusions.4.test'],
    ['dimension weights not adding up to 1', (p) => (p.multidimensional.weights.food = 0), 'weights_sum', 'multidimensional.weights'],
    ['a cutoff k of 0', (p) => (p.multidimensional.k = 0), 'cutoff_range', 'multidimensional.k'],
    ['four-looks weights all zero', (p) => (p.fourLooks.weights = { house: 0, grain: 0, labour: 0, schooling: 0 }), 'weights_zero', 'fourLooks.weights'],
    ['working ages in the wrong order', (p) => (p.fourLooks.workingAge = { min: 65, max: 16 }), 'working_age_order', 'fourLooks.workingAge.min'],
    ['a township as scope', (p) => (p.scopeCode = '451022100'), 'scope_level', 'scopeCode'],
  ])('refuses %s', (_name, change, rule, path) => {
    const profile = copy();
    change(profile);
    const result = policyProfileSchema.safeParse(profile);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => (i as { params?: { rule?: string } }).params?.rule === rule);
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toMatch(/\w/);
    expect(POLICY_RULE_MESSAGES[rule]).toBeDefined();
  });

  it.each<[string, (p: PolicyProfile) => void, string]>([
    ['an unknown section', (p) => ((p as Record<string, unknown>).colour = 'red'), 'unrecognized_keys'],
    ['a housing grade that does not exist', (p) => (p.criteria[5] = { code: 'housing', test: 'housing_safe', acceptedGrades: ['E' as 'A'] }), 'invalid_value'],
    ['a rule with a stray parameter', (p) => (p.criteria[1] = { code: 'food', test: 'food_secure', minAge: 3 } as never), 'unrecognized_keys'],
    ['a non-year line key', (p) => (p.lines.poverty['20x0'] = 1), 'invalid_key'],
  ])('refuses %s with a plain zod issue', (_name, change, code) => {
    const profile = copy();
    change(profile);
    const result = policyProfileSchema.safeParse(profile);
    expect(result.error?.issues.map((i) => i.code)).toContain(code);
  });

  it('accepts a partial override and refuses an incomplete national version', () => {
    expect(policyOverrideSchema.safeParse({ scopeCode: '45', version: 1, effectiveFrom: '2019-01-01', name: '广西', income: { stableYears: 2 } }).success).toBe(true);
    expect(
      policyOverrideSchema.safeParse({ scopeCode: '451022', version: 1, effectiveFrom: '2019-01-01', name: '田东', lines: { monitoring: { '2024': 7000 } } }).success,
    ).toBe(true);
    const national = policyOverrideSchema.safeParse({ scopeCode: 'CN', version: 2, effectiveFrom: '2021-01-01', name: '国家', income: { stableYears: 1 } });
    expect(national.success).toBe(false);
    expect(national.error?.issues.every((i) => (i as { params?: { rule?: string } }).params?.rule === 'national_incomplete')).toBe(true);
  });

  it('checks monitoring against poverty inside an override that holds both tables', () => {
    const result = policyOverrideSchema.safeParse({
      scopeCode: '45',
      version: 1,
      effectiveFrom: '2021-01-01',
      name: '广西',
      lines: { poverty: { '2021': 5000 }, monitoring: { '2021': 4500 } },
    });
    expect(result.error?.issues[0]).toMatchObject({ path: ['lines', 'monitoring', '2021'], params: { rule: 'monitoring_below_poverty_line' } });
  });
});

describe('lineFor', () => {
  it.each<['poverty' | 'monitoring', number, { value: number; year: number } | null]>([
    ['poverty', 2014, { value: 2800, year: 2014 }],
    ['poverty', 2017, { value: 2952, year: 2017 }],
    ['poverty', 2019, { value: 3218, year: 2019 }],
    ['poverty', 2020, { value: 4000, year: 2020 }],
    ['poverty', 2023, { value: 4000, year: 2020 }],
    ['poverty', 2013, null],
    ['monitoring', 2020, null],
    ['monitoring', 2021, { value: 6000, year: 2021 }],
    ['monitoring', 2025, { value: 6000, year: 2021 }],
  ])('%s line of %i', (kind, year, expected) => {
    expect(lineFor(NATIONAL_DEFAULT_PROFILE, kind, year)).toEqual(expected);
  });
});

describe('resolveProfile', () => {
  const national2: PolicyOverride = { ...copy(), version: 2, effectiveFrom: '2022-01-01', lines: { poverty: { ...NATIONAL_DEFAULT_PROFILE.lines.poverty }, monitoring: { '2021': 6000, '2022': 6500 } } };
  const guangxi: PolicyOverride = { scopeCode: '45', version: 1, effectiveFrom: '2019-01-01', name: '广西', income: { stableYears: 2 }, lines: { poverty: { '2020': 4200 } } };
  const baise: PolicyOverride = { scopeCode: '4510', version: 1, effectiveFrom: '2019-01-01', name: '百色', exitThresholds: { default: 0.02, west: 0.025, westProvinces: ['45'] } };
  const tiandong1: PolicyOverride = { ...baseCounty(), version: 1, effectiveFrom: '2020-06-01' };
  const tiandong2: PolicyOverride = { scopeCode: '451022', version: 2, effectiveFrom: '2023-01-01', name: '田东县', income: { stableYears: 3 } };
  const versions = [NATIONAL_DEFAULT_PROFILE, national2, guangxi, baise, tiandong2, tiandong1];

  function baseCounty(): PolicyOverride {
    return { scopeCode: '451022', version: 1, effectiveFrom: '2020-06-01', name: '田东县', procedures: { ...copy().procedures, noticeDays: 10 } };
  }

  it('returns null before any national version is in effect', () => {
    expect(resolveProfile(versions, '451022100001', '2013-12-31')).toBeNull();
  });

  it('uses the national profile alone where no level overrides', () => {
    const p = resolveProfile(versions, '411702', '2020-07-01');
    expect(p?.basis).toEqual([{ scopeCode: 'CN', version: 1, effectiveFrom: '2014-01-01' }]);
    expect(p?.scopeCode).toBe('CN');
    expect(p?.income.stableYears).toBe(1);
  });

  it('ignores versions not yet effective on the date', () => {
    const p = resolveProfile(versions, '451022100001', '2020-05-31');
    expect(p?.basis.map((b) => `${b.scopeCode}@${b.version}`)).toEqual(['CN@1', '45@1', '4510@1']);
    expect(p?.procedures.noticeDays).toBe(7);
  });

  it('merges country → province → city → county: sections replace, lines merge by year', () => {
    const p = resolveProfile(versions, '451022100001', '2020-07-01');
    expect(p?.basis.map((b) => `${b.scopeCode}@${b.version}`)).toEqual(['CN@1', '45@1', '4510@1', '451022@1']);
    expect(p).toMatchObject({ scopeCode: '451022', version: 1, effectiveFrom: '2020-06-01', name: '田东县' });
    expect(p?.income.stableYears).toBe(2);
    expect(p?.lines.poverty['2020']).toBe(4200);
    expect(p?.lines.poverty['2019']).toBe(3218);
    expect(p?.lines.monitoring).toEqual({ '2021': 6000 });
    expect(p?.exitThresholds.west).toBe(0.025);
    expect(p?.procedures.noticeDays).toBe(10);
    expect(p?.procedures.totalWorkingDays).toBe(20);
    expect(p?.criteria).toEqual(NATIONAL_DEFAULT_PROFILE.criteria);
    expect(policyProfileSchema.safeParse(p).success).toBe(true);
  });

  it('picks the newest version of each level by date', () => {
    const p = resolveProfile(versions, '451022', '2023-03-01');
    expect(p?.basis.map((b) => `${b.scopeCode}@${b.version}`)).toEqual(['CN@2', '45@1', '4510@1', '451022@2']);
    expect(p?.income.stableYears).toBe(3);
    expect(p?.lines.monitoring).toEqual({ '2021': 6000, '2022': 6500 });
    // The county's version 2 holds no procedures: they come from above, not from its version 1.
    expect(p?.procedures.noticeDays).toBe(7);
  });

  it('lets a back-dated version supersede older ones from its effective date on', () => {
    const corrected: PolicyOverride = { ...guangxi, version: 2, effectiveFrom: '2018-01-01', income: { stableYears: 1 } };
    expect(resolveProfile([...versions, corrected], '45', '2018-06-01')?.income.stableYears).toBe(1);
    expect(resolveProfile([...versions, corrected], '45', '2020-06-01')?.income.stableYears).toBe(1);
    expect(resolveProfile(versions, '45', '2020-06-01')?.income.stableYears).toBe(2);
  });
});

describe('exitThresholdFor', () => {
  it.each([
    ['451022', 0.03],
    ['4510', 0.03],
    ['451022100001', 0.03],
    ['65', 0.03],
    ['150102', 0.03],
    ['411702', 0.02],
    ['420325', 0.02],
    ['CN', 0.02],
  ])('%s → %f', (code, threshold) => {
    expect(exitThresholdFor(NATIONAL_DEFAULT_PROFILE, code)).toBe(threshold);
  });
});

describe('diffProfiles', () => {
  it('lists nothing for identical versions', () => {
    expect(diffProfiles(NATIONAL_DEFAULT_PROFILE, copy())).toEqual([]);
  });

  it('names the changed paths, rules by code', () => {
    const next = copy();
    next.version = 2;
    next.lines.poverty['2020'] = 4100;
    next.criteria[3] = { code: 'education', test: 'compulsory_education', minAge: 6, maxAge: 16, preschoolMaxAge: 6, exemptDisabilityGrades: [1, 2] };
    next.exclusions.pop();
    expect(diffProfiles(NATIONAL_DEFAULT_PROFILE, next)).toEqual([
      { path: 'criteria.education.maxAge', before: 15, after: 16 },
      { path: 'exclusions.registered_business', before: { code: 'registered_business', test: 'registered_business' }, after: undefined },
      { path: 'lines.poverty.2020', before: 4000, after: 4100 },
      { path: 'version', before: 1, after: 2 },
    ]);
  });
});
