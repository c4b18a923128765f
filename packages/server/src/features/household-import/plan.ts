import {
  checkMember,
  type HouseholdCreate,
  householdCreateSchema,
  incomeInputSchema,
  type IncomeInput,
  isWithinScope,
  todayInChina,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { INCOME_COLUMNS, MEMBER_COLUMNS, SHEET_NAMES } from '../households/sheet.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { cellAddress, type ImportProblem, readSheets } from '../../kernel/sheets/sheet-reader.ts';
import { type ParsedRow, parseRows } from './read.ts';
import { countyCodes, householdsByNumber, registrationsOf, type StoredHouseholds, storedHouseholds, villagesAmong } from './repository.ts';

export { parseCell } from './read.ts';

export interface ImportSummary {
  households: { new: number; changed: number; unchanged: number };
  members: { new: number; unchanged: number; changed: number };
  incomes: { new: number; unchanged: number; changed: number };
  /**
   * Households of the file that left the registry, and their rows (members and incomes): a full export
   * lists them, and a closed record is not changed by a file, so they are skipped and counted.
   */
  closed: { households: number; rows: number };
  rows: number;
}

export interface ImportPlan {
  summary: ImportSummary;
  problems: ImportProblem[];
  newHouseholds: Array<{ key: string; household: HouseholdCreate }>;
  newIncomes: Array<{ householdId: string; countyCode: string; villageCode: string; income: IncomeInput }>;
  corrections: ImportCorrection[];
}

const MEMBER_FIELDS = MEMBER_COLUMNS.filter((c) => !c.household && c.key !== 'householdNo' && c.key !== 'groupKey');

/** Member sheet keys whose column name differs from the key. */
const MEMBER_FIELD_COLUMNS: Record<string, string> = {
  idNumber: 'id_number',
  birthDate: 'birth_date',
  schoolStatus: 'school_status',
  disabilityType: 'disability_type',
  disabilityGrade: 'disability_grade',
  chronicDiseaseCard: 'chronic_disease_card',
  labourCapacity: 'labour_capacity',
  medicalInsured: 'medical_insured',
  pensionInsured: 'pension_insured',
  publicPayroll: 'public_payroll',
};

/** Household fields a head row may correct, with their columns. */
const HOUSEHOLD_FIELD_COLUMNS: Array<[string, string]> = [
  ['address', 'address'],
  ['householdPhone', 'phone'],
  ['attribute', 'attribute'],
  ['mainCause', 'main_cause'],
  ['secondaryCauses', 'secondary_causes'],
  ['bankName', 'bank_name'],
  ['bankAccount', 'bank_account'],
  ['housingGrade', 'housing_grade'],
  ['foodSecure', 'food_secure'],
  ['clothingSecure', 'clothing_secure'],
  ['waterQuantity', 'water_quantity'],
  ['waterQuality', 'water_quality'],
  ['waterConvenience', 'water_convenience'],
  ['waterGuarantee', 'water_guarantee'],
  ['car', 'has_car'],
  ['machinery', 'has_machinery'],
  ['townProperty', 'has_town_property'],
  ['registeredBusiness', 'has_registered_business'],
];
const CONDITION_KEYS = new Set(['housingGrade', 'foodSecure', 'clothingSecure', 'waterQuantity', 'waterQuality', 'waterConvenience', 'waterGuarantee']);
const ASSET_KEYS = new Set(['car', 'machinery', 'townProperty', 'registeredBusiness']);

/** The facts of the head's row named by keys, when any is filled in: a blank one is unknown, not 否. */
function filledIn(head: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> | undefined {
  const given = [...keys].filter((k) => head[k] !== undefined);
  return given.length === 0 ? undefined : Object.fromEntries(given.map((k) => [k, head[k]]));
}

/** One fact of a registered household that the file corrects. */
export interface ImportCorrection {
  countyCode: string;
  householdId: string;
  villageCode: string;
  entity: 'household' | 'member' | 'income';
  entityId: string;
  field: string;
  column: string;
  old: unknown;
  new: unknown;
}

/** Files a problem at a row's cell: the sheet, the row, the column of a key and the rule it broke. */
type ProblemAt = (sheet: string, r: ParsedRow, key: string, rule: string, detail?: string) => void;

/** A household of the file that is registered already, by its number. */
interface ExistingHousehold {
  id: string;
  county_code: string;
  village_code: string;
  left_on: string | null;
}

/** What the registry holds of the file: its households by number, the closed ones, where its people are registered. */
interface Registry {
  existing: Map<string, ExistingHousehold>;
  /** Groups of households that left the registry: skipped and counted. */
  closedKeys: Set<string>;
  registered: Map<string, { household_id: string; county_code: string }>;
  stored: StoredHouseholds;
}

/** Everything the planning of households and incomes shares. */
interface PlanContext {
  plan: ImportPlan;
  at: ProblemAt;
  registry: Registry;
  scopeCode: string;
  today: string;
  known: Set<string>;
  /** The registered household of each group key that names one. */
  groupHouseholdId: Map<string, string>;
  /** Whether the file changes each registered household it names. */
  existingChanged: Map<string, boolean>;
}

/** Read: both sheets, every cell as its column's type; null when the file cannot be read as a whole. */
async function readImport(buffer: Buffer, problems: ImportProblem[], onProgress: (fraction: number) => void, limits?: UploadLimits) {
  const read = await readSheets(buffer, { [SHEET_NAMES.members]: MEMBER_COLUMNS, [SHEET_NAMES.incomes]: INCOME_COLUMNS }, (n) =>
    onProgress(Math.min(0.5, n / 200_000)),
    limits ? { limits } : {},
  );
  problems.push(...read.problems);
  if (problems.some((p) => p.row === null || p.row === 1 || p.rule === 'too_many_rows')) return null;
  const memberRows = parseRows(SHEET_NAMES.members, MEMBER_COLUMNS, read.rows[SHEET_NAMES.members] ?? [], read.positions[SHEET_NAMES.members], problems);
  const incomeRows = parseRows(SHEET_NAMES.incomes, INCOME_COLUMNS, read.rows[SHEET_NAMES.incomes] ?? [], read.positions[SHEET_NAMES.incomes], problems);
  // The file's rows are parsed now: let the raw values go.
  read.rows = {};
  const at: ProblemAt = (sheet, r, key, rule, detail) => {
    const column = [...MEMBER_COLUMNS, ...INCOME_COLUMNS].find((c) => c.key === key);
    problems.push({ sheet, row: r.row, column: column?.header ?? key, cell: cellAddress(read.positions[sheet], key, r.row), rule, ...(detail ? { detail } : {}) });
  };
  return { memberRows, incomeRows, at };
}

/** Groups member rows into households: an existing one by number, a new one by its group key. */
function groupRows(memberRows: ParsedRow[], at: ProblemAt): Map<string, ParsedRow[]> {
  const groups = new Map<string, ParsedRow[]>();
  for (const r of memberRows) {
    const no = r.values.householdNo as string | undefined;
    const group = r.values.groupKey as string | undefined;
    if (no && group) at(SHEET_NAMES.members, r, 'groupKey', 'number_or_group');
    else if (!no && !group) at(SHEET_NAMES.members, r, 'groupKey', 'number_or_group');
    else {
      const key = no ? `no:${no}` : `new:${group}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
  }
  return groups;
}

/** Match: the file's households and people against the registry; every ID once in the file. */
async function matchRegistry(db: Db, groups: Map<string, ParsedRow[]>, memberRows: ParsedRow[], scopeCode: string, at: ProblemAt): Promise<Registry> {
  // Existing households named by number.
  const numbers = [...groups.keys()].filter((k) => k.startsWith('no:')).map((k) => k.slice(3));
  const existing = new Map<string, ExistingHousehold>();
  for (const h of await householdsByNumber(db, numbers)) existing.set(h.household_no, h);
  // Households that left the registry (a full export lists them): skipped and counted, never an error, so
  // that a county's own export imports back whole. Their people may have been registered again elsewhere.
  const groupKeyOf = (r: ParsedRow) => (r.values.householdNo ? `no:${String(r.values.householdNo)}` : `new:${String(r.values.groupKey)}`);
  const closedKeys = new Set<string>();
  for (const key of groups.keys()) {
    const h = key.startsWith('no:') ? existing.get(key.slice(3)) : undefined;
    if (h?.left_on && isWithinScope(h.village_code, scopeCode)) closedKeys.add(key);
  }

  // Every ID once in the file.
  const byId = new Map<string, ParsedRow>();
  for (const r of memberRows) {
    if (closedKeys.has(groupKeyOf(r))) continue;
    const id = r.values.idNumber as string | undefined;
    if (!id) continue;
    const first = byId.get(id);
    if (first) at(SHEET_NAMES.members, r, 'idNumber', 'duplicate_in_file', String(first.row));
    else byId.set(id, r);
  }

  // Where every ID of the file is registered today.
  const registered = new Map<string, { household_id: string; county_code: string }>();
  for (const p of await registrationsOf(db, [...byId.keys()])) registered.set(p.id_number, p);
  const stored = await storedHouseholds(db, [...existing.values()].filter((h) => !h.left_on).map((h) => h.id));
  return { existing, closedKeys, registered, stored };
}

/** Checks each member row's facts by the same rules as the API (ID number, birth date, sex, disability). */
function checkMemberRows(ctx: PlanContext, rows: ParsedRow[]) {
  for (const r of rows) {
    const m = r.values;
    if (typeof m.idNumber === 'string' && typeof m.birthDate === 'string' && typeof m.sex === 'string') {
      for (const p of checkMember(
        { idNumber: m.idNumber, birthDate: m.birthDate, sex: m.sex as 'male' | 'female', health: (m.health as 'healthy' | undefined) ?? null, disabilityType: m.disabilityType as never, disabilityGrade: m.disabilityGrade as number },
        ctx.today,
        (c) => ctx.known.has(c),
      )) {
        if (p.severity === 'error') ctx.at(SHEET_NAMES.members, r, p.path, p.code);
      }
    }
  }
}

/**
 * Plan: a registered household named by number, matched member by member: the same people; any fact
 * that differs is a correction, written only when the user confirms with a reason.
 */
function planExisting(ctx: PlanContext, key: string, rows: ParsedRow[], headRow: ParsedRow) {
  const { plan, at } = ctx;
  const summary = plan.summary;
  const h = ctx.registry.existing.get(key.slice(3));
  if (!h || !isWithinScope(h.village_code, ctx.scopeCode)) {
    at(SHEET_NAMES.members, headRow, 'householdNo', 'household_not_found');
    return;
  }
  if (h.left_on) {
    at(SHEET_NAMES.members, headRow, 'householdNo', 'household_closed');
    return;
  }
  ctx.groupHouseholdId.set(key, h.id);
  const stored = ctx.registry.stored.households.get(h.id);
  if (!stored) return;
  const members = ctx.registry.stored.members.get(h.id) ?? [];
  const inFile = new Set(rows.map((r) => r.values.idNumber));
  const before = plan.corrections.length;
  const correct = (entity: 'household' | 'member', entityId: string, field: string, column: string, oldValue: unknown, newValue: unknown) =>
    plan.corrections.push({ countyCode: h.county_code, householdId: h.id, villageCode: h.village_code, entity, entityId, field, column, old: oldValue ?? null, new: newValue });
  for (const [field, column] of HOUSEHOLD_FIELD_COLUMNS) {
    const value = headRow.values[field];
    if (value === undefined) continue;
    const current = (stored as Record<string, unknown>)[column];
    if (JSON.stringify(value) !== JSON.stringify(current ?? null)) {
      const name = field === 'householdPhone' ? 'phone' : CONDITION_KEYS.has(field) ? `conditions.${field}` : ASSET_KEYS.has(field) ? `assets.${field}` : field;
      correct('household', h.id, name, column, current, value);
    }
  }
  if (headRow.values.yearRegistered !== undefined && headRow.values.yearRegistered !== stored.year_registered) {
    at(SHEET_NAMES.members, headRow, 'yearRegistered', 'not_correctable');
  }
  for (const r of rows) {
    const m = members.find((x) => x.id_number === r.values.idNumber);
    if (!m) {
      at(SHEET_NAMES.members, r, 'idNumber', 'member_change_needs_event');
      continue;
    }
    const memberBefore = plan.corrections.length;
    for (const c of MEMBER_FIELDS) {
      const column = MEMBER_FIELD_COLUMNS[c.key] ?? c.key;
      const value = r.values[c.key];
      const current = (m as Record<string, unknown>)[column];
      if (value === undefined || value === (current ?? undefined)) continue;
      if (c.key === 'relation' && (value === 'head') !== (current === 'head')) {
        at(SHEET_NAMES.members, r, 'relation', 'member_change_needs_event');
        continue;
      }
      correct('member', m.id, c.key, column, current, value);
    }
    if (plan.corrections.length > memberBefore) summary.members.changed++;
    else summary.members.unchanged++;
  }
  for (const m of members) if (!inFile.has(m.id_number)) at(SHEET_NAMES.members, headRow, 'householdNo', 'member_missing', m.name);
  ctx.existingChanged.set(h.id, plan.corrections.length > before);
}

/** Plan: a new household, checked by the same schema as the API's. */
function planNew(ctx: PlanContext, key: string, rows: ParsedRow[], headRow: ParsedRow) {
  const { plan, at } = ctx;
  const head = headRow.values;
  for (const r of rows) {
    const reg = ctx.registry.registered.get(r.values.idNumber as string);
    if (reg) at(SHEET_NAMES.members, r, 'idNumber', 'person_already_registered');
  }
  const candidate = {
    villageCode: head.villageCode,
    address: head.address ?? '',
    phone: head.householdPhone ?? null,
    attribute: head.attribute,
    mainCause: head.mainCause,
    secondaryCauses: head.secondaryCauses ?? [],
    bankAccount: head.bankAccount ?? null,
    bankName: head.bankName ?? null,
    yearRegistered: head.yearRegistered,
    conditions: filledIn(head, CONDITION_KEYS),
    assets: filledIn(head, ASSET_KEYS),
    members: rows.map((r) => Object.fromEntries(MEMBER_FIELDS.filter((c) => r.values[c.key] !== undefined).map((c) => [c.key, r.values[c.key]]))),
    incomes: [],
  };
  const parsed = householdCreateSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index, field] = issue.path.map(String);
      if (first === 'members' && index !== undefined) {
        const r = rows[Number(index)];
        if (r) at(SHEET_NAMES.members, r, field ?? 'name', issue.code);
      } else {
        const k = first === 'phone' ? 'householdPhone' : first === 'conditions' || first === 'assets' ? (index ?? first) : (first ?? 'villageCode');
        at(SHEET_NAMES.members, headRow, k, first === 'villageCode' || first === undefined ? 'required' : issue.code);
      }
    }
    return;
  }
  if (!isWithinScope(parsed.data.villageCode, ctx.scopeCode)) {
    at(SHEET_NAMES.members, headRow, 'villageCode', 'region_outside_scope');
    return;
  }
  plan.newHouseholds.push({ key, household: parsed.data });
  plan.summary.households.new++;
  plan.summary.members.new += rows.length;
}

/** Plan: every group of member rows, a closed household counted, a registered one matched, a new one checked. */
function planHouseholds(ctx: PlanContext, groups: Map<string, ParsedRow[]>) {
  const summary = ctx.plan.summary;
  for (const [key, rows] of groups) {
    if (ctx.registry.closedKeys.has(key)) {
      summary.closed.households++;
      summary.closed.rows += rows.length;
      continue;
    }
    const heads = rows.filter((r) => r.values.relation === 'head');
    const headRow = heads[0] ?? rows[0];
    if (!headRow) continue;
    if (heads.length !== 1) ctx.at(SHEET_NAMES.members, headRow, 'relation', 'head_count');
    checkMemberRows(ctx, rows);
    if (key.startsWith('no:')) planExisting(ctx, key, rows, headRow);
    else planNew(ctx, key, rows, headRow);
  }
}

/** Check: village codes of new households must be real villages. */
async function checkVillages(db: Db, ctx: PlanContext, groups: Map<string, ParsedRow[]>) {
  const villages = [...new Set(ctx.plan.newHouseholds.map((h) => h.household.villageCode))];
  const realVillages = new Set(await villagesAmong(db, villages));
  for (const h of ctx.plan.newHouseholds) {
    if (!realVillages.has(h.household.villageCode)) {
      const rows = groups.get(h.key) ?? [];
      const r = rows.find((x) => x.values.relation === 'head') ?? rows[0];
      if (r) ctx.at(SHEET_NAMES.members, r, 'villageCode', 'region_not_found');
    }
  }
}

/** Plan: incomes by household number or group key, one row per household and year. */
function planIncomes(ctx: PlanContext, incomeRows: ParsedRow[]) {
  const { plan, at } = ctx;
  const summary = plan.summary;
  const { existing, closedKeys } = ctx.registry;
  const seenYears = new Set<string>();
  const newByKey = new Map(plan.newHouseholds.map((h) => [h.key, h]));
  for (const r of incomeRows) {
    const no = r.values.householdNo as string | undefined;
    const group = r.values.groupKey as string | undefined;
    const key = no ? `no:${no}` : group ? `new:${group}` : null;
    if (!key || (no && group)) {
      at(SHEET_NAMES.incomes, r, 'groupKey', 'number_or_group');
      continue;
    }
    if (closedKeys.has(key)) {
      summary.closed.rows++;
      continue;
    }
    const yearKey = `${key}:${String(r.values.year)}`;
    if (seenYears.has(yearKey)) at(SHEET_NAMES.incomes, r, 'year', 'duplicate_in_file');
    seenYears.add(yearKey);
    const income = incomeInputSchema.safeParse(Object.fromEntries(INCOME_COLUMNS.filter((c) => c.key !== 'householdNo' && c.key !== 'groupKey').map((c) => [c.key, r.values[c.key]])));
    if (!income.success) continue;
    const target = newByKey.get(key);
    if (target) {
      target.household.incomes.push(income.data);
      summary.incomes.new++;
      continue;
    }
    const householdId = ctx.groupHouseholdId.get(key);
    if (!householdId) {
      at(SHEET_NAMES.incomes, r, no ? 'householdNo' : 'groupKey', 'household_not_in_file');
      continue;
    }
    const stored = ctx.registry.stored.incomes.get(`${householdId}:${income.data.year}`);
    if (!stored) {
      const h = existing.get(no ?? '');
      if (h) plan.newIncomes.push({ householdId, countyCode: h.county_code, villageCode: h.village_code, income: income.data });
      summary.incomes.new++;
    } else {
      const same =
        Number(stored.wages) === income.data.wages &&
        Number(stored.business) === income.data.business &&
        Number(stored.property) === income.data.property &&
        Number(stored.transfers) === income.data.transfers &&
        Number(stored.production_costs) === income.data.productionCosts;
      if (same) summary.incomes.unchanged++;
      else {
        summary.incomes.changed++;
        const h = existing.get(no ?? '');
        if (h) {
          const { year, ...amounts } = income.data;
          plan.corrections.push({
            countyCode: h.county_code,
            householdId,
            villageCode: h.village_code,
            entity: 'income',
            entityId: String(year),
            field: `income.${year}`,
            column: 'household_income',
            old: { wages: Number(stored.wages), business: Number(stored.business), property: Number(stored.property), transfers: Number(stored.transfers), productionCosts: Number(stored.production_costs) },
            new: amounts,
          });
          ctx.existingChanged.set(householdId, true);
        }
      }
    }
  }
}

/**
 * Parses and checks a household workbook completely, matching every person by ID number, and plans
 * what a confirmation would write. Nothing is written here; any problem means nothing will be.
 * Its stages: read the file, group its rows, match them against the registry, plan and check.
 */
export async function planHouseholdImport(
  db: Db,
  buffer: Buffer,
  scopeCode: string,
  onProgress: (fraction: number) => void,
  limits?: UploadLimits,
): Promise<ImportPlan> {
  const summary: ImportSummary = {
    households: { new: 0, changed: 0, unchanged: 0 },
    members: { new: 0, unchanged: 0, changed: 0 },
    incomes: { new: 0, unchanged: 0, changed: 0 },
    closed: { households: 0, rows: 0 },
    rows: 0,
  };
  const problems: ImportProblem[] = [];
  const plan: ImportPlan = { summary, problems, newHouseholds: [], newIncomes: [], corrections: [] };
  const read = await readImport(buffer, problems, onProgress, limits);
  if (!read) return plan;
  const { memberRows, incomeRows, at } = read;
  summary.rows = memberRows.length + incomeRows.length;
  const groups = groupRows(memberRows, at);
  const registry = await matchRegistry(db, groups, memberRows, scopeCode, at);
  onProgress(0.6);

  const today = todayInChina();
  const known = new Set(await countyCodes(db));
  const ctx: PlanContext = { plan, at, registry, scopeCode, today, known, groupHouseholdId: new Map(), existingChanged: new Map() };
  planHouseholds(ctx, groups);
  await checkVillages(db, ctx, groups);
  planIncomes(ctx, incomeRows);
  for (const changed of ctx.existingChanged.values()) {
    if (changed) summary.households.changed++;
    else summary.households.unchanged++;
  }
  onProgress(1);
  return plan;
}
