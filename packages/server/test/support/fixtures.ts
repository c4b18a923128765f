import { idCheckChar } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../../src/kernel/db/database.ts';

let serial = 0;

/** A valid ID number of an invented person born on the given date in 田东县. */
export function testIdNumber(birth = '19800101', sex: 'male' | 'female' = 'male'): string {
  serial++;
  const seq = ((serial % 499) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  const first17 = `451022${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The facts `addHousehold` states for each member (what the columns once defaulted to): none is left unknown. */
export const STATED_MEMBER_FACTS = {
  school_status: 'not_in_school',
  health: 'healthy',
  chronic_disease_card: false,
  labour_capacity: 'normal',
  employment: 'none',
  medical_insured: false,
  pension_insured: false,
  public_payroll: false,
} as const;

/** Adds a registered household with `size` members; returns its id. */
export async function addHousehold(
  database: Database,
  villageCode: string,
  options: { size: number; registered?: number; exited?: number | null; no?: string },
): Promise<string> {
  const county = villageCode.slice(0, 6);
  const { id } = await database.db
    .insertInto('household')
    .values({
      county_code: county,
      household_no: options.no ?? `${villageCode}${String(++serial).padStart(6, '0')}`,
      village_code: villageCode,
      head_name: '测试户主',
      attribute: 'general',
      status: options.exited ? 'exited' : 'poor',
      main_cause: 'illness',
      year_registered: options.registered ?? 2014,
      year_exited: options.exited ?? null,
      // Stated, not assumed: the columns hold null (not recorded) for a fact nobody gives.
      has_car: false,
      has_machinery: false,
      has_town_property: false,
      has_registered_business: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < options.size; i++) {
    const sex = i % 2 === 0 ? 'male' : 'female';
    await database.db
      .insertInto('member')
      .values({
        county_code: county,
        household_id: id,
        name: `成员${i}`,
        id_number: testIdNumber(`19${70 + i}0101`, sex),
        relation: i === 0 ? 'head' : 'child',
        sex,
        birth_date: `19${70 + i}-01-01`,
        ...STATED_MEMBER_FACTS,
      })
      .execute();
  }
  return id;
}

/** Sets a village's rural population for a year. */
export async function setPopulation(database: Database, villageCode: string, year: number, population: number) {
  await database.db
    .insertInto('region_population')
    .values({ county_code: villageCode.slice(0, 6), region_code: villageCode, year, rural_population: population })
    .execute();
}

let seq = 100;
/** A valid ID number for a birth date (YYYY-MM-DD) and sex, unique within the run. */
export function id(birth: string, sex: 'male' | 'female', prefix = '451022'): string {
  seq += 2;
  const order = String((seq % 998) + (sex === 'male' ? 1 : 0)).padStart(3, '0').slice(-3);
  const fixed = Number(order) % 2 === (sex === 'male' ? 1 : 0) ? order : String((Number(order) + 1) % 1000).padStart(3, '0');
  const first17 = `${prefix}${birth.replace(/-/g, '')}${fixed}`;
  return first17 + idCheckChar(first17);
}

/** A member as the API takes it, with a fresh valid ID. */
export function member(name: string, relation: string, sex: 'male' | 'female', birthDate: string, extra: Record<string, unknown> = {}) {
  return { name, relation, sex, birthDate, idNumber: id(birthDate, sex), labourCapacity: 'normal', ...extra };
}

/** A household as the API takes it: one income year (2015) unless `extra` says otherwise. */
export function household(villageCode: string, members: unknown[], extra: Record<string, unknown> = {}) {
  return {
    villageCode,
    address: '平马镇广场社区1号',
    attribute: 'general',
    mainCause: 'illness',
    yearRegistered: 2014,
    members,
    incomes: [{ year: 2015, wages: 6000, business: 2000, property: 0, transfers: 1200, productionCosts: 500 }],
    ...extra,
  };
}

/**
 * Income years whose stored divisor (members at the year's end) disagrees with a recount from the
 * members table: must be none after any sequence of writes.
 */
export async function incomeFigureMismatches(database: Database) {
  const { rows } = await sql<{ household_id: string; year: number; members: number | null; recount: number }>`
    SELECT i.household_id, i.year, i.members, (
      SELECT count(*)::int FROM member m
      WHERE m.county_code = i.county_code AND m.household_id = i.household_id
        AND m.birth_date <= make_date(i.year, 12, 31)
        AND coalesce(m.joined_on, m.birth_date) <= make_date(i.year, 12, 31)
        AND (m.left_on IS NULL OR m.left_on > make_date(i.year, 12, 31))) AS recount
    FROM household_income i`.execute(database.db);
  return rows.filter((r) => r.members !== r.recount);
}
