import type { ConflictSource, FairnessField, KinRelation, Role } from '@jingzhun/domain';
import { api, type Page } from '../../shared/api/client.ts';

/** A step of a case that the cadre in a conflict took, with its outcome and date. */
export interface ConflictStep {
  step: string;
  stepLabel: string;
  outcome: string | null;
  on: string | null;
}

/**
 * A conflict of interest (优亲厚友): a cadre who acted on the case of a relative's household, or a helper
 * paired with one; the relative's ID masked.
 */
export interface Conflict {
  source: 'procedure' | 'pairing';
  procedure: { id: string; kind: string; kindLabel: string; state: string; openedOn: string } | null;
  pairing: { id: string; startsOn: string; endsOn: string | null } | null;
  household: { id: string; householdNo: string; headName: string; villageCode: string; villageName: string };
  cadre: { userId: string; name: string | null; role: Role | null; roleLabel: string | null } | null;
  staff: { staffId: string; name: string | null; unitName: string | null } | null;
  steps: ConflictStep[];
  relative: {
    memberId: string;
    name: string;
    idNumber: string;
    memberRelation: string;
    memberStatus: string;
    relation: KinRelation | null;
    relationLabel: string | null;
    found: ConflictSource;
    foundLabel: string;
  };
}

/** A criterion or exclusion of the facts a fairness pair shares: passed, failed or unknown. */
export interface FairnessTest {
  code: string;
  test: string;
  label: string;
  passed: boolean | null;
}

/** One household of a fairness pair: where it is and how it is treated. */
export interface FairnessHousehold {
  id: string;
  householdNo: string;
  headName: string;
  villageCode: string;
  villageName: string;
  status: string;
  statusLabel: string | null;
  attribute: string | null;
  monitoringCategory: string | null;
  monitoringCategoryLabel: string | null;
  incomePerHead: number | null;
  benefits: Array<{ kind: string; label: string }>;
}

/** Two households with the same decisive facts treated differently (公平性核查). */
export interface FairnessPair {
  facts: {
    attribute: string;
    attributeLabel: string | null;
    /** Income per head as a multiple of the poverty line, to 0.1. */
    incomeBand: number | null;
    povertyLine: number | null;
    outcome: string;
    outcomeLabel: string;
    criteria: FairnessTest[];
    exclusions: FairnessTest[];
  };
  a: FairnessHousehold;
  b: FairnessHousehold;
  differs: Array<{ field: FairnessField; a: unknown; b: unknown }>;
}

/** A page of the fairness audit, with how many households it evaluated and how long it took. */
export interface FairnessPage extends Page<FairnessPair> {
  region: string;
  year: number;
  households: number;
  ms: number;
}

/** A relative registered by a user or for a member of aid staff (ID masked). */
export interface Relative {
  id: string;
  userId: string | null;
  staffId: string | null;
  name: string;
  idNumber: string;
  relation: KinRelation;
  relationLabel: string;
  createdAt: string;
}

/** Whose relatives: oneself when neither is named. */
export interface RelativeOwner {
  userId?: string | undefined;
  staffId?: string | undefined;
}

/** A page of the conflicts of interest in a region. */
export const listConflicts = (query: { region?: string | undefined; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<Conflict> & { region: string }>('/audits/conflicts', query, signal);

/** A page of the fairness pairs of a region for a year (the server evaluates every household: may take seconds). */
export const listFairness = (query: { region?: string | undefined; year?: number | undefined; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<FairnessPage>('/audits/fairness', query, signal);

/** The relatives registered for oneself, or for a user or member of staff. */
export const listRelatives = (owner: RelativeOwner = {}, signal?: AbortSignal) => api.get<{ items: Relative[] }>('/relatives', { ...owner }, signal);

/** Registers a relative; 409 `relative_exists` when the same ID is already there. */
export const addRelative = (input: RelativeOwner & { name: string; idNumber: string; relation: KinRelation }) => api.post<{ id: string }>('/relatives', input);

/** Removes a registered relative. */
export const removeRelative = (id: string) => api.delete<void>(`/relatives/${encodeURIComponent(id)}`);

/** Records (or, with null, clears) one's own resident ID; answers it masked. */
export const setOwnIdNumber = (idNumber: string | null) => api.put<{ idNumber: string | null }>('/me/id-number', { idNumber });
