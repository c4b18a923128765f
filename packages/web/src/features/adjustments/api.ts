import type { HouseholdStatus, Lang, ProfileRef, RegionLevel } from '@jingzhun/domain';
import { api, type Page } from '../../shared/api/client.ts';

/** What a yearly review (动态调整) finds about a household whose status no longer fits its facts. */
export const ADJUSTMENT_CATEGORIES = ['should_enter', 'should_exit', 'should_return', 'excluded', 'cannot_decide', 'inconsistent'] as const;
export type AdjustmentCategory = (typeof ADJUSTMENT_CATEGORIES)[number];

/** The findings that call for a procedure (identification, exit, return to poverty); the others need a cadre's judgement. */
export const OPENABLE_CATEGORIES: readonly AdjustmentCategory[] = ['should_enter', 'should_exit', 'should_return'];

export type AdjustmentState = 'running' | 'done' | 'failed';

/** How many households a run found in each category (empty while it runs). */
export type AdjustmentCounts = Partial<Record<AdjustmentCategory, number>>;

/** A run as the list of runs shows it. */
export interface AdjustmentRunListItem {
  id: string;
  regionCode: string;
  regionName: string;
  year: number;
  state: AdjustmentState;
  /** 0..1; 1 once finished. */
  progress: number;
  households: number;
  counts: AdjustmentCounts;
  createdAt: string;
  finishedAt: string | null;
}

/** One run with the profile versions it decided by and, when it failed, why. */
export interface AdjustmentRun {
  id: string;
  regionCode: string;
  year: number;
  state: AdjustmentState;
  progress: number;
  households: number;
  counts: AdjustmentCounts;
  profileBasis: ProfileRef[];
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A criterion or exclusion behind a finding: passed, failed, or unknown (null) for missing data. */
export interface FindingReason {
  code: string;
  passed: boolean | null;
  message: Record<Lang, string>;
}

/** The household with the same facts and the fitting status, beside an inconsistent one. */
export interface FindingPeer {
  householdId: string;
  householdNo: string;
  headName: string;
  status: HouseholdStatus;
}

/** One household a run found, with its reasons and the case opened for it, if any. */
export interface AdjustmentFinding {
  householdId: string;
  householdNo: string;
  headName: string;
  villageCode: string;
  villageName: string;
  category: AdjustmentCategory;
  status: HouseholdStatus;
  outcome: string;
  reasons: FindingReason[];
  peer: FindingPeer | null;
  procedureId: string | null;
}

export interface FindingQuery {
  page: number;
  pageSize: number;
  category?: AdjustmentCategory | undefined;
  /** A village, or any region inside the run's region: its findings only. */
  village?: string | undefined;
}

/** What opening cases from a run did: which households got a case, and why the others did not. */
export interface OpenCasesResult {
  opened: Array<{ householdId: string; procedureId: string }>;
  /** `code` is an API error code; `rule` names the rule behind a `conflict` (`case_already_open`, `status_does_not_allow`, …). */
  refused: Array<{ householdId: string; code: string; rule?: string }>;
}

/** One region's standing against the village and county exit standard (出列、摘帽) for a year. */
export interface ExitCheckRow {
  code: string;
  name: string;
  level: RegionLevel;
  poorPersons: number;
  ruralPopulation: number | null;
  /** Fraction of poor persons in the rural population; null without the population figure. */
  incidence: number | null;
  /** The highest incidence allowed (0.02, or 0.03 in the west), as a fraction. */
  threshold: number;
  meetsIncidence: boolean | null;
  exitedHouseholds: number;
  /** Exited households that fail 两不愁三保障 or safe water on the data held today. */
  exitedUnsafe: number;
  /** Both conditions; null when incidence is unknown. */
  meets: boolean | null;
}

export interface ExitCheck {
  year: number;
  profileBasis: ProfileRef[];
  region: ExitCheckRow;
  children: ExitCheckRow[];
}

const path = (id: string) => `/adjustments/${encodeURIComponent(id)}`;

/** Starts a review of every household of a region (default the user's own) for a year; answers the running run's id. */
export function startAdjustment(input: { region?: string; year: number }): Promise<{ id: string; state: 'running' }> {
  return api.post<{ id: string; state: 'running' }>('/adjustments', input);
}

/** The latest runs inside the user's region, newest first. */
export async function listAdjustments(signal?: AbortSignal): Promise<AdjustmentRunListItem[]> {
  const body = await api.get<{ items: AdjustmentRunListItem[] }>('/adjustments', undefined, signal);
  return body.items;
}

/** One run: state, live progress and counts. */
export function getAdjustment(id: string, signal?: AbortSignal): Promise<AdjustmentRun> {
  return api.get<AdjustmentRun>(path(id), undefined, signal);
}

/** A page of a run's findings, by category and region. */
export function listFindings(id: string, query: FindingQuery, signal?: AbortSignal): Promise<Page<AdjustmentFinding>> {
  return api.get<Page<AdjustmentFinding>>(`${path(id)}/items`, { ...query }, signal);
}

/** Opens the case each selected finding calls for (1 to 500 households at a time). */
export function openCasesFromRun(id: string, householdIds: string[]): Promise<OpenCasesResult> {
  return api.post<OpenCasesResult>(`${path(id)}/procedures`, { householdIds });
}

/** Whether a region and each of its children meet the exit standard in a year (default last year). */
export function getExitCheck(code: string, year: number | undefined, signal?: AbortSignal): Promise<ExitCheck> {
  return api.get<ExitCheck>(`/regions/${encodeURIComponent(code)}/exit-check`, { year }, signal);
}
