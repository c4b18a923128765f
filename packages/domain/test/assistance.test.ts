import { describe, expect, it } from 'vitest';
import { CAUSE_COVERAGE, CAUSES, MEASURE_FAMILIES, measureInputSchema, uncoveredCauses, type Cause, type MeasureFamily } from '../src/index.ts';

const measure = (family: MeasureFamily, extra: Record<string, unknown> = {}) => ({ family, status: 'in_progress' as const, startsOn: '2024-01-01', endsOn: null, ...extra });

describe('measures', () => {
  const base = { family: 'industry', content: '发展林下养鸡 200 羽', amount: 3000, startsOn: '2024-03-01' };

  it('takes a measure with defaults for status and amount', () => {
    expect(measureInputSchema.parse({ family: 'employment', content: '推荐到扶贫车间务工', startsOn: '2024-03-01' })).toMatchObject({ amount: 0, status: 'planned' });
  });

  it.each([
    ['a negative amount', { amount: -1 }, 'amount', 'too_small'],
    ['a family that is no key', { family: 'Lottery!' }, 'family', 'invalid_format'],
    ['an end before the start', { endsOn: '2024-02-01' }, 'endsOn', 'ends_before_start'],
    ['an impossible date', { startsOn: '2024-02-30' }, 'startsOn', 'invalid_format'],
    ['a one-letter content', { content: '鸡' }, 'content', 'too_small'],
    ['micro-credit over 50,000 yuan', { family: 'finance', amount: 50_000.01, endsOn: '2026-03-01' }, 'amount', 'microcredit_amount'],
    ['micro-credit without an end', { family: 'finance', amount: 50_000 }, 'endsOn', 'microcredit_term'],
    ['micro-credit over three years', { family: 'finance', amount: 20_000, endsOn: '2027-03-02' }, 'endsOn', 'microcredit_term'],
  ])('refuses %s, naming the field and the rule', (_name, change, path, rule) => {
    const result = measureInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect((issue as { params?: { rule?: string } }).params?.rule ?? issue?.code).toBe(rule);
  });

  it('takes micro-credit of exactly 50,000 yuan for exactly three years, also from 29 February', () => {
    expect(measureInputSchema.safeParse({ ...base, family: 'finance', amount: 50_000, endsOn: '2027-03-01' }).success).toBe(true);
    expect(measureInputSchema.safeParse({ ...base, family: 'finance', amount: 50_000, startsOn: '2024-02-29', endsOn: '2027-02-28' }).success).toBe(true);
    expect(measureInputSchema.safeParse({ ...base, family: 'finance', amount: 50_000, startsOn: '2024-02-29', endsOn: '2027-03-01' }).success).toBe(false);
  });
});

describe('cause coverage (一户一法)', () => {
  it('names a family for every cause but "other", and only known families', () => {
    for (const cause of Object.keys(CAUSES) as Cause[]) {
      const families = CAUSE_COVERAGE[cause];
      if (cause === 'other') expect(families).toEqual([]);
      else expect(families.length).toBeGreaterThan(0);
      for (const f of families) expect(Object.keys(MEASURE_FAMILIES)).toContain(f);
    }
  });

  it.each<[string, Cause[], ReturnType<typeof measure>[], Cause[]]>([
    ['illness without a health measure', ['illness'], [measure('industry')], ['illness']],
    ['illness with a health measure', ['illness'], [measure('health')], []],
    ['lack of labour with a public-welfare job', ['lack_of_labour'], [measure('public_welfare_job')], []],
    ['lack of labour with only industry', ['lack_of_labour'], [measure('industry')], ['lack_of_labour']],
    ['two causes, one covered', ['illness', 'schooling'], [measure('health')], ['schooling']],
    ['a cancelled measure does not count', ['illness'], [measure('health', { status: 'cancelled' })], ['illness']],
    ['a measure that ended does not count', ['illness'], [measure('health', { endsOn: '2024-05-31' })], ['illness']],
    ['a measure not yet started does not count', ['illness'], [measure('health', { startsOn: '2024-07-01' })], ['illness']],
    ['a measure ending that day counts', ['illness'], [measure('health', { endsOn: '2024-06-30' })], []],
    ['"other" needs nothing', ['other'], [], []],
    ['a cause given twice is listed once', ['illness', 'illness'], [], ['illness']],
    ['no measures at all', ['lack_of_capital', 'lack_of_water'], [], ['lack_of_capital', 'lack_of_water']],
  ])('%s', (_name, causes, measures, expected) => {
    expect(uncoveredCauses(causes, measures, '2024-06-30').map((u) => u.cause)).toEqual(expected);
  });

  it('says which families would answer an uncovered cause', () => {
    expect(uncoveredCauses(['lack_of_capital'], [], '2024-06-30')).toEqual([{ cause: 'lack_of_capital', families: ['finance', 'industry'] }]);
  });
});
