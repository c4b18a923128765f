import type { AidStaffInput, AidUnitInput, BenefitInput, Cause, HouseholdPairingInput, Lang, MeasureInput, MeasurePatch, MeasureStatus, UnitPairingInput } from '@jingzhun/domain';
import { api } from '../../shared/api/client.ts';

/** An aid unit (帮扶单位) as the list shows it. */
export interface AidUnit {
  id: string;
  regionCode: string;
  name: string;
  kind: string;
  contact: string | null;
  phone: string | null;
  active: boolean;
  staff: number;
  regions: number;
}

export interface AidStaff {
  id: string;
  name: string;
  phone: string | null;
  position: string | null;
  userId: string | null;
  active: boolean;
}

export interface AidUnitDetail extends Omit<AidUnit, 'staff' | 'regions'> {
  staff: AidStaff[];
  regions: Array<{ id: string; regionCode: string; regionName: string; startsOn: string; endsOn: string | null }>;
}

/** Who helps whom: one pairing of a helper with a household. */
export interface Pairing {
  id: string;
  household: { id: string; householdNo: string; headName: string; villageCode: string };
  helper: { id: string; name: string; phone: string | null; unitId: string; unitName: string };
  startsOn: string;
  endsOn: string | null;
  endReason: string | null;
}

export interface Measure {
  id: string;
  family: string;
  content: string;
  amount: number;
  startsOn: string;
  endsOn: string | null;
  helperId: string | null;
  helperName: string | null;
  status: MeasureStatus;
  result: string | null;
}

export interface Benefit {
  id: string;
  measureId: string | null;
  paidOn: string;
  amount: number;
  source: string;
  note: string | null;
}

/** A household's plan (一户一法) with the causes no live measure answers today. */
export interface HouseholdPlan {
  householdId: string;
  measures: Measure[];
  benefits: Benefit[];
  uncovered: Array<{ cause: Cause; families: string[] }>;
}

/** A region's measure catalogue: default families, those its profile adds, and cause → families. */
export interface MeasureCatalogue {
  families: Array<{ key: string; labels: Record<Lang, string>; builtIn: boolean }>;
  coverage: Record<Cause, string[]>;
}

export const listUnits = (signal?: AbortSignal) => api.get<{ items: AidUnit[] }>('/aid-units', undefined, signal);
export const getUnit = (id: string, signal?: AbortSignal) => api.get<AidUnitDetail>(`/aid-units/${encodeURIComponent(id)}`, undefined, signal);
export const createUnit = (input: AidUnitInput) => api.post<{ id: string }>('/aid-units', input);
export const addStaff = (unitId: string, input: AidStaffInput) => api.post<{ id: string }>(`/aid-units/${encodeURIComponent(unitId)}/staff`, input);
export const pairUnit = (unitId: string, input: UnitPairingInput) => api.post<{ id: string }>(`/aid-units/${encodeURIComponent(unitId)}/pairings`, input);

export const listPairings = (query: { householdId?: string; staffId?: string }, signal?: AbortSignal) => api.get<{ items: Pairing[] }>('/pairings', query, signal);
export const pairHousehold = (input: HouseholdPairingInput) => api.post<{ id: string }>('/pairings', input);
export const endPairing = (id: string, input: { endsOn: string; reason: string }) => api.post<void>(`/pairings/${encodeURIComponent(id)}/end`, input);

export const getPlan = (householdId: string, signal?: AbortSignal) => api.get<HouseholdPlan>(`/households/${encodeURIComponent(householdId)}/measures`, undefined, signal);
export const addMeasure = (householdId: string, input: MeasureInput) => api.post<{ id: string }>(`/households/${encodeURIComponent(householdId)}/measures`, input);
export const patchMeasure = (householdId: string, measureId: string, patch: MeasurePatch) =>
  api.patch<void>(`/households/${encodeURIComponent(householdId)}/measures/${encodeURIComponent(measureId)}`, patch);
export const addBenefit = (householdId: string, input: BenefitInput) => api.post<{ id: string }>(`/households/${encodeURIComponent(householdId)}/benefits`, input);

export const getCatalogue = (region?: string, signal?: AbortSignal) => api.get<MeasureCatalogue>('/measure-catalogue', region ? { region } : undefined, signal);
