import type { Lang } from '@jingzhun/domain';

/** Every API route lives under this prefix. */
export const API_PREFIX = '/api/v1';

/** One invalid field as the server reports it in `details.fields`. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error answered by the API (or a network failure, with code `network_error` and status 0). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The invalid fields of a `validation_failed` answer; empty when there are none. */
  get fieldErrors(): FieldError[] {
    const fields = (this.details as { fields?: unknown } | null | undefined)?.fields;
    if (!Array.isArray(fields)) return [];
    return fields.filter(
      (f): f is FieldError =>
        typeof f === 'object' && f !== null && typeof (f as FieldError).path === 'string' && typeof (f as FieldError).message === 'string',
    );
  }
}

/** Whether a value is an ApiError. */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let currentLang: Lang = 'zh-CN';
let unauthorizedListener: ((error: ApiError) => void) | null = null;

/** Sets the language sent as Accept-Language, so server messages come back in the UI language. */
export function setApiLanguage(lang: Lang): void {
  currentLang = lang;
}

/** Registers the one listener told when a request answers 401 (the session ended under our feet). */
export function onUnauthorized(listener: ((error: ApiError) => void) | null): void {
  unauthorizedListener = listener;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `?a=1&b=2` from the defined, non-empty values of a query object. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not tell the unauthorized listener about a 401 (login and the session probe expect one). */
  quiet401?: boolean;
}

/** Sends one JSON request to the API; resolves with the parsed body (undefined for 204), throws ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}${queryString(options.query)}`, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('network_error', networkMessage(), 0);
  }
  if (res.status === 204) return undefined as T;
  const body = parseJson(await res.text());
  if (!res.ok) throw failed(res.status, res.statusText, body, options.quiet401);
  return body as T;
}

/** The parsed JSON of an answer's text; undefined when empty or not JSON (a proxy's HTML page). */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The ApiError of a failed answer, from its `{error: {code, message, details}}` body when it has one; tells the 401 listener. */
function failed(status: number, statusText: string, body: unknown, quiet401 = false): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const error = new ApiError(
    typeof err?.code === 'string' ? err.code : `http_${status}`,
    typeof err?.message === 'string' ? err.message : `HTTP ${status} ${statusText}`,
    status,
    err?.details,
  );
  if (status === 401 && !quiet401) unauthorizedListener?.(error);
  return error;
}

/** A file answered by the API, with the name its Content-Disposition gives (null when it gives none). */
export interface ApiFile {
  blob: Blob;
  fileName: string | null;
}

/**
 * The file name of a Content-Disposition header: the RFC 5987 `filename*=UTF-8''…` first (Chinese
 * names travel only there), the plain `filename="…"` otherwise.
 */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  return plain?.[1] ?? plain?.[2] ?? null;
}

/** Downloads a file (a workbook) with the session; throws ApiError like `request`. */
export async function requestFile(path: string, query?: Query, signal?: AbortSignal): Promise<ApiFile> {
  const init: RequestInit = { headers: { 'Accept-Language': currentLang }, credentials: 'same-origin' };
  if (signal) init.signal = signal;
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}${queryString(query)}`, init);
    if (!res.ok) throw failed(res.status, res.statusText, parseJson(await res.text()));
    return { blob: await res.blob(), fileName: dispositionFileName(res.headers.get('Content-Disposition')) };
  } catch (e) {
    if (e instanceof ApiError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
    throw new ApiError('network_error', networkMessage(), 0);
  }
}

/**
 * Uploads one file as the multipart/form-data field `field` and resolves with the parsed JSON answer;
 * throws ApiError like `request`. XMLHttpRequest rather than fetch: only it reports upload progress,
 * which a 20 MB workbook on a village's mobile connection needs.
 */
export function uploadFile<T>(
  path: string,
  field: string,
  file: Blob,
  options: { fileName?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLang);
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
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(failed(xhr.status, xhr.statusText, body));
    };
    xhr.onerror = () => {
      settle();
      reject(new ApiError('network_error', networkMessage(), 0));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    };
    const form = new FormData();
    form.append(field, file, options.fileName ?? (file instanceof File ? file.name : 'upload'));
    xhr.send(form);
  });
}

function networkMessage(): string {
  return currentLang === 'en' ? 'Cannot reach the server; check the network' : '无法连接服务器,请检查网络';
}

/** Short-hands for the HTTP methods. */
export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A page of a list as every list endpoint answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
