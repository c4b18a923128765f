import { normalizeIdNumber } from '@jingzhun/domain';
import { type AuditInput, auditEventsStep } from '../../kernel/audit/audit.repository.ts';
import type { BulkStep, Database } from '../../kernel/db/database.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { refreshIncomeMembersStep } from '../households/service.ts';
import type { ImportCorrection, ImportPlan } from './plan.ts';
import { lastHouseholdSeq, reserveIds } from './repository.ts';
import { correctionSteps, jobDoneStep, newRowsSteps, type NewRows } from './write.repository.ts';

/** The job a write belongs to: its audit names it, and it is marked written in the same transaction. */
export interface WrittenJob {
  id: string;
  regionCode: string;
  fileName: string;
}

/** The rows of the new households with their members, person index and incomes, and of the new incomes of existing ones. */
function newRows(plan: ImportPlan, householdIds: readonly string[], memberIds: readonly string[], lastNo: Map<string, number>): NewRows {
  const rows: NewRows = { households: [], members: [], index: [], incomes: [] };
  let m = 0;
  plan.newHouseholds.forEach(({ household: h }, i) => {
    const id = householdIds[i] as string;
    const county = h.villageCode.slice(0, 6);
    const seq = (lastNo.get(h.villageCode) ?? 0) + 1;
    lastNo.set(h.villageCode, seq);
    const head = h.members.find((x) => x.relation === 'head') ?? h.members[0];
    const hp = personPinyin(head?.name ?? '');
    const c = h.conditions;
    rows.households.push([
      county, id, `${h.villageCode}${String(seq).padStart(4, '0')}`, h.villageCode, head?.name, hp.full, hp.initials, h.address,
      h.phone ?? null, h.attribute, 'poor', h.mainCause, h.yearRegistered, `{${h.secondaryCauses.join(',')}}`, h.bankAccount ?? null,
      h.bankName ?? null, c?.foodSecure ?? null, c?.clothingSecure ?? null, c?.housingGrade ?? null, c?.waterQuantity ?? null,
      c?.waterQuality ?? null, c?.waterConvenience ?? null, c?.waterGuarantee ?? null, h.assets?.car ?? null, h.assets?.machinery ?? null,
      h.assets?.townProperty ?? null, h.assets?.registeredBusiness ?? null,
    ]);
    for (const member of h.members) {
      const mid = memberIds[m++] as string;
      const p = personPinyin(member.name);
      const idNumber = normalizeIdNumber(member.idNumber);
      rows.members.push([
        county, mid, id, member.name, p.full, p.initials, idNumber, member.relation, member.sex, member.birthDate,
        member.ethnicity ?? null, member.education ?? null, member.schoolStatus, member.health, member.disabilityType ?? null,
        member.disabilityGrade ?? null, member.chronicDiseaseCard, member.labourCapacity, member.employment, member.medicalInsured,
        member.pensionInsured, member.publicPayroll, member.phone ?? null,
      ]);
      rows.index.push([idNumber, county, id, mid]);
    }
    for (const inc of h.incomes) rows.incomes.push([county, id, inc.year, inc.wages, inc.business, inc.property, inc.transfers, inc.productionCosts]);
  });
  for (const inc of plan.newIncomes) {
    const x = inc.income;
    rows.incomes.push([inc.countyCode, inc.householdId, x.year, x.wages, x.business, x.property, x.transfers, x.productionCosts]);
  }
  return rows;
}

/** The audit events of what the file added: a household created, or income years added to a registered one. */
function additionEvents(plan: ImportPlan, householdIds: readonly string[], jobId: string): AuditInput[] {
  const created = plan.newHouseholds.map(({ household }, i): AuditInput => ({
    action: 'household.created',
    entity: 'household',
    entityId: householdIds[i] as string,
    regionCode: household.villageCode,
    after: { importJob: jobId },
  }));
  const incomesOf = new Map(plan.newIncomes.map((x) => [x.householdId, x.villageCode]));
  const incomes = [...incomesOf].map(([householdId, villageCode]): AuditInput => ({
    action: 'household.income_added',
    entity: 'household',
    entityId: householdId,
    regionCode: villageCode,
    after: { importJob: jobId },
  }));
  return [...created, ...incomes];
}

/** One audit event per household the file corrects, with every fact's old and new value and the reason. */
function correctionEvents(corrections: readonly ImportCorrection[], jobId: string, reason: string): AuditInput[] {
  const byHousehold = new Map<string, ImportCorrection[]>();
  for (const c of corrections) byHousehold.set(c.householdId, [...(byHousehold.get(c.householdId) ?? []), c]);
  return [...byHousehold].map(([householdId, list]) => {
    const first = list[0] as ImportCorrection;
    return {
      action: 'household.corrected',
      entity: 'household',
      entityId: householdId,
      regionCode: first.villageCode,
      before: Object.fromEntries(list.map((c) => [`${c.entity}:${c.entityId}:${c.field}`, c.old])),
      after: { ...Object.fromEntries(list.map((c) => [`${c.entity}:${c.entityId}:${c.field}`, c.new])), reason, importJob: jobId },
    };
  });
}

/**
 * Writes a plan in one transaction: new households with their members, person index and incomes by
 * COPY, new income years of existing households, corrections, an audit event per household created or
 * corrected, and the job marked written with its own audit event: all of it commits together or not at all.
 */
export async function writeHouseholdImport(
  database: Database,
  plan: ImportPlan,
  actor: { id: string; name: string },
  job: WrittenJob,
  reason: string | null,
  onProgress: (fraction: number) => void,
): Promise<void> {
  if (plan.corrections.length > 0 && !reason) throw new Error('corrections need a reason');
  const { db } = database;
  const households = plan.newHouseholds;
  const memberCount = households.reduce((s, h) => s + h.household.members.length, 0);
  // Ids come from the sequences themselves, so concurrent writers can never be handed the same ones.
  const householdIds = await reserveIds(db, 'household', households.length);
  const memberIds = await reserveIds(db, 'member', memberCount);
  const lastNo = new Map<string, number>();
  for (const v of new Set(households.map((h) => h.household.villageCode))) lastNo.set(v, await lastHouseholdSeq(db, v));
  const steps: BulkStep[] = [
    ...newRowsSteps(newRows(plan, householdIds, memberIds, lastNo)),
    auditEventsStep(db, actor, additionEvents(plan, householdIds, job.id)),
    ...correctionSteps(plan.corrections, actor, reason ?? ''),
  ];
  if (plan.corrections.length > 0) steps.push(auditEventsStep(db, actor, correctionEvents(plan.corrections, job.id, reason ?? '')));
  // Every household whose members or incomes this import wrote gets its per-head divisors counted.
  const touched = [...householdIds, ...plan.newIncomes.map((x) => x.householdId), ...plan.corrections.map((c) => c.householdId)];
  const counties = [...new Set([...households.map((h) => h.household.villageCode.slice(0, 6)), ...plan.newIncomes.map((x) => x.countyCode), ...plan.corrections.map((c) => c.countyCode)])];
  if (touched.length > 0) steps.push(refreshIncomeMembersStep(counties, [...new Set(touched)]));
  steps.push(
    jobDoneStep(db, job.id),
    auditEventsStep(db, actor, [
      { action: 'import.written', entity: 'import_job', entityId: job.id, regionCode: job.regionCode, after: { file: job.fileName, ...plan.summary } },
    ]),
  );
  await database.bulkLoad(steps, (done, total) => onProgress(done / total));
}
