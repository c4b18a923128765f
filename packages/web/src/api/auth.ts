import type { Me } from '@jingzhun/domain';

export type { Me, RegionRef } from '@jingzhun/domain';
import { api, ApiError, request } from './client.ts';

/** Signs in; the server sets the session cookie. */
export async function login(username: string, password: string): Promise<Me> {
  const body = await request<{ user: Me }>('POST', '/auth/login', { body: { username, password }, quiet401: true });
  return body.user;
}

/** Ends the session. */
export function logout(): Promise<void> {
  return request<void>('POST', '/auth/logout', { body: {}, quiet401: true });
}

/** The signed-in user, or null when there is no valid session. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const body = await request<{ user: Me }>('GET', '/auth/me', { quiet401: true, ...(signal ? { signal } : {}) });
    return body.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Changes the signed-in user's own password. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>('/auth/password', { currentPassword, newPassword });
}
