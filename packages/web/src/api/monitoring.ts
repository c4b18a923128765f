import type { AlertSeverity, AlertStateCode, EscalationLevel, FeedKind, Lang, Role } from '@jingzhun/domain';
import { api, API_PREFIX, ApiError, type ApiFile, type Page, requestFile } from './client.ts';

/** How a feed column's cell is read. */
export type FeedColumnType = 'money' | 'int' | 'text' | 'bool' | 'code';

/** A column of a feed file: the field it fills, its usual header, whether it must be there. */
export interface FeedColumnInfo {
  field: string;
  header: string;
  required: boolean;
  type: FeedColumnType;
  /** The words a `code` column accepts. */
  values: string[] | null;
}

/** A kind of feed a department sends, with its columns. */
export interface FeedKindInfo {
  kind: FeedKind;
  label: string;
  columns: FeedColumnInfo[];
}

/** Where a feed stands: `validating` and `writing` run on the server and are watched by polling. */
export type FeedState = 'validating' | 'invalid' | 'validated' | 'writing' | 'done' | 'failed' | 'discarded';

/** The states in which the server still works on a feed. */
export const RUNNING_FEED_STATES: readonly FeedState[] = ['validating', 'writing'];

/** What a feed's rows came to: matched to registered persons, and the alerts they raised once written. */
export interface FeedCounts {
  rows: number;
  matched: number;
  unmatched: number;
  persons: number;
  households: number;
  judged?: number;
  alerts?: number;
  alertsUpdated?: number;
}

/** A department's file as imported. */
export interface Feed {
  id: string;
  kind: FeedKind;
  regionCode: string;
  source: string;
  asOf: string;
  fileName: string;
  state: FeedState;
  /** Validating in name, but waiting for its turn while other uploads are read; its place in line (1 = next). */
  waiting: boolean;
  queuePosition: number | null;
  /** 0 to 1 while validating or writing. */
  progress: number;
  counts: Partial<FeedCounts>;
  errorCount: number;
  /** Why a failed feed failed, in the request's language, and its code. */
  message: string | null;
  messageCode: string | null;
  uploadedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

/** One problem of a feed file: where (any part may be null for the whole file) and what. */
export interface FeedProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  cell: string | null;
  rule: string;
  message: string;
  detail: string | null;
}

/** A feed with its first problems. */
export interface FeedDetail extends Feed {
  errors: FeedProblem[];
}

/** A row of a feed that no registered person of its region matched (the ID masked). */
export interface UnmatchedRow {
  row: number;
  idNumber: string;
  on: string;
  data: Record<string, unknown>;
}

/** What the uploader says about a file besides the file itself. */
export interface FeedUploadFields {
  source: string;
  asOf: string;
  regionCode?: string | undefined;
  /** Field → the header the file gives it, where it differs from the usual one. */
  mapping?: Record<string, string> | undefined;
  /** Headers of the file to leave aside on purpose. */
  ignore?: string[] | undefined;
  /** Write as soon as every row passes, without stopping at the summary. */
  confirm?: boolean | undefined;
}

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

const feedPath = (id: string) => `/feeds/${encodeURIComponent(id)}`;
const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/** The feeds departments send, each with its columns and their usual headers. */
/** A feed's state, progress, counts and first problems. */
export const getFeedKinds = (signal?: AbortSignal) => api.get<FeedKindInfo[]>('/feeds/kinds', undefined, signal);
/** A page of the feeds imported in the user's region, newest first. */
export const listFeeds = (query: { kind?: string | undefined; page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<Feed>>('/feeds', query, signal);
export const getFeed = (id: string, signal?: AbortSignal) => api.get<FeedDetail>(feedPath(id), undefined, signal);
/** Writes a validated feed and raises the alerts its rows call for; the server answers at once and writes in the background. */
export const confirmFeed = (id: string) => api.post<{ id: string; state: FeedState }>(`${feedPath(id)}/confirm`);
/** Discards a validated feed nobody will confirm: its checked rows are dropped, nothing is written. */
export const discardFeed = (id: string) => api.post<Feed>(`${feedPath(id)}/discard`);
/** A page of a written feed's rows that matched no registered person (IDs masked). */
export const listUnmatched = (id: string, query: { page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<UnmatchedRow>>(`${feedPath(id)}/unmatched`, query, signal);
/** The unmatched rows with full IDs, to send back to the department. */
export const downloadUnmatched = (id: string): Promise<ApiFile> => requestFile(`${feedPath(id)}/unmatched.xlsx`);

/** The largest feed file the server accepts. */
export const FEED_MAX_BYTES = 200 * 1024 * 1024;

/**
 * Uploads a department's file with what the uploader says about it. The fields go before the file (the
 * server reads them first); XMLHttpRequest for the upload's progress, which a large file on a slow line needs.
 */
export function uploadFeed(
  kind: FeedKind,
  file: File,
  fields: FeedUploadFields,
  options: { lang: Lang; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<{ id: string; state: FeedState }> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress, lang } = options;
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}/feeds/${encodeURIComponent(kind)}/imports`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', lang);
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
    }
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const settle = () => signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      settle();
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as { id: string; state: FeedState });
        return;
      }
      const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
      reject(
        new ApiError(
          typeof err?.code === 'string' ? err.code : `http_${xhr.status}`,
          typeof err?.message === 'string' ? err.message : `HTTP ${xhr.status} ${xhr.statusText}`,
          xhr.status,
          err?.details,
        ),
      );
    };
    xhr.onerror = () => {
      settle();
      reject(new ApiError('network_error', lang === 'en' ? 'Cannot reach the server; check the network' : '无法连接服务器,请检查网络', 0));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    };
    const form = new FormData();
    form.append('source', fields.source);
    form.append('asOf', fields.asOf);
    if (fields.regionCode) form.append('regionCode', fields.regionCode);
    if (fields.mapping && Object.keys(fields.mapping).length > 0) form.append('mapping', JSON.stringify(fields.mapping));
    if (fields.ignore && fields.ignore.length > 0) form.append('ignore', JSON.stringify(fields.ignore));
    if (fields.confirm) form.append('confirm', 'true');
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

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
