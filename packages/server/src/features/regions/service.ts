import { ancestorCodes, isRegionCode, type RegionRef, type RegionSummary, yearInChina } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { inScope, regionNotFound } from '../../kernel/scope/scope.ts';
import {
  countDescendants,
  countDescendantsByChild,
  findRegion,
  findRegions,
  listChildren,
  populationYears,
  type RegionFigures as Figures,
  regionFigures,
} from './repository.ts';
import * as repository from './repository.ts';

/*
 * The region queries other features need, through this service (a feature never imports another's
 * repository).
 */

/** One region by code. */
export const findRegionByCode = (db: Db, code: string) => repository.findRegion(db, code);
/** The counties a region covers (itself when it is a county or below). */
export const countiesOf = (db: Db, code: string) => repository.countiesOf(db, code);
/** The children of a region with how many children each has, in code order. */
export const childRegions = (db: Db, code: string) => listChildren(db, code);
/** Registry figures of a region for a year, by child node when `groupLength` is given (see regionFigures). */
export const figuresOfRegion = (db: Db, code: string, year: number, groupLength: number | null) => regionFigures(db, code, year, groupLength);
/** Regions inside a scope whose name contains the text or whose pinyin initials start with it. */
export const searchRegionsInScope = (db: Db, scopeCode: string, q: string, page: number, pageSize: number) =>
  repository.searchRegions(db, scopeCode, q, page, pageSize);

/**
 * A region the user may see, or region_not_found: a node outside the user's own region answers
 * exactly as one that does not exist, so codes outside one's scope cannot be probed.
 */
export async function getVisibleRegion(db: Db, user: SessionUser, code: string) {
  if (!isRegionCode(code)) throw new AppError('validation_failed', { field: 'code', rule: 'region_code' });
  const region = code.length > 0 && inScope(user, code) ? await findRegion(db, code) : undefined;
  if (!region) throw regionNotFound('code', code);
  return region;
}

/** The chains of regions from the country down to each code, fetched in one query. */
export async function regionPaths(db: Db, codes: string[]): Promise<Map<string, RegionRef[]>> {
  const chains = new Map(codes.map((c) => [c, ancestorCodes(c)]));
  const rows = await findRegions(db, [...new Set([...chains.values()].flat())]);
  const byCode = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level }]));
  return new Map(
    [...chains].map(([code, chain]) => [code, chain.flatMap((c) => byCode.get(c) ?? [])] as const),
  );
}

/** The chain of regions from the country down to `code`. */
export async function regionPath(db: Db, code: string): Promise<RegionRef[]> {
  return (await regionPaths(db, [code])).get(code) ?? [];
}

/** A region with its path and the number of its children. */
export async function describeRegion(db: Db, user: SessionUser, code: string) {
  const region = await getVisibleRegion(db, user, code);
  const [path, children] = await Promise.all([regionPath(db, code), listChildren(db, code)]);
  return {
    code: region.code,
    name: region.name,
    level: region.level,
    parentCode: region.parent_code,
    path,
    childCount: children.length,
  };
}

/** The code length of a region's children, by the region's level. */
export const CHILD_CODE_LENGTH: Record<number, number> = { 0: 2, 1: 4, 2: 6, 3: 9, 4: 12 };

function summaryOf(figures: Figures | undefined, regionCode: string, year: number, years: number[]) {
  const f = figures ?? { households: 0, persons: 0, poorHouseholds: 0, poorPersons: 0, ruralPopulation: null };
  return {
    regionCode,
    year,
    availableYears: years,
    households: f.households,
    persons: f.persons,
    poorHouseholds: f.poorHouseholds,
    poorPersons: f.poorPersons,
    ruralPopulation: f.ruralPopulation,
    incidence: f.ruralPopulation ? f.poorPersons / f.ruralPopulation : null,
  };
}

/** Resolves the year asked for against the years with data; the latest by default. */
async function resolveYear(db: Db, code: string, year: number | undefined) {
  const years = await populationYears(db, code);
  const latest = years.at(-1) ?? yearInChina();
  const chosen = year ?? latest;
  if (years.length > 0 && !years.includes(chosen)) {
    throw new AppError('year_out_of_range', { field: 'year', available: years });
  }
  return { years, year: chosen };
}

/** The home page's figures for a region and year. */
export async function summarizeRegion(
  db: Db,
  user: SessionUser,
  code: string,
  year?: number,
): Promise<RegionSummary> {
  const region = await getVisibleRegion(db, user, code);
  const resolved = await resolveYear(db, code, year);
  const [figures, townships, villages] = await Promise.all([
    regionFigures(db, code, resolved.year, null),
    countDescendants(db, code, 4),
    countDescendants(db, code, 5),
  ]);
  return {
    ...summaryOf(figures[0], region.code, resolved.year, resolved.years),
    townships: region.level === 4 ? 1 : townships,
    villages: region.level === 5 ? 1 : villages,
  };
}

/** The children of a region, optionally each with its figures for a year (one grouped query). */
export async function childrenOf(
  db: Db,
  user: SessionUser,
  code: string,
  options: { withSummary: boolean; year?: number | undefined },
) {
  const region = await getVisibleRegion(db, user, code);
  const children = await listChildren(db, code);
  const groupLength = CHILD_CODE_LENGTH[region.level];
  if (!options.withSummary || groupLength === undefined) {
    return children.map((c) => ({ code: c.code, name: c.name, level: c.level, childCount: Number(c.child_count) }));
  }
  const resolved = await resolveYear(db, code, options.year);
  const [figures, counts] = await Promise.all([
    regionFigures(db, code, resolved.year, groupLength).then((rows) => new Map(rows.map((f) => [f.key, f]))),
    countDescendantsByChild(db, code, groupLength),
  ]);
  return children.map((c) => ({
    code: c.code,
    name: c.name,
    level: c.level,
    childCount: Number(c.child_count),
    summary: {
      ...summaryOf(figures.get(c.code), c.code, resolved.year, resolved.years),
      townships: c.level === 4 ? 1 : (counts.get(c.code)?.townships ?? 0),
      villages: c.level === 5 ? 1 : (counts.get(c.code)?.villages ?? 0),
    },
  }));
}
