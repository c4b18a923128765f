import type { Config } from '../../config.ts';
import type { Database } from '../db/database.ts';
import type { UploadLimits } from '../uploads/limits.ts';

/** What routes need from the outside: the database and the settings. */
export interface AppDeps {
  database: Database;
  config: Pick<Config, 'JINGZHUN_SESSION_HOURS' | 'JINGZHUN_BODY_LIMIT' | 'JINGZHUN_SECURE_COOKIE'> &
    Partial<Pick<Config, 'JINGZHUN_MAP_GEOJSON' | 'JINGZHUN_MAP_REVIEW_NUMBER' | 'JINGZHUN_TRUST_PROXY' | 'JINGZHUN_SIGNIN_LIMIT'>> & {
      /** The upload limits, over the defaults (config.ts reads them from the environment). */
      uploads?: Partial<UploadLimits>;
    };
  version: string;
  webDir?: string | undefined;
}
