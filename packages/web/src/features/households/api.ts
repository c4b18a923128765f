import type {
  Cause,
  HouseholdAttribute,
  HouseholdChange,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdEventInput,
  HouseholdListItem,
  HouseholdPatch,
  HouseholdStatus,
  JOINING_EVENTS,
  MemberInput,
  MemberPatch,
  StatSet,
} from '@jingzhun/domain';
import { isFullIdNumber } from '@jingzhun/domain';
import { api, isApiError, type Page, requestFile, type ApiFile } from '../../shared/api/client.ts';

export type {
  HouseholdChange,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdEventInput,
  HouseholdListItem,
  HouseholdPatch,
  IncomeView,
  MemberInput,
  MemberPatch,
  MemberView,
} from '@jingzhun/domain';

export type HouseholdSort = 'headName' | 'householdNo' | 'yearRegistered' | 'village' | 'incomePerHead';

export interface HouseholdQuery {
  page: number;
  pageSize: number;
  region?: string | undefined;
  status?: HouseholdStatus | undefined;
  attribute?: HouseholdAttribute | undefined;
  mainCause?: Cause | undefined;
  /** 1: with a disabled member; 0: without. */
  disability?: 0 | 1 | undefined;
  incomeYear?: number | undefined;
  incomeMin?: number | undefined;
  incomeMax?: number | undefined;
  q?: string | undefined;
  /** The set a statistics figure counted (`stat`, of `statYear`, with `statKey`): the households behind a number. */
  stat?: StatSet | undefined;
  statYear?: number | undefined;
  statKey?: string | undefined;
  sort?: HouseholdSort | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/**
 * A row of the list. `headNameInitials` (e.g. `lcr` for 李昌荣) is shown so people learn the initials
 * search; the list item of the domain does not carry it yet, hence optional here.
 */
export type HouseholdRow = HouseholdListItem;

/** A page of households with the year its per-head income column is for. */
export interface HouseholdPage extends Page<HouseholdRow> {
  incomeYear: number;
}

/** A problem that did not stop a write (an ID's region prefix no longer current). */
export interface WriteWarning {
  path: string;
  code: string;
  message: string;
}

/** Where a living person is registered. */
export interface RegisteredPerson {
  householdId: string;
  memberId: string;
  householdNo: string;
  headName: string;
  villageCode: string;
}

export type JoiningKind = (typeof JOINING_EVENTS)[number];

/** What a recorded event answers. */
export interface EventResult {
  eventId: string;
  /** The household the event leaves the members in: this one, or the new one of a split, or the target of a merge. */
  householdId?: string;
  memberId: string | null;
  warnings: WriteWarning[];
}

const path = (id: string) => `/households/${encodeURIComponent(id)}`;

/** A page of households inside the user's region, filtered, searched and sorted by the server. */
export function listHouseholds(query: HouseholdQuery, signal?: AbortSignal): Promise<HouseholdPage> {
  // A whole ID number is never put in a URL: the server refuses it there and takes it in a body.
  if (query.q && isFullIdNumber(query.q)) {
    const body = { idNumber: query.q.replace(/\s/g, ''), page: query.page, pageSize: query.pageSize, ...(query.region ? { region: query.region } : {}) };
    return api.post<HouseholdPage>('/households/search', body, signal ? { signal } : {});
  }
  return api.get<HouseholdPage>('/households', { ...query }, signal);
}

/**
 * The filtered list as a workbook (`list`: IDs masked unless the role enters them) or the full importable
 * registry (`full`, writers only), with the list's filters but not its paging.
 */
export function exportHouseholds(query: HouseholdQuery, format: 'list' | 'full'): Promise<ApiFile> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return requestFile('/exports/households.xlsx', { ...filters, format });
}

/** One household; with `asOf` (YYYY-MM-DD), as it was at the end of that day. */
export function getHousehold(id: string, asOf?: string, signal?: AbortSignal): Promise<HouseholdDetail> {
  return api.get<HouseholdDetail>(path(id), { asOf }, signal);
}

/** Registers a household with its members; warnings list what did not stop it. */
export function createHousehold(input: HouseholdCreate): Promise<HouseholdDetail & { warnings: WriteWarning[] }> {
  return api.post<HouseholdDetail & { warnings: WriteWarning[] }>('/households', input);
}

/** Corrects a household's fields (with a reason); answers the household and how many fields changed. */
export function patchHousehold(id: string, patch: HouseholdPatch): Promise<HouseholdDetail & { changed: number }> {
  return api.patch<HouseholdDetail & { changed: number }>(path(id), patch);
}

/** Every correction of a household, newest first. */
export async function getHouseholdHistory(id: string, signal?: AbortSignal): Promise<HouseholdChange[]> {
  const body = await api.get<{ items: HouseholdChange[] }>(`${path(id)}/history`, undefined, signal);
  return body.items;
}

/** Adds a member through a joining event. */
export function addMember(
  id: string,
  event: { kind: JoiningKind; occurredOn: string; reason: string; member: MemberInput },
): Promise<EventResult> {
  return api.post<EventResult>(`${path(id)}/members`, event);
}

/** Corrects a member (with a reason). */
export function patchMember(id: string, memberId: string, patch: MemberPatch): Promise<{ changed: number; warnings: WriteWarning[] }> {
  return api.patch<{ changed: number; warnings: WriteWarning[] }>(`${path(id)}/members/${encodeURIComponent(memberId)}`, patch);
}

/** Records a household event: a member leaves, the head changes, the household leaves the registry. */
export function addHouseholdEvent(id: string, event: HouseholdEventInput): Promise<EventResult> {
  return api.post<EventResult>(`${path(id)}/events`, event);
}

/** Where a person with this ID number is registered, or null (404) when nowhere you can see. */
export async function findPerson(idNumber: string, signal?: AbortSignal): Promise<RegisteredPerson | null> {
  try {
    return await api.post<RegisteredPerson>('/persons/search', { idNumber }, signal ? { signal } : {});
  } catch (e) {
    if (isApiError(e) && e.status === 404) return null;
    throw e;
  }
}
