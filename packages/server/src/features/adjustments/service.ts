import { type Evaluation, type EvaluationInput, evaluateHousehold, type ProcedureKind, regionPrefix, type ResolvedProfile } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { presentMember } from '../households/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { effectiveProfile } from '../standards/service.ts';
import { openCase } from '../procedures/service.ts';
import {
  type AdjustmentItemRow,
  type DetailedHousehold,
  findingsOf,
  findRegionLevel,
  findRun,
  householdKeysOfRegion,
  householdsInIdRange,
  householdsWithDetails,
  insertItems,
  insertRun,
  listRunsOfRegion,
  markRunDone,
  markRunFailed,
  setItemProcedure,
} from './repository.ts';

export type AdjustmentCategory = 'should_enter' | 'should_exit' | 'should_return' | 'excluded' | 'cannot_decide' | 'inconsistent';

/** The procedure each finding calls for; the others need a cadre's judgement, not a procedure. */
export const PROCEDURE_FOR: Partial<Record<AdjustmentCategory, ProcedureKind>> = {
  should_enter: 'identification',
  should_exit: 'exit',
  should_return: 'return_to_poverty',
};

/** Households evaluated per chunk: large enough for few queries, small enough to keep memory flat. */
const CHUNK = 2000;

/** A stored household as the rules read it. */
export function evaluationInputOf({ household: h, members, incomes }: DetailedHousehold): EvaluationInput {
  return {
    status: h.status,
    attribute: h.attribute,
    conditions:
      h.housing_grade === null && h.food_secure === null
        ? null
        : {
            foodSecure: h.food_secure,
            clothingSecure: h.clothing_secure,
            housingGrade: h.housing_grade,
            waterQuantity: h.water_quantity,
            waterQuality: h.water_quality,
            waterConvenience: h.water_convenience,
            waterGuarantee: h.water_guarantee,
          },
    assets: { car: h.has_car, machinery: h.has_machinery, townProperty: h.has_town_property, registeredBusiness: h.has_registered_business },
    members: members.map(presentMember),
    incomes: incomes.map((i) => ({ year: i.year, perHead: i.per_head === null ? null : Number(i.per_head), members: i.members ?? 0 })),
  };
}

/** What a finding says about a household: the criteria and exclusions that decided it, with their messages. */
function reasonsOf(e: Evaluation) {
  const decisive = [...e.exclusions.filter((c) => c.passed !== true), ...e.criteria.filter((c) => c.passed !== true)];
  const shown = decisive.length > 0 ? decisive : e.criteria;
  return shown.map((c) => ({ code: c.code, passed: c.passed, message: c.message }));
}

/** The finding a household's evaluation makes of its status, if any. */
export function categoryOf(status: string, e: Evaluation): AdjustmentCategory | null {
  if (e.outcome === 'excluded' && (status === 'poor' || status === 'candidate')) return 'excluded';
  if (e.outcome === 'cannot_decide' && status !== 'removed') return 'cannot_decide';
  if (status === 'candidate' && e.outcome === 'poor') return 'should_enter';
  if (status === 'poor' && e.outcome === 'may_exit') return 'should_exit';
  if (status === 'exited' && e.outcome === 'poor') return 'should_return';
  return null;
}

/** The decisive facts of an evaluation: which criteria and exclusions passed, failed or were unknown. */
function factsKey(e: Evaluation): string {
  return [...e.criteria, ...e.exclusions].map((c) => `${c.code}:${String(c.passed)}`).join('|');
}

type Item = AdjustmentItemRow;

/**
 * Households of one county with their members and incomes, as the rules read them: those whose ids lie in
 * a range (three range scans, for work that walks a whole county in id order), or those of a list of ids.
 */
export function detailedHouseholds(db: Db, countyCode: string, range: { from: string; to: string } | { ids: string[] }): Promise<DetailedHousehold[]> {
  return 'ids' in range ? householdsWithDetails(db, countyCode, range.ids) : householdsInIdRange(db, countyCode, range.from, range.to);
}

/** Runs yearly adjustments in the background and answers for their results. */
export class AdjustmentRunner {
  private readonly jobs = new BackgroundJobs();

  constructor(private readonly database: Database) {}

  /** Live progress of a running run, or null. */
  progressOf(id: string): number | null {
    return this.jobs.progressOf(id);
  }

  /** Waits for running runs (on shutdown). */
  async drain(): Promise<void> {
    await this.jobs.drain();
  }

  /** Starts a run over a region for a year; the region must be a county or below, or a city (run county by county). */
  async start(user: SessionUser, actor: Actor, region: string, year: number): Promise<string> {
    const db = this.database.db;
    if (!inScope(user, region)) throw new AppError('not_found', { entity: 'region', code: region });
    const node = await findRegionLevel(db, region);
    if (!node) throw new AppError('region_not_found', { code: region });
    const profile = await effectiveProfile(db, region, decisionDate(year));
    // The run and its audit entry commit together.
    const id = await inTransaction(db, async (tx) => {
      const runId = await insertRun(tx, { regionCode: region, year, basis: profile.basis, createdBy: user.id });
      await recordAudit(tx, actor, { action: 'adjustment.started', entity: 'adjustment_run', entityId: runId, regionCode: region, after: { year } });
      return runId;
    });
    this.jobs.run(
      id,
      () => this.evaluate(id, region, year),
      async (err) => {
        await markRunFailed(db, id, err instanceof Error ? err.message.slice(0, 500) : String(err));
      },
    );
    return id;
  }

  /** Evaluates every registered household of the region, county by county and chunk by chunk, then stores the findings. */
  private async evaluate(runId: string, region: string, year: number): Promise<void> {
    const db = this.database.db;
    const prefix = regionPrefix(region);
    const keys = await householdKeysOfRegion(db, region);
    const profiles = new Map<string, ResolvedProfile>();
    const items: Item[] = [];
    // Reasons are written out only for findings: most households have none, and a county has many.
    const reasonsOfFinding = new Map<string, string>();
    const groups = new Map<string, Array<{ id: string; county: string; village: string; status: string; outcome: string }>>();
    const counts: Record<AdjustmentCategory, number> = { should_enter: 0, should_exit: 0, should_return: 0, excluded: 0, cannot_decide: 0, inconsistent: 0 };
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      // Keys are ordered by county and id: a chunk spans at most a few counties. A whole county (or more)
      // is read by id ranges, three range scans per chunk; a township or village, whose households lie
      // scattered over its county's ids, by the list of its ids.
      for (const county of [...new Set(chunk.map((k) => k.county_code))]) {
        const ids = chunk.filter((k) => k.county_code === county).map((k) => k.id);
        const loaded =
          prefix.length <= 6
            ? (await householdsInIdRange(db, county, ids[0] as string, ids[ids.length - 1] as string)).filter((d) => d.household.village_code.startsWith(prefix))
            : await householdsWithDetails(db, county, ids);
        for (const detailed of loaded) {
          const h = detailed.household;
          const villageProfile = profiles.get(h.county_code) ?? (await effectiveProfile(db, h.village_code, decisionDate(year)));
          profiles.set(h.county_code, villageProfile);
          const e = evaluateHousehold(evaluationInputOf(detailed), villageProfile, year);
          const category = categoryOf(h.status, e);
          if (category) {
            const reasons = JSON.stringify(reasonsOf(e));
            reasonsOfFinding.set(h.id, reasons);
            counts[category]++;
            items.push({ county_code: h.county_code, run_id: runId, household_id: h.id, category, village_code: h.village_code, status: h.status, outcome: e.outcome, reasons, peer_household_id: null });
          }
          if (h.status === 'poor' || h.status === 'exited') {
            const key = `${h.county_code}/${factsKey(e)}`;
            const list = groups.get(key) ?? [];
            list.push({ id: h.id, county: h.county_code, village: h.village_code, status: h.status, outcome: e.outcome });
            groups.set(key, list);
          }
        }
      }
      this.jobs.report(runId, ((i + chunk.length) / Math.max(1, keys.length)) * 0.9);
      // The embedded engine answers in promise callbacks alone: without a turn of the event loop between
      // chunks, requests (the progress the user is watching) would wait until the whole run is done.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Same facts, different status (seed 002: "张三和李四家情况基本一样,让谁脱谁不脱"): each household whose
    // status contradicts what those facts decide, beside one with the same facts and the fitting status.
    // Where the facts decide nothing (missing data, an exclusion), the minority status is the odd one out.
    for (const list of groups.values()) {
      const poor = list.filter((x) => x.status === 'poor');
      const exited = list.filter((x) => x.status === 'exited');
      if (poor.length === 0 || exited.length === 0) continue;
      const outcome = list[0]?.outcome;
      const fitting = outcome === 'poor' ? 'poor' : outcome === 'may_exit' || outcome === 'not_poor' ? 'exited' : poor.length > exited.length ? 'poor' : 'exited';
      const peer = list.find((x) => x.status === fitting);
      for (const x of list.filter((y) => y.status !== fitting)) {
        counts.inconsistent++;
        const reasons = reasonsOfFinding.get(x.id) ?? (await reasonsForHousehold(db, x.county, x.id, year, profiles));
        items.push({ county_code: x.county, run_id: runId, household_id: x.id, category: 'inconsistent', village_code: x.village, status: x.status, outcome: x.outcome, reasons, peer_household_id: peer?.id ?? null });
      }
    }
    await inTransaction(db, async (tx) => {
      await insertItems(tx, items);
      await markRunDone(tx, runId, keys.length, counts);
    });
  }
}

/** The reasons of one household's evaluation, for a finding whose household had none of its own. */
async function reasonsForHousehold(db: Db, county: string, id: string, year: number, profiles: Map<string, ResolvedProfile>): Promise<string> {
  const [detailed] = await householdsWithDetails(db, county, [id]);
  const profile = profiles.get(county);
  if (!detailed || !profile) return '[]';
  return JSON.stringify(reasonsOf(evaluateHousehold(evaluationInputOf(detailed), profile, year)));
}

/** A run the user may see: inside their region. */
export async function visibleRun(db: Db, user: SessionUser, id: string) {
  const run = /^\d{1,18}$/.test(id) ? await findRun(db, id) : undefined;
  if (!run || !inScope(user, run.region_code)) throw new AppError('not_found', { entity: 'adjustment_run', id });
  return run;
}

/**
 * Opens the procedure each selected finding calls for (identification, exit or return). Each household is
 * opened on its own: one refused (a case already open, the status changed since the run) does not stop
 * the others, and the answer says which were opened and why others were not.
 */
export async function openFromRun(db: Db, user: SessionUser, actor: Actor, runId: string, householdIds: string[]) {
  const run = await visibleRun(db, user, runId);
  const wanted = [...new Set(householdIds)];
  const items = await findingsOf(db, run.id, wanted, Object.keys(PROCEDURE_FOR) as AdjustmentCategory[]);
  const opened: Array<{ householdId: string; procedureId: string }> = [];
  const refused: Array<{ householdId: string; code: string; rule?: string }> = [];
  for (const id of wanted) {
    const item = items.find((x) => x.household_id === id);
    const kind = item ? PROCEDURE_FOR[item.category] : undefined;
    if (!item || !kind) {
      refused.push({ householdId: id, code: 'not_found' });
      continue;
    }
    try {
      // The case (with its audit entry) and the finding's note of it commit together.
      const procedureId = await inTransaction(db, async (tx) => {
        const opened = await openCase(tx, user, actor, { kind, householdId: id }, tx);
        await setItemProcedure(tx, { county_code: item.county_code, run_id: run.id, household_id: id, category: item.category }, opened);
        return opened;
      });
      opened.push({ householdId: id, procedureId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const fields = (err.details.fields as Array<{ code: string }> | undefined) ?? [];
      refused.push({ householdId: id, code: err.code, ...(typeof err.details.rule === 'string' ? { rule: err.details.rule } : fields[0] ? { rule: fields[0].code } : {}) });
    }
  }
  return { opened, refused };
}

/** The latest runs inside the user's region. */
export function listRuns(db: Db, user: SessionUser) {
  return listRunsOfRegion(db, user.regionCode);
}

