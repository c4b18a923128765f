import type { CampaignEntryInput, CampaignInput, HouseholdStatus, Cause, VisitInput } from '@jingzhun/domain';
import { api, API_PREFIX, type Page } from '../../shared/api/client.ts';

export interface VisitHousehold {
  id: string;
  householdNo: string;
  headName: string;
  villageCode: string;
}

/** A visit (入户走访) as lists show it. */
export interface Visit {
  id: string;
  household: VisitHousehold;
  visitedOn: string;
  location: { latitude: number; longitude: number; accuracy: number | null } | null;
  seen: string;
  problems: string | null;
  agreed: string | null;
  campaignId: string | null;
  spent: number;
  photoIds: string[];
  helpers: Array<{ id: string; name: string; unitId: string; unitName: string }>;
  loggedAt: string;
}

export interface VisitQuery {
  page: number;
  pageSize: number;
  region?: string | undefined;
  householdId?: string | undefined;
  staffId?: string | undefined;
  campaignId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Visit compliance: paired households not seen within the interval, by unit and by helper. */
export interface Compliance {
  regionCode: string;
  asOf: string;
  intervalDays: number;
  pairings: number;
  overdue: number;
  overdueHouseholds: number;
  byUnit: Array<{ unitId: string; unitName: string; pairings: number; overdue: number }>;
  byHelper: Array<{ staffId: string; name: string; unitName: string; pairings: number; overdue: number }>;
  items: Array<{
    pairingId: string;
    household: VisitHousehold;
    helper: { id: string; name: string; unitName: string };
    pairedSince: string;
    lastVisitedOn: string | null;
    due: boolean;
    daysSince: number | null;
    dueOn: string | null;
  }>;
  page: number;
  pageSize: number;
}

/** A helper's households with what is due ("my households" on the phone). */
export interface HelperHouseholds {
  helper: { id: string; name: string; phone: string | null; unitId: string; unitName: string } | null;
  intervalDays: number | null;
  items: Array<{
    pairingId: string;
    household: VisitHousehold & { villageName: string; status: HouseholdStatus; mainCause: Cause | null; size: number; phone: string | null; address: string | null };
    pairedSince: string;
    lastVisitedOn: string | null;
    daysSince: number | null;
    dueOn: string;
    due: boolean;
  }>;
}

/** A helper's ledger (台账) for a year. */
export interface Ledger {
  year: number;
  helper: { id: string; name: string; phone: string | null; position: string | null; unitId: string; unitName: string };
  households: Array<VisitHousehold & { villageName: string; status: HouseholdStatus; mainCause: Cause | null; pairedFrom: string; pairedTo: string | null; visits: number }>;
  visits: Array<{ id: string; visitedOn: string; household: Omit<VisitHousehold, 'villageCode'>; seen: string; problems: string | null; agreed: string | null; spent: number; campaignId: string | null; photos: number; located: boolean }>;
  measures: Array<{ id: string; household: Omit<VisitHousehold, 'villageCode'>; family: string; content: string; amount: number; startsOn: string; endsOn: string | null; status: string; result: string | null }>;
}

export const logVisit = (input: VisitInput) => api.post<{ id: string }>('/visits', input);
export const listVisits = (query: VisitQuery, signal?: AbortSignal) => api.get<Page<Visit>>('/visits', { ...query }, signal);
export const getCompliance = (query: { region?: string; asOf?: string; unitId?: string; staffId?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Compliance>('/visits/compliance', query, signal);
export const getMyHouseholds = (signal?: AbortSignal) => api.get<HelperHouseholds>('/my/households', undefined, signal);
export const getHelperHouseholds = (staffId: string, signal?: AbortSignal) => api.get<HelperHouseholds>(`/helpers/${encodeURIComponent(staffId)}/households`, undefined, signal);
export const getLedger = (staffId: string, year: number, signal?: AbortSignal) => api.get<Ledger>(`/helpers/${encodeURIComponent(staffId)}/ledger`, { year }, signal);
export const ledgerXlsxPath = (staffId: string) => `/helpers/${encodeURIComponent(staffId)}/ledger.xlsx`;

/** A visiting campaign with its sums. */
export interface Campaign {
  id: string;
  unitId: string;
  unitName: string;
  regionCode: string;
  regionName: string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** Staff the campaign declared as taking part; `participants` is this or, when more, the helpers on its visits. */
  declaredParticipants: number;
  note: string | null;
  householdVisits: number;
  personVisits: number;
  helpers: number;
  participants: number;
  spent: number;
}

export interface CampaignDetail extends Campaign {
  entries: Array<{ id: string; on: string; persons: number; spent: number; note: string }>;
  /** The first 500 visits logged under the campaign, by date; the sums count them all. */
  visits: Array<{ id: string; visitedOn: string; household: VisitHousehold; helpers: Array<{ id: string; name: string }>; spent: number }>;
}

export const listCampaigns = (query: { region?: string; year?: number }, signal?: AbortSignal) => api.get<{ items: Campaign[] }>('/campaigns', query, signal);
export const getCampaign = (id: string, signal?: AbortSignal) => api.get<CampaignDetail>(`/campaigns/${encodeURIComponent(id)}`, undefined, signal);
export const createCampaign = (input: CampaignInput) => api.post<{ id: string }>('/campaigns', input);
export const addCampaignEntry = (id: string, input: CampaignEntryInput) => api.post<{ id: string }>(`/campaigns/${encodeURIComponent(id)}/entries`, input);

/** Where a visit's photo is served, for thumbnails. */
export const photoUrl = (attachmentId: string) => `${API_PREFIX}/attachments/${encodeURIComponent(attachmentId)}`;
