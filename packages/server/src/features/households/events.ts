import { type HouseholdEventInput, type MemberInput, type MemberPatch, normalizeIdNumber } from '@jingzhun/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { findMembers, type HouseholdRow, type MemberRow, refreshIncomeMembers } from './repository.ts';
import { assertNotRegistered, checkMembers, insertMember, todayInChina, writableHousehold, writeChanges } from './service.ts';

async function recordEvent(
  trx: Transaction<DB>,
  h: HouseholdRow,
  actor: Actor,
  event: { kind: string; occurredOn: string; reason: string; memberId?: string | null; details?: unknown },
) {
  const { id } = await trx
    .insertInto('household_event')
    .values({
      county_code: h.county_code,
      household_id: h.id,
      kind: event.kind,
      occurred_on: event.occurredOn,
      reason: event.reason,
      member_id: event.memberId ?? null,
      details: event.details === undefined ? null : JSON.stringify(event.details),
      actor_id: actor.id,
      actor_name: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: `household.${event.kind}`,
    entity: 'household',
    entityId: h.id,
    regionCode: h.village_code,
    after: { eventId: id, ...event },
  });
  return id;
}

/**
 * Moves a person to another household: the row in the old one is kept, marked as left on that date,
 * and a new row with the same facts joins the other; the person index follows the person.
 */
async function moveMember(trx: Transaction<DB>, m: MemberRow, to: HouseholdRow, relation: string, on: string, why: 'split' | 'merge') {
  await trx
    .updateTable('member')
    .set({ status: 'left', left_on: on, left_reason: why, updated_at: new Date() })
    .where('county_code', '=', m.county_code)
    .where('id', '=', m.id)
    .execute();
  const { id: _id, created_at: _c, updated_at: _u, status: _s, left_on: _l, left_reason: _r, ...facts } = m;
  const { id } = await trx
    .insertInto('member')
    .values({ ...facts, county_code: to.county_code, household_id: to.id, relation, joined_on: on })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('person_index')
    .set({ household_id: to.id, member_id: id, county_code: to.county_code })
    .where('id_number', '=', m.id_number)
    .where('member_id', '=', m.id)
    .execute();
  return id;
}

function activeMember(members: MemberRow[], memberId: string): MemberRow {
  const m = members.find((x) => x.id === memberId);
  if (!m) throw new AppError('not_found', { entity: 'member', id: memberId, field: 'memberId' });
  if (m.status !== 'active') throw new AppError('member_not_active', { field: 'memberId' });
  return m;
}

/**
 * Records what happened to a household: a member joins (birth, marriage, moving in), leaves (death,
 * marriage, moving out; the row stays with its status and date), the head changes, or the household
 * leaves the registry. Nothing is deleted; every event is dated, explained and audited.
 */
export async function addHouseholdEvent(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, input: HouseholdEventInput) {
  const h = await writableHousehold(db, user, id);
  if (input.occurredOn > todayInChina()) throw new AppError('validation_failed', { field: 'occurredOn', rule: 'not_in_future' });
  const members = await findMembers(db, h.county_code, h.id);
  const warnings = input.kind === 'birth' || input.kind === 'marriage_in' || input.kind === 'move_in'
    ? await checkMembers(db, [input.member], 'member.', false)
    : [];
  return db.transaction().execute(async (trx) => {
    const result = await recordByKind(trx);
    // Members came, left or moved: every income year of the households touched is divided anew.
    await refreshIncomeMembers(trx, h.county_code, [...new Set([h.id, result.householdId])]);
    return result;
  });

  async function recordByKind(trx: Transaction<DB>) {
    switch (input.kind) {
      case 'birth':
      case 'marriage_in':
      case 'move_in': {
        if (input.member.relation === 'head') throw new AppError('head_count', { field: 'member.relation' });
        if (input.kind === 'birth' && input.member.birthDate !== input.occurredOn) {
          throw new AppError('validation_failed', { field: 'member.birthDate', rule: 'birth_date_is_event_date' });
        }
        await assertNotRegistered(trx, user, normalizeIdNumber(input.member.idNumber), 'member.idNumber');
        const memberId = await insertMember(trx, h.county_code, h.id, input.member, input.occurredOn);
        const eventId = await recordEvent(trx, h, actor, { kind: input.kind, occurredOn: input.occurredOn, reason: input.reason, memberId });
        return { eventId, memberId, householdId: h.id, warnings };
      }
      case 'death':
      case 'marriage_out':
      case 'move_out': {
        const m = activeMember(members, input.memberId);
        if (m.relation === 'head') throw new AppError('head_count', { field: 'memberId', rule: 'change_head_first' });
        await trx
          .updateTable('member')
          .set({ status: input.kind === 'death' ? 'deceased' : 'left', left_on: input.occurredOn, left_reason: input.kind, updated_at: new Date() })
          .where('county_code', '=', h.county_code)
          .where('id', '=', m.id)
          .execute();
        // The person may now be registered elsewhere (or, dead, never again as living).
        await trx.deleteFrom('person_index').where('id_number', '=', m.id_number).where('member_id', '=', m.id).execute();
        const eventId = await recordEvent(trx, h, actor, { kind: input.kind, occurredOn: input.occurredOn, reason: input.reason, memberId: m.id });
        return { eventId, memberId: m.id, householdId: h.id, warnings };
      }
      case 'head_change': {
        const next = activeMember(members, input.memberId);
        const current = members.find((x) => x.status === 'active' && x.relation === 'head');
        if (next.relation === 'head') throw new AppError('head_count', { field: 'memberId', rule: 'already_head' });
        if (current) {
          await trx.updateTable('member').set({ relation: input.formerHeadRelation }).where('county_code', '=', h.county_code).where('id', '=', current.id).execute();
        }
        await trx.updateTable('member').set({ relation: 'head' }).where('county_code', '=', h.county_code).where('id', '=', next.id).execute();
        const p = personPinyin(next.name);
        await trx
          .updateTable('household')
          .set({ head_name: next.name, head_name_pinyin: p.full, head_name_initials: p.initials, updated_at: new Date() })
          .where('county_code', '=', h.county_code)
          .where('id', '=', h.id)
          .execute();
        await writeChanges(trx, h, actor, input.reason, [
          { entity: 'household', entityId: h.id, field: 'headName', old: h.head_name, new: next.name },
          ...(current ? [{ entity: 'member' as const, entityId: current.id, field: 'relation', old: 'head', new: input.formerHeadRelation }] : []),
          { entity: 'member', entityId: next.id, field: 'relation', old: next.relation, new: 'head' },
        ]);
        const eventId = await recordEvent(trx, h, actor, { kind: 'head_change', occurredOn: input.occurredOn, reason: input.reason, memberId: next.id });
        return { eventId, memberId: next.id, householdId: h.id, warnings };
      }
      case 'split': {
        const ids = new Set(input.memberIds);
        if (!ids.has(input.newHeadId)) throw new AppError('validation_failed', { field: 'newHeadId', rule: 'one_of_member_ids' });
        const moving = input.memberIds.map((mid) => activeMember(members, mid));
        if (moving.some((m) => m.relation === 'head')) throw new AppError('head_count', { field: 'memberIds', rule: 'change_head_first' });
        if (moving.length >= members.filter((m) => m.status === 'active').length) {
          throw new AppError('validation_failed', { field: 'memberIds', rule: 'someone_stays' });
        }
        const head = moving.find((m) => m.id === input.newHeadId) as MemberRow;
        const headPinyin = personPinyin(head.name);
        const last = await trx
          .selectFrom('household')
          .select((eb) => eb.fn.max('household_no').as('no'))
          .where('county_code', '=', h.county_code)
          .where('village_code', '=', h.village_code)
          .executeTakeFirst();
        const seq = last?.no ? Number(last.no.slice(12)) + 1 : 1;
        const { id: newId } = await trx
          .insertInto('household')
          .values({
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
          })
          .returning('id')
          .executeTakeFirstOrThrow();
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
      case 'merge': {
        if (input.intoHouseholdId === h.id) throw new AppError('validation_failed', { field: 'intoHouseholdId', rule: 'another_household' });
        const into = await writableHousehold(trx, user, input.intoHouseholdId).catch((err: unknown) => {
          // The other household must be visible and open too; name the field it came from.
          if (err instanceof AppError) throw new AppError(err.code, { ...err.details, field: 'intoHouseholdId' });
          throw err;
        });
        if (into.county_code !== h.county_code) throw new AppError('validation_failed', { field: 'intoHouseholdId', rule: 'same_county' });
        const moving = members.filter((m) => m.status === 'active');
        for (const m of moving) await moveMember(trx, m, into, input.relations[m.id] ?? 'other', input.occurredOn, 'merge');
        await trx
          .updateTable('household')
          .set({ status: 'removed', left_on: input.occurredOn, left_reason: `${input.reason} (并入 ${into.household_no})`, updated_at: new Date() })
          .where('county_code', '=', h.county_code)
          .where('id', '=', h.id)
          .execute();
        await writeChanges(trx, h, actor, input.reason, [{ entity: 'household', entityId: h.id, field: 'status', old: h.status, new: 'removed' }]);
        await recordEvent(trx, into, actor, { kind: 'merge', occurredOn: input.occurredOn, reason: input.reason, details: { from: h.id, fromNo: h.household_no } });
        const eventId = await recordEvent(trx, h, actor, { kind: 'merge', occurredOn: input.occurredOn, reason: input.reason, details: { to: into.id } });
        return { eventId, memberId: null, householdId: into.id, warnings };
      }
      case 'leave_registry': {
        await trx
          .updateTable('household')
          .set({ status: 'removed', left_on: input.occurredOn, left_reason: input.reason, updated_at: new Date() })
          .where('county_code', '=', h.county_code)
          .where('id', '=', h.id)
          .execute();
        // Its members stay its members, but no longer hold their ID numbers in the registry.
        await trx.updateTable('member').set({ in_registry: false }).where('county_code', '=', h.county_code).where('household_id', '=', h.id).execute();
        await trx.deleteFrom('person_index').where('county_code', '=', h.county_code).where('household_id', '=', h.id).execute();
        await writeChanges(trx, h, actor, input.reason, [{ entity: 'household', entityId: h.id, field: 'status', old: h.status, new: 'removed' }]);
        const eventId = await recordEvent(trx, h, actor, { kind: 'leave_registry', occurredOn: input.occurredOn, reason: input.reason });
        return { eventId, memberId: null, householdId: h.id, warnings };
      }
    }
  }
}

const MEMBER_COLUMNS: Array<[keyof MemberInput, keyof MemberRow]> = [
  ['name', 'name'], ['idNumber', 'id_number'], ['sex', 'sex'], ['birthDate', 'birth_date'], ['ethnicity', 'ethnicity'],
  ['education', 'education'], ['schoolStatus', 'school_status'], ['health', 'health'], ['disabilityType', 'disability_type'],
  ['disabilityGrade', 'disability_grade'], ['chronicDiseaseCard', 'chronic_disease_card'], ['labourCapacity', 'labour_capacity'],
  ['employment', 'employment'], ['medicalInsured', 'medical_insured'], ['pensionInsured', 'pension_insured'],
  ['publicPayroll', 'public_payroll'], ['phone', 'phone'], ['relation', 'relation'],
];

/** Corrects a member (a typo, a new disability grade); the head changes only through a head_change event. */
export async function patchMember(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, memberId: string, patch: MemberPatch) {
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
  await db.transaction().execute(async (trx) => {
    if (set.id_number) {
      await assertNotRegistered(trx, user, String(set.id_number), 'idNumber');
      await trx.updateTable('person_index').set({ id_number: String(set.id_number) }).where('id_number', '=', m.id_number).where('member_id', '=', m.id).execute();
    }
    if (changes.length > 0) {
      await trx.updateTable('member').set({ ...set, updated_at: new Date() }).where('county_code', '=', h.county_code).where('id', '=', m.id).execute();
      if (m.relation === 'head' && set.name) {
        await trx
          .updateTable('household')
          .set({ head_name: String(set.name), head_name_pinyin: String(set.name_pinyin), head_name_initials: String(set.name_initials) })
          .where('county_code', '=', h.county_code)
          .where('id', '=', h.id)
          .execute();
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
