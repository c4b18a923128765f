import { idCheckChar } from '@jingzhun/domain';
import type { Database } from '../../src/db/database.ts';

let serial = 0;

/** A valid ID number of an invented person born on the given date in 田东县. */
export function testIdNumber(birth = '19800101', sex: 'male' | 'female' = 'male'): string {
  serial++;
  const seq = ((serial % 499) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  const first17 = `451022${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

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
