import type { Labels } from '../kernel/labels.ts';
import type { Role } from '../kernel/roles.ts';
import type { StepCode } from './contract.ts';

/**
 * The procedures of DOMAIN.md as explicit state machines: identification (纳入), exit (退出), return to
 * poverty (返贫), inclusion in monitoring (纳入监测) and risk removal (风险消除). Each kind is an ordered
 * list of steps; each step names the roles that may act and the schema of what they record. Transitions
 * are pure: they take a procedure and return the next one with an event for the audit log, or a refusal
 * with an error code. Nothing here reads a clock: `today` comes from the caller.
 */

export const PROCEDURE_KINDS = {
  identification: { 'zh-CN': '贫困户识别纳入', en: 'Identification' },
  exit: { 'zh-CN': '贫困户退出', en: 'Exit from poverty' },
  return_to_poverty: { 'zh-CN': '返贫纳入', en: 'Return to poverty' },
  monitoring_inclusion: { 'zh-CN': '纳入防返贫监测', en: 'Inclusion in monitoring' },
  risk_removal: { 'zh-CN': '风险消除', en: 'Risk removal' },
} as const satisfies Record<string, Labels>;
export type ProcedureKind = keyof typeof PROCEDURE_KINDS;

/** The monitored categories a county decides when it includes a household in monitoring. */
export const MONITORING_CATEGORIES = {
  unstable_exited: { 'zh-CN': '脱贫不稳定户', en: 'Unstable exited household' },
  marginal: { 'zh-CN': '边缘易致贫户', en: 'Marginal household at risk' },
  sudden_hardship: { 'zh-CN': '突发严重困难户', en: 'Sudden severe hardship' },
} as const satisfies Record<string, Labels>;
export type MonitoringCategory = keyof typeof MONITORING_CATEGORIES;

/** How a case came to light: the household applied, cadres found it, or another department's data. */
export const APPLICATION_SOURCES = {
  self_report: { 'zh-CN': '农户自主申报', en: 'Self-report' },
  cadre_screening: { 'zh-CN': '干部排查', en: 'Cadre screening' },
  data_alert: { 'zh-CN': '部门数据预警', en: 'Data alert' },
} as const satisfies Record<string, Labels>;
export type ApplicationSource = keyof typeof APPLICATION_SOURCES;

/** The departments whose data raise monitoring alerts (DOMAIN.md, Procedures). */
export const ALERT_DEPARTMENTS = {
  medical_insurance: { 'zh-CN': '医保', en: 'Medical insurance' },
  civil_affairs: { 'zh-CN': '民政', en: 'Civil affairs' },
  education: { 'zh-CN': '教育', en: 'Education' },
  disability: { 'zh-CN': '残联', en: 'Disabled persons’ federation' },
  emergency: { 'zh-CN': '应急', en: 'Emergency management' },
  human_resources: { 'zh-CN': '人社', en: 'Human resources and social security' },
} as const satisfies Record<string, Labels>;

export const STEP_OUTCOMES = ['approved', 'returned', 'rejected'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const PROCEDURE_STATES = {
  open: { 'zh-CN': '办理中', en: 'Open' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  rejected: { 'zh-CN': '未通过', en: 'Rejected' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
} as const satisfies Record<string, Labels>;
export type ProcedureState = keyof typeof PROCEDURE_STATES;

/** The steps of each kind, in order. Monitoring inclusion has no public notice: it is help, not a label. */
export const PROCEDURE_FLOWS = {
  identification: ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval'],
  exit: ['proposal', 'verification', 'household_consent', 'notice', 'township_review', 'county_approval'],
  return_to_poverty: ['application', 'survey', 'deliberation', 'notice', 'township_review', 'county_approval'],
  monitoring_inclusion: ['application', 'verification', 'deliberation', 'township_review', 'county_approval'],
  risk_removal: ['proposal', 'verification', 'deliberation', 'notice', 'township_review', 'county_approval'],
} as const satisfies Record<ProcedureKind, readonly StepCode[]>;

/** Who, besides those who may act on a notice, may answer an objection: townships often verify them. */
export const RESOLVE_OBJECTION_ROLES = ['village_cadre', 'work_team', 'township_officer'] as const satisfies readonly Role[];

/** Who may cancel besides those who may act on the current step: the county answers for every case. */
export const CANCEL_ROLES = ['county_officer'] as const satisfies readonly Role[];

/** A step's deadline when the policy profile names none. */
export const DEFAULT_STEP_WORKING_DAYS = 5;

// ---------------------------------------------------------------------------------------------------
// Errors

/** Messages for the field rules a refused step names in `details.fields`; to be merged into FIELD_RULE_MESSAGES. */
export const PROCEDURE_FIELD_RULES = {
  not_agreed_cannot_be_approved: {
    'zh-CN': '评议未通过,应选择退回或不予通过',
    en: 'A deliberation that did not agree is returned or rejected, not approved',
  },
  more_present_than_attendance: { 'zh-CN': '到会人员名单多于到会人数', en: 'More names present than the attendance' },
  required_for_data_alert: { 'zh-CN': '部门数据预警须注明预警部门', en: 'A data alert names its department' },
  required_for_monitoring: { 'zh-CN': '防返贫监测须填写此项', en: 'Required for monitoring' },
  only_for_monitoring: { 'zh-CN': '仅防返贫监测填写此项', en: 'Only for monitoring' },
  ends_before_start: { 'zh-CN': '结束日期早于开始日期', en: 'Ends before it starts' },
  before_filed: { 'zh-CN': '处理日期早于异议提出日期', en: 'Resolved before it was filed' },
  unknown_kind: { 'zh-CN': '程序类型不存在', en: 'No such kind of procedure' },
} as const satisfies Record<string, Labels>;

/** One field a refusal points at, in the shape the API's `details.fields` already uses. */
export interface FieldIssue {
  path: string;
  code: string;
  message: string;
  /** The zod issue behind a type or size rule, for wording it in the reader's language. */
  zod?: Record<string, unknown>;
}
