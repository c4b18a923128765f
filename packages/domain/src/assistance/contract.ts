import { z } from 'zod';
import { phoneSchema } from '../households/contract.ts';
import { keys } from '../kernel/labels.ts';
import { endsAfterStart } from '../kernel/periods.ts';
import { regionCodeSchema } from '../kernel/region.ts';
import { AID_UNIT_KINDS, MEASURE_STATUSES, MICROCREDIT_LIMITS } from './rules.ts';

const familyKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a measure family key');

const isoDate = z.iso.date();

/** The date `years` whole years after a date (29 February falls back to 28 February). */
function yearsAfter(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** A measure in a household's plan, as it is entered. */
export const measureInputSchema = z
  .strictObject({
    /** A family of the region's catalogue (checked against it where the household is known). */
    family: familyKey,
    content: z.string().trim().min(2).max(500),
    /** Yuan; zero for measures without money (a job referral, a training place). */
    amount: z.number().min(0).max(100_000_000).multipleOf(0.01).default(0),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
    /** The helper answerable for it (帮扶责任人), by staff id. */
    helperId: z.string().regex(/^\d{1,18}$/, 'a helper id').nullable().optional(),
    status: z.enum(keys(MEASURE_STATUSES)).default('planned'),
    result: z.string().trim().max(1000).nullable().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.endsOn && m.endsOn < m.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'ends before it starts', params: { rule: 'ends_before_start' } });
    }
    if (m.family === 'finance') {
      if (m.amount > MICROCREDIT_LIMITS.amount) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: `micro-credit is at most ${MICROCREDIT_LIMITS.amount} yuan`, params: { rule: 'microcredit_amount' } });
      }
      if (!m.endsOn) {
        ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'micro-credit has an end date', params: { rule: 'microcredit_term' } });
      } else if (m.endsOn > yearsAfter(m.startsOn, MICROCREDIT_LIMITS.years)) {
        ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `micro-credit runs at most ${MICROCREDIT_LIMITS.years} years`, params: { rule: 'microcredit_term' } });
      }
    }
  });
export type MeasureInput = z.input<typeof measureInputSchema>;

/** An aid unit as it is entered; its region is the office that keeps its record (default: the user's). */
export const aidUnitInputSchema = z.strictObject({
  name: z.string().trim().min(2).max(100),
  kind: z.enum(keys(AID_UNIT_KINDS)),
  regionCode: regionCodeSchema.optional(),
  contact: z.string().trim().max(40).nullable().optional(),
  phone: phoneSchema.nullable().optional(),
});
export type AidUnitInput = z.infer<typeof aidUnitInputSchema>;

/** A member of a unit's staff who helps households (帮扶责任人), optionally with a login. */
export const aidStaffInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  phone: phoneSchema.nullable().optional(),
  position: z.string().trim().max(60).nullable().optional(),
  userId: z.string().regex(/^\d{1,18}$/, 'a user id').nullable().optional(),
});
export type AidStaffInput = z.infer<typeof aidStaffInputSchema>;

/** A period of a pairing: from a date, to a date or open. */
const period = {
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
};

/** A helper paired with a household (结对帮扶). */
export const householdPairingInputSchema = z
  .strictObject({ householdId: z.string().regex(/^\d{1,18}$/, 'a household id'), staffId: z.string().regex(/^\d{1,18}$/, 'a helper id'), ...period })
  .superRefine(endsAfterStart);
export type HouseholdPairingInput = z.infer<typeof householdPairingInputSchema>;

/** A unit paired with a village or township. */
export const unitPairingInputSchema = z
  .strictObject({ regionCode: z.string().regex(/^\d{9}$|^\d{12}$/, 'a township or village code'), ...period })
  .superRefine(endsAfterStart);
export type UnitPairingInput = z.infer<typeof unitPairingInputSchema>;

/** A change to a measure: its progress and result, or a correction, always with a reason. */
export const measurePatchSchema = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  status: z.enum(keys(MEASURE_STATUSES)).optional(),
  result: z.string().trim().max(1000).nullable().optional(),
  endsOn: isoDate.nullable().optional(),
  amount: z.number().min(0).max(100_000_000).multipleOf(0.01).optional(),
  content: z.string().trim().min(2).max(500).optional(),
});
export type MeasurePatch = z.infer<typeof measurePatchSchema>;

/** A benefit delivered to a household (money or its value), with where it came from. */
export const benefitInputSchema = z.strictObject({
  paidOn: isoDate,
  amount: z.number().min(0).max(100_000_000).multipleOf(0.01),
  /** Who paid: a fund, a department, a unit (财政衔接资金, 民政, 帮扶单位). */
  source: z.string().trim().min(2).max(100),
  measureId: z.string().regex(/^\d{1,18}$/, 'a measure id').nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export type BenefitInput = z.infer<typeof benefitInputSchema>;
