import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An origin in the form browsers send it (default ports dropped, lower case), or null when it is none. */
function normalOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/** The origin the request was sent to (scheme and host, after trusted proxies). */
export function ownOrigin(request: FastifyRequest): string | null {
  return normalOrigin(`${request.protocol}://${request.host}`);
}

/**
 * Refuses a state-changing request sent from another site: a browser names the page that sent it in
 * `Origin` and says `Sec-Fetch-Site: cross-site`. Requests with neither header (API clients with a token,
 * curl, old browsers on a same-origin form) pass: the session cookie is SameSite=Lax besides.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('cross_site_request', { secFetchSite: site });
  const origin = request.headers.origin;
  if (origin !== undefined && (normalOrigin(origin) === null || normalOrigin(origin) !== ownOrigin(request))) {
    throw new AppError('cross_site_request', { origin });
  }
}
