import type { PresenceInput, TeamMemberInput, TeamRole, WorkTeamInput } from '@jingzhun/domain';
import { api } from '../../shared/api/client.ts';

/** A resident work team (驻村工作队) as the list shows it. */
export interface WorkTeam {
  id: string;
  villageCode: string;
  villageName: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  startsOn: string;
  endsOn: string | null;
  firstSecretary: { staffId: string; name: string; phone: string | null } | null;
  members: number;
  shortfallMonths: number;
}

export interface WorkTeamMember {
  id: string;
  staffId: string;
  name: string;
  phone: string | null;
  unitName: string;
  role: TeamRole;
  startsOn: string;
  endsOn: string | null;
  endReason: string | null;
  months: Array<{ month: string; days: number | null; required: boolean; short: boolean }>;
  totalDays: number;
}

export interface WorkTeamDetail extends Omit<WorkTeam, 'members' | 'shortfallMonths'> {
  minDaysInVillage: number;
  year: number;
  members: WorkTeamMember[];
}

export const listWorkTeams = (query: { region?: string; year?: number }, signal?: AbortSignal) => api.get<{ items: WorkTeam[] }>('/work-teams', query, signal);
export const getWorkTeam = (id: string, year: number | undefined, signal?: AbortSignal) =>
  api.get<WorkTeamDetail>(`/work-teams/${encodeURIComponent(id)}`, year ? { year } : undefined, signal);
export const createWorkTeam = (input: WorkTeamInput) => api.post<{ id: string }>('/work-teams', input);
export const addTeamMember = (teamId: string, input: TeamMemberInput) => api.post<{ id: string }>(`/work-teams/${encodeURIComponent(teamId)}/members`, input);
export const endTeamMember = (teamId: string, memberId: string, input: { endsOn: string; reason: string }) =>
  api.post<void>(`/work-teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(memberId)}/end`, input);
export const recordPresence = (teamId: string, input: PresenceInput) => api.put<void>(`/work-teams/${encodeURIComponent(teamId)}/presence`, input);
