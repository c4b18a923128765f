import { COUNTRY_CODE, NATIONAL_DEFAULT_PROFILE, regionPrefix, type WaterAspect } from '@jingzhun/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** A stored profile version as read: its body, reason, time and the name of who made it. */
export interface VersionRow {
  id: string;
  body: unknown;
  reason: string;
  created_at: Date;
  creator: string | null;
}

function versionsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('policy_profile as p')
    .leftJoin('app_user as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.body', 'p.reason', 'p.created_at', 'u.display_name as creator']);
}

/** Every version of the given scopes, oldest first. */
export function listVersionsOfScopes(db: Kysely<DB>, scopes: string[]): Promise<VersionRow[]> {
  return versionsQuery(db).where('p.scope_code', 'in', scopes).orderBy('p.id').execute();
}

/**
 * The versions a user of `regionCode` may read: those of the `applying` scopes and, below the country,
 * those made inside the region (the country's users read all), optionally of one scope only; by scope,
 * newest version first.
 */
export function listReadableVersions(db: Kysely<DB>, applying: string[], regionCode: string, scope: string | undefined): Promise<VersionRow[]> {
  let query = versionsQuery(db).where((eb) =>
    eb.or([eb('p.scope_code', 'in', applying), ...(regionCode === COUNTRY_CODE ? [eb.lit(true)] : [eb('p.scope_code', 'like', `${regionCode}%`)])]),
  );
  if (scope) query = query.where('p.scope_code', '=', scope);
  return query.orderBy('p.scope_code').orderBy(sql`p.version`, 'desc').execute();
}

/** One version by row id. */
export function findVersion(db: Kysely<DB>, id: string): Promise<VersionRow | undefined> {
  return versionsQuery(db).where('p.id', '=', id).executeTakeFirst();
}

/** Stores the national default as its version, unless that version is stored already. */
export async function insertNationalProfile(db: Kysely<DB>, body: unknown): Promise<void> {
  await db
    .insertInto('policy_profile')
    .values({
      scope_code: COUNTRY_CODE,
      version: NATIONAL_DEFAULT_PROFILE.version,
      effective_from: NATIONAL_DEFAULT_PROFILE.effectiveFrom,
      name: NATIONAL_DEFAULT_PROFILE.name,
      body: JSON.stringify(body),
      reason: '国家默认标准 / national default',
    })
    .onConflict((oc) => oc.columns(['scope_code', 'version']).doNothing())
    .execute();
}

/** Inserts a version of a scope's profile; undefined when that scope already has that version number. */
export function insertVersion(
  db: Kysely<DB>,
  v: { scopeCode: string; version: number; effectiveFrom: string; name: string; body: unknown; reason: string; createdBy: string },
) {
  return db
    .insertInto('policy_profile')
    .values({
      scope_code: v.scopeCode,
      version: v.version,
      effective_from: v.effectiveFrom,
      name: v.name,
      body: JSON.stringify(v.body),
      reason: v.reason,
      created_by: v.createdBy,
    })
    .onConflict((oc) => oc.columns(['scope_code', 'version']).doNothing())
    .returning(['id', 'created_at'])
    .executeTakeFirst();
}

const WATER_COLUMNS: Record<WaterAspect, RawBuilder<unknown>> = {
  quantity: sql`h.water_quantity`,
  quality: sql`h.water_quality`,
  convenience: sql`h.water_convenience`,
  guarantee: sql`h.water_guarantee`,
};

/**
 * Households of a region exited by the year (by child node when `groupLength` is given, else under the
 * key ''), and how many of them fail food, clothing, a housing grade among `grades` or any of the water
 * `aspects` on the data held today.
 */
export async function countExitedUnsafe(db: Kysely<DB>, code: string, year: number, groupLength: number | null, grades: readonly string[], aspects: readonly WaterAspect[]) {
  const waterFails = aspects.map((a) => sql`${WATER_COLUMNS[a]} IS NOT TRUE`);
  const key = groupLength === null ? sql<string>`''` : sql<string>`substr(h.village_code, 1, ${groupLength})`;
  const { rows } = await sql<{ key: string; exited: string; unsafe: string }>`
    SELECT ${key} AS key, count(*) AS exited,
           count(*) FILTER (WHERE h.food_secure IS NOT TRUE OR h.clothing_secure IS NOT TRUE
                              OR h.housing_grade IS NULL OR NOT (h.housing_grade = ANY(${grades}::text[]))
                              ${waterFails.length > 0 ? sql`OR ${sql.join(waterFails, sql` OR `)}` : sql``}) AS unsafe
    FROM household h
    WHERE h.village_code LIKE ${`${regionPrefix(code)}%`} AND h.status = 'exited' AND h.year_exited <= ${year}
    GROUP BY 1`.execute(db);
  return rows;
}
