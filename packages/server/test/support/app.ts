import type { Role } from '@jingzhun/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/kernel/db/database.ts';
import { hashPassword } from '../../src/features/auth/password.ts';
import type { UploadLimits } from '../../src/kernel/uploads/limits.ts';

export const TEST_PASSWORD = 'test-pass-2026';

/** Builds the app on a test database with the settings tests expect. */
export function testApp(
  database: Database,
  overrides: {
    bodyLimit?: number;
    sessionHours?: number;
    trustProxy?: boolean | number | string[];
    uploads?: Partial<UploadLimits>;
    signInLimit?: number;
  } = {},
) {
  return buildApp({
    database,
    version: 'test',
    config: {
      JINGZHUN_SESSION_HOURS: overrides.sessionHours ?? 12,
      JINGZHUN_BODY_LIMIT: overrides.bodyLimit ?? 1_048_576,
      JINGZHUN_SECURE_COOKIE: false,
      // Every test signs in from the same address: the per-address limit is tested with its own app.
      JINGZHUN_SIGNIN_LIMIT: overrides.signInLimit ?? 100_000,
      ...(overrides.trustProxy !== undefined ? { JINGZHUN_TRUST_PROXY: overrides.trustProxy } : {}),
      ...(overrides.uploads ? { uploads: overrides.uploads } : {}),
    },
  });
}

let passwordHash: Promise<string> | undefined;

/** Inserts a user directly (fixtures are not what is under test), returning its id. */
export async function addUser(
  database: Database,
  username: string,
  role: Role,
  regionCode: string,
  extra: { mustChangePassword?: boolean; active?: boolean } = {},
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const row = await database.db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      role,
      region_code: regionCode,
      password_hash: await passwordHash,
      must_change_password: extra.mustChangePassword ?? false,
      active: extra.active ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A client for one signed-in user: its requests carry the session cookie. */
export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  cookie: string;
}

/** Signs in through the API and returns a client carrying the session. */
export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jz_session');
  if (!cookie) throw new Error('no session cookie');
  const headers = { cookie: `jz_session=${cookie.value}` };
  return {
    cookie: cookie.value,
    get: (url, extra = {}) => app.inject({ method: 'GET', url, headers: { ...headers, ...extra } }),
    post: (url, body, extra = {}) =>
      app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => app.inject({ method: 'PATCH', url, headers, payload: body as object }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers }),
  };
}
