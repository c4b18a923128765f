import { ERRORS, type ErrorCode, errorMessage, FIELD_RULE_MESSAGES, type Lang, statusOf } from '@jingzhun/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError } from '../errors.ts';

const zodLocales = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Re-words a zod issue in the request's language (the parse ran before the language was known). */
function localizeIssue(item: ValidationItem, lang: Lang): string {
  const issue = { ...item.params, code: item.keyword, path: [] } as unknown as Parameters<
    (typeof zodLocales)['en']
  >[0];
  const out = zodLocales[lang](issue);
  const text = typeof out === 'string' ? out : out?.message;
  return text ?? item.message ?? item.keyword;
}

function fieldPath(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const parts = instancePath.split('/').filter(Boolean);
  // Unknown keys are reported on the object that holds them: name each key instead.
  const keys = Array.isArray(params.keys) ? (params.keys as string[]) : [];
  const base = parts.join('.');
  const prefix = context && context !== 'body' ? `${context === 'querystring' ? 'query' : context}` : '';
  const join = (...xs: string[]) => xs.filter(Boolean).join('.');
  return keys.length === 1 ? join(prefix, base, keys[0] ?? '') : join(prefix, base);
}

/** The message of a field error in the request's language, from the rule's code where it is ours. */
function fieldMessage(field: FieldError, lang: Lang): string {
  if (field.code in ERRORS) return errorMessage(field.code as ErrorCode, lang);
  const ours = FIELD_RULE_MESSAGES[field.code]?.[lang];
  if (ours) return ours;
  if (field.zod) return localizeIssue({ keyword: String(field.zod.code ?? field.code), instancePath: '', params: field.zod, message: field.message }, lang);
  return field.message;
}

/** Unique indexes and the rule each one holds, for a violation that got past the service's own checks. */
const UNIQUE_RULES: Record<string, { code: ErrorCode; rule: string }> = {
  member_active_id_number_key: { code: 'person_already_registered', rule: 'person_already_registered' },
  member_registered_id_number_key: { code: 'person_already_registered', rule: 'person_already_registered' },
  person_index_pkey: { code: 'person_already_registered', rule: 'person_already_registered' },
  app_user_username_key: { code: 'username_taken', rule: 'username_taken' },
};

/**
 * The last resort for what PostgreSQL refuses that a schema should have caught: a text it cannot
 * store (NUL, a broken byte sequence) is the caller's 400, a duplicate the caller's 409 naming the
 * rule. Never the driver's message nor its `detail`, which quotes the values (ID numbers among them).
 */
function databaseRefusal(error: unknown): { code: ErrorCode; details: Record<string, unknown> } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  // 22021: invalid byte sequence for the encoding (NUL in text); 22P05: untranslatable character.
  if (code === '22021' || code === '22P05') return { code: 'validation_failed', details: { rule: 'control_character' } };
  if (code === '23505') {
    const known = typeof constraint === 'string' ? UNIQUE_RULES[constraint] : undefined;
    return known ? { code: known.code, details: { rule: known.rule } } : { code: 'conflict', details: { rule: 'duplicate_record' } };
  }
  return undefined;
}

/** Turns whatever was thrown into the API's error body, with a status and a message for people. */
export function toErrorBody(
  error: unknown,
  request: FastifyRequest,
): { status: number; body: { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } } {
  const lang = request.lang ?? 'zh-CN';
  const make = (code: ErrorCode, details: Record<string, unknown> = {}) => ({
    status: statusOf(code),
    body: { error: { code, message: errorMessage(code, lang), details } },
  });

  if (error instanceof AppError) {
    const { field, rule, ...rest } = error.details as { field?: string; rule?: string } & Record<string, unknown>;
    if (typeof field === 'string') {
      const code = rule ?? error.code;
      const fields: FieldError[] = [{ path: field, code, message: FIELD_RULE_MESSAGES[code]?.[lang] ?? errorMessage(error.code, lang) }];
      return make(error.code, { ...rest, fields });
    }
    if (Array.isArray(rest.fields)) {
      const fields = (rest.fields as FieldError[]).map((f) => ({ path: f.path, code: f.code, message: fieldMessage(f, lang) }));
      return make(error.code, { ...rest, fields });
    }
    return make(error.code, rest);
  }
  const fe = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const fields = (fe.validation as unknown as ValidationItem[]).map((item) => {
      // Our own refinements carry a stable rule code; name it, with its message in the request's language.
      const rule = item.keyword === 'custom' ? (item.params.params as { rule?: unknown } | undefined)?.rule : undefined;
      return {
        path: fieldPath(fe.validationContext, item.instancePath, item.params),
        code: typeof rule === 'string' ? rule : item.keyword,
        message: typeof rule === 'string' ? (FIELD_RULE_MESSAGES[rule]?.[lang] ?? item.message ?? rule) : localizeIssue(item, lang),
      };
    });
    return make('validation_failed', { fields });
  }
  switch (fe.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return make('payload_too_large', { fields: [{ path: 'file', code: 'file_too_large', message: fieldMessage({ path: 'file', code: 'file_too_large', message: '' }, lang) }] });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return make('unsupported_media_type', { field: 'file' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make('payload_too_large', { limitBytes: request.routeOptions.bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return make('unsupported_media_type', { contentType: request.headers['content-type'] ?? null });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return make('invalid_json');
    case 'FST_ERR_BAD_URL':
      return make('route_not_found');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return make('invalid_json', { reason: 'content-length' });
  }
  const db = databaseRefusal(error);
  if (db) return make(db.code, db.details);
  // Outside the API only files and pages are served: a path the file server refuses (one climbing out
  // of the bundle, holding NUL) is simply not there.
  const status = fe.statusCode ?? (error as { status?: unknown }).status;
  if (!request.url.startsWith('/api/') && typeof status === 'number' && status >= 400 && status < 500) return make('route_not_found');
  if (error instanceof SyntaxError && fe.statusCode === 400) return make('invalid_json', { reason: error.message });
  if (fe.statusCode === 413) return make('payload_too_large');
  if (fe.statusCode === 415) return make('unsupported_media_type');
  if (fe.statusCode === 404) return make('route_not_found');
  if (fe.statusCode === 405) return make('method_not_allowed');
  if (fe.statusCode === 429) return make('rate_limited');
  return make('internal', { correlationId: request.id });
}

/** Fastify's error handler: logs unknown errors with the request id, never sends a stack trace. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toErrorBody(error, request);
  const retryAfter = body.error.details.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === 'number' && !reply.hasHeader('retry-after')) reply.header('retry-after', String(retryAfter));
  if (status >= 500) request.log.error({ err: error, correlationId: request.id }, 'unhandled error');
  else request.log.debug({ code: body.error.code }, 'request refused');
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}
