import { z } from 'zod';
import { endsAfterStart } from '../kernel/periods.ts';
import { daysInMonth, TEAM_ROLES, type TeamRole } from './rules.ts';

const id = (what: string) => z.string().regex(/^\d{1,18}$/, what);
const isoDate = z.iso.date();

/** A resident work team sent to a village for a term, optionally by a unit (派出单位). */
export const workTeamInputSchema = z
  .strictObject({
    villageCode: z.string().regex(/^\d{12}$/, 'a village code'),
    name: z.string().trim().min(2).max(100).optional(),
    unitId: id('a unit id').nullable().optional(),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
  })
  .superRefine(endsAfterStart);
export type WorkTeamInput = z.infer<typeof workTeamInputSchema>;

/** A member of a work team (a member of some unit's staff) for a part of its term. */
export const teamMemberInputSchema = z
  .strictObject({
    staffId: id('a helper id'),
    role: z.enum(Object.keys(TEAM_ROLES) as [TeamRole, ...TeamRole[]]),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
  })
  .superRefine(endsAfterStart);
export type TeamMemberInput = z.infer<typeof teamMemberInputSchema>;

/** Days a member spent in the village in one month (驻村天数), as the team records it. */
export const presenceInputSchema = z
  .strictObject({
    memberId: id('a member id'),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
    days: z.number().int().min(0),
  })
  .superRefine((p, ctx) => {
    if (/^\d{4}-\d{2}$/.test(p.month) && p.days > daysInMonth(p.month)) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: `${p.month} has ${daysInMonth(p.month)} days`, params: { rule: 'days_exceed_month' } });
    }
  });
export type PresenceInput = z.infer<typeof presenceInputSchema>;
