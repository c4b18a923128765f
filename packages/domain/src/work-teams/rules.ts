import type { Labels } from '../kernel/labels.ts';

// Resident work teams (驻村工作队): see visits/rules.ts, whose messages name their rules too.

/** Who a member of a work team is. */
export const TEAM_ROLES = {
  first_secretary: { 'zh-CN': '第一书记', en: 'First secretary' },
  leader: { 'zh-CN': '队长', en: 'Team leader' },
  member: { 'zh-CN': '队员', en: 'Member' },
} as const satisfies Record<string, Labels>;
export type TeamRole = keyof typeof TEAM_ROLES;

/** The number of days in a month given as `YYYY-MM`. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
