import { z } from 'zod';
import { keys } from '../kernel/labels.ts';
import { lineText } from '../kernel/text.ts';
import {
  CAUSES,
  DISABILITY_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  HEALTH_STATES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_GRADES,
  JOINING_EVENTS,
  LABOUR_CAPACITIES,
  LEAVING_EVENTS,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from './rules.ts';

export const sexSchema = z.enum(keys(SEXES));
export const causeSchema = z.enum(keys(CAUSES));
export const attributeSchema = z.enum(keys(HOUSEHOLD_ATTRIBUTES));
export const householdStatusSchema = z.enum(keys(HOUSEHOLD_STATUSES));
export const relationSchema = z.enum(keys(RELATIONS));

const isoDate = z.iso.date();
const money = z.number().min(0).max(100_000_000).multipleOf(0.01);
/** A mobile (11 digits) or landline number, as households, helpers and notices give them. */
export const phoneSchema = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'a mobile (11 digits) or landline number');
const phone = phoneSchema;
/** A line of text: the shared rule (no control character), trimmed, at most `max` characters. */
const text = (max: number) => lineText.trim().max(max);

/** A member's fields, without defaults (a correction must not reset what it does not name). */
const memberFields = {
  name: text(40).min(1),
  idNumber: z.string().trim().min(1).max(30),
  relation: relationSchema,
  sex: sexSchema,
  birthDate: isoDate,
  ethnicity: text(20).optional(),
  education: z.enum(keys(EDUCATION_LEVELS)).optional(),
  schoolStatus: z.enum(keys(SCHOOL_STATUSES)).nullable(),
  health: z.enum(keys(HEALTH_STATES)).nullable(),
  disabilityType: z.enum(keys(DISABILITY_TYPES)).nullable().optional(),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  chronicDiseaseCard: z.boolean().nullable(),
  labourCapacity: z.enum(keys(LABOUR_CAPACITIES)).nullable(),
  employment: z.enum(keys(EMPLOYMENT_KINDS)).nullable(),
  medicalInsured: z.boolean().nullable(),
  pensionInsured: z.boolean().nullable(),
  publicPayroll: z.boolean().nullable(),
  phone: phone.nullable().optional(),
};

/** The member facts a registration may leave out: what is not given is unknown (null), never a default. */
export const MEMBER_FACTS = [
  'schoolStatus',
  'health',
  'chronicDiseaseCard',
  'labourCapacity',
  'employment',
  'medicalInsured',
  'pensionInsured',
  'publicPayroll',
] as const;

/**
 * A member as it is entered. A fact left out is unknown (null), not healthy, insured or off the payroll:
 * a default would be a fact nobody stated, and the rules would decide on it.
 */
export const memberInputSchema = z.strictObject({
  ...memberFields,
  schoolStatus: memberFields.schoolStatus.default(null),
  health: memberFields.health.default(null),
  chronicDiseaseCard: memberFields.chronicDiseaseCard.default(null),
  labourCapacity: memberFields.labourCapacity.default(null),
  employment: memberFields.employment.default(null),
  medicalInsured: memberFields.medicalInsured.default(null),
  pensionInsured: memberFields.pensionInsured.default(null),
  publicPayroll: memberFields.publicPayroll.default(null),
});
export type MemberInput = z.infer<typeof memberInputSchema>;

/** Living conditions for 两不愁三保障 and safe water; each left out or null is unknown. */
export const conditionsSchema = z.strictObject({
  foodSecure: z.boolean().nullable().optional(),
  clothingSecure: z.boolean().nullable().optional(),
  housingGrade: z.enum(keys(HOUSING_GRADES)).nullable().optional(),
  waterQuantity: z.boolean().nullable().optional(),
  waterQuality: z.boolean().nullable().optional(),
  waterConvenience: z.boolean().nullable().optional(),
  waterGuarantee: z.boolean().nullable().optional(),
});
export type Conditions = z.infer<typeof conditionsSchema>;

/** Assets the exclusion rules (八类人员) look at; each left out or null is unknown, not "none". */
export const assetsSchema = z.strictObject({
  car: z.boolean().nullable().optional(),
  machinery: z.boolean().nullable().optional(),
  townProperty: z.boolean().nullable().optional(),
  registeredBusiness: z.boolean().nullable().optional(),
});
export type Assets = z.infer<typeof assetsSchema>;

/** One year's income by source; net and per head are computed, never typed. */
export const incomeInputSchema = z.strictObject({
  year: z.number().int().min(2010).max(2100),
  wages: money,
  business: money,
  property: money,
  transfers: money,
  productionCosts: money,
});
export type IncomeInput = z.infer<typeof incomeInputSchema>;

const householdFields = {
  villageCode: z.string().regex(/^\d{12}$/, 'a 12-digit village code'),
  address: text(200).default(''),
  phone: phone.nullable().optional(),
  attribute: attributeSchema,
  mainCause: causeSchema,
  secondaryCauses: z.array(causeSchema).max(11).default([]),
  bankAccount: z.string().regex(/^\d{8,30}$/, '8 to 30 digits').nullable().optional(),
  bankName: text(60).nullable().optional(),
  yearRegistered: z.number().int().min(2013).max(2100),
  conditions: conditionsSchema.optional(),
  assets: assetsSchema.optional(),
};

/** A new household with its members (exactly one head) and optional income years. */
export const householdCreateSchema = z.strictObject({
  ...householdFields,
  /**
   * `poor` enters a household already identified (the registry as it stands); `candidate` records an
   * applicant, who becomes poor only through the identification procedure.
   */
  status: z.enum(['poor', 'candidate']).default('poor'),
  members: z.array(memberInputSchema).min(1).max(30),
  incomes: z.array(incomeInputSchema).max(30).default([]),
});
export type HouseholdCreate = z.infer<typeof householdCreateSchema>;

/**
 * A correction to a household: any of its fields, always with a reason. No field has a default here:
 * a correction that does not name a field must leave it as it is.
 */
export const householdPatchSchema = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  address: text(200).optional(),
  phone: householdFields.phone,
  attribute: attributeSchema.optional(),
  mainCause: causeSchema.optional(),
  secondaryCauses: z.array(causeSchema).max(11).optional(),
  bankAccount: householdFields.bankAccount,
  bankName: householdFields.bankName,
  conditions: conditionsSchema.optional(),
  assets: assetsSchema.optional(),
  incomes: z.array(incomeInputSchema).max(30).optional(),
});
export type HouseholdPatch = z.infer<typeof householdPatchSchema>;

/** A household event as it is recorded: what happened, when, why, and to whom. */
export const householdEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(JOINING_EVENTS),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    member: memberInputSchema,
  }),
  z.strictObject({
    kind: z.enum(LEAVING_EVENTS),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    memberId: z.string().regex(/^\d{1,18}$/),
  }),
  z.strictObject({
    kind: z.literal('head_change'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    memberId: z.string().regex(/^\d{1,18}$/),
    formerHeadRelation: relationSchema.exclude(['head']),
  }),
  z.strictObject({
    kind: z.literal('leave_registry'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
  }),
  z.strictObject({
    kind: z.literal('split'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    /** The members who form the new household (never the current head). */
    memberIds: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(30),
    /** Which of them heads the new household. */
    newHeadId: z.string().regex(/^\d{1,18}$/),
    /** The others' relation to the new head (default: other). */
    relations: z.record(z.string(), relationSchema.exclude(['head'])).default({}),
  }),
  z.strictObject({
    kind: z.literal('merge'),
    occurredOn: isoDate,
    reason: z.string().trim().min(2).max(500),
    /** The household this one joins; this one then leaves the registry. */
    intoHouseholdId: z.string().regex(/^\d{1,18}$/),
    /** Each member's relation to the other household's head (default: other). */
    relations: z.record(z.string(), relationSchema.exclude(['head'])).default({}),
  }),
]);
export type HouseholdEventInput = z.infer<typeof householdEventSchema>;

/** A correction to a member: any of its fields, always with a reason. */
export const memberPatchSchema = z
  .strictObject(memberFields)
  .partial()
  .extend({ reason: z.string().trim().min(2).max(500) });
export type MemberPatch = z.infer<typeof memberPatchSchema>;

// ---------------------------------------------------------------------------------------------------
// The shapes the API answers with: the server validates its responses against them and the web UI
// takes its types from them, so the two cannot drift apart.

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
