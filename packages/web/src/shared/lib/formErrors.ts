import type { FormInstance } from 'antd';
import { isApiError } from '../api/client.ts';

type NamePath = (string | number)[];

/** `members.2.idNumber` as a form name path: `['members', 2, 'idNumber']`. */
function toNamePath(path: string): NamePath {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows an API error where it belongs: each `details.fields` entry on its form field, error codes
 * that concern one field (e.g. `username_taken`) on that field, and anything else through `fallback`.
 * A nested path (`members.2.idNumber`, `conditions.housingGrade`) lands on the deepest field of the
 * form it names, or on the list or group above it when that field is not shown.
 */
export function showFormError(
  form: FormInstance,
  error: unknown,
  fallback: (message: string) => void,
  options: {
    fieldNames: readonly string[];
    codeFields?: Record<string, string>;
    /** Where paths that name no field of the form belong (a member's `idNumber` → `member.idNumber`). */
    pathPrefix?: string;
  },
): void {
  if (!isApiError(error)) {
    fallback(error instanceof Error ? error.message : String(error));
    return;
  }
  const known = new Set(options.fieldNames);
  // The fields the form has registered right now, by their dotted path.
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const target = (path: string): NamePath | undefined => {
    let parts = toNamePath(path);
    if (options.pathPrefix && !known.has(String(parts[0] ?? ''))) parts = [...toNamePath(options.pathPrefix), ...parts];
    if (!known.has(String(parts[0] ?? ''))) return undefined;
    for (let n = parts.length; n > 1; n--) {
      if (registered.has(parts.slice(0, n).join('.'))) return parts.slice(0, n);
    }
    return parts.slice(0, 1);
  };
  const onFields = error.fieldErrors.filter((f) => target(f.path) !== undefined);
  const elsewhere = error.fieldErrors.filter((f) => !onFields.includes(f));
  if (onFields.length > 0) {
    // Several messages for one field are shown together under it.
    const byField = new Map<string, { name: NamePath; errors: string[] }>();
    for (const f of onFields) {
      const name = target(f.path) ?? [f.path];
      const key = name.join('.');
      const entry = byField.get(key) ?? { name, errors: [] };
      if (!entry.errors.includes(f.message)) entry.errors.push(f.message);
      byField.set(key, entry);
    }
    form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
    if (elsewhere.length > 0) fallback(elsewhere.map((f) => `${f.path}: ${f.message}`).join('; '));
    return;
  }
  const field = options.codeFields?.[error.code];
  if (field && known.has(field.split('.')[0] ?? '')) {
    form.setFields([{ name: toNamePath(field), errors: [error.message] }]);
    return;
  }
  fallback(elsewhere.length > 0 ? `${error.message}: ${elsewhere.map((f) => `${f.path}: ${f.message}`).join('; ')}` : error.message);
}

/** Brings the first field with an error into view: on a phone it is often far above the button. */
export function scrollToFirstError(form: FormInstance): void {
  const first = form.getFieldsError().find((f) => f.errors.length > 0);
  if (first) form.scrollToField(first.name, { block: 'center', behavior: 'smooth' });
}
