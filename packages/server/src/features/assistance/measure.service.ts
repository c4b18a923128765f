import {
  type BenefitInput,
  can,
  type Cause,
  type MeasureCatalogue,
  type MeasureFamily,
  type MeasureInput,
  measureInputSchema,
  type MeasurePatch,
  type MeasureStatus,
  periodsOverlap,
  todayInChina,
  uncoveredCauses,
} from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError, issueFields } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { catalogueFor } from './service.ts';
import { findMeasure, insertBenefit, insertMeasure, listBenefits, listMeasures, listPairingPeriods, measureExists, updateMeasure } from './measure.repository.ts';

function presentMeasure(m: {
  id: string; family: string; content: string; amount: string; starts_on: string; ends_on: string | null; helper_id: string | null; helper_name?: string | null; status: string; result: string | null;
}) {
  return {
    id: m.id,
    family: m.family,
    content: m.content,
    amount: Number(m.amount),
    startsOn: m.starts_on,
    endsOn: m.ends_on,
    helperId: m.helper_id,
    helperName: m.helper_name ?? null,
    status: m.status,
    result: m.result,
  };
}

/** A household's plan: its measures, the benefits delivered, and the causes no live measure answers today. */
export async function householdPlan(db: Db, user: SessionUser, householdId: string, known?: MeasureCatalogue) {
  const h = await visibleHousehold(db, user, householdId);
  const [measures, benefits] = await Promise.all([listMeasures(db, h.county_code, h.id), listBenefits(db, h.county_code, h.id)]);
  const causes = [h.main_cause, ...h.secondary_causes].filter((c): c is Cause => Boolean(c));
  const plan = measures.map(presentMeasure);
  const catalogue = known ?? (await catalogueFor(db, h.village_code));
  return {
    householdId: h.id,
    measures: plan,
    benefits: benefits.map((b) => ({ id: b.id, measureId: b.measure_id, paidOn: b.paid_on, amount: Number(b.amount), source: b.source, note: b.note })),
    uncovered: uncoveredCauses(causes, plan.map((m) => ({ family: m.family as MeasureFamily, status: m.status as MeasureStatus, startsOn: m.startsOn, endsOn: m.endsOn })), todayInChina(), catalogue.coverage),
  };
}

async function writableHousehold(db: Db, user: SessionUser, householdId: string) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const h = await visibleHousehold(db, user, householdId);
  if (h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  return h;
}

/**
 * Adds a measure to a household's plan. The helper answerable must be one paired with this household at
 * some time during the measure: a helper from outside is refused rather than recorded.
 */
export async function addMeasure(db: Db, user: SessionUser, actor: Actor, householdId: string, input: MeasureInput): Promise<string> {
  const h = await writableHousehold(db, user, householdId);
  const m = measureInputSchema.parse(input);
  const catalogue = await catalogueFor(db, h.village_code);
  if (!catalogue.families.some((f) => f.key === m.family)) throw new AppError('validation_failed', { field: 'family', rule: 'unknown_family' });
  if (m.helperId) {
    const pairings = await listPairingPeriods(db, h.county_code, h.id, m.helperId);
    if (!pairings.some((p) => periodsOverlap({ startsOn: p.starts_on, endsOn: p.ends_on }, { startsOn: m.startsOn, endsOn: m.endsOn ?? null }))) {
      throw new AppError('validation_failed', { field: 'helperId', rule: 'helper_not_paired' });
    }
  }
  return inTransaction(db, async (trx) => {
    const id = await insertMeasure(trx, {
      county_code: h.county_code, household_id: h.id, family: m.family, content: m.content, amount: m.amount, starts_on: m.startsOn,
      ends_on: m.endsOn ?? null, helper_id: m.helperId ?? null, status: m.status, result: m.result ?? null, created_by: user.id,
    });
    await recordAudit(trx, actor, { action: 'measure.added', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { measureId: id, ...m } });
    return id;
  });
}

/** Records progress or a correction of a measure, with its reason; the rules of a new measure still hold. */
export async function patchMeasure(db: Db, user: SessionUser, actor: Actor, householdId: string, measureId: string, patch: MeasurePatch): Promise<void> {
  const h = await writableHousehold(db, user, householdId);
  const current = /^\d{1,18}$/.test(measureId)
    ? await findMeasure(db, h.county_code, h.id, measureId)
    : undefined;
  if (!current) throw new AppError('not_found', { entity: 'measure', id: measureId });
  const { reason, ...change } = patch;
  const next = {
    family: current.family,
    content: change.content ?? current.content,
    amount: change.amount ?? Number(current.amount),
    startsOn: current.starts_on,
    endsOn: change.endsOn === undefined ? current.ends_on : change.endsOn,
    helperId: current.helper_id,
    status: change.status ?? current.status,
    result: change.result === undefined ? current.result : change.result,
  };
  const checked = measureInputSchema.safeParse(next);
  if (!checked.success) throw new AppError('validation_failed', { fields: issueFields(checked.error.issues) });
  await inTransaction(db, async (trx) => {
    await updateMeasure(trx, h.county_code, current.id, { content: next.content, amount: next.amount, ends_on: next.endsOn, status: next.status as MeasureStatus, result: next.result, updated_at: new Date() });
    await recordAudit(trx, actor, {
      action: 'measure.updated',
      entity: 'household',
      entityId: h.id,
      regionCode: h.village_code,
      before: { measureId: current.id, status: current.status, result: current.result, amount: Number(current.amount), endsOn: current.ends_on, content: current.content },
      after: { measureId: current.id, ...change, reason },
    });
  });
}

/** Records a benefit delivered to a household; a measure it belongs to must be the household's own. */
export async function addBenefit(db: Db, user: SessionUser, actor: Actor, householdId: string, input: BenefitInput): Promise<string> {
  const h = await writableHousehold(db, user, householdId);
  if (input.paidOn > todayInChina()) throw new AppError('validation_failed', { field: 'paidOn', rule: 'not_in_future' });
  if (input.measureId) {
    if (!(await measureExists(db, h.county_code, h.id, input.measureId))) throw new AppError('validation_failed', { field: 'measureId', rule: 'measure_not_found' });
  }
  return inTransaction(db, async (trx) => {
    const id = await insertBenefit(trx, { county_code: h.county_code, household_id: h.id, measure_id: input.measureId ?? null, paid_on: input.paidOn, amount: input.amount, source: input.source, note: input.note ?? null, created_by: user.id });
    await recordAudit(trx, actor, { action: 'benefit.added', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { benefitId: id, ...input } });
    return id;
  });
}
