import { isWithinScope, onOneLine } from '@jingzhun/domain';
import { AppError } from '../errors.ts';
import type { SessionUser } from './actor.ts';

/** The answer for a region outside the caller's: the same 404 as for a code that names no region. */
export function regionNotFound(field: string, code: string): AppError {
  return new AppError('region_not_found', { field, code });
}

/**
 * The region a request covers: the one asked for when it lies inside the caller's, else a 404 exactly as
 * for an unknown one (so a foreign region's existence never shows); the caller's own when none is asked.
 * The one rule every route and service uses for a region named in a query, a path or a body.
 */
export function regionInScope(user: Pick<SessionUser, 'regionCode'>, field: string, code: string | undefined): string {
  if (code === undefined) return user.regionCode;
  if (!isWithinScope(code, user.regionCode)) throw regionNotFound(field, code);
  return code;
}

/**
 * Whether a user sees an aid unit: an aid unit's account its own unit only; anyone else a unit kept inside
 * its region or above it (a county's unit paired with a village is seen from the village). `id` may be
 * left out for users who are not an aid unit's account.
 */
export function seesUnit(user: Pick<SessionUser, 'role' | 'regionCode' | 'aidUnitId'>, unit: { id?: string | undefined; regionCode: string }): boolean {
  if (user.role === 'aid_unit') return user.aidUnitId !== null && unit.id === user.aidUnitId;
  return onOneLine(unit.regionCode, user.regionCode);
}

/** Whether a region is inside the user's own region. */
export function inScope(user: SessionUser, regionCode: string): boolean {
  return isWithinScope(regionCode, user.regionCode);
}

/** The region a list or audit covers: the one asked for when it lies inside the user's (else 404), or the user's own. */
export function regionOfRequest(user: SessionUser, region: string | undefined): string {
  return regionInScope(user, 'region', region);
}
