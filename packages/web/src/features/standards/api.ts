import type { Evaluation, PolicyOverride, ResolvedProfile } from '@jingzhun/domain';
import { api, isApiError } from '../../shared/api/client.ts';

export type { Criterion, Evaluation, EvaluationOutcome, PolicyOverride, ProfileRef, ResolvedProfile } from '@jingzhun/domain';

/** Which income line a decision measures against: the poverty line, or the monitoring line (防返贫). */
export type IncomeLine = 'poverty' | 'monitoring';

/** The profile in force in a region on a date, merged from the country down, with the row id of its top version. */
export type EffectiveProfile = ResolvedProfile & { id: string };

/** One stored version as it was written: only the sections it changes, with who made it and why. */
export type PolicyVersion = PolicyOverride & { id: string; reason: string; createdBy: string | null; createdAt: string };

/** What a new version sends: the server numbers it, so no `version` or `id`. */
export type PolicyVersionInput = Omit<PolicyOverride, 'version' | 'id'> & { reason: string };

/** A household's decision for a year, with the line value it was measured against and the profile used. */
export type HouseholdEvaluation = Evaluation & {
  householdId: string;
  profileId: string;
  /** The line in force that year (its `year` is earlier when carried forward); null when none is set. */
  lineValue: { value: number; year: number } | null;
};

/** One field a policy write was refused for, with the rule code of POLICY_RULE_MESSAGES when there is one. */
export interface PolicyFieldError {
  path: string;
  code: string;
  message: string;
}

/** The decision on a household (default: last year, poverty line), explained criterion by criterion. */
export function getEvaluation(
  householdId: string,
  options: { year?: number | undefined; line?: IncomeLine | undefined } = {},
  signal?: AbortSignal,
): Promise<HouseholdEvaluation> {
  return api.get<HouseholdEvaluation>(`/households/${encodeURIComponent(householdId)}/evaluation`, { year: options.year, line: options.line }, signal);
}

/** The profile in force in a region (default: the user's) on a date (default: today). */
export function getEffectiveProfile(
  options: { region?: string | undefined; date?: string | undefined } = {},
  signal?: AbortSignal,
): Promise<EffectiveProfile> {
  return api.get<EffectiveProfile>('/policy-profiles/effective', { region: options.region, date: options.date }, signal);
}

/** The versions that apply to the user's region or were made inside it; `scope` keeps one scope's. */
export async function listPolicyVersions(scope?: string, signal?: AbortSignal): Promise<PolicyVersion[]> {
  const body = await api.get<{ items: PolicyVersion[] }>('/policy-profiles', { scope }, signal);
  return body.items;
}

/** One stored version by its id. */
export function getPolicyVersion(id: string, signal?: AbortSignal): Promise<PolicyVersion> {
  return api.get<PolicyVersion>(`/policy-profiles/${encodeURIComponent(id)}`, undefined, signal);
}

/** Records a new version of a scope's standards (capability `managePolicy`). */
export function createPolicyVersion(input: PolicyVersionInput): Promise<PolicyVersion> {
  return api.post<PolicyVersion>('/policy-profiles', input);
}

/** The refused fields of a `validation_failed` or `policy_contradiction` answer, with their rule codes. */
export function policyFieldErrors(error: unknown): PolicyFieldError[] {
  if (!isApiError(error)) return [];
  const fields = (error.details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f: unknown) => {
    if (typeof f !== 'object' || f === null) return [];
    const { path, code, message } = f as { path?: unknown; code?: unknown; message?: unknown };
    if (typeof path !== 'string') return [];
    return [{ path, code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' }];
  });
}
