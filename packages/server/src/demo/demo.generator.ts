import { type Cause, type HouseholdAttribute, idCheckChar, type Relation, yearInChina } from '@jingzhun/domain';
import { FEMALE_CHARS, MALE_CHARS, SURNAMES } from './names.ts';
import { Random } from './random.ts';

/**
 * The demo county: registered households of 田东县 spread over its real villages, with figures shaped
 * after seed 003 (2015 → 2019: about 12,960 households / 50,990 persons lifted out, incidence 15.01% →
 * 0.24%). Everyone in it is invented; the generator is deterministic for a given seed and size.
 */
export interface DemoOptions {
  countyCode: string;
  /** Registered persons to build; households follow at 3.93 persons each on average. */
  persons: number;
  seed: number;
}

export interface DemoVillage {
  code: string;
  name: string;
}

export interface DemoMember {
  name: string;
  idNumber: string;
  relation: Relation;
  sex: 'male' | 'female';
  birthDate: string;
}

export interface DemoHousehold {
  householdNo: string;
  villageCode: string;
  attribute: HouseholdAttribute;
  mainCause: Cause;
  yearRegistered: number;
  yearExited: number | null;
  members: DemoMember[];
}

export interface DemoCounty {
  households: DemoHousehold[];
  /** Rural registered population per village and year: the denominator of incidence. */
  population: Array<{ villageCode: string; year: number; ruralPopulation: number }>;
}

/** Poverty incidence the demo aims at for the end of 2015 (seed 003). */
export const DEMO_INCIDENCE_2015 = 0.1501;
/** The years the demo's village populations cover: from registration (2014) to this year on the product's clock. */
export function demoYears(): number[] {
  return Array.from({ length: Math.max(2020, yearInChina()) - 2013 }, (_, i) => 2014 + i);
}

const HOUSEHOLD_SIZES: ReadonlyArray<readonly [number, number]> = [
  [1, 6], [2, 13], [3, 19], [4, 26], [5, 19], [6, 12], [7, 5],
];

// Exits by year: nearly all registered households left poverty 2016-2019, the last ~1.6% in 2020.
const EXIT_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2015, 0.3], [2016, 27], [2017, 31], [2018, 26], [2019, 13.4], [2020, 1.5],
];

const CAUSE_WEIGHTS: ReadonlyArray<readonly [Cause, number]> = [
  ['illness', 21], ['disability', 8], ['schooling', 8], ['disaster', 3], ['lack_of_land', 5],
  ['lack_of_water', 3], ['lack_of_skills', 19], ['lack_of_labour', 10], ['lack_of_capital', 14],
  ['poor_transport', 4], ['lack_of_drive', 3], ['other', 2],
];

const ATTRIBUTE_WEIGHTS: ReadonlyArray<readonly [HouseholdAttribute, number]> = [
  ['general', 80], ['dibao', 16], ['tekun', 4],
];

class People {
  private readonly used = new Set<string>();

  constructor(
    private readonly random: Random,
    private readonly countyCode: string,
  ) {}

  name(sex: 'male' | 'female', surname: string): string {
    const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
    return this.random.next() < 0.35 ? surname + this.random.pick(chars) : surname + this.random.pick(chars) + this.random.pick(chars);
  }

  /** A valid, unused ID number for a birth date and sex: county prefix, date, sequence, check character. */
  idNumber(birthDate: string, sex: 'male' | 'female'): string {
    for (;;) {
      const seq = this.random.int(0, 99) * 10 + this.random.int(0, 4) * 2 + (sex === 'male' ? 1 : 0);
      const first17 = `${this.countyCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  birthDate(year: number): string {
    const month = this.random.int(1, 12);
    const day = this.random.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  member(relation: Relation, sex: 'male' | 'female', birthYear: number, surname: string): DemoMember {
    const birthDate = this.birthDate(birthYear);
    return { name: this.name(sex, surname), idNumber: this.idNumber(birthDate, sex), relation, sex, birthDate };
  }
}

function buildMembers(random: Random, people: People, size: number): DemoMember[] {
  const surname = random.weighted(SURNAMES);
  const headSex = random.next() < 0.82 ? 'male' : 'female';
  const headBirth = random.int(1940, 1985);
  const members = [people.member('head', headSex, headBirth, surname)];
  if (size === 1) return members;
  const other = headSex === 'male' ? 'female' : 'male';
  const spouseSurname = random.weighted(SURNAMES);
  members.push(people.member('spouse', other, headBirth + random.int(-4, 5), spouseSurname));
  for (let i = members.length; i < size; i++) {
    const kind = random.weighted<'child' | 'parent' | 'grandchild'>([['child', 70], ['parent', 15], ['grandchild', 15]]);
    const sex = random.next() < 0.52 ? 'male' : 'female';
    if (kind === 'parent' && headBirth - 22 >= 1920) {
      members.push(people.member('parent', sex, headBirth - random.int(22, 34), surname));
    } else if (kind === 'grandchild' && headBirth + 42 <= 2014) {
      members.push(people.member('grandchild', sex, Math.min(2014, headBirth + random.int(42, 55)), surname));
    } else {
      members.push(people.member('child', sex, Math.min(2014, headBirth + random.int(20, 34)), surname));
    }
  }
  return members;
}

/** Builds the demo county's registry and its population figures for the given villages. */
export function generateDemoCounty(villages: readonly DemoVillage[], options: DemoOptions): DemoCounty {
  if (villages.length === 0) throw new Error(`no villages under ${options.countyCode}: load its regions first`);
  const random = new Random(options.seed);
  const people = new People(random, options.countyCode);
  // Villages differ: some are much poorer than others (the ~50 貧困村 of a county like 田东).
  const weights = villages.map((v) => [v.code, 0.4 + random.next() * (random.next() < 0.3 ? 3 : 1)] as const);
  const households: DemoHousehold[] = [];
  const seqByVillage = new Map<string, number>();
  let persons = 0;
  while (persons < options.persons) {
    const villageCode = random.weighted(weights);
    const seq = (seqByVillage.get(villageCode) ?? 0) + 1;
    seqByVillage.set(villageCode, seq);
    const size = Math.min(random.weighted(HOUSEHOLD_SIZES), Math.max(1, options.persons - persons));
    const members = buildMembers(random, people, size);
    persons += members.length;
    const yearRegistered = random.next() < 0.93 ? 2014 : 2015;
    let yearExited: number | null = random.weighted(EXIT_YEARS);
    if (yearExited <= yearRegistered) yearExited = 2016;
    households.push({
      householdNo: `${villageCode}${String(seq).padStart(4, '0')}`,
      villageCode,
      attribute: random.weighted(ATTRIBUTE_WEIGHTS),
      mainCause: random.weighted(CAUSE_WEIGHTS),
      yearRegistered,
      yearExited,
      members,
    });
  }
  return { households, population: ruralPopulation(random, villages, households) };
}

/**
 * Each village's rural population, sized so the county's 2015 incidence is the seed's 15.01% and no
 * village has more registered persons than residents; it shrinks a little each year as people move to town.
 */
function ruralPopulation(random: Random, villages: readonly DemoVillage[], households: DemoHousehold[]) {
  const poor2015 = new Map<string, number>();
  let poorTotal = 0;
  for (const h of households) {
    if (h.yearRegistered <= 2015 && (h.yearExited === null || h.yearExited > 2015)) {
      poor2015.set(h.villageCode, (poor2015.get(h.villageCode) ?? 0) + h.members.length);
      poorTotal += h.members.length;
    }
  }
  const target = Math.round(poorTotal / DEMO_INCIDENCE_2015);
  const base = villages.map((v) => {
    const poor = poor2015.get(v.code) ?? 0;
    return { code: v.code, floor: Math.ceil(poor * 1.6) + 150, extra: 0.5 + random.next() };
  });
  const floorSum = base.reduce((s, b) => s + b.floor, 0);
  const extraSum = base.reduce((s, b) => s + b.extra, 0);
  const spare = Math.max(0, target - floorSum);
  const sized = base.map((b) => ({ code: b.code, pop2015: b.floor + Math.floor((spare * b.extra) / extraSum) }));
  // Hand the rounding remainder to the first villages so the county total is exactly the target.
  let remainder = Math.max(target, floorSum) - sized.reduce((s, v) => s + v.pop2015, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % sized.length, remainder--) (sized[i] as { pop2015: number }).pop2015++;
  const rows: DemoCounty['population'] = [];
  for (const v of sized) {
    for (const year of demoYears()) {
      rows.push({ villageCode: v.code, year, ruralPopulation: Math.round(v.pop2015 * 0.994 ** (year - 2015)) });
    }
  }
  return rows;
}
