import type { AuditEvent } from '@jingzhun/domain';
import { api, type Page } from '../../shared/api/client.ts';

export type { AuditEvent } from '@jingzhun/domain';

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
