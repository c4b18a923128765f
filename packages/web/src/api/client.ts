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
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const error = new ApiError(
      typeof err?.code === 'string' ? err.code : `http_${res.status}`,
      typeof err?.message === 'string' ? err.message : `HTTP ${res.status} ${res.statusText}`,
      res.status,
      err?.details,
    );
    if (res.status === 401 && !options.quiet401) unauthorizedListener?.(error);
    throw error;
  }
  return body as T;
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
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A page of a list as every list endpoint answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
