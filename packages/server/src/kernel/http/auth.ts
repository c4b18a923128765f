import type {} from '@fastify/cookie';
import { type Capability, can } from '@jingzhun/domain';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.repository.ts';
import type { SessionUser } from '../scope/actor.ts';

export const SESSION_COOKIE = 'jz_session';

/** How the guard learns who holds a secret; the auth feature answers, the composition root wires it in. */
export interface CallerResolver {
  byToken(secret: string): Promise<SessionUser | null>;
  bySession(secret: string): Promise<SessionUser | 'expired' | null>;
}

/** Finds who is calling: a bearer token first, else the session cookie. Never throws for anonymous calls. */
export async function identify(callers: CallerResolver, request: FastifyRequest): Promise<void> {
  request.user = null;
  request.sessionExpired = false;
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    request.user = await callers.byToken(header.slice(7).trim());
    if (!request.user) throw new AppError('unauthenticated', { reason: 'invalid_token' });
    return;
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return;
  const result = await callers.bySession(secret);
  if (result === 'expired') request.sessionExpired = true;
  else request.user = result;
}

/**
 * The signed-in user, or a 401. A user who must change an initial password may do only that
 * (and read who they are, and sign out) until they have.
 */
export function requireUser(request: FastifyRequest, options: { allowPasswordChange?: boolean } = {}): SessionUser {
  const user = request.user;
  if (!user) throw new AppError(request.sessionExpired ? 'session_expired' : 'unauthenticated');
  // Tokens too: a token that outlived a reset must not be a way around the forced change.
  if (user.mustChangePassword && !options.allowPasswordChange) {
    throw new AppError('password_change_required');
  }
  return user;
}

/** The signed-in user if their role holds the capability, else a 403. */
export function requireCapability(request: FastifyRequest, capability: Capability): SessionUser {
  const user = requireUser(request);
  if (!can(user.role, capability)) throw new AppError('forbidden', { capability });
  return user;
}

/** The actor of the request, for audit events. */
export function actorOf(request: FastifyRequest, user: SessionUser): Actor {
  return { id: user.id, name: user.username, requestId: request.id };
}

/**
 * A route hook that checks sign-in (and a capability) before the body is validated, so that callers
 * who may not use a route learn nothing about its input rules.
 */
export function guard(capability?: Capability, options: { allowPasswordChange?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    if (capability) requireCapability(request, capability);
    else requireUser(request, options);
  };
}
