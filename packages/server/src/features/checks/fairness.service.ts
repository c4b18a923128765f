import {
  decisiveFactsKey,
  type Evaluation,
  evaluateHousehold,
  type FairnessUnit,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  incomeBand,
  type Lang,
  lineFor,
  MEASURE_FAMILIES,
  MONITORING_CATEGORIES,
  OUTCOME_LABELS,
  POLICY_TEST_LABELS,
  regionPrefix,
  type ResolvedProfile,
  treatmentDifferences,
  unequalPairs,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { effectiveProfile } from '../standards/service.ts';
import { detailedHouseholds, evaluationInputOf } from '../adjustments/service.ts';
import { benefitKindRows, countiesOf, householdHeads, householdIdsOfCounty, regionNames } from './repository.ts';

/** Households evaluated per chunk, as in the yearly review: few queries, memory flat. */
const CHUNK = 2000;

/**
 * A household as the audit keeps it between chunks: its place and its treatment, no more (a county's
 * every household is kept until its groups are paired; the head's name is read for the page shown).
 */
interface Unit extends FairnessUnit {
  householdNo: string;
}

/** The decisive facts a group shares, kept once per group for the pairs it yields. */
interface Facts {
  attribute: string;
  band: number | null;
  line: number | null;
  outcome: Evaluation['outcome'];
  criteria: Array<{ code: string; test: string; passed: boolean | null }>;
  exclusions: Array<{ code: string; test: string; passed: boolean | null }>;
}

interface Pair {
  county: string;
  a: Unit;
  b: Unit;
  facts: Facts;
}

type Details = Awaited<ReturnType<typeof detailedHouseholds>>;

const NONE: readonly string[] = [];

/** The kinds of benefit paid to some households of a county in a year: the measure's family, or the payer where no measure. */
async function benefitKinds(db: Db, county: string, year: number, range: { from: string; to: string } | { ids: string[] }) {
  const rows = await benefitKindRows(db, county, year, range);
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.household_id);
    if (list) list.push(r.kind);
    else out.set(r.household_id, [r.kind]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * Same facts, different treatment (公平性核查). Every registered household of the region (applicants
 * included, those who left the registry not) is evaluated for the year against the profile in force,
 * county by county and chunk by chunk like the yearly review; households are grouped, inside their
 * county, by their decisive facts (each criterion and exclusion passed, failed or unknown), their income
 * per head as a multiple of the poverty line (to 0.1) and their attribute. Within a group, each household
 * treated otherwise than most (status, monitoring category, or kinds of benefit paid in the year) is paired
 * with its nearest peer treated the usual way. Pairs are sorted by village and household number.
 */
export async function fairnessPairs(db: Db, region: string, year: number): Promise<{ pairs: Pair[]; households: number }> {
  const prefix = regionPrefix(region);
  const counties = await countiesOf(db, region);
  const pairs: Pair[] = [];
  let households = 0;
  for (const county of counties) {
    const keys = await householdIdsOfCounty(db, county, prefix);
    if (keys.length === 0) continue;
    households += keys.length;
    // Profiles stop at the county: the county's is every village's.
    const profile: ResolvedProfile = await effectiveProfile(db, county, decisionDate(year));
    // The same few village codes, statuses and categories recur in every row: keep one copy of each.
    const shared = new Map<string, string>();
    const intern = (text: string) => shared.get(text) ?? (shared.set(text, text), text);
    const line = lineFor(profile, 'poverty', year)?.value ?? null;
    const groups = new Map<string, Unit[]>();
    const factsOf = new Map<string, Facts>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const ids = keys.slice(i, i + CHUNK);
      const from = ids[0] as string;
      const to = ids[ids.length - 1] as string;
      // A whole county is read by id ranges (three range scans per chunk); a township or village, whose
      // households lie scattered over the county's ids, by the list of its ids.
      const whole = prefix.length <= 6;
      const [loaded, benefits]: [Details, Map<string, string[]>] = await Promise.all([
        detailedHouseholds(db, county, whole ? { from, to } : { ids }),
        benefitKinds(db, county, year, whole ? { from, to } : { ids }),
      ]);
      for (const detailed of loaded) {
        const h = detailed.household;
        if (!h.village_code.startsWith(prefix)) continue;
        const e = evaluateHousehold(evaluationInputOf(detailed), profile, year);
        const perHeadText = detailed.incomes.find((x) => x.year === year)?.per_head ?? null;
        const perHead = perHeadText === null ? null : Number(perHeadText);
        const band = incomeBand(perHead, line);
        const key = `${decisiveFactsKey(e)}#${band ?? '-'}#${h.attribute}`;
        const unit: Unit = {
          id: h.id,
          village: intern(h.village_code),
          householdNo: h.household_no,
          status: intern(h.status),
          monitoringCategory: h.monitoring_category === null ? null : intern(h.monitoring_category),
          benefits: benefits.get(h.id) ?? NONE,
          perHead,
          outcome: e.outcome,
        };
        const list = groups.get(key);
        if (list) list.push(unit);
        else {
          groups.set(key, [unit]);
          const brief = (c: Evaluation['criteria'][number]) => ({ code: c.code, test: c.test, passed: c.passed });
          // The outcome of a poor household that qualifies to exit is may_exit, of any other not_poor: the same facts.
          factsOf.set(key, { attribute: h.attribute, band, line, outcome: e.outcome === 'may_exit' ? 'not_poor' : e.outcome, criteria: e.criteria.map(brief), exclusions: e.exclusions.map(brief) });
        }
      }
      // The embedded engine answers in promise callbacks alone: let other requests in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const [key, group] of groups) {
      const facts = factsOf.get(key) as Facts;
      for (const { a, b } of unequalPairs(group)) pairs.push({ county, a: a as Unit, b: b as Unit, facts });
    }
  }
  pairs.sort((x, y) => (x.a.village < y.a.village ? -1 : x.a.village > y.a.village ? 1 : x.a.householdNo < y.a.householdNo ? -1 : x.a.householdNo > y.a.householdNo ? 1 : 0));
  return { pairs, households };
}

/** The label of a benefit kind: a measure family's name, else the payer as recorded. */
function benefitLabel(kind: string, lang: Lang): string {
  return MEASURE_FAMILIES[kind as keyof typeof MEASURE_FAMILIES]?.[lang] ?? kind;
}

/** A page of fairness pairs as the API shows them: the shared facts in words, both households, what differs. */
export async function presentFairnessPage(db: Db, pairs: Pair[], lang: Lang) {
  const villages = [...new Set(pairs.flatMap((p) => [p.a.village, p.b.village]))];
  const households = pairs.flatMap((p) => [{ county: p.county, id: p.a.id }, { county: p.county, id: p.b.id }]);
  const [names, heads] = await Promise.all([
    villages.length === 0 ? [] : regionNames(db, villages),
    households.length === 0 ? [] : householdHeads(db, households),
  ]);
  const villageName = new Map(names.map((r) => [r.code, r.name]));
  const headOf = new Map(heads.map((h) => [h.id, h]));
  const label = <T extends Record<string, Record<Lang, string>>>(list: T, code: string | null) => (code === null ? null : (list[code as keyof T]?.[lang] ?? code));
  const summary = (u: Unit) => ({
    id: u.id,
    householdNo: u.householdNo,
    headName: headOf.get(u.id)?.head_name ?? '',
    villageCode: u.village,
    villageName: villageName.get(u.village) ?? u.village,
    status: u.status,
    statusLabel: label(HOUSEHOLD_STATUSES, u.status),
    attribute: headOf.get(u.id)?.attribute ?? null,
    monitoringCategory: u.monitoringCategory,
    monitoringCategoryLabel: label(MONITORING_CATEGORIES, u.monitoringCategory),
    incomePerHead: u.perHead,
    benefits: u.benefits.map((kind) => ({ kind, label: benefitLabel(kind, lang) })),
  });
  const test = (c: Facts['criteria'][number]) => ({ code: c.code, test: c.test, label: POLICY_TEST_LABELS[c.test as keyof typeof POLICY_TEST_LABELS]?.[lang] ?? c.test, passed: c.passed });
  return pairs.map((p) => ({
    facts: {
      attribute: p.facts.attribute,
      attributeLabel: label(HOUSEHOLD_ATTRIBUTES, p.facts.attribute),
      incomeBand: p.facts.band,
      povertyLine: p.facts.line,
      outcome: p.facts.outcome,
      outcomeLabel: OUTCOME_LABELS[p.facts.outcome][lang],
      criteria: p.facts.criteria.map(test),
      exclusions: p.facts.exclusions.map(test),
    },
    a: summary(p.a),
    b: summary(p.b),
    differs: treatmentDifferences(p.a, p.b),
  }));
}
