import { CANCEL_ROLES, RESOLVE_OBJECTION_ROLES, type ProcedureKind, type Role, type StepCode } from '@jingzhun/domain';

/** Tag colours of a case's state: open is in progress, approved green, rejected red, cancelled grey. */
export const STATE_COLORS: Record<string, string> = { open: 'processing', approved: 'success', rejected: 'error', cancelled: 'default' };

/** Tag colours of a step's outcome in the records. */
export const OUTCOME_COLORS: Record<string, string> = { approved: 'green', returned: 'orange', rejected: 'red', cancelled: 'default' };

/** The roles that open cases: those who act on the first step of every kind (application or proposal). */
export const OPENING_ROLES: readonly Role[] = ['village_cadre', 'work_team'];

/** The roles whose home page shows the count of steps waiting on them. */
export const INBOX_ROLES: readonly Role[] = ['village_cadre', 'work_team', 'township_officer', 'county_officer'];

/** Whether a role may record and answer objections to a notice. */
export function handlesObjections(role: Role): boolean {
  return (RESOLVE_OBJECTION_ROLES as readonly Role[]).includes(role);
}

/** Whether a role may cancel a case: the county always, otherwise who may act on its current step. */
export function mayCancel(role: Role, canAct: boolean): boolean {
  return canAct || (CANCEL_ROLES as readonly Role[]).includes(role);
}

/**
 * The kinds of case a household's standing allows, as the server decides them: an applicant is identified
 * or taken into monitoring, a poor household exits, an exited one returns or is taken into monitoring, and
 * a monitored household has its risk removed. A household that left the registry allows none.
 */
export function kindsFor(household: { status: string; monitoringCategory: string | null; leftOn?: string | null }): ProcedureKind[] {
  if (household.leftOn || household.status === 'removed') return [];
  const monitored = household.monitoringCategory !== null;
  const kinds: ProcedureKind[] = [];
  if (household.status === 'candidate') kinds.push('identification');
  if (household.status === 'poor') kinds.push('exit');
  if (household.status === 'exited') kinds.push('return_to_poverty');
  if (!monitored && (household.status === 'candidate' || household.status === 'exited')) kinds.push('monitoring_inclusion');
  if (monitored) kinds.push('risk_removal');
  return kinds;
}

/** Steps whose form records a household visit (the server adds the evaluation of that day). */
export const VISIT_STEPS: readonly StepCode[] = ['survey', 'verification'];

/** `true` for a value worth sending: not undefined, null, a blank string or an empty list. */
export function filled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** An object without its unfilled entries, strings trimmed: what a half-filled form may send. */
export function compact(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (!filled(value)) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/** A mobile (11 digits) or landline number, as the server accepts a complaint phone. */
export const PHONE_PATTERN = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
