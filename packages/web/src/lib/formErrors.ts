import type { FormInstance } from 'antd';
import { isApiError } from '../api/client.ts';

/**
 * Shows an API error where it belongs: each `details.fields` entry on its form field, error codes
 * that concern one field (e.g. `username_taken`) on that field, and anything else through `fallback`.
 */
export function showFormError(
  form: FormInstance,
  error: unknown,
  fallback: (message: string) => void,
  options: { fieldNames: readonly string[]; codeFields?: Record<string, string> },
): void {
  if (!isApiError(error)) {
    fallback(error instanceof Error ? error.message : String(error));
    return;
  }
  const known = new Set(options.fieldNames);
  const onFields = error.fieldErrors.filter((f) => known.has(f.path.split('.')[0] ?? ''));
  const elsewhere = error.fieldErrors.filter((f) => !onFields.includes(f));
  if (onFields.length > 0) {
    // Several messages for one field are shown together under it.
    const byField = new Map<string, string[]>();
    for (const f of onFields) {
      const name = f.path.split('.')[0] ?? f.path;
      byField.set(name, [...(byField.get(name) ?? []), f.message]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    if (elsewhere.length > 0) fallback(elsewhere.map((f) => `${f.path}: ${f.message}`).join('; '));
    return;
  }
  const field = options.codeFields?.[error.code];
  if (field && known.has(field)) {
    form.setFields([{ name: field, errors: [error.message] }]);
    return;
  }
  fallback(elsewhere.length > 0 ? `${error.message}: ${elsewhere.map((f) => `${f.path}: ${f.message}`).join('; ')}` : error.message);
}
