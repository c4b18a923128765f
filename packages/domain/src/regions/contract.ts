import { z } from 'zod';
import { REGION_LEVELS } from '../kernel/region.ts';

/**
 * The shapes the API answers with: the server validates its responses against them and the web UI
 * takes its types from them, so the two cannot drift apart.
 */
export const regionLevelSchema = z.literal(REGION_LEVELS);

export const regionRefSchema = z.object({ code: z.string(), name: z.string(), level: regionLevelSchema });
export type RegionRef = z.infer<typeof regionRefSchema>;

export const regionDetailSchema = regionRefSchema.extend({
  parentCode: z.string().nullable(),
  path: z.array(regionRefSchema),
  childCount: z.number().int(),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

/** A region's registry figures for a year; `incidence` is a fraction (0.1501 is 15.01%). */
export const regionFiguresSchema = z.object({
  regionCode: z.string(),
  year: z.number().int(),
  availableYears: z.array(z.number().int()),
  households: z.number().int(),
  persons: z.number().int(),
  poorHouseholds: z.number().int(),
  poorPersons: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  incidence: z.number().nullable(),
});
export type RegionFigures = z.infer<typeof regionFiguresSchema>;

/** The figures of a region with the number of townships and villages under it. */
export const regionSummarySchema = regionFiguresSchema.extend({ townships: z.number().int(), villages: z.number().int() });
export type RegionSummary = z.infer<typeof regionSummarySchema>;

export const childRegionSchema = regionRefSchema.extend({
  childCount: z.number().int(),
  summary: regionSummarySchema.optional(),
});
export type ChildRegion = z.infer<typeof childRegionSchema>;

export const regionHitSchema = regionRefSchema.extend({ path: z.array(regionRefSchema) });
export type RegionHit = z.infer<typeof regionHitSchema>;
