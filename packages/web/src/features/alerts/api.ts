import type { AlertSeverity, AlertStateCode, EscalationLevel, Role } from '@jingzhun/domain';
import { api, type ApiFile, type Page, requestFile } from '../../shared/api/client.ts';

/** An alert raised on a household: by a rule over a feed or a scan, a self-report or a visit. */
export interface Alert {
  id: string;
  householdId: string;
  householdNo: string;
  headName: string;
  householdStatus: string;
  monitoringCategory: string | null;
  villageCode: string;
  villageName: string;
  rule: string;
  ruleLabel: string;
  severity: AlertSeverity;
  /** The member concerned (ID masked), for rules about a member. */
  subject: string | null;
  period: string;
  /** The figures the rule decided on. */
  evidence: Record<string, unknown>;
  origin: 'feed' | 'scan' | 'self_report' | 'visit';
  feedId: string | null;
  state: AlertStateCode;
  assignee: { id: string; name: string | null } | null;
  raisedOn: string;
  dueOn: string;
  overdue: boolean;
  escalation: EscalationLevel;
  /** Who must act now: the assignee by name, or the roles of the level it waits on; null once closed. */
  mustAct: { user: string | null; roles: Role[] } | null;
  procedureId: string | null;
  resolution: string | null;
  closedOn: string | null;
}

/** One step of an alert's triage, with the fields of the action it records. */
export interface AlertHistoryEntry {
  action: string;
  at: string;
  by: { id: string; name: string; role: Role };
  [field: string]: unknown;
}

export interface AlertDetail extends Alert {
  history: AlertHistoryEntry[];
}

/** The filters of the alert list (and of its export). */
export interface AlertQuery {
  region?: string | undefined;
  state?: string | undefined;
  rule?: string | undefined;
  severity?: string | undefined;
  overdue?: 'true' | undefined;
  escalation?: EscalationLevel | undefined;
  assignee?: string | undefined;
  householdId?: string | undefined;
  q?: string | undefined;
  sort?: 'due_on' | 'raised_on' | 'severity' | undefined;
}

/** Someone an alert may be assigned to. */
export interface Assignee {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
}

/** What someone does with an alert. */
export type AlertActionInput =
  | { action: 'assign'; assigneeId: string; note?: string }
  | { action: 'verify'; visitedOn: string; findings: string; confirmed: boolean }
  | { action: 'dismiss'; reason: string }
  | { action: 'open_procedure'; openedOn?: string; note?: string }
  | { action: 'handled'; note: string };

/** A scan of a region's households for a year. */
export interface ScanStatus {
  id: string;
  region: string;
  year: number;
  state: 'running' | 'done' | 'failed';
  progress: number;
  judged: number;
  raised: number;
  updated: number;
  message: string | null;
}

/** What waits on the user in monitoring (and the procedure steps, counted). */
export interface MonitoringInbox {
  alerts: { waiting: number; overdue: number; assigned: number; escalated: number; items: Alert[] };
  selfReports: { open: number };
  steps: { waiting: number; overdue: number };
}

export type SelfReportState = 'open' | 'linked' | 'closed';

/** A hardship reported on the public form. */
export interface SelfReport {
  id: string;
  villageCode: string;
  villageName: string;
  name: string | null;
  phone: string;
  what: string;
  state: SelfReportState;
  alertId: string | null;
  resolution: string | null;
  createdAt: string;
}

/** A village found by the public search. */
export interface PublicVillage {
  code: string;
  name: string;
  /** The names of the regions above it, from the province down. */
  path: string[];
}

const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/** A page of the alerts of a region, pending and most urgent first unless sorted otherwise. */
export const listAlerts = (query: AlertQuery & { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<Alert>>('/alerts', { ...query }, signal);
/** The same list as a workbook, without paging. */
export const exportAlerts = (query: AlertQuery): Promise<ApiFile> => requestFile('/exports/alerts.xlsx', { ...query });
/** One alert with the history of its triage. */
export const getAlert = (id: string, signal?: AbortSignal) => api.get<AlertDetail>(alertPath(id), undefined, signal);
/** Who an alert may be assigned to. */
export const getAssignees = (id: string, signal?: AbortSignal) => api.get<{ items: Assignee[] }>(`${alertPath(id)}/assignees`, undefined, signal);
/** Acts on an alert; answers the alert as it now stands. */
export const actOnAlert = (id: string, action: AlertActionInput) => api.post<AlertDetail>(`${alertPath(id)}/actions`, action);
/** Raises an alert for a risk found on a visit. */
export const raiseAlert = (input: { householdId: string; what: string; visitId?: string }) => api.post<AlertDetail>('/alerts', input);
/** Runs the alert rules over a region's households for a year, in the background. */
export const startScan = (input: { region?: string; year?: number }) => api.post<ScanStatus>('/alerts/scans', input);
/** A scan's progress and what it raised. */
export const getScan = (id: string, signal?: AbortSignal) => api.get<ScanStatus>(`/alerts/scans/${encodeURIComponent(id)}`, undefined, signal);

/** What waits on the user: alerts by urgency, open self-reports, procedure steps. */
export const getMonitoringInbox = (signal?: AbortSignal) => api.get<MonitoringInbox>('/inbox', undefined, signal);

/** A page of the self-reports of a region, open ones first. */
export const listSelfReports = (query: { region?: string | undefined; state?: SelfReportState | undefined; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<SelfReport>>('/self-reports', query, signal);
/** Links a self-report to its household: an alert of its own. */
export const linkSelfReport = (id: string, householdId: string) => api.post<{ alertId: string }>(`/self-reports/${encodeURIComponent(id)}/link`, { householdId });
/** Closes a self-report that needs no alert, with the reason. */
export const closeSelfReport = (id: string, reason: string) => api.post<{ closed: true }>(`/self-reports/${encodeURIComponent(id)}/close`, { reason });

/** Villages by name or pinyin initials, for the public form (no sign-in). */
export const searchPublicVillages = (q: string, signal?: AbortSignal) => api.get<{ items: PublicVillage[] }>('/public/villages', { q }, signal);
/** Files a hardship report from the public form (no sign-in). */
export const filePublicSelfReport = (input: { villageCode: string; name?: string; phone: string; what: string }) =>
  api.post<{ received: true; id: string }>('/public/self-reports', input, { quiet401: true });
