import { z } from 'zod';
import { endsAfterStart } from '../kernel/periods.ts';

const id = (what: string) => z.string().regex(/^\d{1,18}$/, what);
const isoDate = z.iso.date();

/** A place as a phone reports it (WGS-84 degrees, accuracy in metres). */
export const locationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
});

/**
 * A visit to a household: who went (the helpers; a helper signed in is one of them by default), what was
 * seen, the problems found and what was agreed, photos already uploaded as the household's attachments,
 * and, in a campaign, the money or goods given (慰问金).
 */
export const visitInputSchema = z.strictObject({
  householdId: id('a household id'),
  visitedOn: isoDate,
  helperIds: z
    .array(id('a helper id'))
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'a helper is named twice', params: { rule: 'duplicate_helper' } })
    .optional(),
  location: locationSchema.nullable().optional(),
  seen: z.string().trim().min(2).max(2000),
  problems: z.string().trim().max(2000).nullable().optional(),
  agreed: z.string().trim().max(2000).nullable().optional(),
  photoIds: z.array(id('an attachment id')).max(9).optional(),
  campaignId: id('a campaign id').nullable().optional(),
  spent: z.number().min(0).max(1_000_000).multipleOf(0.01).default(0),
});
export type VisitInput = z.input<typeof visitInputSchema>;

/** A unit's visiting campaign in a village or township for some days (seed 001's "扶贫日" activity). */
export const campaignInputSchema = z
  .strictObject({
    unitId: id('a unit id'),
    regionCode: z.string().regex(/^\d{9}$|^\d{12}$/, 'a township or village code'),
    name: z.string().trim().min(2).max(200),
    startsOn: isoDate,
    endsOn: isoDate,
    /** Staff who took part (干部职工), when more went than logged visits. */
    participants: z.number().int().min(0).max(10_000).default(0),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .superRefine(endsAfterStart);
export type CampaignInput = z.input<typeof campaignInputSchema>;

/** People a campaign visited outside the registry (the elderly, students), with what was given. */
export const campaignEntryInputSchema = z.strictObject({
  on: isoDate,
  persons: z.number().int().min(1).max(10_000),
  spent: z.number().min(0).max(100_000_000).multipleOf(0.01).default(0),
  note: z.string().trim().min(2).max(500),
});
export type CampaignEntryInput = z.input<typeof campaignEntryInputSchema>;
