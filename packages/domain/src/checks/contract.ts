import { z } from 'zod';
import { residentIdSchema } from '../feeds/contract.ts';
import { regionCodeSchema } from '../kernel/region.ts';
import { KIN_RELATIONS, type KinRelation } from './rules.ts';

export const relativeInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  idNumber: residentIdSchema,
  relation: z.enum(Object.keys(KIN_RELATIONS) as [KinRelation, ...KinRelation[]]),
});
export type RelativeInput = z.output<typeof relativeInputSchema>;

const id = z.string().regex(/^\d{1,18}$/, 'an id');

/** A relative as registered: whose (a user, a member of aid staff, or, naming neither, oneself) and who. */
export const relativeCreateSchema = relativeInputSchema
  .extend({ userId: id.optional(), staffId: id.optional() })
  .superRefine((v, ctx) => {
    if (v.userId !== undefined && v.staffId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['staffId'], message: 'name a user or a member of staff, not both', params: { rule: 'one_owner' } });
    }
  });
export type RelativeCreate = z.output<typeof relativeCreateSchema>;

/** Whose relatives to list: one's own when neither is named. */
export const relativeQuerySchema = z.strictObject({ userId: id.optional(), staffId: id.optional() });

/** One's own resident ID (null clears it): relatives are also found through the household it is registered in. */
export const idNumberUpdateSchema = z.strictObject({ idNumber: residentIdSchema.nullable() });

const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };

/** `?region=&page=&pageSize=` of the conflicts audit. */
export const conflictQuerySchema = z.strictObject({ region: regionCodeSchema.optional(), ...page });

/** `?region=&year=&page=&pageSize=` of the fairness audit; the year defaults to the last whole one. */
export const fairnessQuerySchema = z.strictObject({ region: regionCodeSchema.optional(), year: z.coerce.number().int().optional(), ...page });
