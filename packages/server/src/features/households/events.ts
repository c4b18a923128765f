import { type HouseholdEventInput, type MemberInput, type MemberPatch, normalizeIdNumber, todayInChina } from '@jingzhun/domain';
import { type Db, inTransaction, type Tx } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { findMembers, type HouseholdRow, type MemberRow, refreshIncomeMembers } from './repository.ts';
import { assertNotRegistered, checkMembers, writableHousehold, writeChanges } from './service.ts';
import {
  insertEvent,
  insertHousehold,
  insertMember,
  lastHouseholdSeq,
  markMemberGone,
  moveMember,
  reindexPerson,
  releaseMembers,
  setHeadName,
  setRelation,
  unindexPerson,
  updateHousehold,
  updateMember,
} from './write.repository.ts';

async function recordEvent(
  trx: Tx,
  h: HouseholdRow,
  actor: Actor,
  event: { kind: string; occurredOn: string; reason: string; memberId?: string | null; details?: unknown },
) {
  const id = await insertEvent(trx, h, actor, event);
  await recordAudit(trx, actor, {
    action: `household.${event.kind}`,
    entity: 'household',
    entityId: h.id,
    regionCode: h.village_code,
    after: { eventId: id, ...event },
  });
  return id;
}

function activeMember(members: MemberRow[], memberId: string): MemberRow {
  const m = members.find((x) => x.id === memberId);
  if (!m) throw new AppError('not_found', { entity: 'member', id: memberId, field: 'memberId' });
  if (m.status !== 'active') throw new AppError('member_not_active', { field: 'memberId' });
  return m;
}

/** What an event did: its id, the member it concerned, the household members went to, the warnings of the member's facts. */
type EventResult = { eventId: string; memberId: string | null; householdId: string; warnings: Awaited<ReturnType<typeof checkMembers>> };

/** What every kind of event is recorded with: the household, its members, who records it and why. */
interface EventContext {
  trx: Tx;
  user: SessionUser;
  actor: Actor;
  h: HouseholdRow;
  members: MemberRow[];
  warnings: EventResult['warnings'];
}

type Of<K extends HouseholdEventInput['kind']> = Extract<HouseholdEventInput, { kind: K }>;

/** A member joins: born, married in or moved in. */
async function joinMember({ trx, user, actor, h, warnings }: EventContext, input: Of<'birth' | 'marriage_in' | 'move_in'>): Promise<EventResult> {
  if (input.member.relation === 'head') throw new AppError('head_count', { field: 'member.relation' });
  if (input.kind === 'birth' && input.member.birthDate !== input.occurredOn) {
    throw new AppError('validation_failed', { field: 'member.birthDate', rule: 'birth_date_is_event_date' });
  }
  await assertNotRegistered(trx, user, normalizeIdNumber(input.member.idNumber), 'member.idNumber');
  const memberId = await insertMember(trx, h.county_code, h.id, input.member, input.occurredOn);
  const eventId = await recordEvent(trx, h, actor, { kind: input.kind, occurredOn: input.occurredOn, reason: input.reason, memberId });
  return { eventId, memberId, householdId: h.id, warnings };
}

/** A member leaves: dies, marries out or moves out; the row stays with its status and date. */
async function memberLeaves({ trx, actor, h, members, warnings }: EventContext, input: Of<'death' | 'marriage_out' | 'move_out'>): Promise<EventResult> {
  const m = activeMember(members, input.memberId);
  if (m.relation === 'head') throw new AppError('head_count', { field: 'memberId', rule: 'change_head_first' });
  await markMemberGone(trx, { county_code: h.county_code, id: m.id }, input.kind === 'death' ? 'deceased' : 'left', input.occurredOn, input.kind);
  // The person may now be registered elsewhere (or, dead, never again as living).
  await unindexPerson(trx, m.id_number, m.id);
  const eventId = await recordEvent(trx, h, actor, { kind: input.kind, occurredOn: input.occurredOn, reason: input.reason, memberId: m.id });
  return { eventId, memberId: m.id, householdId: h.id, warnings };
}

/** Another member becomes the head; the former head takes the relation given. */
async function changeHead({ trx, actor, h, members, warnings }: EventContext, input: Of<'head_change'>): Promise<EventResult> {
  const next = activeMember(members, input.memberId);
  const current = members.find((x) => x.status === 'active' && x.relation === 'head');
  if (next.relation === 'head') throw new AppError('head_count', { field: 'memberId', rule: 'already_head' });
  if (current) await setRelation(trx, h.county_code, current.id, input.formerHeadRelation);
  await setRelation(trx, h.county_code, next.id, 'head');
  await setHeadName(trx, h.county_code, h.id, next.name, personPinyin(next.name), true);
  await writeChanges(trx, h, actor, input.reason, [
    { entity: 'household', entityId: h.id, field: 'headName', old: h.head_name, new: next.name },
    ...(current ? [{ entity: 'member' as const, entityId: current.id, field: 'relation', old: 'head', new: input.formerHeadRelation }] : []),
    { entity: 'member', entityId: next.id, field: 'relation', old: next.relation, new: 'head' },
  ]);
  const eventId = await recordEvent(trx, h, actor, { kind: 'head_change', occurredOn: input.occurredOn, reason: input.reason, memberId: next.id });
  return { eventId, memberId: next.id, householdId: h.id, warnings };
}

/** Some members leave to found a new household of the same village, with the next number. */
async function splitHousehold({ trx, actor, h, members, warnings }: EventContext, input: Of<'split'>): Promise<EventResult> {
  const ids = new Set(input.memberIds);
  if (!ids.has(input.newHeadId)) throw new AppError('validation_failed', { field: 'newHeadId', rule: 'one_of_member_ids' });
  const moving = input.memberIds.map((mid) => activeMember(members, mid));
  if (moving.some((m) => m.relation === 'head')) throw new AppError('head_count', { field: 'memberIds', rule: 'change_head_first' });
  if (moving.length >= members.filter((m) => m.status === 'active').length) {
    throw new AppError('validation_failed', { field: 'memberIds', rule: 'someone_stays' });
  }
  const head = moving.find((m) => m.id === input.newHeadId) as MemberRow;
  const headPinyin = personPinyin(head.name);
  const seq = (await lastHouseholdSeq(trx, h.county_code, h.village_code)) + 1;
  const newId = await insertHousehold(trx, {
    county_code: h.county_code,
    household_no: `${h.village_code}${String(seq).padStart(4, '0')}`,
    village_code: h.village_code,
    head_name: head.name,
    head_name_pinyin: headPinyin.full,
    head_name_initials: headPinyin.initials,
    address: h.address,
    attribute: h.attribute,
    status: h.status,
    main_cause: h.main_cause,
    secondary_causes: h.secondary_causes,
    year_registered: h.year_registered,
    year_exited: h.year_exited,
  });
  const target = { ...h, id: newId, household_no: `${h.village_code}${String(seq).padStart(4, '0')}`, head_name: head.name };
  for (const m of moving) {
    const relation = m.id === head.id ? 'head' : (input.relations[m.id] ?? 'other');
    await moveMember(trx, m, target, relation, input.occurredOn, 'split');
  }
  await recordEvent(trx, target, actor, { kind: 'split', occurredOn: input.occurredOn, reason: input.reason, details: { from: h.id, fromNo: h.household_no } });
  const eventId = await recordEvent(trx, h, actor, {
    kind: 'split',
    occurredOn: input.occurredOn,
    reason: input.reason,
    details: { to: newId, members: input.memberIds },
  });
  return { eventId, memberId: null, householdId: newId, warnings };
}

/** The household joins another of the same county: its members move there and it leaves the registry. */
async function mergeHousehold({ trx, user, actor, h, members, warnings }: EventContext, input: Of<'merge'>): Promise<EventResult> {
  if (input.intoHouseholdId === h.id) throw new AppError('validation_failed', { field: 'intoHouseholdId', rule: 'another_household' });
  const into = await writableHousehold(trx, user, input.intoHouseholdId).catch((err: unknown) => {
    // The other household must be visible and open too; name the field it came from.
    if (err instanceof AppError) throw new AppError(err.code, { ...err.details, field: 'intoHouseholdId' });
    throw err;
  });
  if (into.county_code !== h.county_code) throw new AppError('validation_failed', { field: 'intoHouseholdId', rule: 'same_county' });
  const moving = members.filter((m) => m.status === 'active');
  for (const m of moving) await moveMember(trx, m, into, input.relations[m.id] ?? 'other', input.occurredOn, 'merge');
  await updateHousehold(trx, h.county_code, h.id, { status: 'removed', left_on: input.occurredOn, left_reason: `${input.reason} (并入 ${into.household_no})` });
  await writeChanges(trx, h, actor, input.reason, [{ entity: 'household', entityId: h.id, field: 'status', old: h.status, new: 'removed' }]);
  await recordEvent(trx, into, actor, { kind: 'merge', occurredOn: input.occurredOn, reason: input.reason, details: { from: h.id, fromNo: h.household_no } });
  const eventId = await recordEvent(trx, h, actor, { kind: 'merge', occurredOn: input.occurredOn, reason: input.reason, details: { to: into.id } });
  return { eventId, memberId: null, householdId: into.id, warnings };
}

/** The household leaves the registry. */
async function leaveRegistry({ trx, actor, h, warnings }: EventContext, input: Of<'leave_registry'>): Promise<EventResult> {
  await updateHousehold(trx, h.county_code, h.id, { status: 'removed', left_on: input.occurredOn, left_reason: input.reason });
  // Its members stay its members, but no longer hold their ID numbers in the registry.
  await releaseMembers(trx, h.county_code, h.id);
  await writeChanges(trx, h, actor, input.reason, [{ entity: 'household', entityId: h.id, field: 'status', old: h.status, new: 'removed' }]);
  const eventId = await recordEvent(trx, h, actor, { kind: 'leave_registry', occurredOn: input.occurredOn, reason: input.reason });
  return { eventId, memberId: null, householdId: h.id, warnings };
}

/** Records an event by its kind. */
function recordByKind(ctx: EventContext, input: HouseholdEventInput): Promise<EventResult> {
  switch (input.kind) {
    case 'birth':
    case 'marriage_in':
    case 'move_in':
      return joinMember(ctx, input);
    case 'death':
    case 'marriage_out':
    case 'move_out':
      return memberLeaves(ctx, input);
    case 'head_change':
      return changeHead(ctx, input);
    case 'split':
      return splitHousehold(ctx, input);
    case 'merge':
      return mergeHousehold(ctx, input);
    case 'leave_registry':
      return leaveRegistry(ctx, input);
  }
}

/**
 * Records what happened to a household: a member joins (birth, marriage, moving in), leaves (death,
 * marriage, moving out; the row stays with its status and date), the head changes, or the household
 * leaves the registry. Nothing is deleted; every event is dated, explained and audited.
 */
export async function addHouseholdEvent(db: Db, user: SessionUser, actor: Actor, id: string, input: HouseholdEventInput) {
  const h = await writableHousehold(db, user, id);
  if (input.occurredOn > todayInChina()) throw new AppError('validation_failed', { field: 'occurredOn', rule: 'not_in_future' });
  const members = await findMembers(db, h.county_code, h.id);
  const warnings = input.kind === 'birth' || input.kind === 'marriage_in' || input.kind === 'move_in'
    ? await checkMembers(db, [input.member], 'member.', false)
    : [];
  return inTransaction(db, async (trx) => {
    const result = await recordByKind({ trx, user, actor, h, members, warnings }, input);
    // Members came, left or moved: every income year of the households touched is divided anew.
    await refreshIncomeMembers(trx, h.county_code, [...new Set([h.id, result.householdId])]);
    return result;
  });
}

const MEMBER_COLUMNS: Array<[keyof MemberInput, keyof MemberRow]> = [
  ['name', 'name'], ['idNumber', 'id_number'], ['sex', 'sex'], ['birthDate', 'birth_date'], ['ethnicity', 'ethnicity'],
  ['education', 'education'], ['schoolStatus', 'school_status'], ['health', 'health'], ['disabilityType', 'disability_type'],
  ['disabilityGrade', 'disability_grade'], ['chronicDiseaseCard', 'chronic_disease_card'], ['labourCapacity', 'labour_capacity'],
  ['employment', 'employment'], ['medicalInsured', 'medical_insured'], ['pensionInsured', 'pension_insured'],
  ['publicPayroll', 'public_payroll'], ['phone', 'phone'], ['relation', 'relation'],
];

/** Corrects a member (a typo, a new disability grade); the head changes only through a head_change event. */
export async function patchMember(db: Db, user: SessionUser, actor: Actor, id: string, memberId: string, patch: MemberPatch) {
  const h = await writableHousehold(db, user, id);
  const members = await findMembers(db, h.county_code, h.id);
  const m = activeMember(members, memberId);
  if (patch.relation !== undefined && (patch.relation === 'head') !== (m.relation === 'head')) {
    throw new AppError('head_count', { field: 'relation', rule: 'use_head_change_event' });
  }
  const merged: MemberInput = {
    name: patch.name ?? m.name,
    idNumber: patch.idNumber === undefined ? m.id_number : normalizeIdNumber(patch.idNumber),
    relation: patch.relation ?? (m.relation as MemberInput['relation']),
    sex: patch.sex ?? (m.sex as MemberInput['sex']),
    birthDate: patch.birthDate ?? m.birth_date,
    // A fact patched to null becomes unknown again; one the patch does not name keeps its value.
    schoolStatus: patch.schoolStatus === undefined ? (m.school_status as MemberInput['schoolStatus']) : patch.schoolStatus,
    health: patch.health === undefined ? (m.health as MemberInput['health']) : patch.health,
    disabilityType: patch.disabilityType === undefined ? (m.disability_type as MemberInput['disabilityType']) : patch.disabilityType,
    disabilityGrade: patch.disabilityGrade === undefined ? m.disability_grade : patch.disabilityGrade,
    chronicDiseaseCard: patch.chronicDiseaseCard === undefined ? m.chronic_disease_card : patch.chronicDiseaseCard,
    labourCapacity: patch.labourCapacity === undefined ? (m.labour_capacity as MemberInput['labourCapacity']) : patch.labourCapacity,
    employment: patch.employment === undefined ? (m.employment as MemberInput['employment']) : patch.employment,
    medicalInsured: patch.medicalInsured === undefined ? m.medical_insured : patch.medicalInsured,
    pensionInsured: patch.pensionInsured === undefined ? m.pension_insured : patch.pensionInsured,
    publicPayroll: patch.publicPayroll === undefined ? m.public_payroll : patch.publicPayroll,
  };
  const warnings = await checkMembers(db, [merged], '', false).catch((err: unknown) => {
    // Paths were built for a list ("0.birthDate"); a single member's are the field names.
    if (err instanceof AppError && Array.isArray(err.details.fields)) {
      for (const f of err.details.fields as Array<{ path: string }>) f.path = f.path.replace(/^0\./, '');
    }
    throw err;
  });
  const set: Record<string, unknown> = {};
  const changes: Array<{ entity: 'member'; entityId: string; field: string; old: unknown; new: unknown }> = [];
  for (const [field, column] of MEMBER_COLUMNS) {
    const value = field === 'idNumber' ? merged.idNumber : patch[field];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(m[column])) continue;
    set[column] = value;
    changes.push({ entity: 'member', entityId: m.id, field, old: m[column], new: value });
  }
  if (set.name) {
    const p = personPinyin(String(set.name));
    set.name_pinyin = p.full;
    set.name_initials = p.initials;
  }
  await inTransaction(db, async (trx) => {
    if (set.id_number) {
      await assertNotRegistered(trx, user, String(set.id_number), 'idNumber');
      await reindexPerson(trx, m.id_number, m.id, String(set.id_number));
    }
    if (changes.length > 0) {
      await updateMember(trx, h.county_code, m.id, set);
      if (m.relation === 'head' && set.name) {
        await setHeadName(trx, h.county_code, h.id, String(set.name), { full: String(set.name_pinyin), initials: String(set.name_initials) }, false);
      }
      await writeChanges(trx, h, actor, patch.reason, changes);
      if (set.birth_date) await refreshIncomeMembers(trx, h.county_code, [h.id]);
      await recordAudit(trx, actor, {
        action: 'member.corrected',
        entity: 'member',
        entityId: m.id,
        regionCode: h.village_code,
        before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
        after: { ...Object.fromEntries(changes.map((c) => [c.field, c.new])), reason: patch.reason },
      });
    }
  });
  return { changed: changes.length, warnings };
}
