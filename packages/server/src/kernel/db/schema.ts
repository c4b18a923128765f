import type { RegionLevel } from '@jingzhun/domain';
import type { ColumnType, Generated } from 'kysely';

/** int8 and numeric come back from pg as strings; ids are bigint, carried as strings end to end. */
type BigId = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface RegionTable {
  code: string;
  name: string;
  /** 0 to 5, held by a CHECK constraint. */
  level: ColumnType<RegionLevel, number, number>;
  parent_code: string | null;
  name_initials: Generated<string>;
}

export interface RegionPopulationTable {
  county_code: string;
  region_code: string;
  year: number;
  rural_population: number;
  source: Generated<string>;
}

export interface AppUserTable {
  id: BigId;
  username: string;
  display_name: string;
  role: string;
  region_code: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  id_number: Generated<string | null>;
  /** The unit an `aid_unit` account speaks for (null for every other role). */
  aid_unit_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokenTable {
  id: BigId;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditEventTable {
  county_code: string;
  id: BigId;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  region_code: string;
  before: Json;
  after: Json;
  request_id: string | null;
}

export interface HouseholdTable {
  county_code: string;
  id: BigId;
  household_no: string;
  village_code: string;
  head_name: string;
  head_name_pinyin: Generated<string>;
  head_name_initials: Generated<string>;
  address: Generated<string>;
  phone: string | null;
  attribute: string;
  status: string;
  main_cause: string | null;
  year_registered: number;
  year_exited: number | null;
  secondary_causes: ColumnType<string[], string[] | undefined, string[]>;
  bank_account: string | null;
  bank_name: string | null;
  food_secure: boolean | null;
  clothing_secure: boolean | null;
  housing_grade: string | null;
  water_quantity: boolean | null;
  water_quality: boolean | null;
  water_convenience: boolean | null;
  water_guarantee: boolean | null;
  has_car: boolean | null;
  has_machinery: boolean | null;
  has_town_property: boolean | null;
  has_registered_business: boolean | null;
  left_on: string | null;
  left_reason: string | null;
  year_returned: number | null;
  monitoring_category: string | null;
  monitoring_since: string | null;
  risk_removed_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MemberTable {
  county_code: string;
  id: BigId;
  household_id: string;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  id_number: string;
  relation: string;
  sex: string;
  birth_date: ColumnType<string, string, string>;
  ethnicity: string | null;
  education: string | null;
  school_status: string | null;
  health: string | null;
  disability_type: string | null;
  disability_grade: number | null;
  chronic_disease_card: boolean | null;
  labour_capacity: string | null;
  employment: string | null;
  medical_insured: boolean | null;
  pension_insured: boolean | null;
  public_payroll: boolean | null;
  phone: string | null;
  status: Generated<'active' | 'deceased' | 'left'>;
  /** False once the household left the registry: the person may be registered again elsewhere. */
  in_registry: Generated<boolean>;
  joined_on: string | null;
  left_on: string | null;
  left_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonIndexTable {
  id_number: string;
  county_code: string;
  household_id: string;
  member_id: string;
}

/** numeric comes back as a string: amounts stay exact until they are shown. */
type Money = ColumnType<string, number | string, number | string>;

export interface HouseholdIncomeTable {
  county_code: string;
  household_id: string;
  year: number;
  wages: Money;
  business: Money;
  property: Money;
  transfers: Money;
  production_costs: Money;
  /** Members present at the year's end, kept by every write that changes members or incomes. */
  members: number | null;
  per_head: ColumnType<string | null, never, never>;
}

export interface HouseholdEventTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  kind: string;
  occurred_on: string;
  reason: string;
  member_id: string | null;
  related_household_id: string | null;
  details: Json;
  actor_id: string | null;
  actor_name: string;
  created_at: Timestamp;
}

export interface HouseholdChangeTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  entity: 'household' | 'member' | 'income';
  entity_id: string;
  field: string;
  old_value: Json;
  new_value: Json;
  reason: string;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

export interface ImportJobTable {
  id: BigId;
  kind: string;
  user_id: string;
  region_code: string;
  file_name: string;
  file: Buffer;
  state: 'validating' | 'invalid' | 'validated' | 'writing' | 'done' | 'failed';
  counts: Json;
  errors: Json;
  error_count: Generated<number>;
  message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

export interface PolicyProfileTable {
  id: BigId;
  scope_code: string;
  version: number;
  effective_from: string;
  name: string;
  body: Json;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ProcedureTable {
  county_code: string;
  id: BigId;
  household_id: string;
  village_code: string;
  kind: string;
  track: 'status' | 'monitoring';
  state: 'open' | 'approved' | 'rejected' | 'cancelled';
  current_step: string | null;
  step_due_on: string | null;
  due_on: string;
  opened_on: string;
  closed_on: string | null;
  notice_starts_on: string | null;
  notice_ends_on: string | null;
  profile_id: string;
  doc: Json;
  opened_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AttachmentTable {
  county_code: string;
  id: BigId;
  region_code: string;
  file_name: string;
  content_type: string;
  size: number;
  content: Buffer;
  uploaded_by: string | null;
  /** The household the evidence was stored for (null for older evidence no visit or case refers to). */
  household_id: Generated<string | null>;
  created_at: Timestamp;
}

export interface AdjustmentRunTable {
  id: BigId;
  region_code: string;
  year: number;
  state: 'running' | 'done' | 'failed';
  households: Generated<number>;
  counts: Json;
  basis: Json;
  message: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface AdjustmentItemTable {
  county_code: string;
  run_id: string;
  household_id: string;
  category: 'should_enter' | 'should_exit' | 'should_return' | 'excluded' | 'cannot_decide' | 'inconsistent';
  village_code: string;
  status: string;
  outcome: string;
  reasons: Json;
  peer_household_id: string | null;
  procedure_id: string | null;
}

export interface AidUnitTable {
  id: BigId;
  region_code: string;
  name: string;
  kind: 'government' | 'enterprise' | 'institution' | 'social' | 'other';
  contact: string | null;
  phone: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AidStaffTable {
  id: BigId;
  unit_id: string;
  name: string;
  phone: string | null;
  position: string | null;
  user_id: string | null;
  active: Generated<boolean>;
  id_number: Generated<string | null>;
  created_at: Timestamp;
}

export interface UnitPairingTable {
  id: BigId;
  unit_id: string;
  region_code: string;
  starts_on: string;
  ends_on: string | null;
  created_at: Timestamp;
}

export interface HouseholdPairingTable {
  county_code: string;
  id: BigId;
  household_id: string;
  staff_id: string;
  starts_on: string;
  ends_on: string | null;
  end_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HouseholdMeasureTable {
  county_code: string;
  id: BigId;
  household_id: string;
  family: string;
  content: string;
  amount: ColumnType<string, number, number>;
  starts_on: string;
  ends_on: string | null;
  helper_id: string | null;
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  result: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HouseholdBenefitTable {
  county_code: string;
  id: BigId;
  household_id: string;
  measure_id: string | null;
  paid_on: string;
  amount: ColumnType<string, number, number>;
  source: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface WorkTeamTable {
  id: BigId;
  village_code: string;
  name: string;
  unit_id: string | null;
  starts_on: string;
  ends_on: string | null;
  created_at: Timestamp;
}

export interface WorkTeamMemberTable {
  id: BigId;
  team_id: string;
  staff_id: string;
  role: 'first_secretary' | 'leader' | 'member';
  starts_on: string;
  ends_on: string | null;
  end_reason: string | null;
}

export interface WorkTeamPresenceTable {
  member_id: string;
  /** The first day of the month. */
  month: string;
  days: number;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface CampaignTable {
  id: BigId;
  unit_id: string;
  region_code: string;
  name: string;
  starts_on: string;
  ends_on: string;
  participants: Generated<number>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CampaignEntryTable {
  id: BigId;
  campaign_id: string;
  on_date: string;
  persons: number;
  spent: ColumnType<string, number, number>;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface VisitTable {
  county_code: string;
  id: BigId;
  household_id: string;
  visited_on: string;
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  seen: string;
  problems: string | null;
  agreed: string | null;
  campaign_id: string | null;
  spent: ColumnType<string, number | undefined, number>;
  photo_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface VisitHelperTable {
  county_code: string;
  visit_id: string;
  staff_id: string;
  household_id: string;
  visited_on: string;
}

export interface BookletJobTable {
  id: BigId;
  region_code: string;
  kind: 'booklet' | 'card';
  state: 'running' | 'done' | 'failed';
  total: Generated<number>;
  done: Generated<number>;
  error: string | null;
  file_name: string | null;
  content: Buffer | null;
  requested_by: string;
  created_at: Timestamp;
  finished_at: Date | null;
}

type FeedState = 'validating' | 'invalid' | 'validated' | 'writing' | 'done' | 'failed' | 'discarded';

export interface FeedTable {
  id: BigId;
  kind: string;
  region_code: string;
  source: string;
  as_of: string;
  file_name: string;
  mapping: Json;
  user_id: string;
  state: FeedState;
  counts: Json;
  errors: Json;
  error_count: Generated<number>;
  message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

export interface FeedUnmatchedTable {
  feed_id: string;
  row_no: number;
  id_number: string;
  on_date: string;
  data: Json;
}

export interface FeedRowTable {
  county_code: string;
  id: Generated<string>;
  feed_id: string;
  kind: string;
  household_id: string;
  member_id: string;
  id_number: string;
  on_date: string;
  data: Json;
  amount: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  event: Generated<boolean>;
}

export type AlertState = 'open' | 'assigned' | 'verified' | 'dismissed' | 'in_procedure' | 'handled';

export interface AlertTable {
  county_code: string;
  id: Generated<string>;
  household_id: string;
  village_code: string;
  rule: string;
  subject: Generated<string>;
  period: string;
  severity: 'high' | 'medium' | 'low';
  evidence: Json;
  origin: 'feed' | 'scan' | 'self_report' | 'visit';
  /** The policy profile version whose settings raised it. */
  profile_id: string;
  feed_id: string | null;
  state: AlertState;
  assignee_id: string | null;
  raised_on: string;
  due_on: string;
  procedure_id: string | null;
  resolution: string | null;
  closed_on: string | null;
  history: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SelfReportTable {
  county_code: string;
  id: Generated<string>;
  village_code: string;
  name: string | null;
  phone: string;
  what: string;
  state: 'open' | 'linked' | 'closed';
  alert_id: string | null;
  resolution: string | null;
  handled_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RelativeTable {
  id: BigId;
  region_code: string;
  user_id: string | null;
  staff_id: string | null;
  name: string;
  id_number: string;
  relation: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HouseholdDeprivationTable {
  county_code: string;
  year: number;
  household_id: string;
  village_code: string;
  persons: number;
  food: boolean | null;
  clothing: boolean | null;
  education: boolean | null;
  medical: boolean | null;
  housing: boolean | null;
  water: boolean | null;
  profile_id: string;
  assessed_at: Timestamp;
}

export interface StatJobTable {
  id: BigId;
  region_code: string;
  year: number;
  kind: 'assessment' | 'rollup';
  state: 'running' | 'done' | 'failed';
  total: Generated<number>;
  done: Generated<number>;
  error: string | null;
  requested_by: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface StatSnapshotTable {
  region_code: string;
  year: number;
  body: Json;
  computed_at: Date;
  job_id: string | null;
}

/** One piece of background work of any kind (the job kernel, kernel/jobs). */
export interface JobTable {
  id: BigId;
  kind: string;
  /** Null for work of the whole installation. */
  region_code: string | null;
  state: Generated<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'>;
  stage: string | null;
  stages_done: Generated<string[]>;
  progress_done: ColumnType<string, number | undefined, number>;
  progress_total: ColumnType<string, number | undefined, number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  params: ColumnType<unknown, string | undefined, string>;
  result: Json;
  error: Json;
  attempts: Generated<number>;
  cancel_requested: Generated<boolean>;
  schedule: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Generated<Date>;
  run_after: Timestamp;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

export interface DB {
  region: RegionTable;
  region_population: RegionPopulationTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
  household: HouseholdTable;
  member: MemberTable;
  person_index: PersonIndexTable;
  household_income: HouseholdIncomeTable;
  household_event: HouseholdEventTable;
  household_change: HouseholdChangeTable;
  import_job: ImportJobTable;
  policy_profile: PolicyProfileTable;
  procedure: ProcedureTable;
  attachment: AttachmentTable;
  adjustment_run: AdjustmentRunTable;
  adjustment_item: AdjustmentItemTable;
  aid_unit: AidUnitTable;
  aid_staff: AidStaffTable;
  unit_pairing: UnitPairingTable;
  household_pairing: HouseholdPairingTable;
  household_measure: HouseholdMeasureTable;
  household_benefit: HouseholdBenefitTable;
  work_team: WorkTeamTable;
  work_team_member: WorkTeamMemberTable;
  work_team_presence: WorkTeamPresenceTable;
  campaign: CampaignTable;
  campaign_entry: CampaignEntryTable;
  visit: VisitTable;
  visit_helper: VisitHelperTable;
  booklet_job: BookletJobTable;
  feed: FeedTable;
  feed_unmatched: FeedUnmatchedTable;
  feed_row: FeedRowTable;
  alert: AlertTable;
  self_report: SelfReportTable;
  relative: RelativeTable;
  household_deprivation: HouseholdDeprivationTable;
  stat_job: StatJobTable;
  stat_snapshot: StatSnapshotTable;
  job: JobTable;
}
