import type { RegionLevel, Role } from '@jingzhun/domain';

/** The signed-in user as every route and service sees it: who acts, with what role, over which region. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionLevel: RegionLevel;
  mustChangePassword: boolean;
  /** The unit an `aid_unit` account speaks for; null for other roles (and an aid unit's account not yet given one). */
  aidUnitId: string | null;
  via: 'session' | 'token';
}
