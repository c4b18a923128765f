import type { ErrorCode } from '@jingzhun/domain';

/** A field that failed validation: its path (`members.0.idNumber`) and the rule it broke. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
  /** The zod issue behind the error (without path and text), to word it in the request's language. */
  zod?: Record<string, unknown>;
}

/** The one error type the API throws; the code picks the status and the message for people. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

/** A validation error naming the fields that broke which rule. */
export function fieldError(path: string, code: string, message: string): AppError {
  return new AppError('validation_failed', { fields: [{ path, code, message }] });
}

/** Zod issues as field errors: our refinements name their stable rule (`params.rule`), others their zod code. */
export function issueFields(issues: ReadonlyArray<{ path: PropertyKey[]; code: string; message: string; params?: Record<string, unknown> }>, prefix = ''): FieldError[] {
  return issues.map((i) => {
    const { path: _path, message: _message, ...zod } = i;
    return {
      path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
      code: typeof i.params?.rule === 'string' ? i.params.rule : i.code,
      message: i.message,
      zod,
    };
  });
}
