import { isWithinScope } from '@jingzhun/domain';
import { AppError } from '../errors.ts';
import type { SessionUser } from './context.ts';

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
