import type { Evaluation, ProcedureKind, ProcedureState, ProfileRef, RecordActor, RecordOutcome, Role, StepCode, StepOutcome } from '@jingzhun/domain';
import { api, API_PREFIX, type Page, uploadFile } from '../../shared/api/client.ts';

export type { ProcedureKind, ProcedureState, RecordOutcome, StepCode, StepOutcome } from '@jingzhun/domain';

/** The household of a case as lists show it. */
export interface ProcedureHousehold {
  id: string;
  householdNo: string;
  headName: string;
  villageCode: string;
  villageName: string;
}

/** A row of the case list. */
export interface ProcedureListItem {
  id: string;
  kind: ProcedureKind;
  state: ProcedureState;
  currentStep: StepCode | null;
  stepDueOn: string | null;
  dueOn: string;
  overdue: boolean;
  openedOn: string;
  closedOn: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  household: ProcedureHousehold;
}

export interface ProcedureQuery {
  page: number;
  pageSize: number;
  region?: string | undefined;
  state?: ProcedureState | undefined;
  kind?: ProcedureKind | undefined;
  step?: StepCode | undefined;
  householdId?: string | undefined;
  /** 1: only the steps waiting on the user's role. */
  mine?: 1 | undefined;
  /** 1: only cases past a deadline. */
  overdue?: 1 | undefined;
}

/** An objection to a notice, with who settled it by name. */
export interface ObjectionView {
  id: number;
  filedOn: string;
  text: string;
  by: string | null;
  contact: string | null;
  /** `byName` is absent on the objections kept with a past notice's record. */
  resolution: { text: string; resolvedOn: string; by: RecordActor; byName?: string } | null;
}

/** A notice as it stood when its step was left. */
export interface NoticeSnapshotView {
  startsOn: string;
  endsOn: string;
  attachments: string[];
  objections: ObjectionView[];
}

/** One step taken, with the actor's name. */
export interface StepRecordView {
  step: StepCode;
  outcome: RecordOutcome;
  on: string;
  actor: RecordActor;
  actorName: string;
  payload: Record<string, unknown>;
  attachments: string[];
  comment?: string;
  reason?: string;
  returnTo?: StepCode;
  notice?: NoticeSnapshotView;
}

/** A case as `GET /procedures/:id` answers it. */
export interface ProcedureView {
  id: string;
  kind: ProcedureKind;
  state: ProcedureState;
  currentStep: StepCode | null;
  stepEnteredOn: string;
  openedOn: string;
  closedOn: string | null;
  stepDueOn: string | null;
  dueOn: string;
  overdue: { step: boolean; procedure: boolean; daysOver: number };
  /** Years the open deadlines cross whose holidays the State Council has not published: counted on weekends and statutory holidays only. */
  unpublishedYears: number[];
  /** The roles the current step waits for. */
  mustAct: Role[];
  /** Whether the signed-in user's role may act on the current step. */
  canAct: boolean;
  household: ProcedureHousehold & { status: string };
  noticeDays: number;
  profileBasis: ProfileRef[] | null;
  complaintPhone: string | null;
  /** The alert (预警) a monitoring case was opened from. */
  alert: { id: string; rule: string } | null;
  notice: { startsOn: string; endsOn: string; attachments: string[] } | null;
  objections: ObjectionView[];
  records: StepRecordView[];
}

/** The evaluation a survey or verification keeps in its payload. */
export type StoredEvaluation = Partial<Evaluation>;

/** What a step records, by the fields the forms fill in; the server checks it against the step's schema. */
export type StepPayloadInput = Record<string, unknown>;

export interface StepAction {
  step: StepCode;
  outcome: StepOutcome;
  payload?: StepPayloadInput;
  reason?: string;
  returnTo?: StepCode;
  attachments?: string[];
  comment?: string;
}

export interface NoticeInput {
  startsOn: string;
  endsOn: string;
  attachments?: string[];
  complaintPhone?: string;
}

export interface ObjectionInput {
  text: string;
  filedOn?: string;
  by?: string;
  contact?: string;
}

/** A stored photo or scan. */
export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** One household under a village's public notice, as anyone may read it. */
export interface PublicNoticeItem {
  procedureId: string;
  kind: ProcedureKind;
  householdNo: string;
  headName: string;
  /** Masked: only the region and the last digits show. */
  headIdNumber: string | null;
  members: number;
  startsOn: string;
  endsOn: string;
  /** False for a notice that ended lately and is still shown for late readers. */
  running: boolean;
  complaintPhone: string | null;
}

export interface PublicNotices {
  village: { code: string; name: string };
  today: string;
  items: PublicNoticeItem[];
}

/** The kinds of file the attachments endpoint takes, and its size limit. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const path = (id: string) => `/procedures/${encodeURIComponent(id)}`;

/** Opens a case for a household; answers the case with its first step waiting. */
export function openProcedure(input: { kind: ProcedureKind; householdId: string; openedOn?: string; complaintPhone?: string }): Promise<ProcedureView> {
  return api.post<ProcedureView>('/procedures', input);
}

/** A page of cases inside the user's region, most urgent first. */
export function listProcedures(query: ProcedureQuery, signal?: AbortSignal): Promise<Page<ProcedureListItem>> {
  return api.get<Page<ProcedureListItem>>('/procedures', { ...query }, signal);
}

/** How many steps wait on the user's role, and how many of them are overdue. */
export function getInbox(signal?: AbortSignal): Promise<{ waiting: number; overdue: number }> {
  return api.get<{ waiting: number; overdue: number }>('/procedures/inbox', undefined, signal);
}

/** One case with its records, notice, objections and deadlines. */
export function getProcedure(id: string, signal?: AbortSignal): Promise<ProcedureView> {
  return api.get<ProcedureView>(path(id), undefined, signal);
}

/** Acts on the current step: approves, returns (to `returnTo`, with a reason) or rejects (with a reason). */
export function takeStep(id: string, action: StepAction): Promise<ProcedureView> {
  return api.post<ProcedureView>(`${path(id)}/steps`, action);
}

/** Posts the village public notice of a case. */
export function postNotice(id: string, input: NoticeInput): Promise<ProcedureView> {
  return api.post<ProcedureView>(`${path(id)}/notice`, input);
}

/** Records an objection received while the notice runs. */
export function fileObjection(id: string, input: ObjectionInput): Promise<ProcedureView> {
  return api.post<ProcedureView>(`${path(id)}/objections`, input);
}

/** Records how an objection was looked into and settled. */
export function resolveObjection(id: string, objectionId: number, input: { resolution: string; resolvedOn: string }): Promise<ProcedureView> {
  return api.post<ProcedureView>(`${path(id)}/objections/${objectionId}/resolve`, input);
}

/** Ends a case without a decision. */
export function cancelProcedure(id: string, reason: string): Promise<ProcedureView> {
  return api.post<ProcedureView>(`${path(id)}/cancel`, { reason });
}

/** Stores a photo or scan as evidence for a household; its id goes with the step or notice it proves. */
export function uploadAttachment(householdId: string, file: Blob, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return uploadFile<Attachment>(`/households/${encodeURIComponent(householdId)}/attachments`, 'file', file, {
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** Where a stored photo or scan is served (with the session), for links and thumbnails. */
export function attachmentUrl(id: string): string {
  return `${API_PREFIX}/attachments/${encodeURIComponent(id)}`;
}

/** The public notices of a village; no sign-in. */
export function getPublicNotices(villageCode: string, signal?: AbortSignal): Promise<PublicNotices> {
  return api.get<PublicNotices>(`/public/notices/${encodeURIComponent(villageCode)}`, undefined, signal);
}

/** Files an objection through the public notice page; no sign-in, name and contact optional. */
export function filePublicObjection(villageCode: string, input: { procedureId: string; text: string; by?: string; contact?: string }): Promise<{ received: true }> {
  return api.post<{ received: true }>(`/public/notices/${encodeURIComponent(villageCode)}/objections`, input);
}
