import { type Cause, type Conditions, type IncomeInput, type MemberInput, yearInChina } from '@jingzhun/domain';
import type { DemoHousehold, DemoMember } from './demo.generator.ts';
import { Random } from './random.ts';

/**
 * The rest of a demo household's record: each member's schooling, health, labour, employment and
 * insurance; the household's incomes from 2014 on; its living conditions today. Drawn from a random
 * stream of its own, so the households and people of a seed stay the same whatever is added here.
 */
export type DemoMemberProfile = Omit<MemberInput, 'name' | 'idNumber' | 'relation' | 'sex' | 'birthDate'>;

export interface DemoProfile {
  members: DemoMemberProfile[];
  secondaryCauses: Cause[];
  incomes: IncomeInput[];
  conditions: Conditions;
}

/** The yearly growth that takes 5,311 to 9,808 in four years, and a slower one after 2020. */
const GROWTH_TO_2019 = (9808 / 5311) ** (1 / 4);
const GROWTH_AFTER = 1.07;
export const DEMO_FIRST_INCOME_YEAR = 2014;
/** The last year with incomes: the last whole year on the product's clock (2025 at the least, as the demo was first drawn). */
export function demoLastIncomeYear(): number {
  return Math.max(2025, yearInChina() - 1);
}

function age(member: DemoMember, year: number): number {
  return year - Number(member.birthDate.slice(0, 4));
}

function schoolStatus(random: Random, a: number): DemoMemberProfile['schoolStatus'] {
  if (a < 3) return 'not_in_school';
  if (a <= 5) return 'preschool';
  if (a <= 11) return 'primary';
  if (a <= 14) return 'junior';
  if (a <= 17) return random.next() < 0.6 ? 'senior' : 'vocational';
  if (a <= 21 && random.next() < 0.35) return 'college';
  return 'not_in_school';
}

function education(random: Random, a: number, birthYear: number): DemoMemberProfile['education'] {
  if (a < 6) return 'preschool';
  if (a <= 11) return 'primary';
  if (a <= 14) return 'junior';
  if (a <= 17) return 'senior';
  const older = birthYear < 1960;
  return random.weighted<NonNullable<DemoMemberProfile['education']>>(
    older
      ? [['illiterate', 25], ['primary', 50], ['junior', 22], ['senior', 3]]
      : [['primary', 20], ['junior', 55], ['senior', 15], ['vocational', 7], ['college', 3]],
  );
}

function memberProfile(random: Random, member: DemoMember, year: number): DemoMemberProfile {
  const a = age(member, year);
  const health = random.weighted<NonNullable<DemoMemberProfile['health']>>([['healthy', 79], ['chronic', 12], ['serious', 3], ['disabled', 6]]);
  const disabilityGrade = health === 'disabled' ? random.int(1, 4) : null;
  const labourCapacity: DemoMemberProfile['labourCapacity'] =
    a < 16 || a > 70
      ? 'none'
      : disabilityGrade !== null && disabilityGrade <= 2
        ? 'lost'
        : health === 'serious' || a > 60
          ? 'weak'
          : random.next() < 0.15
            ? 'skilled'
            : 'normal';
  const working = labourCapacity === 'normal' || labourCapacity === 'skilled' || labourCapacity === 'weak';
  return {
    education: education(random, a, Number(member.birthDate.slice(0, 4))),
    schoolStatus: schoolStatus(random, a),
    health,
    disabilityType: health === 'disabled' ? random.pick(['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const) : null,
    disabilityGrade,
    // The county issued a chronic-disease card to everyone with a chronic or serious illness, and enrolled
    // everyone in medical insurance, as the exit standard required; the cases that break it are planted.
    chronicDiseaseCard: health === 'chronic' || health === 'serious',
    labourCapacity,
    employment: working
      ? random.weighted<NonNullable<DemoMemberProfile['employment']>>([['migrant', 45], ['local', 25], ['public_welfare', 5], ['self_employed', 5], ['none', 20]])
      : 'none',
    medicalInsured: true,
    pensionInsured: a >= 16 && random.next() < 0.85,
    publicPayroll: false,
  };
}

/** The county's mean net income per head of registered households in a year (seed 003: 5,311 yuan in 2015, 9,808 in 2019). */
export function demoMeanIncome(year: number): number {
  return year <= 2019 ? 5311 * GROWTH_TO_2019 ** (year - 2015) : 9808 * GROWTH_AFTER ** (year - 2019);
}

/** Incomes of one household, year by year, around the county's mean per head of that year. */
function incomes(random: Random, household: DemoHousehold): IncomeInput[] {
  const level = Math.exp((random.next() + random.next() + random.next() - 1.5) * 0.5);
  const lift = household.yearExited === null ? 1 : 1 + (2020 - household.yearExited) * 0.015;
  const transferShare = household.attribute === 'general' ? 0.12 : 0.35;
  const rows: IncomeInput[] = [];
  const last = demoLastIncomeYear();
  for (let year = DEMO_FIRST_INCOME_YEAR; year <= last; year++) {
    const mean = demoMeanIncome(year);
    const persons = household.members.filter((m) => Number(m.birthDate.slice(0, 4)) <= year).length;
    const net = mean * level * (year > 2015 ? lift : 1) * (0.95 + random.next() * 0.1) * persons;
    const business = net * 0.25;
    const costs = business * 0.2;
    const transfers = net * transferShare;
    const property = net * 0.03;
    const wages = net + costs - business - transfers - property;
    const yuan = (x: number) => Math.round(x * 100) / 100;
    rows.push({ year, wages: yuan(wages), business: yuan(business), property: yuan(property), transfers: yuan(transfers), productionCosts: yuan(costs) });
  }
  return rows;
}

/** The year the demo's ages, schooling and labour are described for: fixed, so a seed always gives the same county. */
export const DEMO_PROFILE_YEAR = 2025;

/**
 * Scales each year's incomes so that the county's net income per head (all registered households'
 * net over their persons) is exactly the seed's figure of that year, whatever the draws were.
 */
function calibrate(households: readonly DemoHousehold[], profiles: DemoProfile[]) {
  const last = demoLastIncomeYear();
  for (let year = DEMO_FIRST_INCOME_YEAR; year <= last; year++) {
    let net = 0;
    let persons = 0;
    profiles.forEach((p, i) => {
      const inc = p.incomes.find((x) => x.year === year);
      if (!inc) return;
      net += inc.wages + inc.business + inc.property + inc.transfers - inc.productionCosts;
      persons += (households[i]?.members ?? []).filter((m) => Number(m.birthDate.slice(0, 4)) <= year).length;
    });
    if (net <= 0 || persons === 0) continue;
    const factor = (demoMeanIncome(year) * persons) / net;
    for (const p of profiles) {
      const inc = p.incomes.find((x) => x.year === year);
      if (!inc) continue;
      for (const key of ['wages', 'business', 'property', 'transfers', 'productionCosts'] as const) {
        inc[key] = Math.round(inc[key] * factor * 100) / 100;
      }
    }
  }
}

/**
 * Leaves some facts unrecorded, as in a real registry: whether a member pays into the pension scheme and
 * where a working member works are the facts most often still to be verified. Unrecorded stays null
 * (未填), never a default; none of these two decides a case, so the demo's households stay decidable.
 */
function leaveUnrecorded(random: Random, p: DemoMemberProfile): DemoMemberProfile {
  const pensionUnknown = random.next() < 0.05;
  const employmentUnknown = random.next() < 0.04;
  return {
    ...p,
    pensionInsured: pensionUnknown ? null : p.pensionInsured,
    employment: employmentUnknown && p.employment !== 'none' ? null : p.employment,
  };
}

/** Builds the profile of every household of a demo county, from its own stream of the seed. */
export function profileDemoHouseholds(households: readonly DemoHousehold[], seed: number, year = DEMO_PROFILE_YEAR): DemoProfile[] {
  const random = new Random(seed ^ 0x5f3759df);
  // A stream of its own for what is left unrecorded, so the rest of a seed's county stays the same.
  const gaps = new Random(seed ^ 0x2545f491);
  const profiles = households.map((h): DemoProfile => {
    const secondary = new Set<Cause>();
    const extra = random.int(0, 2);
    for (let i = 0; i < extra; i++) {
      const c = random.pick<Cause>(['lack_of_skills', 'lack_of_capital', 'lack_of_labour', 'illness', 'poor_transport', 'lack_of_land']);
      if (c !== h.mainCause) secondary.add(c);
    }
    return {
      members: h.members.map((m) => leaveUnrecorded(gaps, memberProfile(random, m, year))),
      secondaryCauses: [...secondary],
      incomes: incomes(random, h),
      // Every registered household of the county had exited by 2020: today its conditions are secure.
      conditions: {
        foodSecure: true,
        clothingSecure: true,
        housingGrade: random.next() < 0.7 ? 'A' : 'B',
        waterQuantity: true,
        waterQuality: true,
        waterConvenience: true,
        waterGuarantee: true,
      },
    };
  });
  calibrate(households, profiles);
  return profiles;
}
