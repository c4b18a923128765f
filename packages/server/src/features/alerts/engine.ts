import {
  alertPeriod,
  type FeedRow,
  lineFor,
  MONITORING_DEFAULTS,
  type MonitoringFacts,
  type MonitoringSettings,
  raiseAlerts,
  regionPrefix,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { effectiveProfile } from '../standards/service.ts';
import { candidateHouseholds, countiesUnder, factRows, type NewAlert, upsertAlerts } from './engine.repository.ts';

/**
 * Runs the alert rules over households: SQL narrows a county to the households some rule could fire on
 * (a superset: an event in a feed, a sum above a threshold, income under the line or falling), the domain
 * decides on each with its full facts, and the alerts are written once per household, rule, subject and
 * period. Running it again raises nothing new; an open alert's evidence follows the latest figures.
 */

/**
 * Which households to look at: those the rows of a feed being written matched (its staged rows still
 * there), or every household of a region. A feed's writer may say how many households its rows matched in
 * each county (\`households\`): a county past the list's limit is then read whole without listing them.
 */
export type AlertScope = FeedScope | { regionCode: string };

/**
 * The households the rows of a feed being written matched. The feed names them (`householdsMatched`, by
 * county, only the given counties when given): its stage is its own, and a feed's write runs the rules, not
 * the other way round.
 */
export interface FeedScope {
  feedId: string;
  regionCode: string;
  households?: Record<string, number>;
  householdsMatched: (counties: readonly string[] | null) => Promise<Array<{ county_code: string; households: string[] }>>;
}

export interface AlertRun {
  year: number;
  today: string;
  origin: 'feed' | 'scan';
  /** Called with the share of candidate households done. */
  onProgress?: (fraction: number) => void;
}

/** Households of a feed named one by one to the rules' query; beyond it, the feed's whole region is read. */
const FEED_LIST_LIMIT = 5000;

/** Households whose facts are read and judged per query. */
const CHUNK = 2000;

/** What the county's profile says for monitoring in a year: its settings and the monitoring line. */
async function countyRules(db: Db, countyCode: string, year: number, today: string) {
  const profile = await effectiveProfile(db, countyCode, today);
  return { settings: profile.monitoring ?? MONITORING_DEFAULTS, line: lineFor(profile, 'monitoring', year)?.value ?? null, profileId: profile.id };
}

/** A scope inside one county: its households, or all of the county's inside a region prefix. */
interface CountyScope {
  county: string;
  /** The households of a feed; null for every household of the region. */
  households: string[] | null;
  prefix: string;
}

/** The counties a scope touches; for a feed, with the households its rows matched (read once). */
async function countyScopes(db: Db, scope: AlertScope): Promise<CountyScope[]> {
  const prefix = regionPrefix(scope.regionCode);
  if ('feedId' in scope) {
    const known = scope.households;
    // Counties the feed reaches so widely that they are read whole: known from the write, no join needed.
    const wide = known ? Object.keys(known).filter((c) => (known[c] ?? 0) > FEED_LIST_LIMIT) : [];
    const listed = known ? Object.keys(known).filter((c) => !wide.includes(c)) : null;
    const rows = listed && listed.length === 0 ? [] : await scope.householdsMatched(listed);
    // A feed that reaches most of a county is read like a scan of it: a list of a hundred thousand ids
    // costs more to test each row against than the few households it leaves out.
    return [
      ...wide.map((county) => ({ county, households: null, prefix })),
      ...rows.map((r) => ({ county: r.county_code, households: r.households.length > FEED_LIST_LIMIT ? null : r.households.map(String), prefix })),
    ];
  }
  if (prefix.length >= 6) return [{ county: prefix.slice(0, 6), households: null, prefix }];
  const rows = await countiesUnder(db, prefix);
  return rows.map((r) => ({ county: r.code, households: null, prefix }));
}

/** The households of one county a rule could fire on, by the settings and line in force there. */
async function candidates(db: Db, scope: CountyScope, year: number, settings: MonitoringSettings, line: number | null): Promise<string[]> {
  const rows = await candidateHouseholds(db, { county: scope.county, households: scope.households, prefix: scope.prefix }, year, settings, line);
  return rows.map((r) => String(r.household_id)).sort((a, b) => Number(a) - Number(b));
}

/** The facts the rules read, for a chunk of one county's households. */
async function factsOf(db: Db, countyCode: string, ids: string[], year: number, line: number | null) {
  const { households, members, incomes, feeds } = await factRows(db, countyCode, ids, year);
  const facts = new Map<string, MonitoringFacts & { villageCode: string }>();
  for (const h of households) {
    facts.set(h.id, { villageCode: h.village_code, status: h.status, year, incomePerHead: null, previousIncomePerHead: null, monitoringLine: line, members: [], feeds: [] });
  }
  for (const m of members) {
    (facts.get(m.household_id)?.members as MonitoringFacts['members'][number][] | undefined)?.push({
      idNumber: m.id_number,
      name: m.name,
      birthDate: m.birth_date,
      labourCapacity: m.labour_capacity,
      active: m.status === 'active',
    });
  }
  for (const i of incomes) {
    const f = facts.get(i.household_id);
    if (!f || i.per_head === null) continue;
    if (i.year === year) f.incomePerHead = Number(i.per_head);
    else f.previousIncomePerHead = Number(i.per_head);
  }
  for (const r of feeds) {
    (facts.get(r.household_id)?.feeds as FeedRow[] | undefined)?.push({ ...(r.data as object), kind: r.kind, idNumber: r.id_number, on: r.on_date } as FeedRow);
  }
  return facts;
}

/**
 * Raises the alerts of a year over a scope and returns how many households were judged and how many
 * alerts are new. Runs on the connection or transaction it is given, so a feed's rows and the alerts they
 * raise are written together.
 */
export async function raiseAlertsOver(db: Db, scope: AlertScope, run: AlertRun): Promise<{ judged: number; raised: number; updated: number }> {
  let judged = 0;
  let raised = 0;
  let updated = 0;
  const work: Array<{ county: string; ids: string[]; settings: MonitoringSettings; line: number | null; profileId: string }> = [];
  for (const countyScope of await countyScopes(db, scope)) {
    const { settings, line, profileId } = await countyRules(db, countyScope.county, run.year, run.today);
    if (settings.rules.length === 0) continue;
    work.push({ county: countyScope.county, ids: await candidates(db, countyScope, run.year, settings, line), settings, line, profileId });
  }
  const total = work.reduce((s, w) => s + w.ids.length, 0);
  for (const { county, ids, settings, line, profileId } of work) {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const facts = await factsOf(db, county, chunk, run.year, line);
      const rows: NewAlert[] = [];
      for (const [householdId, f] of facts) {
        for (const a of raiseAlerts(f, settings, run.today)) {
          rows.push({
            county_code: county,
            household_id: householdId,
            village_code: f.villageCode,
            rule: a.rule,
            subject: a.idNumber ?? '',
            period: alertPeriod(a.rule, run.year),
            severity: a.severity,
            evidence: JSON.stringify(a.evidence),
            origin: run.origin,
            profile_id: profileId,
            feed_id: 'feedId' in scope ? scope.feedId : null,
            state: 'open' as const,
            raised_on: a.raisedOn,
            due_on: a.dueOn,
          });
        }
      }
      judged += chunk.length;
      if (rows.length > 0) {
        const written = await upsertAlerts(db, rows);
        for (const w of written) if (w.inserted) raised++;
        else updated++;
      }
      run.onProgress?.(total === 0 ? 1 : judged / total);
    }
  }
  run.onProgress?.(1);
  return { judged, raised, updated };
}
