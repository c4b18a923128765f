import type { FastifyServerOptions } from 'fastify';

/** The logger settings Fastify hands to pino. */
export type LogOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * A run of 11 or more digits (an ID number, possibly ending in X; a mobile phone; a bank account) not
 * part of a longer word or of a hyphenated code such as a request id.
 */
const PERSONAL_NUMBER = /(?<![\w-])\d{10,}[\dXx]?(?![\w-])/g;

/** A text with every personal number masked but its last four characters: `451022198001011234` → `**************1234`. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(PERSONAL_NUMBER, (n) => `${'*'.repeat(n.length - 4)}${n.slice(-4)}`);
}

/** Masks every text inside a plain log object, a few levels deep; other objects are left to their serializers. */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalNumbers(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

/** An error as the log shows it: never PostgreSQL's `detail` (it quotes the refused values), numbers masked. */
function errorForLog(err: Error): { [key: string]: unknown; type: string; message: string; stack: string } {
  const { code, constraint, table } = err as Error & { code?: unknown; constraint?: unknown; table?: unknown };
  return {
    type: err.name,
    message: maskPersonalNumbers(String(err.message)),
    stack: maskPersonalNumbers(err.stack ?? ''),
    ...(code === undefined ? {} : { code }),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(typeof table === 'string' ? { table } : {}),
  };
}

/**
 * The server log keeps no ID number, phone or bank account: credentials and bodies are redacted by
 * path, the request URL and error texts pass through the mask, and every message and plain field is
 * masked before it is written. Added to whatever logger settings the server starts with.
 */
export function redactingLogOptions(options: LogOptions): LogOptions {
  return {
    ...options,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'body',
        '*.body',
        'detail',
        '*.detail',
        '*.idNumber',
        '*.phone',
        '*.bankAccount',
        '*.password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      ...options.serializers,
      req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: maskPersonalNumbers(req.url ?? ''),
        remoteAddress: req.ip,
      }),
      err: errorForLog,
    },
    formatters: {
      ...options.formatters,
      log: (object: Record<string, unknown>) => maskDeep(object) as Record<string, unknown>,
    },
    hooks: {
      ...options.hooks,
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalNumbers(a) : a)) as typeof args;
        return method.apply(this, masked);
      },
    },
  };
}
