import type { PopulationImportResult, PopulationItem, PopulationProblem, ReportKind, StatJob, StatsOverview } from '@jingzhun/domain';
import { api, requestFile, uploadFile, type ApiFile, type Page } from '../../shared/api/client.ts';

export type { PopulationImportResult, PopulationItem, PopulationProblem, ReportKind, StatJob, StatsOverview } from '@jingzhun/domain';

/** Every indicator of a region for a year; without a year the server picks its latest year with data. */
export function getStatsOverview(region: string, year: number | undefined, signal?: AbortSignal): Promise<StatsOverview> {
  return api.get<StatsOverview>('/stats/overview', { region, year }, signal);
}

/** Starts the deprivation assessment (多维贫困测算) of a region and year; 409 `assessment_running` when one runs. */
export function startAssessment(region: string, year: number): Promise<StatJob> {
  return api.post<StatJob>('/stats/assessments', { region, year });
}

/** One assessment run: its progress, or when it finished. */
export function getAssessment(id: string, signal?: AbortSignal): Promise<StatJob> {
  return api.get<StatJob>(`/stats/assessments/${encodeURIComponent(id)}`, undefined, signal);
}

/** The latest assessment runs of a region and year, newest first. */
export async function listAssessments(region: string, year: number, signal?: AbortSignal): Promise<StatJob[]> {
  const body = await api.get<{ items: StatJob[] }>('/stats/assessments', { region, year }, signal);
  return body.items;
}

/** Starts the rollup (汇总) of a city, a province or the country for a year: their overview shows its figures. */
export function startRollup(region: string, year: number): Promise<StatJob> {
  return api.post<StatJob>('/stats/rollups', { region, year });
}

/** One rollup run: its progress, or when it finished. */
export function getRollup(id: string, signal?: AbortSignal): Promise<StatJob> {
  return api.get<StatJob>(`/stats/rollups/${encodeURIComponent(id)}`, undefined, signal);
}

/** The latest rollup runs of a region and year, newest first. */
export async function listRollups(region: string, year: number | undefined, signal?: AbortSignal): Promise<StatJob[]> {
  const body = await api.get<{ items: StatJob[] }>('/stats/rollups', { region, year }, signal);
  return body.items;
}

/** A standard report (标准报表) of a region and year as a workbook or a PDF. */
export function downloadReport(kind: ReportKind, format: 'xlsx' | 'pdf', region: string, year: number): Promise<ApiFile> {
  return requestFile(`/reports/${encodeURIComponent(kind)}.${format}`, { region, year });
}

/** A page of the villages of a region with their rural registered population (农村户籍人口) for a year. */
export function listPopulation(query: { region: string; year: number; page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<PopulationItem>> {
  return api.get<Page<PopulationItem>>('/regions/population', query, signal);
}

/** The population workbook to fill in: the villages of the user's region, prefilled with the year's figures kept. */
export function downloadPopulationTemplate(year: number): Promise<ApiFile> {
  return requestFile('/regions/population/template.xlsx', { year });
}

/**
 * Uploads a filled population workbook. Any problem refuses the whole file: 400 `validation_failed` whose
 * `details.problems` name the row, column and rule of each (see `populationProblems`).
 */
export function uploadPopulation(file: File, onProgress?: (fraction: number) => void): Promise<PopulationImportResult> {
  return uploadFile<PopulationImportResult>('/regions/population/imports', 'file', file, onProgress ? { onProgress } : {});
}

/** The problems of a refused population file, from the error's details; empty when it names none. */
export function populationProblems(error: unknown): { problems: PopulationProblem[]; count: number } {
  const details = (error as { details?: { problems?: unknown; problemCount?: unknown } } | null)?.details;
  const problems = Array.isArray(details?.problems) ? (details.problems as PopulationProblem[]) : [];
  return { problems, count: typeof details?.problemCount === 'number' ? details.problemCount : problems.length };
}

/** The deployer's map: GeoJSON of the regions and its map review number (审图号). */
export interface DeployerMap {
  reviewNumber: string;
  file: string;
  regions: string[];
  geojson: { type: 'FeatureCollection'; features: Array<{ type: 'Feature'; properties: Record<string, unknown> | null; geometry: unknown }> };
}

/** The map the deployer supplied, or null when there is none (the product ships no map of its own). */
export async function getDeployerMap(signal?: AbortSignal): Promise<DeployerMap | null> {
  const answer = await api.get<({ configured: true } & DeployerMap) | { configured: false; reason: string }>('/stats/map', undefined, signal);
  return answer.configured ? answer : null;
}
