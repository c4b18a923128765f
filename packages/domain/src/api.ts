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
  /** The unit an aid unit's account speaks for (帮扶单位); null for every other role. */
  aidUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
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
  /** The unit of an `aid_unit` account; null for other roles. */
  aidUnitId: z.string().nullable(),
  aidUnitName: z.string().nullable(),
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

/** A household in a list: IDs and phones always masked. */
export const householdListItemSchema = z.object({
  id: z.string(),
  householdNo: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  /** Pinyin initials of the head's name, as the search matches them. */
  headNameInitials: z.string(),
  headIdNumber: z.string().nullable(),
  phone: z.string().nullable(),
  attribute: z.string(),
  status: z.string(),
  mainCause: z.string().nullable(),
  yearRegistered: z.number().int(),
  yearExited: z.number().int().nullable(),
  members: z.number().int(),
  /** Net income per head in the list's `incomeYear`, null without an income record for it. */
  incomePerHead: z.number().nullable(),
});
export type HouseholdListItem = z.infer<typeof householdListItemSchema>;

export const memberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Full only for roles that enter and correct the registry; masked for everyone else. */
  idNumber: z.string(),
  relation: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  schoolStatus: z.string().nullable(),
  health: z.string().nullable(),
  disabilityType: z.string().nullable(),
  disabilityGrade: z.number().int().nullable(),
  chronicDiseaseCard: z.boolean().nullable(),
  labourCapacity: z.string().nullable(),
  employment: z.string().nullable(),
  medicalInsured: z.boolean().nullable(),
  pensionInsured: z.boolean().nullable(),
  publicPayroll: z.boolean().nullable(),
  phone: z.string().nullable(),
  status: z.enum(['active', 'deceased', 'left']),
  joinedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

export const incomeViewSchema = z.object({
  year: z.number().int(),
  wages: z.number(),
  business: z.number(),
  property: z.number(),
  transfers: z.number(),
  productionCosts: z.number(),
  /** Members present at the end of the year: the divisor of `perHead`. */
  members: z.number().int(),
  net: z.number(),
  perHead: z.number().nullable(),
});
export type IncomeView = z.infer<typeof incomeViewSchema>;

export const householdDetailSchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  householdNo: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  attribute: z.string(),
  status: z.string(),
  mainCause: z.string().nullable(),
  secondaryCauses: z.array(z.string()),
  bankAccount: z.string().nullable(),
  bankName: z.string().nullable(),
  yearRegistered: z.number().int(),
  yearExited: z.number().int().nullable(),
  /** The year the household fell back into poverty (返贫), when it did. */
  yearReturned: z.number().int().nullable(),
  /** Its monitoring category (防返贫监测) while monitored, else null. */
  monitoringCategory: z.string().nullable(),
  monitoringSince: z.string().nullable(),
  riskRemovedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
  conditions: z
    .object({
      foodSecure: z.boolean().nullable(),
      clothingSecure: z.boolean().nullable(),
      housingGrade: z.string().nullable(),
      waterQuantity: z.boolean().nullable(),
      waterQuality: z.boolean().nullable(),
      waterConvenience: z.boolean().nullable(),
      waterGuarantee: z.boolean().nullable(),
    })
    .nullable(),
  /** Each null when not recorded: unknown, never read as "none". */
  assets: z.object({ car: z.boolean().nullable(), machinery: z.boolean().nullable(), townProperty: z.boolean().nullable(), registeredBusiness: z.boolean().nullable() }),
  members: z.array(memberViewSchema),
  incomes: z.array(incomeViewSchema),
  events: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      occurredOn: z.string(),
      reason: z.string(),
      memberId: z.string().nullable(),
      actorName: z.string(),
      createdAt: z.string(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set when the record is shown as it was on a past date. */
  asOf: z.string().nullable(),
});
export type HouseholdDetail = z.infer<typeof householdDetailSchema>;

export const householdChangeSchema = z.object({
  id: z.string(),
  entity: z.enum(['household', 'member', 'income']),
  entityId: z.string(),
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string(),
  actorName: z.string(),
  at: z.string(),
});
export type HouseholdChange = z.infer<typeof householdChangeSchema>;

/** A member problem that did not stop the write (an unknown ID region prefix). */
export const warningSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
