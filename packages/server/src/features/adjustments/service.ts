import { type Evaluation, type EvaluationInput, evaluateHousehold, type ProcedureKind, regionPrefix, type ResolvedProfile } from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { householdsInIdRange, householdsWithDetails } from '../households/repository.ts';
import { presentMember } from '../households/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { effectiveProfile } from '../standards/service.ts';
import { openCase } from '../procedures/service.ts';

export type AdjustmentCategory = 'should_enter' | 'should_exit' | 'should_return' | 'excluded' | 'cannot_decide' | 'inconsistent';

/** The procedure each finding calls for; the others need a cadre's judgement, not a procedure. */
export const PROCEDURE_FOR: Partial<Record<AdjustmentCategory, ProcedureKind>> = {
  should_enter: 'identification',
  should_exit: 'exit',
  should_return: 'return_to_poverty',
};

/** Households evaluated per chunk: large enough for few queries, small enough to keep memory flat. */
const CHUNK = 2000;

type Detailed = Awaited<ReturnType<typeof householdsWithDetails>>[number];

/** A stored household as the rules read it. */
export function evaluationInputOf({ household: h, members, incomes }: Detailed): EvaluationInput {
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

interface Item {
  county_code: string;
  run_id: string;
  household_id: string;
  category: AdjustmentCategory;
  village_code: string;
  status: string;
  outcome: string;
  reasons: string;
  peer_household_id: string | null;
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
    const node = await db.selectFrom('region').select(['code', 'level']).where('code', '=', region).executeTakeFirst();
    if (!node) throw new AppError('region_not_found', { code: region });
    const profile = await effectiveProfile(db, region, decisionDate(year));
    const { id } = await db
      .insertInto('adjustment_run')
      .values({ region_code: region, year, state: 'running', basis: JSON.stringify(profile.basis), created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, actor, { action: 'adjustment.started', entity: 'adjustment_run', entityId: id, regionCode: region, after: { year } });
    this.jobs.run(
      id,
      () => this.evaluate(id, region, year),
      async (err) => {
        await db
          .updateTable('adjustment_run')
          .set({ state: 'failed', message: err instanceof Error ? err.message.slice(0, 500) : String(err), finished_at: new Date() })
          .where('id', '=', id)
          .execute();
      },
    );
    return id;
  }

  /** Evaluates every registered household of the region, county by county and chunk by chunk, then stores the findings. */
  private async evaluate(runId: string, region: string, year: number): Promise<void> {
    const db = this.database.db;
    const prefix = regionPrefix(region);
    const keys = await db
      .selectFrom('household')
      .select(['county_code', 'id', 'village_code'])
      .where('village_code', 'like', `${prefix}%`)
      .where('status', '<>', 'removed')
      .$if(prefix.length >= 6, (q) => q.where('county_code', '=', prefix.slice(0, 6)))
      .orderBy('county_code')
      .orderBy('id')
      .execute();
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
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < items.length; i += 1000) await trx.insertInto('adjustment_item').values(items.slice(i, i + 1000)).execute();
      await trx
        .updateTable('adjustment_run')
        .set({ state: 'done', households: keys.length, counts: JSON.stringify(counts), finished_at: new Date() })
        .where('id', '=', runId)
        .execute();
    });
  }
}

/** The reasons of one household's evaluation, for a finding whose household had none of its own. */
async function reasonsForHousehold(db: Kysely<DB>, county: string, id: string, year: number, profiles: Map<string, ResolvedProfile>): Promise<string> {
  const [detailed] = await householdsWithDetails(db, county, [id]);
  const profile = profiles.get(county);
  if (!detailed || !profile) return '[]';
  return JSON.stringify(reasonsOf(evaluateHousehold(evaluationInputOf(detailed), profile, year)));
}

/** A run the user may see: inside their region. */
export async function visibleRun(db: Kysely<DB>, user: SessionUser, id: string) {
  const run = /^\d{1,18}$/.test(id) ? await db.selectFrom('adjustment_run').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!run || !inScope(user, run.region_code)) throw new AppError('not_found', { entity: 'adjustment_run', id });
  return run;
}

/** A page of a run's findings, by category and village, with the households' numbers and heads. */
export async function runItems(db: Kysely<DB>, runId: string, filter: { category?: string | undefined; village?: string | undefined; page: number; pageSize: number }) {
  let query = db
    .selectFrom('adjustment_item as a')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'a.county_code').onRef('h.id', '=', 'a.household_id'))
    .innerJoin('region as v', 'v.code', 'a.village_code')
    .leftJoin('household as p', (j) => j.onRef('p.county_code', '=', 'a.county_code').onRef('p.id', '=', 'a.peer_household_id'))
    .where('a.run_id', '=', runId);
  if (filter.category) query = query.where('a.category', '=', filter.category as 'should_exit');
  if (filter.village) query = query.where('a.village_code', 'like', `${filter.village}%`);
  const [items, total] = await Promise.all([
    query
      .select([
        'a.household_id', 'a.category', 'a.village_code', 'a.status', 'a.outcome', 'a.reasons', 'a.peer_household_id', 'a.procedure_id',
        'h.household_no', 'h.head_name', 'v.name as village_name', 'p.household_no as peer_household_no', 'p.head_name as peer_head_name', 'p.status as peer_status',
      ])
      .orderBy('a.category')
      .orderBy('h.household_no')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Opens the procedure each selected finding calls for (identification, exit or return). Each household is
 * opened on its own: one refused (a case already open, the status changed since the run) does not stop
 * the others, and the answer says which were opened and why others were not.
 */
export async function openFromRun(db: Kysely<DB>, user: SessionUser, actor: Actor, runId: string, householdIds: string[]) {
  const run = await visibleRun(db, user, runId);
  const wanted = [...new Set(householdIds)];
  const items = await db
    .selectFrom('adjustment_item')
    .select(['county_code', 'household_id', 'category', 'procedure_id'])
    .where('run_id', '=', run.id)
    .where('household_id', 'in', wanted.length > 0 ? wanted : ['0'])
    .where('category', 'in', Object.keys(PROCEDURE_FOR) as AdjustmentCategory[])
    .execute();
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
      const procedureId = await openCase(db, user, actor, { kind, householdId: id });
      await db
        .updateTable('adjustment_item')
        .set({ procedure_id: procedureId })
        .where('county_code', '=', item.county_code)
        .where('run_id', '=', run.id)
        .where('household_id', '=', id)
        .where('category', '=', item.category)
        .execute();
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
export function listRuns(db: Kysely<DB>, user: SessionUser) {
  return db
    .selectFrom('adjustment_run as r')
    .innerJoin('region as g', 'g.code', 'r.region_code')
    .select(['r.id', 'r.region_code', 'g.name as region_name', 'r.year', 'r.state', 'r.households', 'r.counts', 'r.created_at', 'r.finished_at'])
    .where('r.region_code', 'like', `${regionPrefix(user.regionCode)}%`)
    .orderBy('r.id', 'desc')
    .limit(50)
    .execute();
}

