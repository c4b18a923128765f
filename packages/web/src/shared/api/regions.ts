import type { ChildRegion, RegionDetail, RegionHit } from '@jingzhun/domain';

export type { ChildRegion, RegionDetail, RegionFigures, RegionHit } from '@jingzhun/domain';
import { api, type Page } from './client.ts';

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
