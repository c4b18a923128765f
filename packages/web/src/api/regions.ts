import type { ChildRegion, RegionDetail, RegionHit, RegionSummary } from '@jingzhun/domain';

export type { ChildRegion, RegionDetail, RegionFigures, RegionHit } from '@jingzhun/domain';
import { api, type Page } from './client.ts';

/** The registry figures of a region for one year, with the townships and villages under it. */
export type Summary = RegionSummary;

/** One region by code (404 `region_not_found` also outside the user's own region). */
export function getRegion(code: string, signal?: AbortSignal): Promise<RegionDetail> {
  return api.get<RegionDetail>(`/regions/${encodeURIComponent(code)}`, undefined, signal);
}

/** The children of a region, optionally each with its summary for a year. */
export async function getChildren(
  code: string,
  options: { withSummary?: boolean; year?: number | undefined } = {},
  signal?: AbortSignal,
): Promise<ChildRegion[]> {
  const query = options.withSummary ? { withSummary: 1, year: options.year } : undefined;
  const body = await api.get<{ items: ChildRegion[] }>(`/regions/${encodeURIComponent(code)}/children`, query, signal);
  return body.items;
}

/** Regions inside the user's own region whose name or pinyin initials match `q`. */
export function searchRegions(q: string, pageSize = 20, signal?: AbortSignal): Promise<Page<RegionHit>> {
  return api.get<Page<RegionHit>>('/regions', { q, page: 1, pageSize }, signal);
}

/** The figures of a region for a year (the latest year when omitted). */
export function getSummary(code: string, year: number | undefined, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>(`/regions/${encodeURIComponent(code)}/summary`, { year }, signal);
}
