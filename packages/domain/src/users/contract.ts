import { z } from 'zod';
import { ROLES } from '../kernel/roles.ts';

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  /** The unit of an `aid_unit` account; null for other roles. */
  aidUnitId: z.string().nullable(),
  aidUnitName: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;
