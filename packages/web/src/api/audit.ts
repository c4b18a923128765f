import { api, type Page } from './client.ts';

/** One recorded change: who did what to which record, with the record before and after. */
export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  entity?: string | undefined;
  id?: string | undefined;
}

/** A page of audit events, newest first. */
export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  return api.get<Page<AuditEvent>>('/audit', { ...query }, signal);
}
