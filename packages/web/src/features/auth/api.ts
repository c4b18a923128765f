import type { Me } from '@jingzhun/domain';
import { api, request } from '../../shared/api/client.ts';

/** Signs in; the server sets the session cookie. */
export async function login(username: string, password: string): Promise<Me> {
  const body = await request<{ user: Me }>('POST', '/auth/login', { body: { username, password }, quiet401: true });
  return body.user;
}

/** Changes the signed-in user's own password. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>('/auth/password', { currentPassword, newPassword });
}
