import {
  ancestorCodes,
  COUNTRY_CODE,
  diffProfiles,
  isWithinScope,
  levelOfCode,
  NATIONAL_DEFAULT_PROFILE,
  type PolicyOverride,
  policyProfileSchema,
  type ResolvedProfile,
  resolveProfile,
} from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError, issueFields } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { nationalDefaultProfile } from '../../kernel/calendar/holiday-calendar.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

/** A stored version: the override as written, with its row id and who made it. */
export interface StoredVersion extends PolicyOverride {
  id: string;
  reason: string;
  createdBy: string | null;
  createdAt: string;
}

type VersionRow = { id: string; body: unknown; reason: string; created_at: Date; creator: string | null };

function toVersion(row: VersionRow): StoredVersion {
  return { ...(row.body as PolicyOverride), id: row.id, reason: row.reason, createdBy: row.creator, createdAt: row.created_at.toISOString() };
}

function versionsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('policy_profile as p')
    .leftJoin('app_user as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.body', 'p.reason', 'p.created_at', 'u.display_name as creator']);
}

/**
 * The national default is stored as version 1 the first time any profile is needed, so every decision
 * can name a stored version; a later change to the default in code is never applied silently (it needs
 * a new version, with a reason, like any other change).
 */
async function ensureNationalProfile(db: Kysely<DB>): Promise<void> {
  const { id: _id, ...body } = nationalDefaultProfile() as PolicyOverride;
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

/** The scopes whose versions apply to a region: the country, its province, city and county. */
function applyingScopes(regionCode: string): string[] {
  return ancestorCodes(regionCode).filter((code) => (levelOfCode(code) ?? 9) <= 3);
}

/** Every version of the scopes that apply to a region, oldest first. */
export async function applyingVersions(db: Kysely<DB>, regionCode: string): Promise<StoredVersion[]> {
  const scopes = applyingScopes(regionCode);
  let rows = await versionsQuery(db).where('p.scope_code', 'in', scopes).orderBy('p.id').execute();
  if (!rows.some((r) => (r.body as PolicyOverride).scopeCode === COUNTRY_CODE)) {
    await ensureNationalProfile(db);
    rows = await versionsQuery(db).where('p.scope_code', 'in', scopes).orderBy('p.id').execute();
  }
  return rows.map(toVersion);
}

/** The profile in force in a region on a date, with the versions it merges and the top version's row id. */
export async function effectiveProfile(db: Kysely<DB>, regionCode: string, onDate: string): Promise<ResolvedProfile & { id: string }> {
  const versions = await applyingVersions(db, regionCode);
  const resolved = resolveProfile(versions, regionCode, onDate);
  if (!resolved) throw new AppError('not_found', { entity: 'policy_profile', region: regionCode, date: onDate, rule: 'no_profile_in_force' });
  const top = resolved.basis[resolved.basis.length - 1];
  const row = versions.find((v) => v.scopeCode === top?.scopeCode && v.version === top?.version);
  return { ...resolved, id: row?.id ?? '' };
}

/** Versions a user may read: those applying to their region and those made inside it. */
export async function listVersions(db: Kysely<DB>, user: SessionUser, scope?: string) {
  const applying = applyingScopes(user.regionCode === COUNTRY_CODE ? COUNTRY_CODE : user.regionCode);
  if (applying.length === 0 || !applying.includes(COUNTRY_CODE)) applying.push(COUNTRY_CODE);
  await ensureNationalProfile(db);
  let query = versionsQuery(db).where((eb) =>
    eb.or([eb('p.scope_code', 'in', applying), ...(user.regionCode === COUNTRY_CODE ? [eb.lit(true)] : [eb('p.scope_code', 'like', `${user.regionCode}%`)])]),
  );
  if (scope) query = query.where('p.scope_code', '=', scope);
  const rows = await query.orderBy('p.scope_code').orderBy(sql`p.version`, 'desc').execute();
  return rows.map(toVersion);
}

/** One version by id, if the user may read it. */
export async function readVersion(db: Kysely<DB>, user: SessionUser, id: string): Promise<StoredVersion> {
  const row = /^\d{1,18}$/.test(id) ? await versionsQuery(db).where('p.id', '=', id).executeTakeFirst() : undefined;
  const version = row ? toVersion(row) : undefined;
  const readable =
    version && (applyingScopes(user.regionCode).includes(version.scopeCode) || version.scopeCode === COUNTRY_CODE || isWithinScope(version.scopeCode, user.regionCode));
  if (!version || !readable) throw new AppError('not_found', { entity: 'policy_profile', id });
  return version;
}

/**
 * Records a new version of a scope's profile. Only the country's administrator changes the national
 * one; a county officer or administrator changes their own region's. The version must also make sense
 * merged with the levels above it (a county's monitoring line under the national poverty line is a
 * contradiction even though the county's version alone is fine).
 */
export async function createVersion(
  db: Kysely<DB>,
  user: SessionUser,
  actor: Actor,
  input: Omit<PolicyOverride, 'version' | 'id'> & { reason: string },
): Promise<StoredVersion> {
  const { reason, ...override } = input;
  const level = levelOfCode(override.scopeCode);
  if (level === null || level > 3) throw new AppError('validation_failed', { field: 'scopeCode', rule: 'scope_level' });
  regionInScope(user, 'scopeCode', override.scopeCode);
  const versions = await applyingVersions(db, override.scopeCode);
  const previous = versions.filter((v) => v.scopeCode === override.scopeCode).sort((a, b) => b.version - a.version)[0];
  const version = (previous?.version ?? 0) + 1;
  const candidate: PolicyOverride = { ...override, version };
  if (override.scopeCode !== COUNTRY_CODE) {
    const merged = resolveProfile([...versions, candidate], override.scopeCode, override.effectiveFrom);
    const { basis: _basis, ...complete } = merged ?? ({ basis: [] } as unknown as ResolvedProfile);
    const checked = policyProfileSchema.safeParse(complete);
    if (!checked.success) throw new AppError('policy_contradiction', { fields: issueFields(checked.error.issues) });
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('policy_profile')
      .values({
        scope_code: candidate.scopeCode,
        version,
        effective_from: candidate.effectiveFrom,
        name: candidate.name,
        body: JSON.stringify(candidate),
        reason,
        created_by: user.id,
      })
      .onConflict((oc) => oc.columns(['scope_code', 'version']).doNothing())
      .returning(['id', 'created_at'])
      .executeTakeFirst();
    // Two editors saving at once: the second learns that a version appeared meanwhile.
    if (!row) throw new AppError('conflict', { field: 'version', rule: 'version_taken', version });
    await recordAudit(trx, actor, {
      action: 'policy.version_created',
      entity: 'policy_profile',
      entityId: row.id,
      regionCode: candidate.scopeCode,
      before: previous ? { version: previous.version } : undefined,
      after: { version, effectiveFrom: candidate.effectiveFrom, reason, changes: previous ? diffProfiles(previous, candidate) : [] },
    });
    return { ...candidate, id: row.id, reason, createdBy: user.displayName, createdAt: row.created_at.toISOString() };
  });
}
