import type { RegionSummary } from '@jingzhun/domain';
import { api } from '../../shared/api/client.ts';

/** The registry figures of a region for one year, with the townships and villages under it. */
export type Summary = RegionSummary;

/** The figures of a region for a year (the latest year when omitted). */
export function getSummary(code: string, year: number | undefined, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>(`/regions/${encodeURIComponent(code)}/summary`, { year }, signal);
}
