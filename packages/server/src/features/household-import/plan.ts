import {
  checkMember,
  type HouseholdCreate,
  householdCreateSchema,
  incomeInputSchema,
  type IncomeInput,
  isWithinScope,
  normalizeIdNumber,
  todayInChina,
} from '@jingzhun/domain';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { BulkStep, Database } from '../../kernel/db/database.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { toCsv } from '../../kernel/db/csv.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { INCOME_COLUMNS, MEMBER_COLUMNS, type SheetColumn, SHEET_NAMES } from '../households/sheet.ts';
import { REFRESH_INCOME_MEMBERS_SQL } from '../households/repository.ts';

import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { cellAddress, type ColumnPositions, type ImportProblem, readSheets, type SheetRow } from '../../kernel/sheets/sheet-reader.ts';


/** Reads one cell as its column's type; a problem names the cell and the rule it broke. */
export function parseCell(column: SheetColumn, v: unknown): { value?: unknown; rule?: string } {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) {
    return column.required ? { rule: 'required' } : { value: undefined };
  }
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  const cell = column.cell;
  switch (cell.kind) {
    case 'text':
      return text.length > cell.max ? { rule: 'too_long' } : { value: text };
    case 'id':
      // A long number typed into a number cell has already lost digits: it must be text.
      if (typeof v === 'number' && text.length > 15) return { rule: 'id_not_text' };
      return { value: normalizeIdNumber(text) };
    case 'int': {
      const n = Number(text);
      return Number.isInteger(n) && n >= cell.min && n <= cell.max ? { value: n } : { rule: 'integer_range' };
    }
    case 'money': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { rule: 'number' };
      if (n < 0) return { rule: 'not_negative' };
      return { value: Math.round(n * 100) / 100 };
    }
    case 'date': {
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
      if (!m) return { rule: 'date' };
      const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? { rule: 'date' } : { value: iso };
    }
    case 'bool':
      if (['是', 'y', 'yes', 'true', '1', '有'].includes(text.toLowerCase())) return { value: true };
      if (['否', 'n', 'no', 'false', '0', '无'].includes(text.toLowerCase())) return { value: false };
      return { rule: 'yes_no' };
    case 'code': {
      const found = Object.entries(cell.list).find(([code, l]) => code === text || l['zh-CN'] === text || l.en === text);
      return found ? { value: found[0] } : { rule: 'unknown_code' };
    }
    case 'codes': {
      const parts = text.split(/[、,，;；\s]+/).filter(Boolean);
      const codes = parts.map((p) => Object.entries(cell.list).find(([code, l]) => code === p || l['zh-CN'] === p || l.en === p)?.[0]);
      return codes.every(Boolean) ? { value: codes } : { rule: 'unknown_code' };
    }
  }
}

interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

function parseRows(sheet: string, columns: SheetColumn[], rows: SheetRow[], positions: ColumnPositions | undefined, problems: ImportProblem[]): ParsedRow[] {
  // Household fields are read from the head's row only; other rows may leave them empty.
  const lenient = columns.map((c) => (c.household ? { ...c, required: false } : c));
  return rows.map((r) => {
    const values: Record<string, unknown> = {};
    for (const column of lenient) {
      const parsed = parseCell(column, r.values[column.key]);
      if (parsed.rule) problems.push({ sheet, row: r.row, column: column.header, cell: cellAddress(positions, column.key, r.row), rule: parsed.rule });
      else if (parsed.value !== undefined) values[column.key] = parsed.value;
    }
    return { row: r.row, values };
  });
}

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
  newIncomes: Array<{ householdId: string; countyCode: string; income: IncomeInput }>;
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

/**
 * Parses and checks a household workbook completely, matching every person by ID number, and plans
 * what a confirmation would write. Nothing is written here; any problem means nothing will be.
 */
export async function planHouseholdImport(
  db: Kysely<DB>,
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
  const read = await readSheets(buffer, { [SHEET_NAMES.members]: MEMBER_COLUMNS, [SHEET_NAMES.incomes]: INCOME_COLUMNS }, (n) =>
    onProgress(Math.min(0.5, n / 200_000)),
    limits ? { limits } : {},
  );
  const problems = [...read.problems];
  const empty: ImportPlan = { summary, problems, newHouseholds: [], newIncomes: [], corrections: [] };
  if (problems.some((p) => p.row === null || p.row === 1 || p.rule === 'too_many_rows')) return empty;
  const memberRows = parseRows(SHEET_NAMES.members, MEMBER_COLUMNS, read.rows[SHEET_NAMES.members] ?? [], read.positions[SHEET_NAMES.members], problems);
  const incomeRows = parseRows(SHEET_NAMES.incomes, INCOME_COLUMNS, read.rows[SHEET_NAMES.incomes] ?? [], read.positions[SHEET_NAMES.incomes], problems);
  // The file's rows are parsed now: let the raw values go.
  read.rows = {};
  summary.rows = memberRows.length + incomeRows.length;
  const at = (sheet: string, r: ParsedRow, key: string, rule: string, detail?: string) => {
    const column = [...MEMBER_COLUMNS, ...INCOME_COLUMNS].find((c) => c.key === key);
    problems.push({ sheet, row: r.row, column: column?.header ?? key, cell: cellAddress(read.positions[sheet], key, r.row), rule, ...(detail ? { detail } : {}) });
  };

  // Group member rows into households: an existing one by number, a new one by its group key.
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

  // Existing households named by number.
  const numbers = [...groups.keys()].filter((k) => k.startsWith('no:')).map((k) => k.slice(3));
  const existing = new Map<string, { id: string; county_code: string; village_code: string; left_on: string | null }>();
  for (let i = 0; i < numbers.length; i += 1000) {
    const chunk = numbers.slice(i, i + 1000);
    for (const h of await db.selectFrom('household').select(['id', 'county_code', 'village_code', 'household_no', 'left_on']).where('household_no', 'in', chunk).execute()) {
      existing.set(h.household_no, h);
    }
  }
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
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const p of await db.selectFrom('person_index').select(['id_number', 'household_id', 'county_code']).where('id_number', 'in', ids.slice(i, i + 1000)).execute()) {
      registered.set(p.id_number, p);
    }
  }
  // Everything the comparison needs about the named households, fetched in chunks rather than per row.
  const existingIds = [...existing.values()].filter((h) => !h.left_on).map((h) => h.id);
  const storedHouseholds = new Map<string, Selectable<DB['household']>>();
  const storedMembers = new Map<string, Array<Selectable<DB['member']>>>();
  const storedIncomes = new Map<string, Selectable<DB['household_income']>>();
  for (let i = 0; i < existingIds.length; i += 1000) {
    const chunk = existingIds.slice(i, i + 1000);
    for (const h of await db.selectFrom('household').selectAll().where('id', 'in', chunk).execute()) storedHouseholds.set(h.id, h);
    for (const m of await db.selectFrom('member').selectAll().where('household_id', 'in', chunk).where('status', '=', 'active').execute()) {
      storedMembers.set(m.household_id, [...(storedMembers.get(m.household_id) ?? []), m]);
    }
    for (const inc of await db.selectFrom('household_income').selectAll().where('household_id', 'in', chunk).execute()) {
      storedIncomes.set(`${inc.household_id}:${inc.year}`, inc);
    }
  }
  onProgress(0.6);

  const today = todayInChina();
  const known = new Set((await db.selectFrom('region').select('code').where('level', '=', 3).execute()).map((r) => r.code));
  const plan: ImportPlan = { summary, problems, newHouseholds: [], newIncomes: [], corrections: [] };
  const groupHouseholdId = new Map<string, string>();
  const existingChanged = new Map<string, boolean>();
  for (const [key, rows] of groups) {
    if (closedKeys.has(key)) {
      summary.closed.households++;
      summary.closed.rows += rows.length;
      continue;
    }
    const heads = rows.filter((r) => r.values.relation === 'head');
    const headRow = heads[0] ?? rows[0];
    if (!headRow) continue;
    if (heads.length !== 1) at(SHEET_NAMES.members, headRow, 'relation', 'head_count');
    for (const r of rows) {
      const m = r.values;
      if (typeof m.idNumber === 'string' && typeof m.birthDate === 'string' && typeof m.sex === 'string') {
        for (const p of checkMember(
          { idNumber: m.idNumber, birthDate: m.birthDate, sex: m.sex as 'male' | 'female', health: (m.health as 'healthy' | undefined) ?? null, disabilityType: m.disabilityType as never, disabilityGrade: m.disabilityGrade as number },
          today,
          (c) => known.has(c),
        )) {
          if (p.severity === 'error') at(SHEET_NAMES.members, r, p.path, p.code);
        }
      }
    }
    if (key.startsWith('no:')) {
      const h = existing.get(key.slice(3));
      if (!h || !isWithinScope(h.village_code, scopeCode)) {
        at(SHEET_NAMES.members, headRow, 'householdNo', 'household_not_found');
        continue;
      }
      if (h.left_on) {
        at(SHEET_NAMES.members, headRow, 'householdNo', 'household_closed');
        continue;
      }
      groupHouseholdId.set(key, h.id);
      // Existing households are matched member by member: the same people; any fact that differs is a
      // correction, written only when the user confirms with a reason.
      const stored = storedHouseholds.get(h.id);
      if (!stored) continue;
      const members = storedMembers.get(h.id) ?? [];
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
      existingChanged.set(h.id, plan.corrections.length > before);
      continue;
    }
    // A new household: the same schema as the API's.
    const head = headRow.values;
    for (const r of rows) {
      const reg = registered.get(r.values.idNumber as string);
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
      continue;
    }
    if (!isWithinScope(parsed.data.villageCode, scopeCode)) {
      at(SHEET_NAMES.members, headRow, 'villageCode', 'region_outside_scope');
      continue;
    }
    plan.newHouseholds.push({ key, household: parsed.data });
    summary.households.new++;
    summary.members.new += rows.length;
  }

  // Village codes must be real villages.
  const villages = [...new Set(plan.newHouseholds.map((h) => h.household.villageCode))];
  const realVillages = new Set(
    villages.length === 0 ? [] : (await db.selectFrom('region').select('code').where('code', 'in', villages).where('level', '=', 5).execute()).map((r) => r.code),
  );
  for (const h of plan.newHouseholds) {
    if (!realVillages.has(h.household.villageCode)) {
      const rows = groups.get(h.key) ?? [];
      const r = rows.find((x) => x.values.relation === 'head') ?? rows[0];
      if (r) at(SHEET_NAMES.members, r, 'villageCode', 'region_not_found');
    }
  }

  // Incomes: by household number or group key, one row per household and year.
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
    const householdId = groupHouseholdId.get(key);
    if (!householdId) {
      at(SHEET_NAMES.incomes, r, no ? 'householdNo' : 'groupKey', 'household_not_in_file');
      continue;
    }
    const stored = storedIncomes.get(`${householdId}:${income.data.year}`);
    if (!stored) {
      const h = existing.get(no ?? '');
      if (h) plan.newIncomes.push({ householdId, countyCode: h.county_code, income: income.data });
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
          existingChanged.set(householdId, true);
        }
      }
    }
  }
  for (const changed of existingChanged.values()) {
    if (changed) summary.households.changed++;
    else summary.households.unchanged++;
  }
  onProgress(1);
  return plan;
}

/**
 * Writes a plan in one transaction: new households with their members, person index and incomes by
 * COPY, new income years of existing households, and an audit event per household created.
 */
export async function writeHouseholdImport(
  database: Database,
  plan: ImportPlan,
  actor: { id: string; name: string },
  jobId: string,
  reason: string | null,
  onProgress: (fraction: number) => void,
): Promise<void> {
  if (plan.corrections.length > 0 && !reason) throw new Error('corrections need a reason');
  const { db } = database;
  const households = plan.newHouseholds;
  const memberCount = households.reduce((s, h) => s + h.household.members.length, 0);
  // Ids come from the sequences themselves, so concurrent writers can never be handed the same ones.
  const reserve = async (table: 'household' | 'member', n: number) =>
    n === 0
      ? []
      : (await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::text AS id FROM generate_series(1, ${n})`.execute(db)).rows.map((r) => r.id);
  const householdIds = await reserve('household', households.length);
  const memberIds = await reserve('member', memberCount);
  const villages = [...new Set(households.map((h) => h.household.villageCode))];
  const lastNo = new Map<string, number>();
  for (const v of villages) {
    const row = await db.selectFrom('household').select((eb) => eb.fn.max('household_no').as('no')).where('county_code', '=', v.slice(0, 6)).where('village_code', '=', v).executeTakeFirst();
    lastNo.set(v, row?.no ? Number(row.no.slice(12)) : 0);
  }
  const householdRows: unknown[][] = [];
  const memberRows: unknown[][] = [];
  const indexRows: unknown[][] = [];
  const incomeRows: unknown[][] = [];
  let m = 0;
  households.forEach(({ household: h }, i) => {
    const id = householdIds[i] as string;
    const county = h.villageCode.slice(0, 6);
    const seq = (lastNo.get(h.villageCode) ?? 0) + 1;
    lastNo.set(h.villageCode, seq);
    const head = h.members.find((x) => x.relation === 'head') ?? h.members[0];
    const hp = personPinyin(head?.name ?? '');
    const c = h.conditions;
    householdRows.push([
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
      memberRows.push([
        county, mid, id, member.name, p.full, p.initials, idNumber, member.relation, member.sex, member.birthDate,
        member.ethnicity ?? null, member.education ?? null, member.schoolStatus, member.health, member.disabilityType ?? null,
        member.disabilityGrade ?? null, member.chronicDiseaseCard, member.labourCapacity, member.employment, member.medicalInsured,
        member.pensionInsured, member.publicPayroll, member.phone ?? null,
      ]);
      indexRows.push([idNumber, county, id, mid]);
    }
    for (const inc of h.incomes) incomeRows.push([county, id, inc.year, inc.wages, inc.business, inc.property, inc.transfers, inc.productionCosts]);
  });
  for (const inc of plan.newIncomes) {
    const x = inc.income;
    incomeRows.push([inc.countyCode, inc.householdId, x.year, x.wages, x.business, x.property, x.transfers, x.productionCosts]);
  }
  const steps: BulkStep[] = [
    {
      table: 'household',
      columns: ['county_code', 'id', 'household_no', 'village_code', 'head_name', 'head_name_pinyin', 'head_name_initials', 'address', 'phone',
        'attribute', 'status', 'main_cause', 'year_registered', 'secondary_causes', 'bank_account', 'bank_name', 'food_secure', 'clothing_secure',
        'housing_grade', 'water_quantity', 'water_quality', 'water_convenience', 'water_guarantee', 'has_car', 'has_machinery',
        'has_town_property', 'has_registered_business'],
      csv: toCsv(householdRows as never),
    },
    {
      table: 'member',
      columns: ['county_code', 'id', 'household_id', 'name', 'name_pinyin', 'name_initials', 'id_number', 'relation', 'sex', 'birth_date',
        'ethnicity', 'education', 'school_status', 'health', 'disability_type', 'disability_grade', 'chronic_disease_card', 'labour_capacity',
        'employment', 'medical_insured', 'pension_insured', 'public_payroll', 'phone'],
      csv: toCsv(memberRows as never),
      rebuildIndexes: memberRows.length > 50_000,
    },
    { table: 'person_index', columns: ['id_number', 'county_code', 'household_id', 'member_id'], csv: toCsv(indexRows as never) },
    {
      table: 'household_income',
      columns: ['county_code', 'household_id', 'year', 'wages', 'business', 'property', 'transfers', 'production_costs'],
      csv: toCsv(incomeRows as never),
    },
    {
      sql: `INSERT INTO audit_event (county_code, actor_id, actor_name, action, entity, entity_id, region_code, after)
            SELECT county_code, $1, $2, 'household.created', 'household', id::text, village_code, jsonb_build_object('importJob', $3::text)
            FROM household WHERE id = ANY($4::bigint[])`,
      params: [actor.id, actor.name, jobId, householdIds],
    },
    ...(plan.newIncomes.length > 0
      ? [{
          sql: `INSERT INTO audit_event (county_code, actor_id, actor_name, action, entity, entity_id, region_code, after)
                SELECT h.county_code, $1, $2, 'household.income_added', 'household', h.id::text, h.village_code, jsonb_build_object('importJob', $3::text)
                FROM household h WHERE h.id = ANY($4::bigint[])`,
          params: [actor.id, actor.name, jobId, [...new Set(plan.newIncomes.map((x) => x.householdId))]],
        }]
      : []),
  ];
  steps.push(...correctionSteps(plan.corrections, actor, jobId, reason ?? ''));
  // Every household whose members or incomes this import wrote gets its per-head divisors counted.
  const touched = [...householdIds, ...plan.newIncomes.map((x) => x.householdId), ...plan.corrections.map((c) => c.householdId)];
  const counties = [...new Set([...households.map((h) => h.household.villageCode.slice(0, 6)), ...plan.newIncomes.map((x) => x.countyCode), ...plan.corrections.map((c) => c.countyCode)])];
  if (touched.length > 0) steps.push({ sql: REFRESH_INCOME_MEMBERS_SQL, params: [counties, [...new Set(touched)]] });
  await database.bulkLoad(steps, (done, total) => onProgress(done / total));
}

/** The statements that apply corrections, each kept in household_change with the reason, and audited per household. */
function correctionSteps(corrections: ImportCorrection[], actor: { id: string; name: string }, jobId: string, reason: string): BulkStep[] {
  const steps: BulkStep[] = [];
  const byHousehold = new Map<string, ImportCorrection[]>();
  for (const c of corrections) byHousehold.set(c.householdId, [...(byHousehold.get(c.householdId) ?? []), c]);
  for (const c of corrections) {
    if (c.entity === 'income') {
      const a = c.new as IncomeInput;
      steps.push({
        sql: `INSERT INTO household_income (county_code, household_id, year, wages, business, property, transfers, production_costs)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
              ON CONFLICT (county_code, household_id, year) DO UPDATE SET wages = EXCLUDED.wages, business = EXCLUDED.business,
                property = EXCLUDED.property, transfers = EXCLUDED.transfers, production_costs = EXCLUDED.production_costs`,
        params: [c.countyCode, c.householdId, Number(c.entityId), a.wages, a.business, a.property, a.transfers, a.productionCosts],
      });
    } else {
      // Column names come from the fixed lists above, never from the file.
      const table = c.entity === 'household' ? 'household' : 'member';
      steps.push({ sql: `UPDATE ${table} SET ${c.column} = $1, updated_at = now() WHERE county_code = $2 AND id = $3`, params: [c.new, c.countyCode, c.entityId] });
      if (c.entity === 'member' && c.field === 'name') {
        const p = personPinyin(String(c.new));
        steps.push({ sql: 'UPDATE member SET name_pinyin = $1, name_initials = $2 WHERE county_code = $3 AND id = $4', params: [p.full, p.initials, c.countyCode, c.entityId] });
        steps.push({
          sql: `UPDATE household h SET head_name = $1, head_name_pinyin = $2, head_name_initials = $3
                FROM member m WHERE m.county_code = $4 AND m.id = $5 AND m.relation = 'head' AND h.county_code = m.county_code AND h.id = m.household_id`,
          params: [String(c.new), p.full, p.initials, c.countyCode, c.entityId],
        });
      }
    }
    steps.push({
      sql: `INSERT INTO household_change (county_code, household_id, entity, entity_id, field, old_value, new_value, reason, actor_id, actor_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      params: [c.countyCode, c.householdId, c.entity, c.entityId, c.field, JSON.stringify(c.old), JSON.stringify(c.new), reason, actor.id, actor.name],
    });
  }
  for (const [householdId, list] of byHousehold) {
    const first = list[0] as ImportCorrection;
    steps.push({
      sql: `INSERT INTO audit_event (county_code, actor_id, actor_name, action, entity, entity_id, region_code, before, after)
            VALUES ($1, $2, $3, 'household.corrected', 'household', $4, $5, $6, $7)`,
      params: [
        first.countyCode, actor.id, actor.name, householdId, first.villageCode,
        JSON.stringify(Object.fromEntries(list.map((c) => [`${c.entity}:${c.entityId}:${c.field}`, c.old]))),
        JSON.stringify({ ...Object.fromEntries(list.map((c) => [`${c.entity}:${c.entityId}:${c.field}`, c.new])), reason, importJob: jobId }),
      ],
    });
  }
  return steps;
}
