import { regionPrefix } from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** Codes looked up per statement. */
const LOOKUP = 5000;
/** Rows inserted per statement (5 parameters each). */
const BATCH = 2000;

/** The villages of a region in code order with their township, and each one's figure for the year. */
function villagesOf(db: Kysely<DB>, code: string, year: number) {
  return db
    .selectFrom('region as v')
    .leftJoin('region as t', 't.code', 'v.parent_code')
    .leftJoin('region_population as p', (j) => j.onRef('p.region_code', '=', 'v.code').on('p.year', '=', year))
    .where('v.level', '=', 5)
    .where('v.code', 'like', `${regionPrefix(code)}%`);
}

/** A page of the villages of a region in code order, with their township and figure for the year, and how many there are. */
export async function listVillagePopulation(db: Kysely<DB>, code: string, year: number, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    villagesOf(db, code, year)
      .select(['v.code', 'v.name', 't.code as township_code', 't.name as township_name', 'p.rural_population', 'p.source'])
      .orderBy('v.code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    villagesOf(db, code, year).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total };
}

/** Every village of a region in code order, with its township's name and its figure for the year. */
export function listVillagesForTemplate(db: Kysely<DB>, code: string, year: number) {
  return villagesOf(db, code, year)
    .select(['v.code', 'v.name', 't.name as township_name', 'p.rural_population'])
    .orderBy('v.code')
    .execute();
}

/** Which of the codes are villages of the region tree. */
export async function existingVillages(db: Kysely<DB>, codes: string[]): Promise<Set<string>> {
  const villages = new Set<string>();
  for (let i = 0; i < codes.length; i += LOOKUP) {
    const found = await db.selectFrom('region').select('code').where('level', '=', 5).where('code', 'in', codes.slice(i, i + LOOKUP)).execute();
    for (const f of found) villages.add(f.code);
  }
  return villages;
}

/** The figures kept now for the villages and years, keyed `code:year`. */
export async function findPopulations(db: Kysely<DB>, codes: string[], years: number[]): Promise<Map<string, number>> {
  const existing = new Map<string, number>();
  for (let i = 0; i < codes.length; i += LOOKUP) {
    const found = await db
      .selectFrom('region_population')
      .select(['region_code', 'year', 'rural_population'])
      .where('region_code', 'in', codes.slice(i, i + LOOKUP))
      .where('year', 'in', years)
      .execute();
    for (const f of found) existing.set(`${f.region_code}:${f.year}`, f.rural_population);
  }
  return existing;
}

/** Inserts each village's figure of a year, or replaces the one kept, with its source. */
export async function upsertPopulations(db: Kysely<DB>, rows: Array<{ villageCode: string; year: number; population: number }>, source: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('region_population')
      .values(rows.slice(i, i + BATCH).map((r) => ({ county_code: r.villageCode.slice(0, 6), region_code: r.villageCode, year: r.year, rural_population: r.population, source })))
      .onConflict((oc) =>
        oc.columns(['county_code', 'region_code', 'year']).doUpdateSet((eb) => ({ rural_population: eb.ref('excluded.rural_population'), source: eb.ref('excluded.source') })),
      )
      .execute();
  }
}
