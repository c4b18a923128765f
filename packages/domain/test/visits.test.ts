import { describe, expect, it } from 'vitest';
import {
  ASSISTANCE_DEFAULTS,
  CAUSE_COVERAGE,
  daysInMonth,
  MEASURE_FAMILIES,
  measureCatalogue,
  NATIONAL_DEFAULT_PROFILE,
  policyOverrideSchema,
  presenceInputSchema,
  uncoveredCauses,
  visitDue,
  visitInputSchema,
} from '../src/index.ts';

describe('visit due dates', () => {
  it.each([
    [null, 30, '2026-03-01', { due: true, daysSince: null, dueOn: null }],
    ['2026-02-01', 30, '2026-03-01', { due: false, daysSince: 28, dueOn: '2026-03-03' }],
    ['2026-01-30', 30, '2026-03-01', { due: true, daysSince: 30, dueOn: '2026-03-01' }],
    ['2024-02-28', 2, '2024-03-01', { due: true, daysSince: 2, dueOn: '2024-03-01' }],
  ] as const)('last visit %s, every %i days, on %s', (last, interval, today, expected) => {
    expect(visitDue(last, interval, today)).toEqual(expected);
  });
});

describe('days in the village', () => {
  it('knows the length of each month, leap years included', () => {
    expect([daysInMonth('2024-02'), daysInMonth('2025-02'), daysInMonth('2026-04'), daysInMonth('2026-12')]).toEqual([29, 28, 30, 31]);
  });
  it('refuses more days than the month has, naming the rule', () => {
    const r = presenceInputSchema.safeParse({ memberId: '1', month: '2026-02', days: 29 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['days'], params: { rule: 'days_exceed_month' } });
    expect(presenceInputSchema.safeParse({ memberId: '1', month: '2024-02', days: 29 }).success).toBe(true);
    expect(presenceInputSchema.safeParse({ memberId: '1', month: '2026-13', days: 1 }).success).toBe(false);
  });
});

describe('visit input', () => {
  const base = { householdId: '1', visitedOn: '2026-03-01', seen: '家中整洁' };
  it('accepts a visit without helpers (the helper signed in) and defaults the money to zero', () => {
    expect(visitInputSchema.parse(base)).toMatchObject({ spent: 0 });
  });
  it.each([
    ['a helper named twice', { helperIds: ['1', '1'] }, 'helperIds', 'duplicate_helper'],
    ['a latitude off the globe', { location: { latitude: 91, longitude: 100 } }, 'location.latitude', 'too_big'],
    ['money below zero', { spent: -1 }, 'spent', 'too_small'],
    ['nothing seen', { seen: ' ' }, 'seen', 'too_small'],
    ['ten photos', { photoIds: Array.from({ length: 10 }, (_, i) => String(i + 1)) }, 'photoIds', 'too_big'],
  ])('refuses %s', (_name, change, path, rule) => {
    const r = visitInputSchema.safeParse({ ...base, ...change });
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect((issue as { params?: { rule?: string } } | undefined)?.params?.rule ?? issue?.code).toBe(rule);
  });
});

describe('measure catalogue', () => {
  it('is the default families and table when the profile sets nothing', () => {
    const c = measureCatalogue(undefined);
    expect(c.families.map((f) => f.key)).toEqual(Object.keys(MEASURE_FAMILIES));
    expect(c.coverage).toEqual(CAUSE_COVERAGE);
    expect(NATIONAL_DEFAULT_PROFILE.assistance).toBeUndefined();
    expect(ASSISTANCE_DEFAULTS).toMatchObject({ visitIntervalDays: 30, minDaysInVillage: 20 });
  });
  it('adds a region’s families and lets its table answer a cause with them', () => {
    const c = measureCatalogue({ visitIntervalDays: 14, minDaysInVillage: 20, families: [{ key: 'dairy', 'zh-CN': '奶牛养殖', en: 'Dairy' }], coverage: { lack_of_capital: ['dairy'] } });
    expect(c.families.at(-1)).toEqual({ key: 'dairy', labels: { 'zh-CN': '奶牛养殖', en: 'Dairy' }, builtIn: false });
    expect(uncoveredCauses(['lack_of_capital', 'illness'], [{ family: 'finance', status: 'in_progress', startsOn: '2026-01-01' }], '2026-03-01', c.coverage)).toEqual([
      { cause: 'lack_of_capital', families: ['dairy'] },
      { cause: 'illness', families: ['health'] },
    ]);
  });
  it.each([
    ['a family already in the catalogue', { families: [{ key: 'health', 'zh-CN': '健康', en: 'Health' }], coverage: {} }, 'assistance.families.0.key', 'family_exists'],
    ['a cause that does not exist', { families: [], coverage: { bad_luck: ['health'] } }, 'assistance.coverage.bad_luck', 'unknown_cause'],
    ['a family no catalogue holds', { families: [], coverage: { illness: ['spa'] } }, 'assistance.coverage.illness.0', 'unknown_family'],
  ])('refuses a profile naming %s', (_name, change, path, rule) => {
    const r = policyOverrideSchema.safeParse({ scopeCode: '451022', version: 2, effectiveFrom: '2026-01-01', name: '县', assistance: { visitIntervalDays: 30, minDaysInVillage: 20, ...change } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { rule?: string } }).params?.rule])).toEqual([[path, rule]]);
  });
});
