import { z } from 'zod';
import { REGION_LEVELS } from './region.ts';
import { ROLES } from './roles.ts';

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

/** The signed-in user as `/auth/me` and sign-in answer. */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  mustChangePassword: z.boolean(),
  region: regionRefSchema.extend({ path: z.array(regionRefSchema) }),
});
export type Me = z.infer<typeof meSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  regionCode: z.string(),
  /** The record before and after the change (null for a creation or a deletion); always objects. */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const healthSchema = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() });
export type Health = z.infer<typeof healthSchema>;

export const metaSchema = z.object({
  name: z.literal('jingzhun'),
  version: z.string(),
  languages: z.array(z.enum(['zh-CN', 'en'])),
  defaultLanguage: z.literal('zh-CN'),
});
export type Meta = z.infer<typeof metaSchema>;
