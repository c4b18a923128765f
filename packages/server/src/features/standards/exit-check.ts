import { exitThresholdFor, type ResolvedProfile, WATER_ASPECTS, type WaterAspect } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { CHILD_CODE_LENGTH, childRegions, figuresOfRegion, getVisibleRegion } from '../regions/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { effectiveProfile } from './service.ts';
import { countExitedUnsafe } from './repository.ts';

/**
 * Exited households of a region (by child node) and how many of them fail the profile's 两不愁三保障 and
 * water standard on the data held today: a village or county exits only when its exited households
 * really meet the standard, not on incidence alone.
 */
async function exitedStandard(db: Db, code: string, year: number, groupLength: number | null, profile: ResolvedProfile) {
  const housing = profile.criteria.find((c) => c.test === 'housing_safe');
  const grades = housing && 'acceptedGrades' in housing ? housing.acceptedGrades : ['A', 'B'];
  const water = profile.criteria.find((c) => c.test === 'water_safe');
  const aspects: readonly WaterAspect[] = water && 'aspects' in water ? water.aspects : WATER_ASPECTS;
  const rows = await countExitedUnsafe(db, code, year, groupLength, grades, aspects);
  return new Map(rows.map((r) => [r.key, { exited: Number(r.exited), unsafe: Number(r.unsafe) }]));
}

/**
 * Whether a region and each of its children meet the exit standard for villages and counties in a year:
 * poverty incidence below the profile's threshold (2%, 3% in the west) and every exited household
 * meeting 两不愁三保障 and safe water. Incidence is unknown without the rural population of the year.
 */
export async function exitCheck(db: Db, user: SessionUser, code: string, year: number) {
  const region = await getVisibleRegion(db, user, code);
  const groupLength = CHILD_CODE_LENGTH[region.level] ?? null;
  const profileCode = region.code;
  const profile = await effectiveProfile(db, profileCode, decisionDate(year));
  const [own, byChild, children, ownStandard, childStandard] = await Promise.all([
    figuresOfRegion(db, region.code, year, null),
    groupLength === null ? Promise.resolve([]) : figuresOfRegion(db, region.code, year, groupLength),
    groupLength === null ? Promise.resolve([]) : childRegions(db, region.code),
    exitedStandard(db, region.code, year, null, profile),
    groupLength === null ? Promise.resolve(new Map<string, { exited: number; unsafe: number }>()) : exitedStandard(db, region.code, year, groupLength, profile),
  ]);
  const figures = new Map(byChild.map((f) => [f.key, f]));
  const row = (
    node: { code: string; name: string; level: number },
    f: { poorPersons: number; ruralPopulation: number | null } | undefined,
    standard: { exited: number; unsafe: number } | undefined,
  ) => {
    const threshold = exitThresholdFor(profile, node.code);
    const poorPersons = f?.poorPersons ?? 0;
    const rural = f?.ruralPopulation ?? null;
    const incidence = rural && rural > 0 ? poorPersons / rural : null;
    const meetsIncidence = incidence === null ? null : incidence < threshold;
    const exitedUnsafe = standard?.unsafe ?? 0;
    return {
      code: node.code,
      name: node.name,
      level: node.level,
      poorPersons,
      ruralPopulation: rural,
      incidence,
      threshold,
      meetsIncidence,
      exitedHouseholds: standard?.exited ?? 0,
      exitedUnsafe,
      meets: meetsIncidence === null ? null : meetsIncidence && exitedUnsafe === 0,
    };
  };
  return {
    year,
    profileBasis: profile.basis,
    region: row(region, own[0], ownStandard.get('')),
    children: children.map((c) => row(c, figures.get(c.code), childStandard.get(c.code))),
  };
}
