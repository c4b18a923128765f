import type { Lang } from '@jingzhun/domain';
import type { SessionUser } from '../scope/actor.ts';

export type { SessionUser };

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    lang: Lang;
    /** Set when the session cookie named a session that has expired. */
    sessionExpired: boolean;
  }
}
