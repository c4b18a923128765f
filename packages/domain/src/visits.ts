import { z } from 'zod';
import type { Lang } from './kernel/roles.ts';

/**
 * The field work of assistance: resident work teams (驻村工作队) with a first secretary and their days in
 * the village, visits to households (入户走访) by the helpers paired with them, and a unit's visiting
 * campaigns (走访慰问活动) whose person-visits and money are summed.
 */

type Labels = Record<Lang, string>;
const id = (what: string) => z.string().regex(/^\d{1,18}$/, what);
const isoDate = z.iso.date();

/** Who a member of a work team is. */
export const TEAM_ROLES = {
  first_secretary: { 'zh-CN': '第一书记', en: 'First secretary' },
  leader: { 'zh-CN': '队长', en: 'Team leader' },
  member: { 'zh-CN': '队员', en: 'Member' },
} as const satisfies Record<string, Labels>;
export type TeamRole = keyof typeof TEAM_ROLES;

const endsAfterStart = (p: { startsOn: string; endsOn?: string | null | undefined }, ctx: z.core.$RefinementCtx) => {
  if (p.endsOn && p.endsOn < p.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'ends before it starts', params: { rule: 'ends_before_start' } });
};

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

/** The number of days in a month given as `YYYY-MM`. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

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

/** Whether a pairing is due for a visit on a date: never visited, or the last visit `interval` days ago or more. */
export function visitDue(lastVisitedOn: string | null, intervalDays: number, today: string): { due: boolean; daysSince: number | null; dueOn: string | null } {
  if (!lastVisitedOn) return { due: true, daysSince: null, dueOn: null };
  const daysSince = Math.round((Date.parse(today) - Date.parse(lastVisitedOn)) / 86_400_000);
  const dueOn = new Date(Date.parse(lastVisitedOn) + intervalDays * 86_400_000).toISOString().slice(0, 10);
  return { due: daysSince >= intervalDays, daysSince, dueOn };
}

/** The date `days` days before a date. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(date) - days * 86_400_000).toISOString().slice(0, 10);
}

/** Messages for the rule codes of work teams, visits and campaigns. */
export const VISIT_RULE_MESSAGES: Record<string, Labels> = {
  before_pairing: { 'zh-CN': '走访日期早于该帮扶责任人与本户结对的日期', en: 'The visit is dated before that helper was paired with the household' },
  visitor_not_paired: { 'zh-CN': '该帮扶责任人当日未与本户结对,也不是本村驻村工作队队员', en: 'That helper was neither paired with the household nor on the village’s work team that day' },
  helpers_required: { 'zh-CN': '请选择参与走访的帮扶责任人', en: 'Name the helpers who visited' },
  duplicate_helper: { 'zh-CN': '同一帮扶责任人重复填写', en: 'A helper is named twice' },
  photo_not_found: { 'zh-CN': '照片不存在或不属于本户', en: 'No photo with that id for this household' },
  campaign_not_found: { 'zh-CN': '走访活动不存在或不在本地', en: 'No campaign with that id here' },
  outside_campaign: { 'zh-CN': '走访日期不在活动期间', en: 'The visit is outside the campaign’s days' },
  days_exceed_month: { 'zh-CN': '天数超过当月天数', en: 'More days than the month has' },
  outside_term: { 'zh-CN': '日期不在工作队任期内', en: 'The dates are outside the team’s term' },
  first_secretary_taken: { 'zh-CN': '同一期间已有第一书记', en: 'The team already has a first secretary for those days' },
  member_overlaps: { 'zh-CN': '该人员同一期间已在本队', en: 'That person is already on the team for those days' },
  team_overlaps: { 'zh-CN': '该村同一期间已有驻村工作队', en: 'The village already has a work team for those days' },
  not_a_member: { 'zh-CN': '不是本队队员', en: 'Not a member of this team' },
  not_your_staff: { 'zh-CN': '帮扶责任人只能登记本人参与的走访', en: 'A helper logs only visits they took part in' },
};
