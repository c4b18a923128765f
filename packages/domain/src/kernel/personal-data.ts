import { maskIdNumber, maskPhone } from './id-number.ts';
import { can, type Role } from './roles.ts';

/**
 * Whether a role sees personal data in full (ID numbers, phones, bank accounts, health): those who enter
 * and correct the registry. Every other role reads them masked, in lists, pages, exports and the audit.
 */
export function seesPersonalData(role: Role): boolean {
  return can(role, 'writeRegistry');
}

/** Masks a bank account: only the last four digits kept. */
export function maskBankAccount(account: string): string {
  return `****${account.slice(-4)}`;
}

/** What a masked health or disability value shows. */
export const MASKED = '***';

type Kind = 'idNumber' | 'phone' | 'bankAccount' | 'health';

/** The kind of personal data a field holds, by its name as records, rows and corrections spell it. */
function kindOfField(key: string): Kind | null {
  const k = key.toLowerCase().replace(/[_.\s-]/g, '');
  if (k.endsWith('idnumber') || k === 'idcard') return 'idNumber';
  if (k.includes('phone') || k.includes('mobile')) return 'phone';
  if (k.includes('bankaccount')) return 'bankAccount';
  if (k.includes('health') || k.includes('disability') || k.includes('chronicdisease')) return 'health';
  return null;
}

/** An 18-character ID number anywhere in a text (not part of a longer run of digits). */
const ID_IN_TEXT = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g;

function maskValue(kind: Kind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object') return maskPersonalData(value);
  if (kind === 'health') return MASKED;
  if (typeof value !== 'string') return MASKED;
  if (kind === 'idNumber') return maskIdNumber(value);
  if (kind === 'phone') return maskPhone(value);
  return maskBankAccount(value);
}

/**
 * A copy of any JSON value (an audit entry's before or after) with its personal data masked: by field
 * name at any depth (`idNumber`, `id_number`, `phone`, `bankAccount`, `health`, `disabilityGrade` …), and
 * any 18-character ID number inside other text, so that a field named otherwise does not leak one.
 */
export function maskPersonalData<T>(value: T): T {
  if (typeof value === 'string') return value.replace(ID_IN_TEXT, (id) => maskIdNumber(id)) as T;
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const kind = kindOfField(key);
    out[key] = kind ? maskValue(kind, v) : maskPersonalData(v);
  }
  return out as T;
}
