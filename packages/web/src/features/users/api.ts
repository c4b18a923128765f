import type { Role, UserView } from '@jingzhun/domain';

/** A user account as the admin list shows it. */
export type UserRow = UserView;
import { api, type Page } from '../../shared/api/client.ts';

export type UserSort = 'username' | 'displayName' | 'role' | 'createdAt' | 'lastLoginAt';

export interface UserQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
  role?: Role | undefined;
  region?: string | undefined;
  sort?: UserSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  password: string;
  /** The unit an `aid_unit` account speaks for; absent for every other role. */
  aidUnitId?: string;
}

export type UserChanges = Partial<Pick<UserRow, 'displayName' | 'role' | 'regionCode' | 'active' | 'aidUnitId'>>;

/** A page of users inside the admin's region. */
export function listUsers(query: UserQuery, signal?: AbortSignal): Promise<Page<UserRow>> {
  return api.get<Page<UserRow>>('/users', { ...query }, signal);
}

/** Creates a user who must change the initial password at first sign-in. */
export function createUser(user: NewUser): Promise<UserRow> {
  return api.post<UserRow>('/users', user);
}

/** Changes some fields of a user. */
export function updateUser(id: string, changes: UserChanges): Promise<UserRow> {
  return api.patch<UserRow>(`/users/${encodeURIComponent(id)}`, changes);
}

/** Sets a new password that the user must change at the next sign-in. */
export function resetUserPassword(id: string, newPassword: string): Promise<void> {
  return api.post<void>(`/users/${encodeURIComponent(id)}/password`, { newPassword });
}

/** Lifts the lock after too many failed sign-ins. */
export function unlockUser(id: string): Promise<void> {
  return api.post<void>(`/users/${encodeURIComponent(id)}/unlock`);
}
