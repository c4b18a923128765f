import {
  ALERT_RULE_KEYS,
  ASSISTANCE_DEFAULTS,
  CAUSE_COVERAGE,
  CAUSES,
  COUNTRY_CODE,
  isWithinScope,
  levelOfCode,
  MEASURE_FAMILIES,
  measureCatalogue,
  MONITORING_DEFAULTS,
  POLICY_RULE_MESSAGES,
  PROCEDURE_STEPS,
  type AssistanceSettings,
  type Cause,
  type Lang,
  type MonitoringSettings,
  withCalendarYear,
} from '@jingzhun/domain';
import type { EffectiveProfile, PolicyVersion, PolicyVersionInput } from './api.ts';

/** One year of the lines editor: either line may be left empty. */
export interface LineValues {
  year?: number;
  poverty?: number | null;
  monitoring?: number | null;
}

/** The new-version form as it holds its values. */
export interface VersionValues {
  scopeCode?: string;
  effectiveFrom?: string;
  name?: string;
  reason?: string;
  lines?: LineValues[];
  stableYears?: number;
  /** Percentages in the form (2 for 2%); shares in the profile. */
  exitDefault?: number;
  exitWest?: number;
  noticeDays?: number;
  totalWorkingDays?: number;
  /**
   * The holiday calendar of one year, edited as a whole (the other years stay as in force): whether the
   * State Council published it, its holidays and its make-up working days (YYYY-MM-DD). No year chosen,
   * the calendar goes as in force.
   */
  calendarYear?: number;
  calendarPublished?: boolean;
  calendarHolidays?: string[];
  calendarWorkdays?: string[];
  /** Assistance: days between a helper's visits, days a month a resident team member spends in the village. */
  visitIntervalDays?: number;
  minDaysInVillage?: number;
  /** The families the region adds to the default catalogue. */
  families?: (FamilyValues | undefined)[];
  /** The families that answer each cause, as the catalogue in force has them (not only the overrides). */
  coverage?: Partial<Record<string, string[]>>;
  /** Monitoring (防返贫监测): the alert rules that run and their thresholds; the income fall as a percentage (30 for 30%). */
  monitoringRules?: string[];
  incomeDropPct?: number;
  medicalOutOfPocket?: number;
  disasterLoss?: number;
  dueHigh?: number;
  dueMedium?: number;
  dueLow?: number;
  stableMonths?: number;
}

/** One added measure family as the form holds it. */
export interface FamilyValues {
  key?: string;
  'zh-CN'?: string;
  en?: string;
}

/** The fields filled from the profile in force; edited by hand, they are not overwritten by a reload. */
export const SECTION_FIELDS = [
  'lines',
  'stableYears',
  'exitDefault',
  'exitWest',
  'noticeDays',
  'totalWorkingDays',
  'visitIntervalDays',
  'minDaysInVillage',
  'families',
  'coverage',
  'monitoringRules',
  'incomeDropPct',
  'medicalOutOfPocket',
  'disasterLoss',
  'dueHigh',
  'dueMedium',
  'dueLow',
  'stableMonths',
] as const;

/** The causes of poverty in the order of the registry. */
export const CAUSE_KEYS = Object.keys(CAUSES) as Cause[];

/** The keys of the default measure catalogue, which an added family may not take. */
export const DEFAULT_FAMILY_KEYS: readonly string[] = Object.keys(MEASURE_FAMILIES);

/** The pattern of a family key (as the profile schema has it). */
export const FAMILY_KEY = /^[a-z][a-z0-9_]{1,39}$/;

type Table = Record<string, number>;
type NamePath = (string | number)[];

/** Whether a user may write the standards of a scope: CN, a province, city or county inside their region. */
export function writableScope(code: string, userRegion: string): boolean {
  const level = levelOfCode(code);
  if (level === null || level > 3) return false;
  return isWithinScope(code, userRegion);
}

const percent = (share: number) => Math.round(share * 1_000_000) / 10_000;
const share = (pct: number) => Math.round(pct * 10_000) / 1_000_000;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The form's values as the profile in force holds them: every year named by either table, ascending. */
export function prefill(profile: EffectiveProfile): Required<Pick<VersionValues, (typeof SECTION_FIELDS)[number]>> {
  const { poverty, monitoring } = profile.lines;
  const years = [...new Set([...Object.keys(poverty), ...Object.keys(monitoring)])].map(Number).sort((a, b) => a - b);
  const assistance = profile.assistance ?? ASSISTANCE_DEFAULTS;
  const catalogue = measureCatalogue(assistance);
  const settings = profile.monitoring ?? MONITORING_DEFAULTS;
  return {
    lines: years.map((year) => ({ year, poverty: poverty[String(year)] ?? null, monitoring: monitoring[String(year)] ?? null })),
    stableYears: profile.income.stableYears,
    exitDefault: percent(profile.exitThresholds.default),
    exitWest: percent(profile.exitThresholds.west),
    noticeDays: profile.procedures.noticeDays,
    totalWorkingDays: profile.procedures.totalWorkingDays,
    visitIntervalDays: assistance.visitIntervalDays,
    minDaysInVillage: assistance.minDaysInVillage,
    families: assistance.families.map((f) => ({ key: f.key, 'zh-CN': f['zh-CN'], en: f.en })),
    coverage: Object.fromEntries(CAUSE_KEYS.map((cause) => [cause, [...catalogue.coverage[cause]]])),
    monitoringRules: [...settings.rules],
    incomeDropPct: Math.round(settings.incomeDropShare * 10_000) / 100,
    medicalOutOfPocket: settings.medicalOutOfPocket,
    disasterLoss: settings.disasterLoss,
    dueHigh: settings.dueDays.high,
    dueMedium: settings.dueDays.medium,
    dueLow: settings.dueDays.low,
    stableMonths: settings.stableMonths,
  };
}

/**
 * The monitoring section the form makes, against the one in force: the rules in their canonical order,
 * the income fall sent as a share (the form holds a percentage), fields the form leaves empty as in force.
 */
export function monitoringOf(values: VersionValues, inForce: MonitoringSettings): MonitoringSettings {
  const chosen = values.monitoringRules;
  return {
    rules: chosen === undefined ? [...inForce.rules] : ALERT_RULE_KEYS.filter((r) => chosen.includes(r)),
    incomeDropShare: values.incomeDropPct === undefined || values.incomeDropPct === null ? inForce.incomeDropShare : Math.round(values.incomeDropPct * 100) / 10_000,
    medicalOutOfPocket: values.medicalOutOfPocket ?? inForce.medicalOutOfPocket,
    disasterLoss: values.disasterLoss ?? inForce.disasterLoss,
    dueDays: { high: values.dueHigh ?? inForce.dueDays.high, medium: values.dueMedium ?? inForce.dueDays.medium, low: values.dueLow ?? inForce.dueDays.low },
    stableMonths: values.stableMonths ?? inForce.stableMonths,
  };
}

/** Two monitoring sections alike regardless of the order of their rules. */
function sameMonitoring(a: MonitoringSettings, b: MonitoringSettings): boolean {
  const sorted = (m: MonitoringSettings) => ({ ...m, rules: [...m.rules].sort(), dueDays: { high: m.dueDays.high, medium: m.dueDays.medium, low: m.dueDays.low } });
  return same(sorted(a), sorted(b));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Two assistance sections alike regardless of the order of the coverage table's causes. */
function sameAssistance(a: AssistanceSettings, b: AssistanceSettings): boolean {
  const sorted = (s: AssistanceSettings) => ({ ...s, coverage: Object.fromEntries(Object.entries(s.coverage).sort(([x], [y]) => x.localeCompare(y))) });
  return same(sorted(a), sorted(b));
}

/**
 * The assistance section the form makes, against the one in force (`inForce`). The coverage table keeps
 * only the causes whose families differ from the default table, or that the section in force sets and the
 * form leaves as they are; a cause's default families come first, then the others in catalogue order, and
 * families no longer in the catalogue are dropped.
 */
export function assistanceOf(values: VersionValues, inForce: AssistanceSettings): AssistanceSettings {
  const families = values.families
    ? values.families.map((f) => ({ key: (f?.key ?? '').trim(), 'zh-CN': (f?.['zh-CN'] ?? '').trim(), en: (f?.en ?? '').trim() }))
    : inForce.families.map((f) => ({ ...f }));
  const catalogue = [...DEFAULT_FAMILY_KEYS, ...families.map((f) => f.key)];
  const effective = measureCatalogue(inForce).coverage;
  const written = inForce.coverage as Partial<Record<string, string[]>>;
  const coverage: Record<string, string[]> = {};
  for (const cause of CAUSE_KEYS) {
    const chosen = values.coverage?.[cause];
    // The default families of the cause first, in their order, then the others in catalogue order.
    const order = [...new Set([...CAUSE_COVERAGE[cause].filter((key) => catalogue.includes(key)), ...catalogue])];
    const picked = chosen === undefined ? [...effective[cause]] : order.filter((key) => chosen.includes(key));
    const own = written[cause];
    if (own && sameSet(picked, effective[cause])) coverage[cause] = [...own];
    else if (!sameSet(picked, CAUSE_COVERAGE[cause])) coverage[cause] = picked;
  }
  return {
    visitIntervalDays: values.visitIntervalDays ?? inForce.visitIntervalDays,
    minDaysInVillage: values.minDaysInVillage ?? inForce.minDaysInVillage,
    families,
    coverage,
  };
}

/** The two line tables the rows make (empty cells left out). */
function tablesOf(rows: readonly (LineValues | undefined)[]): { poverty: Table; monitoring: Table } {
  const poverty: Table = {};
  const monitoring: Table = {};
  for (const row of rows) {
    if (typeof row?.year !== 'number') continue;
    if (typeof row.poverty === 'number') poverty[String(row.year)] = row.poverty;
    if (typeof row.monitoring === 'number') monitoring[String(row.year)] = row.monitoring;
  }
  return { poverty, monitoring };
}

/** The version of a scope in force on a date: the highest number among those effective by then. */
export function ownVersion(versions: readonly PolicyVersion[], scope: string, date: string): PolicyVersion | undefined {
  return versions
    .filter((v) => v.scopeCode === scope && v.effectiveFrom <= date)
    .reduce<PolicyVersion | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
}

/** What `buildVersionBody` answers: the body to send, or a year the form removed that it may not remove. */
export type BuiltVersion =
  | { body: PolicyVersionInput }
  | { inherited: { name: NamePath; year: string; kind: 'poverty' | 'monitoring' } };

/**
 * The body of a new version from the form, against the profile in force for its scope and date (`base`)
 * and the scope's own version in force then (`own`). A version replaces the scope's previous one as a
 * whole from its date (resolveProfile takes one version per level), so below the country it carries the
 * sections the scope's current version holds and adds a section only where the form differs from what is
 * in force; its lines name only the years the scope sets itself or that change. The national version
 * holds every section.
 */
export function buildVersionBody(values: VersionValues, base: EffectiveProfile, own: PolicyVersion | undefined): BuiltVersion {
  const scopeCode = (values.scopeCode ?? '').trim();
  const header = {
    scopeCode,
    effectiveFrom: values.effectiveFrom ?? '',
    name: (values.name ?? '').trim(),
    reason: (values.reason ?? '').trim(),
  };
  const rows = values.lines ?? [];
  const tables = tablesOf(rows);
  const income = { ...base.income, stableYears: values.stableYears ?? base.income.stableYears };
  const exitThresholds = {
    ...base.exitThresholds,
    default: values.exitDefault === undefined ? base.exitThresholds.default : share(values.exitDefault),
    west: values.exitWest === undefined ? base.exitThresholds.west : share(values.exitWest),
  };
  const timing = {
    ...base.procedures,
    noticeDays: values.noticeDays ?? base.procedures.noticeDays,
    totalWorkingDays: values.totalWorkingDays ?? base.procedures.totalWorkingDays,
  };
  const procedures =
    typeof values.calendarYear === 'number'
      ? withCalendarYear(timing, {
          year: values.calendarYear,
          published: values.calendarPublished === true,
          holidays: values.calendarHolidays ?? [],
          extraWorkdays: values.calendarWorkdays ?? [],
        })
      : timing;

  const assistanceInForce = base.assistance ?? ASSISTANCE_DEFAULTS;
  const assistance = assistanceOf(values, assistanceInForce);
  const assistanceChanged = !sameAssistance(assistance, assistanceInForce);
  const monitoringInForce = base.monitoring ?? MONITORING_DEFAULTS;
  const monitoringChanged = !sameMonitoring(monitoringOf(values, monitoringInForce), monitoringInForce);
  // Unchanged, the section in force goes as it is (its rules in its own order); changed, the form's.
  const monitoring = monitoringChanged ? monitoringOf(values, monitoringInForce) : monitoringInForce;

  if (scopeCode === COUNTRY_CODE) {
    const { criteria, exclusions, fourLooks, multidimensional, disclosure } = base;
    const body: PolicyVersionInput = { ...header, lines: tables, income, criteria, exclusions, exitThresholds, procedures, fourLooks, multidimensional };
    if (disclosure) body.disclosure = disclosure;
    // Optional like assistance: left out while the defaults apply and the form keeps them.
    if (base.monitoring || monitoringChanged) body.monitoring = monitoring;
    // Optional at the country too: left out while the defaults apply and the form keeps them.
    if (base.assistance || assistanceChanged) body.assistance = assistance;
    return { body };
  }

  const body: PolicyVersionInput = { ...header };
  const lines: { poverty?: Table; monitoring?: Table } = {};
  for (const kind of ['poverty', 'monitoring'] as const) {
    const inForce = base.lines[kind];
    const ownTable = own?.lines?.[kind] ?? {};
    const out: Table = {};
    for (const [year, value] of Object.entries(tables[kind])) {
      if (year in ownTable || inForce[year] !== value) out[year] = value;
    }
    // A year set above this scope cannot be taken away here, only given another value.
    const dropped = Object.keys(inForce).find((year) => !(year in tables[kind]) && !(year in ownTable));
    if (dropped !== undefined) {
      const index = rows.findIndex((r) => String(r?.year) === dropped);
      return { inherited: { name: index >= 0 ? ['lines', index, kind] : ['lines'], year: dropped, kind } };
    }
    if (Object.keys(out).length > 0) lines[kind] = out;
  }
  if (lines.poverty || lines.monitoring) body.lines = lines;
  if (own?.income || !same(income, base.income)) body.income = income;
  if (own?.exitThresholds || !same(exitThresholds, base.exitThresholds)) body.exitThresholds = exitThresholds;
  if (own?.procedures || !same(procedures, base.procedures)) body.procedures = procedures;
  if (own?.assistance || assistanceChanged) body.assistance = assistance;
  if (own?.monitoring || monitoringChanged) body.monitoring = monitoring;
  // Sections this form does not edit stay as the scope's current version has them.
  if (own?.criteria) body.criteria = own.criteria;
  if (own?.exclusions) body.exclusions = own.exclusions;
  if (own?.fourLooks) body.fourLooks = own.fourLooks;
  if (own?.multidimensional) body.multidimensional = own.multidimensional;
  if (own?.disclosure) body.disclosure = own.disclosure;
  return { body };
}

/** Where a refused path of the profile (`lines.monitoring.2024`) belongs in the form; undefined when no field shows it. */
export function versionFieldOf(path: string, rows: readonly (LineValues | undefined)[]): NamePath | undefined {
  if (['scopeCode', 'effectiveFrom', 'name', 'reason'].includes(path)) return [path];
  const line = /^lines\.(poverty|monitoring)\.(\d{4})$/.exec(path);
  if (line) {
    const index = rows.findIndex((r) => String(r?.year) === line[2]);
    return index >= 0 ? ['lines', index, line[1] as string] : undefined;
  }
  if (path.startsWith('income')) return ['stableYears'];
  if (path === 'exitThresholds.default') return ['exitDefault'];
  if (path === 'exitThresholds.west') return ['exitWest'];
  if (path === 'procedures.noticeDays') return ['noticeDays'];
  if (path.startsWith('procedures.holidays')) return ['calendarHolidays'];
  if (path.startsWith('procedures.extraWorkdays')) return ['calendarWorkdays'];
  if (path.startsWith('procedures.publishedYears')) return ['calendarPublished'];
  if (path === 'procedures.totalWorkingDays' || path.startsWith('procedures.stepWorkingDays.')) return ['totalWorkingDays'];
  if (path === 'assistance.visitIntervalDays') return ['visitIntervalDays'];
  if (path === 'assistance.minDaysInVillage') return ['minDaysInVillage'];
  const family = /^assistance\.families\.(\d+)\.(key|zh-CN|en)$/.exec(path);
  if (family) return ['families', Number(family[1]), family[2] as string];
  const cause = /^assistance\.coverage\.([a-z_]+)(\.\d+)?$/.exec(path)?.[1];
  if (cause && (CAUSE_KEYS as string[]).includes(cause)) return ['coverage', cause];
  const monitoring: Record<string, string> = {
    'monitoring.rules': 'monitoringRules',
    'monitoring.incomeDropShare': 'incomeDropPct',
    'monitoring.medicalOutOfPocket': 'medicalOutOfPocket',
    'monitoring.disasterLoss': 'disasterLoss',
    'monitoring.dueDays.high': 'dueHigh',
    'monitoring.dueDays.medium': 'dueMedium',
    'monitoring.dueDays.low': 'dueLow',
    'monitoring.stableMonths': 'stableMonths',
  };
  const field = monitoring[path] ?? (path.startsWith('monitoring.rules.') ? 'monitoringRules' : undefined);
  if (field) return [field];
  return undefined;
}

/** The message of a refused field in the UI language: the rule's own words when the rule is known. */
export function ruleMessage(code: string, message: string, path: string, lang: Lang): string {
  const text = POLICY_RULE_MESSAGES[code]?.[lang] ?? message;
  const step = /^procedures\.stepWorkingDays\.(\w+)$/.exec(path)?.[1];
  const stepName = step ? ((PROCEDURE_STEPS as Record<string, Record<Lang, string>>)[step]?.[lang] ?? step) : undefined;
  if (!stepName) return text;
  return lang === 'en' ? `${text} (${stepName})` : `${text}(${stepName})`;
}
