import { z } from 'zod';
import { ROLES } from '../kernel/roles.ts';
import { regionRefSchema } from '../regions/contract.ts';

/** The signed-in user as `/auth/me` and sign-in answer. */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  mustChangePassword: z.boolean(),
  region: regionRefSchema.extend({ path: z.array(regionRefSchema) }),
  /** The unit an aid unit's account speaks for (帮扶单位); null for every other role. */
  aidUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;
