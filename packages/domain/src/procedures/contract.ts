import { z } from 'zod';
import { keys } from '../kernel/labels.ts';
import type { Role } from '../kernel/roles.ts';
import { ALERT_DEPARTMENTS, APPLICATION_SOURCES, MONITORING_CATEGORIES, STEP_OUTCOMES } from './rules.ts';

// ---------------------------------------------------------------------------------------------------
// Step payloads: what each step records. Strict, so a misspelt field is refused rather than lost.

const isoDate = z.iso.date();
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const attachmentsSchema = z.array(text(1, 100)).max(50);

const applicationPayload = z.strictObject({
  source: z.enum(keys(APPLICATION_SOURCES)).optional(),
  alertDepartment: z.enum(keys(ALERT_DEPARTMENTS)).optional(),
  reason: text(2, 2000),
});
const surveyPayload = z.strictObject({
  surveyedOn: isoDate,
  /** The evaluation as it stood when the household was seen, so the decision can be shown on its data later. */
  evaluation: z.record(z.string(), z.unknown()),
  findings: text(0, 4000).optional(),
});
const deliberationPayload = z.strictObject({
  heldOn: isoDate,
  attendance: z.number().int().min(1).max(10_000),
  /** Names of those present, where the minutes list them. */
  present: z.array(text(1, 40)).max(10_000).optional(),
  result: z.enum(['agreed', 'not_agreed']),
  minutes: text(2, 20_000),
});
const householdConsentPayload = z.strictObject({ consentedOn: isoDate, signedBy: text(1, 40) });
// The notice itself is recorded by openNotice and fileObjection; closing it records nothing more.
const noticePayload = z.strictObject({});
const townshipReviewPayload = z.strictObject({ opinion: text(2, 4000) });
const countyApprovalPayload = z.strictObject({
  decisionNo: text(1, 60).optional(),
  announcedOn: isoDate,
  category: z.enum(keys(MONITORING_CATEGORIES)).optional(),
});

interface StepDefinition {
  'zh-CN': string;
  en: string;
  roles: readonly Role[];
  payload: z.ZodObject;
}

const VILLAGE_ROLES = ['village_cadre', 'work_team'] as const satisfies readonly Role[];

/**
 * Every step: its labels, the roles that may act on it, and the schema of its payload. `admin` acts on
 * none: running the system is not deciding who is poor.
 */
export const PROCEDURE_STEPS = {
  application: { 'zh-CN': '申请', en: 'Application', roles: VILLAGE_ROLES, payload: applicationPayload },
  proposal: { 'zh-CN': '提出', en: 'Proposal', roles: VILLAGE_ROLES, payload: applicationPayload },
  survey: { 'zh-CN': '入户调查', en: 'Household survey', roles: VILLAGE_ROLES, payload: surveyPayload },
  verification: { 'zh-CN': '入户核实', en: 'Verification', roles: VILLAGE_ROLES, payload: surveyPayload },
  household_consent: { 'zh-CN': '农户认可', en: 'Household consent', roles: VILLAGE_ROLES, payload: householdConsentPayload },
  deliberation: { 'zh-CN': '民主评议', en: 'Village deliberation', roles: VILLAGE_ROLES, payload: deliberationPayload },
  notice: { 'zh-CN': '村内公示', en: 'Village public notice', roles: VILLAGE_ROLES, payload: noticePayload },
  township_review: { 'zh-CN': '乡镇审核', en: 'Township review', roles: ['township_officer'], payload: townshipReviewPayload },
  county_approval: { 'zh-CN': '县级审批公告', en: 'County approval', roles: ['county_officer'], payload: countyApprovalPayload },
} as const satisfies Record<string, StepDefinition>;
export type StepCode = keyof typeof PROCEDURE_STEPS;
export const STEP_CODES = keys(PROCEDURE_STEPS);

/** The payload a step records once approved, by step code. */
export type StepPayload<S extends StepCode> = z.infer<(typeof PROCEDURE_STEPS)[S]['payload']>;

// ---------------------------------------------------------------------------------------------------
// Inputs

/** A step taken: which step, its outcome and payload, and for a return the step to go back to. */
export const stepInputSchema = z.strictObject({
  step: z.enum(STEP_CODES),
  outcome: z.enum(STEP_OUTCOMES),
  payload: z.unknown().optional(),
  // Length is checked by the transition, so a short reason is refused with the return's own code.
  reason: z.string().trim().max(2000).optional(),
  returnTo: z.enum(STEP_CODES).optional(),
  attachments: attachmentsSchema.optional(),
  comment: text(0, 4000).optional(),
});
export type StepInput = z.input<typeof stepInputSchema>;

export const noticeInputSchema = z.strictObject({ startsOn: isoDate, endsOn: isoDate, attachments: attachmentsSchema.optional() });
export type NoticeInput = z.input<typeof noticeInputSchema>;

export const objectionInputSchema = z.strictObject({
  filedOn: isoDate,
  text: text(2, 4000),
  by: text(1, 40).optional(),
  contact: text(1, 60).optional(),
});
export type ObjectionInput = z.input<typeof objectionInputSchema>;

export const resolutionInputSchema = z.strictObject({ resolution: text(2, 4000), resolvedOn: isoDate });
export type ResolutionInput = z.input<typeof resolutionInputSchema>;
