import type { z } from 'zod';

// Periods from a date to a date or open-ended, as pairings, work teams, their members and campaigns run.

/** Refuses a period that ends before it starts, with the rule `ends_before_start`. */
export const endsAfterStart = (p: { startsOn: string; endsOn?: string | null | undefined }, ctx: z.core.$RefinementCtx) => {
  if (p.endsOn && p.endsOn < p.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'ends before it starts', params: { rule: 'ends_before_start' } });
};

/** Whether two periods (end dates inclusive, open ends unbounded) share a day. */
export function periodsOverlap(a: { startsOn: string; endsOn?: string | null }, b: { startsOn: string; endsOn?: string | null }): boolean {
  return (!a.endsOn || a.endsOn >= b.startsOn) && (!b.endsOn || b.endsOn >= a.startsOn);
}
