import { z } from 'zod';
/**
 * Region codes are the statistical division codes at their natural length: 2 digits for a province,
 * 4 for a city, 6 for a county, 9 for a township, 12 for a village. Padding them all to 12 digits would
 * make some nodes collide (city 4419 东莞市 and its county-level 441900; county 350527 金门县 and its
 * township 350527000), so the natural length is the key and a region's code is the prefix of all its
 * descendants. The whole country is a node of our own with code `CN` and the empty prefix.
 */
export const REGION_LEVELS = [0, 1, 2, 3, 4, 5] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const COUNTRY_CODE = 'CN';

const CODE_LENGTH_BY_LEVEL: Record<RegionLevel, number> = { 0: 0, 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

const LEVEL_NAMES: Record<RegionLevel, { 'zh-CN': string; en: string }> = {
  0: { 'zh-CN': '全国', en: 'Country' },
  1: { 'zh-CN': '省', en: 'Province' },
  2: { 'zh-CN': '市', en: 'City' },
  3: { 'zh-CN': '县', en: 'County' },
  4: { 'zh-CN': '乡', en: 'Township' },
  5: { 'zh-CN': '村', en: 'Village' },
};

/** The name of a level ("县" / "County"). */
export function levelName(level: RegionLevel, lang: 'zh-CN' | 'en'): string {
  return LEVEL_NAMES[level][lang];
}

/** The level of a well-formed code, or null when the code has no valid form. */
export function levelOfCode(code: string): RegionLevel | null {
  if (code === COUNTRY_CODE) return 0;
  if (!/^\d+$/.test(code)) return null;
  const level = REGION_LEVELS.find((l) => l > 0 && CODE_LENGTH_BY_LEVEL[l] === code.length);
  return level ?? null;
}

/** Whether a string is a region code of a valid form (it may still not exist). */
export function isRegionCode(code: string): boolean {
  return levelOfCode(code) !== null;
}

/** The prefix shared by a region and all its descendants. */
export function regionPrefix(code: string): string {
  return code === COUNTRY_CODE ? '' : code;
}

/** The code of the parent node, derived from the code itself. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === null || level === 0) return null;
  if (level === 1) return COUNTRY_CODE;
  return code.slice(0, CODE_LENGTH_BY_LEVEL[(level - 1) as RegionLevel]);
}

/** The codes from the country down to the node itself. */
export function ancestorCodes(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c !== null; c = parentCodeOf(c)) chain.unshift(c);
  return chain;
}

/** The 6-digit county code of a region at county level or below, else null. */
export function countyCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  return level !== null && level >= 3 ? code.slice(0, 6) : null;
}

/** Whether `code` lies inside (or is) the scope node `scopeCode`. */
export function isWithinScope(code: string, scopeCode: string): boolean {
  return code.startsWith(regionPrefix(scopeCode));
}

/** Whether two regions lie on one line of the tree: one is the other, or lies inside it. */
export function onOneLine(a: string, b: string): boolean {
  return isWithinScope(a, b) || isWithinScope(b, a);
}

/** A region code as the API takes it: CN, or 2, 4, 6, 9 or 12 digits. */
export const regionCodeSchema = z.string().regex(/^(CN|\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'a region code (2, 4, 6, 9 or 12 digits)');
