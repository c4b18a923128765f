import { resolve } from 'node:path';
import { errorMessage, isIsoDate, passwordProblem, setToday } from '@jingzhun/domain';
import { z } from 'zod';
import { DEFAULT_PASSWORD_COST, setPasswordCost } from './features/auth/password.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './kernel/uploads/limits.ts';

const MiB = 1024 * 1024;
/** A size in MiB, as the environment gives it, with its default from the upload limits. */
const mebibytes = (bytes: number) => z.coerce.number().positive().max(64 * 1024).default(bytes / MiB);
const count = (n: number) => z.coerce.number().int().min(1).max(1_000_000).default(n);

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const passwordRuleText = errorMessage('weak_password', 'en');

/** Every environment variable jingzhun reads, checked together so a bad start lists all problems at once. */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  JINGZHUN_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  JINGZHUN_DEMO: flag.default(true),
  /** The demo accounts' password; it must pass the password rule (no common password such as demo2026). */
  JINGZHUN_DEMO_PASSWORD: z.string().refine((v) => passwordProblem(v) === null, passwordRuleText).default('tiandong2026'),
  JINGZHUN_ADMIN_PASSWORD: z.string().refine((v) => passwordProblem(v, 'admin') === null, passwordRuleText).optional(),
  JINGZHUN_REGIONS: z
    .string()
    .regex(/^(all|\d{6})$/, 'all, or a 6-digit county code')
    .default('all'),
  JINGZHUN_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  JINGZHUN_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  JINGZHUN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JINGZHUN_SECURE_COOKIE: flag.default(false),
  /** Sign-ins and password changes one client address may send in 15 minutes (see JINGZHUN_TRUST_PROXY). */
  JINGZHUN_SIGNIN_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * The cost of password hashes, as log2 of scrypt's N: 17 (N = 2^17, r = 8, p = 1, about 128 MiB and a few
   * tenths of a second per hash) is what OWASP names today. Lower only for tests; older hashes are renewed
   * at sign-in.
   */
  JINGZHUN_SCRYPT_LOG2N: z.coerce.number().int().min(10).max(20).default(DEFAULT_PASSWORD_COST),
  /**
   * Behind a reverse proxy, which of it to believe about the client's address (X-Forwarded-For): `true`
   * (every hop), a number of hops, or the proxies' addresses and CIDR ranges, comma-separated. Unset, the
   * address is the connection's: behind a proxy every visitor would share the proxy's, and with it the
   * public form's limit per address.
   */
  JINGZHUN_TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|\d{1,2}|[\da-fA-F.:/]+(\s*,\s*[\da-fA-F.:/]+)*)$/, 'true, false, a number of hops, or addresses and CIDR ranges separated by commas')
    .optional()
    .transform((v): boolean | number | string[] => (v === undefined || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v.split(',').map((a) => a.trim()))),
  /**
   * A map of the deployment's regions (GeoJSON, each feature's region code in `properties.code` or
   * `properties.adcode`) and the map review number (审图号) it was approved under: public maps of China
   * need one, so the product ships none and shows a map only from a file the deployer supplies.
   */
  JINGZHUN_MAP_GEOJSON: z.string().min(1).optional(),
  JINGZHUN_MAP_REVIEW_NUMBER: z.string().trim().min(1).max(100).optional(),
  /**
   * Sets the product's clock to this day (YYYY-MM-DD, in China) for a trial or a test run: deadlines, the
   * year pages open on and the demo's dates all follow it. Never set in production.
   */
  JINGZHUN_TODAY: z.string().refine(isIsoDate, 'a date written YYYY-MM-DD').optional(),
  /**
   * The limits of every upload (see uploads/limits.ts): files as sent (MiB), what a workbook's zip may
   * unpack to per entry and in total, the text it may keep in memory, its entries, a cell's characters,
   * and the files read at once and waiting.
   */
  JINGZHUN_IMPORT_FILE_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.importFileBytes),
  JINGZHUN_FEED_FILE_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.feedFileBytes),
  JINGZHUN_ATTACHMENT_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.attachmentBytes),
  JINGZHUN_XLSX_ENTRY_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.xlsxEntryBytes),
  JINGZHUN_XLSX_TOTAL_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.xlsxTotalBytes),
  JINGZHUN_XLSX_TEXT_MB: mebibytes(DEFAULT_UPLOAD_LIMITS.xlsxTextBytes),
  JINGZHUN_XLSX_ENTRIES: count(DEFAULT_UPLOAD_LIMITS.xlsxEntries),
  JINGZHUN_CELL_CHARS: count(DEFAULT_UPLOAD_LIMITS.cellChars),
  JINGZHUN_VALIDATIONS_AT_ONCE: count(DEFAULT_UPLOAD_LIMITS.validationsAtOnce),
  JINGZHUN_VALIDATIONS_WAITING: z.coerce.number().int().min(0).max(10_000).default(DEFAULT_UPLOAD_LIMITS.validationsWaiting),
}).superRefine((env, ctx) => {
  if (env.JINGZHUN_MAP_GEOJSON && !env.JINGZHUN_MAP_REVIEW_NUMBER) {
    ctx.addIssue({ code: 'custom', path: ['JINGZHUN_MAP_REVIEW_NUMBER'], message: 'a map (JINGZHUN_MAP_GEOJSON) needs its map review number (审图号)' });
  }
});

export type Config = z.infer<typeof envSchema> & { dataDir: string; uploads: UploadLimits };

/** The upload limits the environment sets. */
function uploadsOf(env: z.infer<typeof envSchema>): UploadLimits {
  const bytes = (mb: number) => Math.round(mb * MiB);
  return {
    importFileBytes: bytes(env.JINGZHUN_IMPORT_FILE_MB),
    feedFileBytes: bytes(env.JINGZHUN_FEED_FILE_MB),
    attachmentBytes: bytes(env.JINGZHUN_ATTACHMENT_MB),
    xlsxEntryBytes: bytes(env.JINGZHUN_XLSX_ENTRY_MB),
    xlsxTotalBytes: bytes(env.JINGZHUN_XLSX_TOTAL_MB),
    xlsxTextBytes: bytes(env.JINGZHUN_XLSX_TEXT_MB),
    xlsxEntries: env.JINGZHUN_XLSX_ENTRIES,
    cellChars: env.JINGZHUN_CELL_CHARS,
    validationsAtOnce: env.JINGZHUN_VALIDATIONS_AT_ONCE,
    validationsWaiting: env.JINGZHUN_VALIDATIONS_WAITING,
  };
}

/**
 * Reads the configuration from the environment; throws one error naming every bad variable. Sets the
 * product's clock when JINGZHUN_TODAY asks for a day, and the password hashes' cost when
 * JINGZHUN_SCRYPT_LOG2N is given.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  if (parsed.data.JINGZHUN_TODAY) setToday(parsed.data.JINGZHUN_TODAY);
  // Only when asked: the hashing module starts at the same default, and a test's lower cost stays put.
  if (env.JINGZHUN_SCRYPT_LOG2N !== undefined) setPasswordCost(parsed.data.JINGZHUN_SCRYPT_LOG2N);
  return { ...parsed.data, dataDir: resolve(parsed.data.JINGZHUN_DATA_DIR), uploads: uploadsOf(parsed.data) };
}
