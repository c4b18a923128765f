import type { Labels } from '../kernel/labels.ts';

/**
 * The field work of assistance: resident work teams (驻村工作队) with a first secretary and their days in
 * the village, visits to households (入户走访) by the helpers paired with them, and a unit's visiting
 * campaigns (走访慰问活动) whose person-visits and money are summed.
 */

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
