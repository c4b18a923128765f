import { SCHOOL_STATUSES } from '../households/rules.ts';
import type { Labels as Text } from '../kernel/labels.ts';
import type { Lang } from '../kernel/roles.ts';
import type { CriterionRule, ExclusionRule, PolicyProfile } from './contract.ts';
import type { EvaluationInput, EvaluationMember, Observed } from './evaluation.ts';
import { lineFor } from './lines.ts';
import { NATIONAL_DEFAULT_PROFILE } from './profiles.ts';
import { POLICY_TEST_LABELS, type CriterionTest, type WaterAspect } from './rules.ts';

// The criteria and exclusions of a household decision (see evaluation.ts), each test explained in both
// languages; shared with the four looks and the deprivations, and not part of the package's API.

// ---- helpers ----

const IN_SCHOOL = new Set(['primary', 'junior', 'senior', 'vocational', 'college']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole years of age on a date, or null when the birth date is not a date. */
function ageOn(birthDate: string | null, date: string): number | null {
  if (!birthDate || !ISO_DATE.test(birthDate)) return null;
  const age = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

export interface Present {
  member: EvaluationMember;
  index: number;
  age: number | null;
  label: Text;
}

/** Members present on 31 December (see the file comment), with their age on 31 August. */
export function presentMembers(household: EvaluationInput, year: number): Present[] {
  const end = `${year}-12-31`;
  const ageDate = `${year}-08-31`;
  const out: Present[] = [];
  household.members.forEach((member, index) => {
    const birth = member.birthDate && ISO_DATE.test(member.birthDate) ? member.birthDate : null;
    if (birth !== null && birth > end) return;
    const joined = member.joinedOn ?? birth;
    if (joined !== null && joined > end) return;
    // A member marked gone without a date is left out: the record says they are gone, not since when.
    if (member.leftOn ? member.leftOn <= end : (member.status ?? 'active') !== 'active') return;
    const name = member.name?.trim();
    out.push({
      member,
      index,
      age: ageOn(birth, ageDate),
      label: name ? { 'zh-CN': name, en: name } : { 'zh-CN': `成员${index + 1}`, en: `member ${index + 1}` },
    });
  });
  return out;
}

/** Yuan with thousands separators; two decimals unless whole ("5,311.20", "6,000"). */
function yuan(n: number): string {
  const fixed = Number.isInteger(n) ? String(n) : n.toFixed(2);
  const [int = '', dec] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dec === undefined ? grouped : `${grouped}.${dec}`;
}

/** Three-valued AND over parts: any false is false, else any null is null, else true. */
function all(values: ReadonlyArray<boolean | null>): boolean | null {
  if (values.includes(false)) return false;
  return values.includes(null) ? null : true;
}

export const joinZh = (parts: string[]) => parts.join(';');
export const joinEn = (parts: string[]) => parts.join('; ');
const listZh = (parts: string[]) => parts.join('、');
const listEn = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export interface Result {
  passed: boolean | null;
  observed: Observed;
  threshold: Observed;
  missing: string[];
  message: Text;
}

// ---- criteria ----

const LINE_NAMES: Record<'poverty' | 'monitoring', Text> = {
  poverty: { 'zh-CN': '贫困线', en: 'poverty line' },
  monitoring: { 'zh-CN': '监测线', en: 'monitoring line' },
};

function incomeTest(household: EvaluationInput, profile: PolicyProfile, year: number, line: 'poverty' | 'monitoring'): Result {
  const n = profile.income.stableYears;
  const lineName = LINE_NAMES[line];
  const observed: Record<string, number | null> = {};
  const threshold: Record<string, number | null> = {};
  const missing: string[] = [];
  const results: Array<boolean | null> = [];
  const zh: string[] = [];
  const en: string[] = [];
  for (let y = year - n + 1; y <= year; y++) {
    const limit = lineFor(profile, line, y);
    const record = household.incomes.find((i) => i.year === y);
    observed[y] = record?.perHead ?? null;
    threshold[y] = limit?.value ?? null;
    if (!limit) {
      missing.push(`policy.lines.${line}[${y}]`);
      results.push(null);
      zh.push(`${y}年无${lineName['zh-CN']}标准`);
      en.push(`no ${lineName.en} for ${y}`);
      continue;
    }
    const carriedZh = limit.year === y ? '' : `(沿用${limit.year}年标准)`;
    const carriedEn = limit.year === y ? '' : ` (the ${limit.year} line carried forward)`;
    if (!record) {
      missing.push(`incomes[${y}]`);
      results.push(null);
      zh.push(`${y}年收入未登记,无法与${lineName['zh-CN']} ${yuan(limit.value)} 元${carriedZh}比较`);
      en.push(`no income recorded for ${y} to compare with the ${lineName.en} of ${yuan(limit.value)} yuan${carriedEn}`);
      continue;
    }
    if (record.perHead === null) {
      missing.push(`incomes[${y}].perHead`);
      results.push(null);
      zh.push(`${y}年人均纯收入无法计算(年末无成员)`);
      en.push(`net income per head for ${y} cannot be computed (no members at year end)`);
      continue;
    }
    // "Above the line" is strictly greater: an income equal to the line has not crossed it.
    const above = record.perHead > limit.value;
    results.push(above);
    const v = yuan(record.perHead);
    const l = yuan(limit.value);
    if (above) {
      zh.push(`${y}年人均纯收入 ${v} 元,高于${lineName['zh-CN']} ${l} 元${carriedZh}`);
      en.push(`net income per head in ${y} was ${v} yuan, above the ${lineName.en} of ${l} yuan${carriedEn}`);
    } else if (record.perHead === limit.value) {
      zh.push(`${y}年人均纯收入 ${v} 元,等于${lineName['zh-CN']} ${l} 元${carriedZh},须高于标准线`);
      en.push(`net income per head in ${y} was ${v} yuan, equal to the ${lineName.en} of ${l} yuan${carriedEn}; it must be above`);
    } else {
      zh.push(`${y}年人均纯收入 ${v} 元,低于${lineName['zh-CN']} ${l} 元${carriedZh}`);
      en.push(`net income per head in ${y} was ${v} yuan, below the ${lineName.en} of ${l} yuan${carriedEn}`);
    }
  }
  const prefixZh = n > 1 ? `收入须连续 ${n} 年高于${lineName['zh-CN']}:` : '';
  const prefixEn = n > 1 ? `Income must be above the ${lineName.en} for ${n} consecutive years: ` : '';
  const enText = joinEn(en);
  return {
    passed: all(results),
    observed,
    threshold,
    missing,
    message: { 'zh-CN': prefixZh + joinZh(zh), en: prefixEn + (prefixEn ? enText : enText.charAt(0).toUpperCase() + enText.slice(1)) },
  };
}

function flagTest(value: boolean | null | undefined, path: string, name: Text): Result {
  const v = value ?? null;
  return {
    passed: v,
    observed: v,
    threshold: true,
    missing: v === null ? [path] : [],
    message:
      v === null
        ? { 'zh-CN': `${name['zh-CN']}:未填写`, en: `${name.en}: not recorded` }
        : { 'zh-CN': `${name['zh-CN']}:${v ? '是' : '否'}`, en: `${name.en}: ${v ? 'yes' : 'no'}` },
  };
}

type EducationRule = Extract<CriterionRule, { test: 'compulsory_education' }>;
type MedicalRule = Extract<CriterionRule, { test: 'basic_medical' }>;
type HousingRule = Extract<CriterionRule, { test: 'housing_safe' }>;
type WaterRule = Extract<CriterionRule, { test: 'water_safe' }>;

interface SchoolCheck {
  p: Present;
  state: 'in_school' | 'exempt' | 'out' | 'unknown';
  missing: string[];
}

/** Which present members are of school age and whether each is schooled; members of unknown age included. */
export function schoolChecks(present: Present[], rule: EducationRule): SchoolCheck[] {
  const out: SchoolCheck[] = [];
  for (const p of present) {
    const path = `members[${p.index}]`;
    if (p.age === null) {
      out.push({ p, state: 'unknown', missing: [`${path}.birthDate`] });
      continue;
    }
    if (p.age < rule.minAge || p.age > rule.maxAge) continue;
    const m = p.member;
    const grade = m.disabilityGrade;
    if (grade !== null && rule.exemptDisabilityGrades.includes(grade)) {
      out.push({ p, state: 'exempt', missing: [] });
      continue;
    }
    if (m.schoolStatus === null || m.schoolStatus === '') {
      out.push({ p, state: 'unknown', missing: [`${path}.schoolStatus`] });
      continue;
    }
    const schooled = IN_SCHOOL.has(m.schoolStatus) || (m.schoolStatus === 'preschool' && p.age <= rule.preschoolMaxAge);
    if (schooled) out.push({ p, state: 'in_school', missing: [] });
    // A disabled child out of school may be exempt: without the grade we cannot tell.
    else if (m.health === 'disabled' && grade === null && rule.exemptDisabilityGrades.length > 0) {
      out.push({ p, state: 'unknown', missing: [`${path}.disabilityGrade`] });
    } else out.push({ p, state: 'out', missing: [] });
  }
  return out;
}

function educationTest(present: Present[], rule: EducationRule): Result {
  const checks = schoolChecks(present, rule);
  const ages = `${rule.minAge}–${rule.maxAge}`;
  const schoolAge = checks.filter((c) => c.state !== 'unknown' || c.p.age !== null);
  const out = checks.filter((c) => c.state === 'out');
  const unknown = checks.filter((c) => c.state === 'unknown');
  const exempt = checks.filter((c) => c.state === 'exempt');
  const passed = all(checks.map((c) => (c.state === 'out' ? false : c.state === 'unknown' ? null : true)));
  const statusLabel = (s: string | null, lang: Lang) => {
    const label = s && s in SCHOOL_STATUSES ? SCHOOL_STATUSES[s as keyof typeof SCHOOL_STATUSES][lang] : (s ?? '');
    return lang === 'en' ? lower(label) : label;
  };
  const zh: string[] = [];
  const en: string[] = [];
  if (out.length > 0) {
    zh.push(listZh(out.map((c) => `${c.p.label['zh-CN']}(${c.p.age} 岁)${statusLabel(c.p.member.schoolStatus, 'zh-CN')}`)) + ',未在校');
    en.push(`${listEn(out.map((c) => `${c.p.label.en} (aged ${c.p.age}, ${statusLabel(c.p.member.schoolStatus, 'en')})`))} not in school`);
  }
  if (unknown.length > 0) {
    const what = (c: SchoolCheck): Text =>
      c.missing[0]?.endsWith('birthDate')
        ? { 'zh-CN': '出生日期', en: 'birth date' }
        : c.missing[0]?.endsWith('disabilityGrade')
          ? { 'zh-CN': '残疾等级', en: 'disability grade' }
          : { 'zh-CN': '在校情况', en: 'school status' };
    zh.push(listZh(unknown.map((c) => `${c.p.label['zh-CN']}的${what(c)['zh-CN']}`)) + '未填写');
    en.push(`${listEn(unknown.map((c) => `the ${what(c).en} of ${c.p.label.en}`))} not recorded`);
  }
  if (passed === true) {
    if (schoolAge.length === 0) {
      zh.push(`无 ${ages} 岁适龄成员`);
      en.push(`no member aged ${ages}`);
    } else {
      zh.push(`${schoolAge.length} 名 ${ages} 岁适龄成员均在校` + (exempt.length ? `(其中 ${exempt.length} 名重度残疾,送教上门视同在校)` : ''));
      en.push(
        `all ${schoolAge.length} members aged ${ages} are in school` +
          (exempt.length ? ` (${exempt.length} with a severe disability, taught at home, counted as in school)` : ''),
      );
    }
  }
  return {
    passed,
    observed: { schoolAge: schoolAge.length, inSchool: checks.filter((c) => c.state === 'in_school').length, exempt: exempt.length, outOfSchool: out.length },
    threshold: { minAge: rule.minAge, maxAge: rule.maxAge, outOfSchool: 0 },
    missing: checks.flatMap((c) => c.missing),
    message: { 'zh-CN': `义务教育:${joinZh(zh)}`, en: `Compulsory education: ${joinEn(en)}` },
  };
}

function medicalTest(present: Present[], rule: MedicalRule): Result {
  const results: Array<boolean | null> = [];
  const missing: string[] = [];
  const uninsured: Present[] = [];
  const noCard: Present[] = [];
  const unknown: Array<{ p: Present; what: Text }> = [];
  let ill = 0;
  for (const p of present) {
    const m = p.member;
    const path = `members[${p.index}]`;
    results.push(m.medicalInsured);
    if (m.medicalInsured === null) {
      missing.push(`${path}.medicalInsured`);
      unknown.push({ p, what: { 'zh-CN': '医保参保情况', en: 'medical insurance' } });
    } else if (!m.medicalInsured) uninsured.push(p);
    if (!rule.requireChronicCard) continue;
    if (m.health === null || m.health === '') {
      // Unknown health only matters without a card: a cardholder passes whether ill or not.
      if (m.chronicDiseaseCard !== true) {
        missing.push(`${path}.health`);
        unknown.push({ p, what: { 'zh-CN': '健康状况', en: 'health' } });
        results.push(null);
      }
      continue;
    }
    if (m.health !== 'chronic' && m.health !== 'serious') continue;
    ill++;
    results.push(m.chronicDiseaseCard);
    if (m.chronicDiseaseCard === null) {
      missing.push(`${path}.chronicDiseaseCard`);
      unknown.push({ p, what: { 'zh-CN': '慢病卡办理情况', en: 'chronic-disease card' } });
    } else if (!m.chronicDiseaseCard) noCard.push(p);
  }
  const passed = all(results);
  const zh: string[] = [];
  const en: string[] = [];
  if (uninsured.length) {
    zh.push(`${listZh(uninsured.map((p) => p.label['zh-CN']))}未参加基本医疗保险`);
    en.push(`${listEn(uninsured.map((p) => p.label.en))} not medically insured`);
  }
  if (noCard.length) {
    zh.push(`${listZh(noCard.map((p) => p.label['zh-CN']))}患慢性病或大病但未办理慢病卡`);
    en.push(`${listEn(noCard.map((p) => p.label.en))} chronically or seriously ill without a chronic-disease card`);
  }
  if (unknown.length) {
    zh.push(`${listZh(unknown.map((u) => `${u.p.label['zh-CN']}的${u.what['zh-CN']}`))}未填写`);
    en.push(`${listEn(unknown.map((u) => `the ${u.what.en} of ${u.p.label.en}`))} not recorded`);
  }
  if (passed === true) {
    zh.push(`${present.length} 名成员均参加基本医疗保险` + (rule.requireChronicCard && ill ? `,${ill} 名慢性病或大病成员均持慢病卡` : ''));
    en.push(
      `all ${present.length} members are medically insured` +
        (rule.requireChronicCard && ill ? `; the ${ill} chronically or seriously ill hold a chronic-disease card` : ''),
    );
  }
  return {
    passed,
    observed: { members: present.length, uninsured: uninsured.length, illWithoutCard: noCard.length },
    threshold: { uninsured: 0, requireChronicCard: rule.requireChronicCard },
    missing,
    message: { 'zh-CN': `基本医疗:${joinZh(zh)}`, en: `Basic medical care: ${joinEn(en)}` },
  };
}

function housingTest(household: EvaluationInput, rule: HousingRule): Result {
  const grade = household.conditions?.housingGrade || null;
  const accepted = rule.acceptedGrades;
  const passed = grade === null ? null : (accepted as readonly string[]).includes(grade);
  const acc = { 'zh-CN': listZh([...accepted]), en: accepted.join(', ') };
  return {
    passed,
    observed: grade,
    threshold: [...accepted],
    missing: grade === null ? ['conditions.housingGrade'] : [],
    message:
      grade === null
        ? { 'zh-CN': '住房安全:房屋安全等级未评定', en: 'Safe housing: the safety grade is not recorded' }
        : passed
          ? { 'zh-CN': `住房安全:房屋安全等级 ${grade} 级,属认可等级(${acc['zh-CN']})`, en: `Safe housing: safety grade ${grade}, among the accepted grades (${acc.en})` }
          : {
              'zh-CN': `住房安全:房屋安全等级 ${grade} 级,不在认可等级(${acc['zh-CN']})内`,
              en: `Safe housing: safety grade ${grade}, not among the accepted grades (${acc.en})`,
            },
  };
}

const WATER_FIELDS = { quantity: 'waterQuantity', quality: 'waterQuality', convenience: 'waterConvenience', guarantee: 'waterGuarantee' } as const;
const WATER_LABELS: Record<WaterAspect, Text> = {
  quantity: { 'zh-CN': '水量', en: 'quantity' },
  quality: { 'zh-CN': '水质', en: 'quality' },
  convenience: { 'zh-CN': '取水方便程度', en: 'convenience' },
  guarantee: { 'zh-CN': '供水保证率', en: 'guarantee rate' },
};

function waterTest(household: EvaluationInput, rule: WaterRule): Result {
  const values = rule.aspects.map((a) => ({ a, v: household.conditions?.[WATER_FIELDS[a]] ?? null }));
  const bad = values.filter((x) => x.v === false).map((x) => WATER_LABELS[x.a]);
  const unknown = values.filter((x) => x.v === null);
  const passed = all(values.map((x) => x.v));
  const zh: string[] = [];
  const en: string[] = [];
  if (bad.length) {
    zh.push(`${listZh(bad.map((l) => l['zh-CN']))}不达标`);
    en.push(`${listEn(bad.map((l) => l.en))} not met`);
  }
  if (unknown.length) {
    zh.push(`${listZh(unknown.map((x) => WATER_LABELS[x.a]['zh-CN']))}未填写`);
    en.push(`${listEn(unknown.map((x) => WATER_LABELS[x.a].en))} not recorded`);
  }
  if (passed === true) {
    zh.push(`${listZh(rule.aspects.map((a) => WATER_LABELS[a]['zh-CN']))}均达标`);
    en.push(`${listEn(rule.aspects.map((a) => WATER_LABELS[a].en))} all met`);
  }
  return {
    passed,
    observed: Object.fromEntries(values.map((x) => [x.a, x.v])),
    threshold: [...rule.aspects],
    missing: unknown.map((x) => `conditions.${WATER_FIELDS[x.a]}`),
    message: { 'zh-CN': `饮水安全:${joinZh(zh)}`, en: `Safe water: ${joinEn(en)}` },
  };
}

export function criterionResult(rule: CriterionRule, household: EvaluationInput, profile: PolicyProfile, year: number, line: 'poverty' | 'monitoring', present: Present[]): Result {
  switch (rule.test) {
    case 'income_above_line':
      return incomeTest(household, profile, year, line);
    case 'food_secure':
      return flagTest(household.conditions?.foodSecure, 'conditions.foodSecure', POLICY_TEST_LABELS.food_secure);
    case 'clothing_secure':
      return flagTest(household.conditions?.clothingSecure, 'conditions.clothingSecure', POLICY_TEST_LABELS.clothing_secure);
    case 'compulsory_education':
      return educationTest(present, rule);
    case 'basic_medical':
      return medicalTest(present, rule);
    case 'housing_safe':
      return housingTest(household, rule);
    case 'water_safe':
      return waterTest(household, rule);
  }
}

// ---- exclusions ----

const ASSET_EXCLUSIONS = {
  car: { field: 'car', hit: { 'zh-CN': '家庭拥有小汽车', en: 'The household owns a car' }, clear: { 'zh-CN': '家庭无小汽车', en: 'The household owns no car' }, what: { 'zh-CN': '是否拥有小汽车', en: 'Car ownership' } },
  machinery: {
    field: 'machinery',
    hit: { 'zh-CN': '家庭拥有工程机械', en: 'The household owns construction machinery' },
    clear: { 'zh-CN': '家庭无工程机械', en: 'The household owns no construction machinery' },
    what: { 'zh-CN': '是否拥有工程机械', en: 'Ownership of construction machinery' },
  },
  town_property: {
    field: 'townProperty',
    hit: { 'zh-CN': '家庭在城镇购买了商品房', en: 'The household bought commercial housing in town' },
    clear: { 'zh-CN': '家庭未在城镇购买商品房', en: 'The household has no commercial housing in town' },
    what: { 'zh-CN': '是否在城镇购买商品房', en: 'Commercial housing in town' },
  },
  registered_business: {
    field: 'registeredBusiness',
    hit: { 'zh-CN': '家庭登记注册了企业或个体工商户', en: 'The household runs a registered business' },
    clear: { 'zh-CN': '家庭无登记注册的企业或个体工商户', en: 'The household runs no registered business' },
    what: { 'zh-CN': '是否登记注册企业或个体工商户', en: 'A registered business' },
  },
} as const;

export function exclusionResult(rule: ExclusionRule, household: EvaluationInput, present: Present[]): Result {
  if (rule.test === 'public_payroll') {
    const onPayroll = present.filter((p) => p.member.publicPayroll === true);
    const unknown = present.filter((p) => p.member.publicPayroll === null);
    const passed = all(present.map((p) => (p.member.publicPayroll === null ? null : !p.member.publicPayroll)));
    const names = (list: Present[], lang: Lang) => (lang === 'zh-CN' ? listZh(list.map((p) => p.label[lang])) : listEn(list.map((p) => p.label[lang])));
    return {
      passed,
      observed: onPayroll.length,
      threshold: 0,
      missing: unknown.map((p) => `members[${p.index}].publicPayroll`),
      message:
        passed === false
          ? { 'zh-CN': `财政供养:${names(onPayroll, 'zh-CN')}为财政供养人员`, en: `Public payroll: ${names(onPayroll, 'en')} on the public payroll` }
          : passed === null
            ? { 'zh-CN': `财政供养:${names(unknown, 'zh-CN')}是否为财政供养人员未填写`, en: `Public payroll: not recorded for ${names(unknown, 'en')}` }
            : { 'zh-CN': '财政供养:无成员为财政供养人员', en: 'Public payroll: no member on the public payroll' },
    };
  }
  const spec = ASSET_EXCLUSIONS[rule.test];
  const value = household.assets?.[spec.field] ?? null;
  return {
    passed: value === null ? null : !value,
    observed: value,
    threshold: false,
    missing: value === null ? [`assets.${spec.field}`] : [],
    message: value === null ? { 'zh-CN': `${spec.what['zh-CN']}未填写`, en: `${spec.what.en} not recorded` } : value ? spec.hit : spec.clear,
  };
}

/** The profile's rule of a test kind, else the national default's, so statistics work on any profile. */
export function ruleOf<T extends CriterionTest>(profile: PolicyProfile, test: T): Extract<CriterionRule, { test: T }> {
  const own = profile.criteria.find((r) => r.test === test) ?? NATIONAL_DEFAULT_PROFILE.criteria.find((r) => r.test === test);
  return own as Extract<CriterionRule, { test: T }>;
}
