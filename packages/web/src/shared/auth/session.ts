import type { Me } from '@jingzhun/domain';

export type { Me, RegionRef } from '@jingzhun/domain';
import { ApiError, request } from '../api/client.ts';

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
