import type { Lang, RegionLevel, Role } from '@jingzhun/domain';

/** The signed-in user as every route sees it. */
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

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    lang: Lang;
    /** Set when the session cookie named a session that has expired. */
    sessionExpired: boolean;
  }
}
