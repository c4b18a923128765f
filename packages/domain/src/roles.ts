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

/** What a role may do; one line per capability so policies read like a table. */
export const CAPABILITIES = {
  manageUsers: ['admin'],
  readAudit: ['admin', 'county_officer', 'township_officer', 'inspector'],
  readRegistry: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper', 'inspector'],
  writeRegistry: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team'],
  manageStatistics: ['admin', 'county_officer'],
  managePolicy: ['admin', 'county_officer'],
  manageAssistance: ['admin', 'county_officer', 'township_officer'],
  logVisits: ['admin', 'county_officer', 'township_officer', 'village_cadre', 'work_team', 'helper'],
  importFeeds: ['admin', 'county_officer', 'township_officer'],
  triageAlerts: ['county_officer', 'township_officer', 'village_cadre', 'work_team'],
  inspect: ['admin', 'county_officer', 'inspector'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

/** Whether a role holds a capability. */
export function can(role: Role, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(role);
}
