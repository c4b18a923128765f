import { describe, expect, it } from 'vitest';
import type { HouseholdDetail } from '../src/households/contract.ts';
import {
  alkireFoster,
  deprivations,
  evaluateHousehold,
  fourLooks,
  type DeprivationVector,
  type EvaluationInput,
  type EvaluationMember,
  type EvaluationOptions,
  type EvaluationOutcome,
  NATIONAL_DEFAULT_PROFILE,
  resolveProfile,
  type PolicyProfile,
} from '../src/index.ts';

interface H extends EvaluationInput {
  members: EvaluationMember[];
  incomes: Array<{ year: number; perHead: number | null }>;
}

const person = (over: Partial<EvaluationMember>): EvaluationMember => ({
  name: '张三',
  birthDate: '1975-04-10',
  status: 'active',
  joinedOn: null,
  leftOn: null,
  schoolStatus: 'not_in_school',
  health: 'healthy',
  chronicDiseaseCard: false,
  medicalInsured: true,
  labourCapacity: 'normal',
  employment: 'local',
  publicPayroll: false,
  disabilityGrade: null,
  ...over,
});

/**
 * A registered poor household of four that meets every standard in 2020: two working adults, a
 * primary-school child of 10 and a grandmother with a chronic disease who holds her card.
 */
function household(): H {
  return {
    status: 'poor',
    attribute: 'general',
    conditions: { foodSecure: true, clothingSecure: true, housingGrade: 'A', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true },
    assets: { car: false, machinery: false, townProperty: false, registeredBusiness: false },
    members: [
      person({ name: '张三' }),
      person({ name: '李梅', birthDate: '1978-06-02' }),
      person({ name: '张小明', birthDate: '2010-03-15', schoolStatus: 'primary', labourCapacity: 'none', employment: 'none' }),
      person({ name: '王秀英', birthDate: '1945-01-20', health: 'chronic', chronicDiseaseCard: true, labourCapacity: 'none', employment: 'none' }),
    ],
    incomes: [
      { year: 2018, perHead: 3100 },
      { year: 2019, perHead: 3400 },
      { year: 2020, perHead: 5311.2 },
      { year: 2021, perHead: 6200 },
      { year: 2022, perHead: 6600 },
      { year: 2023, perHead: 6000 },
    ],
  };
}

const setIncome = (h: H, year: number, perHead: number | null) => {
  h.incomes = [...h.incomes.filter((i) => i.year !== year), { year, perHead }];
};
const dropIncome = (h: H, year: number) => {
  h.incomes = h.incomes.filter((i) => i.year !== year);
};
const addChild = (birthDate: string, over: Partial<EvaluationMember> = {}) => (h: H) => {
  h.members.push(person({ name: '小红', birthDate, labourCapacity: 'none', employment: 'none', ...over }));
};
const member = (h: H, i: number) => h.members[i] as EvaluationMember;
const editProfile = (change: (p: PolicyProfile) => void): PolicyProfile => {
  const p = JSON.parse(JSON.stringify(NATIONAL_DEFAULT_PROFILE)) as PolicyProfile;
  change(p);
  return p;
};

interface Case {
  name: string;
  change?: (h: H) => void;
  year?: number;
  options?: EvaluationOptions;
  profile?: PolicyProfile;
  outcome: EvaluationOutcome;
  /** The criterion or exclusion to look at, and what it should say. */
  code?: string;
  passed?: boolean | null;
  missing?: string[];
  says?: string[];
}

const stable3 = editProfile((p) => (p.income.stableYears = 3));

const cases: Case[] = [
  // the outcome when everything passes
  { name: 'a poor household meeting every standard may exit', outcome: 'may_exit', missing: [] },
  { name: 'an exited household meeting every standard is not poor', change: (h) => (h.status = 'exited'), outcome: 'not_poor' },

  // income against the poverty line: strictly above
  { name: 'income below the line', change: (h) => setIncome(h, 2020, 3999.99), outcome: 'poor', code: 'income', passed: false, says: ['3,999.99 元', '低于贫困线 4,000 元', 'below the poverty line of 4,000 yuan'] },
  { name: 'income exactly on the line is not above it', change: (h) => setIncome(h, 2020, 4000), outcome: 'poor', code: 'income', passed: false, says: ['等于贫困线 4,000 元', 'it must be above'] },
  { name: 'income one fen above the line', change: (h) => setIncome(h, 2020, 4000.01), outcome: 'may_exit', code: 'income', passed: true, says: ['4,000.01 元,高于贫困线 4,000 元'] },
  { name: 'the 2017 line (2952), one fen below', year: 2017, change: (h) => setIncome(h, 2017, 2951.99), outcome: 'poor', code: 'income', passed: false, says: ['2,952'] },
  { name: 'the 2017 line (2952), on it', year: 2017, change: (h) => setIncome(h, 2017, 2952), outcome: 'poor', code: 'income', passed: false },
  { name: 'the 2017 line (2952), above it', year: 2017, change: (h) => setIncome(h, 2017, 2952.01), outcome: 'may_exit', code: 'income', passed: true },
  { name: 'no income record for the year', change: (h) => dropIncome(h, 2020), outcome: 'cannot_decide', code: 'income', passed: null, missing: ['incomes[2020]'], says: ['2020年收入未登记', 'No income recorded for 2020'] },
  { name: 'income per head not computable', change: (h) => setIncome(h, 2020, null), outcome: 'cannot_decide', code: 'income', passed: null, missing: ['incomes[2020].perHead'] },
  { name: 'a year after the last line carries the 2020 line forward', year: 2022, outcome: 'may_exit', code: 'income', passed: true, says: ['沿用2020年标准', 'the 2020 line carried forward'] },
  { name: 'a year before any line cannot be decided', year: 2013, change: (h) => setIncome(h, 2013, 2000), outcome: 'cannot_decide', code: 'income', passed: null, missing: ['policy.lines.poverty[2013]'] },

  // income against the monitoring line
  { name: 'monitoring line 2021: below 6000', year: 2021, options: { line: 'monitoring' }, change: (h) => setIncome(h, 2021, 5500), outcome: 'poor', code: 'income', passed: false, says: ['低于监测线 6,000 元', 'below the monitoring line of 6,000 yuan'] },
  { name: 'monitoring line 2021: above 6000', year: 2021, options: { line: 'monitoring' }, outcome: 'may_exit', code: 'income', passed: true, says: ['6,200 元,高于监测线 6,000 元'] },
  { name: 'monitoring line carried to 2023: exactly 6000 fails', year: 2023, options: { line: 'monitoring' }, outcome: 'poor', code: 'income', passed: false, says: ['沿用2021年标准'] },
  { name: 'no monitoring line before 2021', year: 2020, options: { line: 'monitoring' }, outcome: 'cannot_decide', code: 'income', passed: null, missing: ['policy.lines.monitoring[2020]'] },
  { name: 'poverty line 2021 (carried 4000) passes what the monitoring line fails', year: 2021, change: (h) => setIncome(h, 2021, 5500), outcome: 'may_exit', code: 'income', passed: true },

  // stable years: each year above its own line
  { name: 'three stable years all above their lines', profile: stable3, outcome: 'may_exit', code: 'income', passed: true, says: ['连续 3 年', '2018年人均纯收入 3,100 元,高于贫困线 2,995 元'] },
  { name: 'three stable years, the first below its own line', profile: stable3, change: (h) => setIncome(h, 2018, 2990), outcome: 'poor', code: 'income', passed: false, says: ['低于贫困线 2,995 元'] },
  { name: 'three stable years, a middle year missing', profile: stable3, change: (h) => dropIncome(h, 2019), outcome: 'cannot_decide', code: 'income', passed: null, missing: ['incomes[2019]'] },
  { name: 'three stable years, a missing year and a failing year', profile: stable3, change: (h) => (dropIncome(h, 2019), setIncome(h, 2018, 1000)), outcome: 'poor', code: 'income', passed: false, missing: ['incomes[2019]'] },
  { name: 'two stable years reaching before the first line', year: 2014, profile: editProfile((p) => (p.income.stableYears = 2)), change: (h) => (setIncome(h, 2014, 3000), setIncome(h, 2013, 3000)), outcome: 'cannot_decide', code: 'income', passed: null, missing: ['policy.lines.poverty[2013]'] },

  // 不愁吃 不愁穿
  { name: 'not food secure', change: (h) => (h.conditions!.foodSecure = false), outcome: 'poor', code: 'food', passed: false, says: ['不愁吃:否', 'Food secure: no'] },
  { name: 'food security unknown', change: (h) => (h.conditions!.foodSecure = null), outcome: 'cannot_decide', code: 'food', passed: null, missing: ['conditions.foodSecure'] },
  { name: 'not clothing secure', change: (h) => (h.conditions!.clothingSecure = false), outcome: 'poor', code: 'clothing', passed: false },
  { name: 'clothing security unknown', change: (h) => (h.conditions!.clothingSecure = null), outcome: 'cannot_decide', code: 'clothing', passed: null, missing: ['conditions.clothingSecure'] },
  {
    name: 'no living conditions recorded at all',
    change: (h) => (h.conditions = null),
    outcome: 'cannot_decide',
    missing: ['conditions.foodSecure', 'conditions.clothingSecure', 'conditions.housingGrade', 'conditions.waterQuantity', 'conditions.waterQuality', 'conditions.waterConvenience', 'conditions.waterGuarantee'],
  },

  // 住房安全
  { name: 'housing grade B is safe', change: (h) => (h.conditions!.housingGrade = 'B'), outcome: 'may_exit', code: 'housing', passed: true },
  { name: 'housing grade C is not', change: (h) => (h.conditions!.housingGrade = 'C'), outcome: 'poor', code: 'housing', passed: false, says: ['C 级,不在认可等级(A、B)内', 'grade C, not among the accepted grades (A, B)'] },
  { name: 'housing grade D is not', change: (h) => (h.conditions!.housingGrade = 'D'), outcome: 'poor', code: 'housing', passed: false },
  { name: 'housing grade not assessed', change: (h) => (h.conditions!.housingGrade = ''), outcome: 'cannot_decide', code: 'housing', passed: null, missing: ['conditions.housingGrade'] },
  {
    name: 'a profile accepting only grade A refuses B',
    profile: editProfile((p) => (p.criteria[5] = { code: 'housing', test: 'housing_safe', acceptedGrades: ['A'] })),
    change: (h) => (h.conditions!.housingGrade = 'B'),
    outcome: 'poor',
    code: 'housing',
    passed: false,
  },

  // 饮水安全
  { name: 'water quality not met', change: (h) => (h.conditions!.waterQuality = false), outcome: 'poor', code: 'water', passed: false, says: ['水质不达标', 'quality not met'] },
  { name: 'water guarantee unknown', change: (h) => (h.conditions!.waterGuarantee = null), outcome: 'cannot_decide', code: 'water', passed: null, missing: ['conditions.waterGuarantee'] },
  {
    name: 'a profile not counting the guarantee rate ignores it',
    profile: editProfile((p) => (p.criteria[6] = { code: 'water', test: 'water_safe', aspects: ['quantity', 'quality'] })),
    change: (h) => (h.conditions!.waterGuarantee = false),
    outcome: 'may_exit',
    code: 'water',
    passed: true,
  },

  // 义务教育: ages on 31 August 2020
  { name: 'a child of 5 out of school is not of school age', change: addChild('2014-09-01'), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a child of 6 out of school fails', change: addChild('2014-08-31'), outcome: 'poor', code: 'education', passed: false, says: ['小红(6 岁)非在校生,未在校', '小红 (aged 6, not in school) not in school'] },
  { name: 'a child of 6 still in pre-school passes', change: addChild('2014-08-31', { schoolStatus: 'preschool' }), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a child of 7 still in pre-school fails', change: addChild('2013-05-01', { schoolStatus: 'preschool' }), outcome: 'poor', code: 'education', passed: false },
  { name: 'a child of 15 who dropped out fails', change: addChild('2004-09-01', { schoolStatus: 'dropped_out' }), outcome: 'poor', code: 'education', passed: false, says: ['辍学'] },
  { name: 'a youth of 16 out of school is past school age', change: addChild('2004-08-31'), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a child of 15 in vocational school passes', change: addChild('2004-09-01', { schoolStatus: 'vocational' }), outcome: 'may_exit', code: 'education', passed: true, says: ['2 名 6–15 岁适龄成员均在校'] },
  { name: 'a grade-1 disabled child taught at home counts as schooled', change: addChild('2012-01-01', { health: 'disabled', disabilityGrade: 1 }), outcome: 'may_exit', code: 'education', passed: true, says: ['送教上门'] },
  { name: 'a grade-3 disabled child out of school fails', change: addChild('2012-01-01', { health: 'disabled', disabilityGrade: 3 }), outcome: 'poor', code: 'education', passed: false },
  { name: 'a disabled child out of school without a grade is unknown', change: addChild('2012-01-01', { health: 'disabled' }), outcome: 'cannot_decide', code: 'education', passed: null, missing: ['members[4].disabilityGrade'] },
  {
    name: 'without the exemption a grade-1 child out of school fails',
    profile: editProfile((p) => (p.criteria[3] = { code: 'education', test: 'compulsory_education', minAge: 6, maxAge: 15, preschoolMaxAge: 6, exemptDisabilityGrades: [] })),
    change: addChild('2012-01-01', { health: 'disabled', disabilityGrade: 1 }),
    outcome: 'poor',
    code: 'education',
    passed: false,
  },
  { name: 'a school-age child’s school status unknown', change: (h) => (member(h, 2).schoolStatus = null), outcome: 'cannot_decide', code: 'education', passed: null, missing: ['members[2].schoolStatus'], says: ['张小明的在校情况未填写'] },
  { name: 'a member’s birth date unknown', change: (h) => (member(h, 0).birthDate = null), outcome: 'cannot_decide', code: 'education', passed: null, missing: ['members[0].birthDate'] },
  { name: 'a dropped-out child who died in 2019 is ignored', change: addChild('2010-01-01', { schoolStatus: 'dropped_out', status: 'deceased', leftOn: '2019-05-01' }), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a dropped-out child who left in 2021 counts in 2020', change: addChild('2010-01-01', { schoolStatus: 'dropped_out', status: 'left', leftOn: '2021-03-01' }), outcome: 'poor', code: 'education', passed: false },
  { name: 'a dropped-out child who left on 31 December is gone at year end', change: addChild('2010-01-01', { schoolStatus: 'dropped_out', status: 'left', leftOn: '2020-12-31' }), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a dropped-out child who joined in 2021 does not count in 2020', change: addChild('2010-01-01', { schoolStatus: 'dropped_out', joinedOn: '2021-01-05' }), outcome: 'may_exit', code: 'education', passed: true },
  { name: 'a member marked gone without a date is ignored', change: addChild('2010-01-01', { schoolStatus: 'dropped_out', status: 'left' }), outcome: 'may_exit', code: 'education', passed: true },

  // 基本医疗
  { name: 'a member not insured', change: (h) => (member(h, 1).medicalInsured = false), outcome: 'poor', code: 'medical', passed: false, says: ['李梅未参加基本医疗保险', '李梅 not medically insured'] },
  { name: 'a member’s insurance unknown', change: (h) => (member(h, 1).medicalInsured = null), outcome: 'cannot_decide', code: 'medical', passed: null, missing: ['members[1].medicalInsured'] },
  { name: 'a chronically ill member without a card', change: (h) => (member(h, 3).chronicDiseaseCard = false), outcome: 'poor', code: 'medical', passed: false, says: ['王秀英患慢性病或大病但未办理慢病卡'] },
  { name: 'a seriously ill member with a card', change: (h) => (member(h, 3).health = 'serious'), outcome: 'may_exit', code: 'medical', passed: true, says: ['4 名成员均参加基本医疗保险,1 名慢性病或大病成员均持慢病卡'] },
  {
    name: 'no card needed where the profile does not ask for one',
    profile: editProfile((p) => (p.criteria[4] = { code: 'medical', test: 'basic_medical', requireChronicCard: false })),
    change: (h) => (member(h, 3).chronicDiseaseCard = false),
    outcome: 'may_exit',
    code: 'medical',
    passed: true,
  },
  { name: 'a chronically ill member’s card unknown', change: (h) => (member(h, 3).chronicDiseaseCard = null), outcome: 'cannot_decide', code: 'medical', passed: null, missing: ['members[3].chronicDiseaseCard'] },
  { name: 'a member’s health unknown without a card', change: (h) => (member(h, 0).health = null), outcome: 'cannot_decide', code: 'medical', passed: null, missing: ['members[0].health'] },
  { name: 'a member’s health unknown with a card', change: (h) => (member(h, 3).health = null), outcome: 'may_exit', code: 'medical', passed: true },
  { name: 'an uninsured member who died in 2019 is ignored', change: (h) => h.members.push(person({ name: '张老汉', birthDate: '1940-01-01', medicalInsured: false, status: 'deceased', leftOn: '2019-02-01' })), outcome: 'may_exit', code: 'medical', passed: true },

  // 八类人员
  { name: 'owning a car excludes', change: (h) => (h.assets!.car = true), outcome: 'excluded', code: 'car', passed: false, says: ['家庭拥有小汽车', 'The household owns a car'] },
  { name: 'owning machinery excludes', change: (h) => (h.assets!.machinery = true), outcome: 'excluded', code: 'machinery', passed: false },
  { name: 'housing bought in town excludes', change: (h) => (h.assets!.townProperty = true), outcome: 'excluded', code: 'town_property', passed: false },
  { name: 'a registered business excludes', change: (h) => (h.assets!.registeredBusiness = true), outcome: 'excluded', code: 'registered_business', passed: false },
  { name: 'a member on the public payroll excludes', change: (h) => (member(h, 1).publicPayroll = true), outcome: 'excluded', code: 'public_payroll', passed: false, says: ['李梅为财政供养人员'] },
  { name: 'a payroll member who left in 2019 does not', change: (h) => h.members.push(person({ name: '张军', birthDate: '1990-01-01', publicPayroll: true, status: 'left', leftOn: '2019-09-01' })), outcome: 'may_exit', code: 'public_payroll', passed: true },
  { name: 'payroll status unknown', change: (h) => (member(h, 0).publicPayroll = null), outcome: 'cannot_decide', code: 'public_payroll', passed: null, missing: ['members[0].publicPayroll'] },
  { name: 'no assets recorded', change: (h) => (h.assets = null), outcome: 'cannot_decide', code: 'car', passed: null, missing: ['assets.car', 'assets.machinery', 'assets.townProperty', 'assets.registeredBusiness'] },

  // precedence
  { name: 'an exclusion wins over a failed criterion', change: (h) => (setIncome(h, 2020, 1000), (h.assets!.car = true)), outcome: 'excluded' },
  { name: 'an exclusion wins over missing data', change: (h) => ((h.conditions!.foodSecure = null), (h.assets!.car = true)), outcome: 'excluded', missing: ['conditions.foodSecure'] },
  { name: 'a known failure decides although other data are missing', change: (h) => (setIncome(h, 2020, 1000), (h.conditions!.foodSecure = null)), outcome: 'poor', missing: ['conditions.foodSecure'] },
  { name: 'a failed criterion decides although exclusion data are missing', change: (h) => ((h.conditions!.housingGrade = 'D'), (h.assets = null)), outcome: 'poor' },
  { name: 'an exited household with missing data cannot be decided', change: (h) => ((h.status = 'exited'), (h.conditions!.waterQuantity = null)), outcome: 'cannot_decide' },
];

describe('evaluateHousehold', () => {
  it.each(cases)('$name', (c) => {
    const h = household();
    c.change?.(h);
    const result = evaluateHousehold(h, c.profile ?? NATIONAL_DEFAULT_PROFILE, c.year ?? 2020, c.options);
    expect(result.outcome).toBe(c.outcome);
    if (c.missing) expect(result.missing).toEqual(c.missing);
    if (c.code) {
      const item = [...result.criteria, ...result.exclusions].find((x) => x.code === c.code);
      expect(item).toBeDefined();
      if (c.passed !== undefined) expect(item?.passed).toBe(c.passed);
      const text = `${item?.message['zh-CN']} | ${item?.message.en}`;
      for (const s of c.says ?? []) expect(text).toContain(s);
    }
  });

  it('records the profile version, scope and line it used, and explains in both languages', () => {
    const result = evaluateHousehold(household(), NATIONAL_DEFAULT_PROFILE, 2020);
    expect(result).toMatchObject({ profileVersion: 1, profileScope: 'CN', year: 2020, line: 'poverty' });
    expect(result.profileBasis).toEqual([{ scopeCode: 'CN', version: 1, effectiveFrom: '2014-01-01' }]);
    expect(result.criteria.map((c) => c.code)).toEqual(['income', 'food', 'clothing', 'education', 'medical', 'housing', 'water']);
    expect(result.exclusions.every((e) => e.kind === 'exclusion' && e.passed === true)).toBe(true);
    const income = result.criteria[0];
    expect(income).toMatchObject({ kind: 'criterion', test: 'income_above_line', observed: { '2020': 5311.2 }, threshold: { '2020': 4000 }, missing: [] });
    expect(income?.message).toEqual({
      'zh-CN': '2020年人均纯收入 5,311.20 元,高于贫困线 4,000 元',
      en: 'Net income per head in 2020 was 5,311.20 yuan, above the poverty line of 4,000 yuan',
    });
    for (const c of [...result.criteria, ...result.exclusions]) {
      expect(c.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(c.message.en).toMatch(/^[A-Z]/);
    }
  });

  it('keeps every version of a resolved profile', () => {
    const county = { scopeCode: '451022', version: 3, effectiveFrom: '2020-01-01', name: '田东县', income: { stableYears: 2 } };
    const profile = resolveProfile([NATIONAL_DEFAULT_PROFILE, county], '451022100001', '2020-12-31');
    const result = evaluateHousehold(household(), profile!, 2020);
    expect(result).toMatchObject({ profileScope: '451022', profileVersion: 3, outcome: 'may_exit' });
    expect(result.profileBasis.map((b) => b.scopeCode)).toEqual(['CN', '451022']);
  });

  it('gives the same decision to two households in the same situation (张三 and 李四)', () => {
    const a = household();
    const b = household();
    b.members = b.members.map((m, i) => ({ ...m, name: `李${i}` }));
    expect(evaluateHousehold(a, NATIONAL_DEFAULT_PROFILE, 2020).outcome).toBe(evaluateHousehold(b, NATIONAL_DEFAULT_PROFILE, 2020).outcome);
  });

  it('decides nothing on facts not recorded: a member registered without insurance, health or payroll (issue 14)', () => {
    const registered: EvaluationInput = {
      status: 'candidate',
      conditions: null,
      assets: { car: null, machinery: null, townProperty: null, registeredBusiness: null },
      members: [
        person({ name: '韦小宝', schoolStatus: null, health: null, chronicDiseaseCard: null, medicalInsured: null, labourCapacity: null, employment: null, publicPayroll: null }),
      ],
      incomes: [],
    };
    const result = evaluateHousehold(registered, NATIONAL_DEFAULT_PROFILE, 2020);
    expect(result.outcome).toBe('cannot_decide');
    expect(result.criteria.some((c) => c.passed === false)).toBe(false);
    expect(result.missing).toEqual(
      expect.arrayContaining(['incomes[2020]', 'conditions.foodSecure', 'members[0].medicalInsured', 'members[0].health', 'members[0].publicPayroll', 'assets.car']),
    );
    expect(result.explanation['zh-CN']).toMatch(/^无法判定/);
    expect(result.explanation['zh-CN']).toContain('韦小宝的医保参保情况');
    expect(result.explanation['zh-CN']).not.toContain('未参加基本医疗保险');
    expect(result.explanation.en).toMatch(/^Cannot decide/);
    expect(result.explanation.en).toContain('the medical insurance of 韦小宝');
  });

  it('names what decided a known outcome', () => {
    const h = household();
    member(h, 1).medicalInsured = false;
    expect(evaluateHousehold(h, NATIONAL_DEFAULT_PROFILE, 2020).explanation['zh-CN']).toBe('未达到标准:基本医疗:李梅未参加基本医疗保险');
    expect(evaluateHousehold(household(), NATIONAL_DEFAULT_PROFILE, 2020).explanation.en).toMatch(/^Every standard is met/);
  });

  it('takes a HouseholdDetail as it is', () => {
    const detail = { ...household(), members: [] } as unknown as HouseholdDetail;
    const input: EvaluationInput = detail;
    expect(evaluateHousehold(input, NATIONAL_DEFAULT_PROFILE, 2020).outcome).toBe('may_exit');
  });
});

describe('fourLooks (四看法)', () => {
  it.each<[string, ((h: H) => void) | undefined, Partial<Record<'house' | 'grain' | 'labour' | 'schooling' | 'total', number | null>>]>([
    ['a household meeting every standard', undefined, { house: 25, grain: 25, labour: 25, schooling: 25, total: 100 }],
    ['a grade-B house', (h) => (h.conditions!.housingGrade = 'B'), { house: 18.75, total: 93.75 }],
    ['a grade-C house', (h) => (h.conditions!.housingGrade = 'C'), { house: 6.25 }],
    ['a grade-D house', (h) => (h.conditions!.housingGrade = 'D'), { house: 0 }],
    ['no grain', (h) => (h.conditions!.foodSecure = false), { grain: 0, total: 75 }],
    ['one weak labourer among four', (h) => ((member(h, 0).labourCapacity = 'weak'), (member(h, 1).labourCapacity = 'lost')), { labour: 6.25 }],
    ['one normal labourer among four', (h) => (member(h, 1).labourCapacity = 'none'), { labour: 12.5 }],
    ['the child dropped out', (h) => (member(h, 2).schoolStatus = 'dropped_out'), { schooling: 0, total: 75 }],
    ['one of two children out of school', addChild('2012-01-01'), { schooling: 12.5 }],
    ['no school-age child', (h) => (h.members = h.members.filter((m) => m.name !== '张小明')), { schooling: 25 }],
    ['house grade unknown', (h) => (h.conditions!.housingGrade = null), { house: null, total: null }],
    ['a working-age member’s labour unknown', (h) => (member(h, 0).labourCapacity = null), { labour: null, total: null }],
  ])('%s', (_name, change, expected) => {
    const h = household();
    change?.(h);
    expect(fourLooks(h, NATIONAL_DEFAULT_PROFILE, 2020)).toMatchObject(expected);
  });

  it('names the missing data', () => {
    const h = household();
    h.conditions = null;
    expect(fourLooks(h, NATIONAL_DEFAULT_PROFILE, 2020).missing).toEqual(['conditions.housingGrade', 'conditions.foodSecure']);
  });

  it('uses the profile’s weights', () => {
    const profile = editProfile((p) => (p.fourLooks.weights = { house: 40, grain: 20, labour: 20, schooling: 20 }));
    const h = household();
    h.conditions!.housingGrade = 'C';
    expect(fourLooks(h, profile, 2020)).toMatchObject({ house: 10, total: 70 });
  });
});

describe('deprivations', () => {
  it('marks the failed standards as deprivations and unknown ones as null', () => {
    const h = household();
    h.conditions!.housingGrade = 'D';
    h.conditions!.waterQuality = null;
    member(h, 2).schoolStatus = 'dropped_out';
    expect(deprivations(h, NATIONAL_DEFAULT_PROFILE, 2020)).toEqual({
      food: false,
      clothing: false,
      education: true,
      medical: false,
      housing: true,
      water: null,
    });
  });

  it('falls back to the national parameters for a standard the profile leaves out', () => {
    const profile = editProfile((p) => (p.criteria = p.criteria.filter((c) => c.test !== 'housing_safe')));
    const h = household();
    h.conditions!.housingGrade = 'C';
    expect(deprivations(h, profile, 2020).housing).toBe(true);
  });
});

describe('alkireFoster', () => {
  const v = (...deprived: Array<keyof DeprivationVector>): DeprivationVector => ({
    food: deprived.includes('food'),
    clothing: deprived.includes('clothing'),
    education: deprived.includes('education'),
    medical: deprived.includes('medical'),
    housing: deprived.includes('housing'),
    water: deprived.includes('water'),
  });
  const units = [
    { deprivations: v('housing', 'water'), persons: 4 }, // score 1/3: poor at k = 1/3
    { deprivations: v('medical'), persons: 3 }, // 1/6: not poor
    { deprivations: v('housing', 'water', 'education'), persons: 2 }, // 1/2
    { deprivations: { ...v(), water: null }, persons: 5 }, // unknown: left out
    { deprivations: v(), persons: 1 },
  ];

  it.each<[string, number | undefined, { H: number; A: number; M0: number; poorPersons: number; totalPersons: number }]>([
    ['at the default k = 1/3', undefined, { H: 6 / 10, A: (4 / 3 + 1) / 6, M0: (4 / 3 + 1) / 10, poorPersons: 6, totalPersons: 10 }],
    ['at k = 1/2', 0.5, { H: 2 / 10, A: 0.5, M0: 0.1, poorPersons: 2, totalPersons: 10 }],
    ['at k = 1/6 (union)', 1 / 6, { H: 9 / 10, A: (4 / 3 + 0.5 + 1) / 9, M0: (4 / 3 + 0.5 + 1) / 10, poorPersons: 9, totalPersons: 10 }],
    ['at k = 1 (intersection)', 1, { H: 0, A: 0, M0: 0, poorPersons: 0, totalPersons: 10 }],
  ])('%s', (_name, k, expected) => {
    const r = alkireFoster(units, undefined, k);
    expect(r.poorPersons).toBe(expected.poorPersons);
    expect(r.totalPersons).toBe(expected.totalPersons);
    expect(r.H).toBeCloseTo(expected.H, 10);
    expect(r.A).toBeCloseTo(expected.A, 10);
    expect(r.M0).toBeCloseTo(expected.M0, 10);
    expect(r).toMatchObject({ unknownUnits: 1, unknownPersons: 5 });
  });

  it('takes weights', () => {
    const weights = { food: 0.25, clothing: 0.05, education: 0.25, medical: 0.15, housing: 0.15, water: 0.15 };
    const r = alkireFoster([{ deprivations: v('food', 'clothing'), persons: 3 }, { deprivations: v('medical'), persons: 1 }], weights, 0.3);
    expect(r).toMatchObject({ poorPersons: 3, totalPersons: 4 });
    expect(r.A).toBeCloseTo(0.3, 10);
  });

  it('is all zeros on no data', () => {
    expect(alkireFoster([])).toEqual({ H: 0, A: 0, M0: 0, poorPersons: 0, totalPersons: 0, unknownUnits: 0, unknownPersons: 0 });
  });
});
