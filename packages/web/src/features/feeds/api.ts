import type { FeedKind, Lang } from '@jingzhun/domain';
import { api, API_PREFIX, ApiError, type ApiFile, type Page, requestFile } from '../../shared/api/client.ts';

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

const feedPath = (id: string) => `/feeds/${encodeURIComponent(id)}`;

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

