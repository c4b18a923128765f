import { type RegionLevel, regionPrefix } from '@jingzhun/domain';
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/*
 * Registered and poor at the end of a year: the same predicates as the statistics' sets (stats/
 * sets.repository.ts), written again here because regions sits below stats (stats reads regions, so
 * regions may not read stats). Change both together: the home page, the exit check and the dashboards
 * must not disagree.
 */

/** Registered (建档立卡) by the end of the year: applicants and households removed from the registry never count. */
function registered(year: number) {
  return sql<SqlBool>`(h.status NOT IN ('removed', 'candidate') AND h.year_registered <= ${year})`;
}

/** Still poor at the end of the year: not exited by then, or returned to poverty since. */
function poorAt(year: number) {
  return sql<SqlBool>`(${registered(year)} AND (h.year_exited IS NULL OR h.year_exited > ${year} OR coalesce(h.year_returned <= ${year}, false)))`;
}

/** One region by code. */
export function findRegion(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** The counties a region covers (itself when it is a county or below). */
export async function countiesOf(db: Kysely<DB>, code: string): Promise<string[]> {
  const prefix = regionPrefix(code);
  if (prefix.length >= 6) return [prefix.slice(0, 6)];
  const rows = await db.selectFrom('region').select('code').where('level', '=', 3).where('code', 'like', `${prefix}%`).orderBy('code').execute();
  return rows.map((r) => r.code);
}

/** Several regions by code (for paths), in no particular order. */
export function findRegions(db: Kysely<DB>, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('region').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
}

/** The children of a region with how many children each has, in code order. */
export function listChildren(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('region as r')
    .select(['r.code', 'r.name', 'r.level'])
    .select((eb) =>
      eb
        .selectFrom('region as c')
        .whereRef('c.parent_code', '=', 'r.code')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('child_count'),
    )
    .where('r.parent_code', '=', code)
    .orderBy('r.code')
    .execute();
}

/** Counts the nodes of one level below a region. */
export async function countDescendants(db: Kysely<DB>, code: string, level: RegionLevel): Promise<number> {
  const row = await db
    .selectFrom('region')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('code', 'like', `${regionPrefix(code)}%`)
    .where('level', '=', level)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Townships and villages under each child of a region, keyed by the child's code. */
export async function countDescendantsByChild(db: Kysely<DB>, code: string, childLength: number) {
  // A literal, not a parameter: the grouped expression must be the selected one, and two parameters
  // are never equal expressions to PostgreSQL.
  const key = sql<string>`substr(code, 1, ${sql.lit(Math.trunc(childLength))})`;
  const rows = await db
    .selectFrom('region')
    .select([
      key.as('key'),
      (eb) => eb.fn.countAll<string>().filterWhere('level', '=', 4).as('townships'),
      (eb) => eb.fn.countAll<string>().filterWhere('level', '=', 5).as('villages'),
    ])
    .where('code', 'like', `${regionPrefix(code)}%`)
    .where('level', '>=', 4)
    .groupBy(key)
    .execute();
  return new Map(rows.map((r) => [r.key, { townships: Number(r.townships), villages: Number(r.villages) }]));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Regions inside a scope whose name contains the text or whose pinyin initials start with it. */
export async function searchRegions(
  db: Kysely<DB>,
  scopeCode: string,
  q: string,
  page: number,
  pageSize: number,
) {
  const text = q.trim();
  const initials = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  let query = db.selectFrom('region').where('code', 'like', `${regionPrefix(scopeCode)}%`);
  query = query.where((eb) => {
    const any = [eb('name', 'like', `%${escapeLike(text)}%`)];
    if (/^[a-z]+$/i.test(text)) any.push(eb('name_initials', 'like', `${escapeLike(initials)}%`));
    if (/^\d+$/.test(text)) any.push(eb('code', 'like', `${text}%`));
    return eb.or(any);
  });
  const [items, total] = await Promise.all([
    query
      .select(['code', 'name', 'level', 'parent_code'])
      // Higher levels first: "田东" should offer the county before its villages.
      .orderBy('level')
      .orderBy('code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export interface RegionFigures {
  key: string;
  households: number;
  persons: number;
  poorHouseholds: number;
  poorPersons: number;
  ruralPopulation: number | null;
}

/**
 * Registry figures of a region for a year, grouped by the child node each household lies in when
 * `groupLength` is given (the code length of the children), else for the region as a whole.
 * A household counts as registered and as poor by the statistics' own sets (the predicates above), so the home
 * page, the exit check and the dashboards cannot disagree.
 */
export async function regionFigures(
  db: Kysely<DB>,
  code: string,
  year: number,
  groupLength: number | null,
): Promise<RegionFigures[]> {
  const prefix = `${regionPrefix(code)}%`;
  const key = groupLength === null ? sql<string>`''` : sql<string>`substr(h.village_code, 1, ${groupLength})`;
  const popKey = groupLength === null ? sql<string>`''` : sql<string>`substr(p.region_code, 1, ${groupLength})`;
  const result = await sql<{
    key: string;
    households: string;
    persons: string;
    poor_households: string;
    poor_persons: string;
    rural_population: string | null;
  }>`
    WITH hh AS (
      SELECT ${key} AS key, h.county_code, h.id, ${poorAt(year)} AS poor
      FROM household h
      WHERE h.village_code LIKE ${prefix} AND ${registered(year)}
    ), counted AS (
      SELECT hh.key, count(*) AS households,
             count(*) FILTER (WHERE hh.poor) AS poor_households,
             coalesce(sum(m.n), 0) AS persons,
             coalesce(sum(m.n) FILTER (WHERE hh.poor), 0) AS poor_persons
      FROM hh
      LEFT JOIN (SELECT county_code, household_id, count(*) AS n FROM member GROUP BY 1, 2) m
        ON m.county_code = hh.county_code AND m.household_id = hh.id
      GROUP BY hh.key
    ), pop AS (
      SELECT ${popKey} AS key, sum(p.rural_population) AS rural_population
      FROM region_population p
      JOIN region r ON r.code = p.region_code AND r.level = 5
      WHERE p.region_code LIKE ${prefix} AND p.year = ${year}
      GROUP BY 1
    )
    SELECT coalesce(c.key, pop.key) AS key,
           coalesce(c.households, 0) AS households, coalesce(c.persons, 0) AS persons,
           coalesce(c.poor_households, 0) AS poor_households, coalesce(c.poor_persons, 0) AS poor_persons,
           pop.rural_population
    FROM counted c FULL JOIN pop ON pop.key = c.key
  `.execute(db);
  return result.rows.map((r) => ({
    key: r.key,
    households: Number(r.households),
    persons: Number(r.persons),
    poorHouseholds: Number(r.poor_households),
    poorPersons: Number(r.poor_persons),
    ruralPopulation: r.rural_population === null ? null : Number(r.rural_population),
  }));
}

/** The years for which a region has rural population figures. */
export async function populationYears(db: Kysely<DB>, code: string): Promise<number[]> {
  const rows = await db
    .selectFrom('region_population')
    .select('year')
    .distinct()
    .where('region_code', 'like', `${regionPrefix(code)}%`)
    .orderBy('year')
    .execute();
  return rows.map((r) => r.year);
}

/** The codes of every region loaded so far. */
export async function listRegionCodes(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('region').select('code').execute()).map((r) => r.code);
}

/** How many regions each level holds. */
export function countRegionsByLevel(db: Kysely<DB>) {
  return db
    .selectFrom('region')
    .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('level')
    .execute();
}
