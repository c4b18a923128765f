import { ancestorCodes, COUNTRY_CODE, levelOfCode } from '../kernel/region.ts';
import { PROFILE_SECTIONS, type PolicyOverride, type PolicyProfile, type ResolvedProfile } from './contract.ts';

/** Sections with a default when no level sets them (as the override schema requires them of the country). */
const REQUIRED_SECTIONS = PROFILE_SECTIONS.filter((s) => s !== 'disclosure' && s !== 'assistance' && s !== 'monitoring');

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The national default: the lines of DOMAIN.md, the household exit standard of 2016 (income stably
 * above the line, 两不愁三保障 and safe water), the usual 八类人员 that data can check, 2% / 3% exit
 * thresholds with the twelve provinces of 西部大开发, a 7-day notice and a 20-working-day procedure.
 */
export const NATIONAL_DEFAULT_PROFILE: PolicyProfile = deepFreeze({
  scopeCode: COUNTRY_CODE,
  version: 1,
  effectiveFrom: '2014-01-01',
  name: '国家扶贫标准(默认)',
  lines: {
    poverty: { '2014': 2800, '2015': 2855, '2016': 2952, '2017': 2952, '2018': 2995, '2019': 3218, '2020': 4000 },
    monitoring: { '2021': 6000 },
  },
  // One year: the national standard asks for income "stably above" without a count of years; the
  // stability is judged by the 三保障 and the helpers. Provinces that count years set it here.
  income: { stableYears: 1 },
  criteria: [
    { code: 'income', test: 'income_above_line' },
    { code: 'food', test: 'food_secure' },
    { code: 'clothing', test: 'clothing_secure' },
    { code: 'education', test: 'compulsory_education', minAge: 6, maxAge: 15, preschoolMaxAge: 6, exemptDisabilityGrades: [1, 2] },
    { code: 'medical', test: 'basic_medical', requireChronicCard: true },
    { code: 'housing', test: 'housing_safe', acceptedGrades: ['A', 'B'] },
    { code: 'water', test: 'water_safe', aspects: ['quantity', 'quality', 'convenience', 'guarantee'] },
  ],
  exclusions: [
    { code: 'public_payroll', test: 'public_payroll' },
    { code: 'car', test: 'car' },
    { code: 'machinery', test: 'machinery' },
    { code: 'town_property', test: 'town_property' },
    { code: 'registered_business', test: 'registered_business' },
  ],
  exitThresholds: { default: 0.02, west: 0.03, westProvinces: ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'] },
  procedures: {
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
  },
  fourLooks: {
    weights: { house: 25, grain: 25, labour: 25, schooling: 25 },
    houseGradeShares: { A: 1, B: 0.75, C: 0.25, D: 0 },
    workingAge: { min: 16, max: 64 },
    labourShares: { skilled: 1, normal: 1, weak: 0.5, lost: 0, none: 0 },
    fullLabourPerMember: 0.5,
  },
  multidimensional: {
    weights: { food: 1 / 6, clothing: 1 / 6, education: 1 / 6, medical: 1 / 6, housing: 1 / 6, water: 1 / 6 },
    k: 1 / 3,
  },
});

/**
 * The profile in force in a region on a date. For each level (country, province, city, county) the
 * version with the highest number among those effective on the date applies: a new version supersedes
 * every older one from its effective date on, so a back-dated correction rewrites the period it names
 * while the older versions stay on record for the decisions that used them. Levels merge from the
 * country down; a section a level holds replaces the one above wholesale, except `lines`, whose two
 * tables merge year by year (a county may add its own line for one year). Null when no national
 * version is in effect.
 */
export function resolveProfile(versions: readonly PolicyOverride[], regionCode: string, onDate: string): ResolvedProfile | null {
  const chain = ancestorCodes(regionCode).filter((code) => (levelOfCode(code) ?? 9) <= 3);
  const picked: PolicyOverride[] = [];
  for (const scope of chain) {
    let best: PolicyOverride | undefined;
    for (const v of versions) {
      if (v.scopeCode === scope && v.effectiveFrom <= onDate && (!best || v.version > best.version)) best = v;
    }
    if (best) picked.push(best);
  }
  const national = picked[0];
  if (!national || national.scopeCode !== COUNTRY_CODE) return null;

  const merged: Partial<PolicyProfile> = {};
  for (const v of picked) {
    for (const section of PROFILE_SECTIONS) {
      if (section === 'lines') {
        if (!v.lines) continue;
        merged.lines = {
          poverty: { ...merged.lines?.poverty, ...v.lines.poverty },
          monitoring: { ...merged.lines?.monitoring, ...v.lines.monitoring },
        };
      } else if (v[section] !== undefined) {
        (merged as Record<string, unknown>)[section] = v[section];
      }
    }
  }
  const missing = REQUIRED_SECTIONS.filter((s) => merged[s] === undefined);
  if (missing.length > 0) throw new Error(`national policy version ${national.version} lacks sections: ${missing.join(', ')}`);
  const top = picked[picked.length - 1] as PolicyOverride;
  return {
    ...(merged as Omit<PolicyProfile, 'scopeCode' | 'version' | 'effectiveFrom' | 'name'>),
    ...(top.id === undefined ? {} : { id: top.id }),
    scopeCode: top.scopeCode,
    version: top.version,
    effectiveFrom: picked.map((v) => v.effectiveFrom).reduce((a, b) => (a > b ? a : b)),
    name: top.name,
    basis: picked.map((v) => ({ scopeCode: v.scopeCode, version: v.version, effectiveFrom: v.effectiveFrom })),
  };
}

/** The poverty-incidence threshold below which a village or county in the region may exit. */
export function exitThresholdFor(profile: Pick<PolicyProfile, 'exitThresholds'>, regionCode: string): number {
  const t = profile.exitThresholds;
  const province = regionCode === COUNTRY_CODE ? '' : regionCode.slice(0, 2);
  return t.westProvinces.includes(province) ? t.west : t.default;
}

/** One changed value between two profile versions, for the audit trail. */
export interface ProfileChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCodedList = (v: unknown): v is Array<{ code: string }> =>
  Array.isArray(v) && v.every((x) => isPlainObject(x) && typeof x.code === 'string');

function diffInto(before: unknown, after: unknown, path: string, out: ProfileChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      diffInto(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
  } else if (isCodedList(before) && isCodedList(after)) {
    // Rules are keyed by code so that changing one parameter names that rule, not the whole list.
    const byCode = (list: Array<{ code: string }>) => Object.fromEntries(list.map((r) => [r.code, r]));
    diffInto(byCode(before), byCode(after), path, out);
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({ path, before, after });
  }
}

/** The paths whose values differ between two versions (rules keyed by code; `id` and `basis` ignored). */
export function diffProfiles(a: PolicyOverride | PolicyProfile, b: PolicyOverride | PolicyProfile): ProfileChange[] {
  const strip = ({ id: _id, basis: _basis, ...rest }: PolicyOverride & { basis?: unknown }) => rest;
  const out: ProfileChange[] = [];
  diffInto(strip(a), strip(b), '', out);
  return out;
}
