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
  created_at: Timestamp;
  updated_at: Timestamp;
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
}
