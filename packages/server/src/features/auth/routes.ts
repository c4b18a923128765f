import { meSchema } from '@jingzhun/domain';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireUser, SESSION_COOKIE } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { changePassword, describeMe, type FailureCounter, LOCKOUT, login, logout } from './service.ts';
import { apiTokenRoutes } from './tokens.routes.ts';

/** Sign-ins and password changes one client address may send per window, whatever their outcome. */
export const SIGN_IN_WINDOW_MINUTES = 15;
export const DEFAULT_SIGN_IN_LIMIT = 30;

/** Sign-in with a session cookie, sign-out, who am I, password change and API tokens. */
export function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const settings = { sessionHours: deps.config.JINGZHUN_SESSION_HOURS };
  // Per client address (request.ip, after the proxies JINGZHUN_TRUST_PROXY names), with Retry-After.
  const perAddress = {
    rateLimit: { max: deps.config.JINGZHUN_SIGNIN_LIMIT ?? DEFAULT_SIGN_IN_LIMIT, timeWindow: SIGN_IN_WINDOW_MINUTES * 60_000 },
  };
  // Wrong passwords per account and address: guessing at an account stops the guesser, not its owner.
  const wrongPasswords = app.createRateLimit({
    max: LOCKOUT.attempts,
    timeWindow: LOCKOUT.minutes * 60_000,
    keyGenerator: (request) => `${request.ip}|${accountOf(request)}`,
  });
  const failuresOf = (request: FastifyRequest): FailureCounter => ({
    async blockedFor() {
      const status = await wrongPasswords(request, { increment: false });
      return !status.isAllowed && status.remaining === 0 ? Math.max(1, status.ttlInSeconds) : 0;
    },
    async count() {
      await wrongPasswords(request);
    },
  });

  r.post(
    '/auth/login',
    {
      config: perAddress,
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an httpOnly session cookie',
        body: z.strictObject({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(128) }),
        response: { 200: z.object({ user: meSchema }) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const { secret, userId, expiresAt } = await login(db, settings, username, password, request.id, failuresOf(request));
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        // Secure whenever the sign-in came over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto).
        secure: deps.config.JINGZHUN_SECURE_COOKIE || request.protocol === 'https',
        expires: expiresAt,
      });
      return { user: await describeMe(db, userId) };
    },
  );

  r.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await logout(db, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get(
    '/auth/me',
    { preValidation: guard(undefined, { allowPasswordChange: true }), schema: { tags: ['auth'], summary: 'The signed-in user, role and region', response: { 200: z.object({ user: meSchema }) } } },
    async (request) => ({ user: await describeMe(db, requireUser(request, { allowPasswordChange: true }).id) }),
  );

  r.post(
    '/auth/password',
    {
      config: perAddress,
      preValidation: guard(undefined, { allowPasswordChange: true }),
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions and your API tokens end',
        body: z.strictObject({ currentPassword: z.string().min(1).max(128), newPassword: z.string().max(128) }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request, { allowPasswordChange: true });
      await changePassword(
        db,
        user,
        request.body.currentPassword,
        request.body.newPassword,
        request.cookies[SESSION_COOKIE],
        request.id,
        failuresOf(request),
      );
      return reply.status(204).send();
    },
  );

  apiTokenRoutes(app, deps);
}

/** Whose password a request tries: the signed-in user's, or the username a sign-in names (any case). */
function accountOf(request: FastifyRequest): string {
  if (request.user) return `user:${request.user.id}`;
  const body = request.body as { username?: unknown } | undefined;
  return `name:${String(body?.username ?? '').trim().toLowerCase()}`;
}
