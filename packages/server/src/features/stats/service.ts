import {
  ASSISTANCE_DEFAULTS,
  daysBefore,
  type Lang,
  lineFor,
  type RegionRef,
  type StatsOverview,
  todayInChina,
  yearInChina,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { effectiveProfile } from '../standards/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { CHILD_CODE_LENGTH, childRegions, getVisibleRegion, regionPath } from '../regions/service.ts';
import {
  alertFigures,
  benefitFigures,
  incomeFigures,
  incomeSeries,
  measureFigures,
  multidimensionalFigures,
  procedureFigures,
  registryCounts,
  ruralPopulation,
  scopeOf,
  visitFigures,
  yearsWithData,
} from './figures.service.ts';
import type { SetContext } from './sets.repository.ts';
import { findSnapshot, saveSnapshot } from './repository.ts';
import { assemble } from './presenter.ts';

/**
 * A region the user may read statistics of, and the year checked against the years with data: a region
 * outside the user's is refused as outside their scope, a year without data names the years there are.
 */
export async function statRegionAndYear(db: Db, user: SessionUser, code: string, year: number | undefined) {
  const region = await getVisibleRegion(db, user, code);
  const found = await yearsWithData(db, scopeOf(region.code, null));
  // A region with nothing registered yet still has this year, all of it zero.
  const years = found.length > 0 ? found : [yearInChina()];
  const latestComplete = years.filter((y) => y < yearInChina()).at(-1) ?? years.at(-1);
  const chosen = year ?? latestComplete ?? yearInChina();
  if (!years.includes(chosen)) throw new AppError('year_out_of_range', { field: 'year', year: chosen, available: years });
  return { region, years, year: chosen };
}

/** What the sets of a region's year depend on: its lines, the day visits are judged on, the AF weights. */
export async function setContextFor(db: Db, regionCode: string, year: number) {
  // Profiles stop at the county: the county's is every township's and village's.
  const profile = await effectiveProfile(db, regionCode.length > 6 ? regionCode.slice(0, 6) : regionCode, decisionDate(year));
  const today = todayInChina();
  const asOf = `${year}-12-31` < today ? `${year}-12-31` : today;
  const interval = (profile.assistance ?? ASSISTANCE_DEFAULTS).visitIntervalDays;
  const ctx: SetContext = {
    year,
    povertyLine: lineFor(profile, 'poverty', year)?.value ?? null,
    monitoringLine: lineFor(profile, 'monitoring', year)?.value ?? null,
    asOf,
    cutoff: daysBefore(asOf, interval),
    today,
    weights: profile.multidimensional.weights,
    k: profile.multidimensional.k,
  };
  return { profile, ctx };
}

/** The parts an overview is put together from (see presenter.ts). */
export type OverviewParts = Awaited<ReturnType<typeof gather>>;

/** Reads every part of a region's overview: at once (live), or one after another with progress (a rollup job). */
async function gather(
  db: Db,
  region: { code: string; level: number },
  years: number[],
  y: number,
  progress?: (done: number, total: number) => Promise<void>,
) {
  const childLength = CHILD_CODE_LENGTH[region.level] ?? null;
  const scope = scopeOf(region.code, childLength);
  const whole = scopeOf(region.code, null);
  const { profile, ctx } = await setContextFor(db, region.code, y);
  const tasks = {
    path: () => regionPath(db, region.code),
    children: () => (childLength === null ? Promise.resolve([]) : childRegions(db, region.code)),
    registry: () => registryCounts(db, scope, y, years),
    population: () => ruralPopulation(db, scope, years),
    income: () => incomeFigures(db, scope, ctx),
    incomeTrend: () => incomeSeries(db, whole, years),
    measures: () => measureFigures(db, whole, y),
    benefits: () => benefitFigures(db, whole, y),
    visits: () => visitFigures(db, whole, ctx),
    procedures: () => procedureFigures(db, whole, ctx),
    alerts: () => alertFigures(db, whole, y),
    md: () => multidimensionalFigures(db, whole, ctx),
  };
  type Parts = { [K in keyof typeof tasks]: Awaited<ReturnType<(typeof tasks)[K]>> };
  const entries = Object.entries(tasks) as Array<[keyof Parts, () => Promise<unknown>]>;
  const out: Partial<Record<keyof Parts, unknown>> = {};
  if (progress) {
    for (const [i, [key, task]] of entries.entries()) {
      out[key] = await task();
      await progress(i + 1, entries.length);
    }
  } else {
    await Promise.all(entries.map(async ([key, task]) => (out[key] = await task())));
  }
  return { ...(out as Parts), profile, ctx };
}

/** The levels whose figures are read at the request; above them (city, province, country) a rollup job keeps them. */
export const LIVE_FROM_LEVEL = 3;

/**
 * The statistics of a region and year (统计分析): every indicator of issue 7 for the region, its children and
 * its trend, each count with the household list it opens. A county and below are read at the request
 * (`source: live`); a city, a province or the country from the latest rollup of that year (`snapshot`, as of
 * `generatedAt`), or `stats_not_rolled_up` before the first. The multidimensional measure sums the stored
 * assessments and says when they were made and how many households changed since.
 */
export async function statsOverview(db: Db, user: SessionUser, code: string, year: number | undefined, lang: Lang): Promise<StatsOverview> {
  const { region, years, year: y } = await statRegionAndYear(db, user, code, year);
  if (region.level < LIVE_FROM_LEVEL) {
    const snapshot = await findSnapshot(db, region.code, y);
    if (!snapshot) throw new AppError('not_found', { field: 'year', rule: 'stats_not_rolled_up', region: region.code, year: y });
    return (snapshot.body as Record<Lang, StatsOverview>)[lang];
  }
  return assemble(await gather(db, region, years, y), region, years, y, lang, new Date(), 'live');
}

/**
 * Rolls a region's figures of a year up into a snapshot (汇总): the same parts as a live overview, read one
 * after another with progress, kept in both languages with the time they were read.
 */
export async function rollUp(db: Db, region: { code: string; name: string; level: RegionRef['level'] }, year: number, jobId: string, progress: (done: number, total: number) => Promise<void>) {
  const years = await yearsWithData(db, scopeOf(region.code, null));
  const parts = await gather(db, region, years, year, progress);
  const at = new Date();
  const body = { 'zh-CN': assemble(parts, region, years, year, 'zh-CN', at, 'snapshot'), en: assemble(parts, region, years, year, 'en', at, 'snapshot') };
  await saveSnapshot(db, region.code, year, body, at, jobId);
}
