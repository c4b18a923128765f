/** The roles of DOMAIN.md plus `admin`; every user holds one role scoped to one region node. */
export const ROLES = [
  'admin',
  'county_officer',
  'township_officer',
  'village_cadre',
  'work_team',
  'helper',
  'aid_unit',
  'inspector',
  'public',
] as const;

export type Role = (typeof ROLES)[number];

const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  county_officer: { 'zh-CN': '县级乡村振兴局', en: 'County officer' },
  township_officer: { 'zh-CN': '乡镇扶贫办', en: 'Township officer' },
  village_cadre: { 'zh-CN': '村两委干部', en: 'Village cadre' },
  work_team: { 'zh-CN': '驻村工作队', en: 'Resident work team' },
  helper: { 'zh-CN': '帮扶责任人', en: 'Helper' },
  aid_unit: { 'zh-CN': '帮扶单位', en: 'Aid unit' },
  inspector: { 'zh-CN': '督查', en: 'Inspector' },
  public: { 'zh-CN': '群众', en: 'Public' },
};

export type Lang = 'zh-CN' | 'en';

/** The display name of a role in the given language. */
export function roleLabel(role: Role, lang: Lang): string {
  return ROLE_LABELS[role][lang];
}

/**
 * What a role may do; one line per capability so policies read like a table. Every API operation names
 * one of these (or none) in `OPERATIONS` (access.ts), and every record it touches must lie inside the
 * caller's region, else the answer is 404 as for a record that does not exist.
 *
 * Need to know (who reads which household):
 * - `readRegistry` reads every household of the caller's region in full (masked IDs, phones, accounts).
 * - a `helper` holds `readRegistry` only for the households paired with it (结对户): lists, detail pages,
 *   exports, searches and statistics drill-downs show those; any other household of its village answers
 *   404 as if it did not exist (`HELPER_READS` below).
 * - an `aid_unit` reads only its own unit's work (`readAidWork`): its staff, their pairings, visits and
 *   ledgers, and the visit compliance of the places it is paired with; no household record.
 * - `inspector` reads and inspects everything in its region and writes nothing.
 */
export const CAPABILITIES = {
  manageUsers: ['admin'],
  readAudit: ['admin', 'county_officer', 'township_officer', 'inspector'],
  readRegistry: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper', 'inspector'],
  writeRegistry: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team'],
  /** Open and act on procedures (steps, notices, objections, cancellation); each step also names its roles. */
  runProcedures: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team'],
  /** Store photos and scans as evidence of a step or a visit. */
  attachEvidence: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper'],
  /** Read the assistance work: units, staff, pairings, visits, ledgers, compliance (an aid unit: its own only). */
  readAidWork: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper', 'aid_unit', 'inspector'],
  manageStatistics: ['admin', 'county_officer'],
  managePolicy: ['admin', 'county_officer'],
  manageAssistance: ['admin', 'county_officer', 'township_officer'],
  logVisits: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper'],
  importFeeds: ['admin', 'county_officer', 'township_officer'],
  triageAlerts: ['county_officer', 'township_officer', 'village_cadre', 'work_team'],
  inspect: ['admin', 'county_officer', 'inspector'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The roles whose reading of households is limited to the ones paired with them (need to know): the rest of
 * their village is not shown, not even by name.
 */
export const HELPER_READS: readonly Role[] = ['helper'];

/** Whether a role reads only the households paired with it. */
export function readsPairedOnly(role: Role): boolean {
  return HELPER_READS.includes(role);
}

export type Capability = keyof typeof CAPABILITIES;

/** Whether a role holds a capability. */
export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}
