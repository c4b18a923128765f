import type { Database } from '../db/database.ts';
import type { UploadLimits } from '../uploads/limits.ts';

/**
 * The settings the HTTP layer reads, as config.ts parses them from the environment (each field is
 * documented there). Declared here so that the kernel does not reach up to the process's configuration.
 */
export interface HttpSettings {
  JINGZHUN_SESSION_HOURS: number;
  JINGZHUN_BODY_LIMIT: number;
  JINGZHUN_SECURE_COOKIE: boolean;
  JINGZHUN_MAP_GEOJSON?: string | undefined;
  JINGZHUN_MAP_REVIEW_NUMBER?: string | undefined;
  JINGZHUN_TRUST_PROXY?: boolean | number | string[] | undefined;
  JINGZHUN_SIGNIN_LIMIT?: number | undefined;
  /** The upload limits, over the defaults (config.ts reads them from the environment). */
  uploads?: Partial<UploadLimits>;
}

/** What routes need from the outside: the database and the settings. */
export interface AppDeps {
  database: Database;
  config: HttpSettings;
  version: string;
  webDir?: string | undefined;
}
