import {
  ancestorCodes,
  COUNTRY_CODE,
  diffProfiles,
  isWithinScope,
  levelOfCode,
  type PolicyOverride,
  policyProfileSchema,
  type ResolvedProfile,
  resolveProfile,
} from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError, issueFields } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { nationalDefaultProfile } from '../../kernel/calendar/holiday-calendar.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';
import { findVersion, insertNationalProfile, insertVersion, listReadableVersions, listVersionsOfScopes, type VersionRow } from './repository.ts';

/** A stored version: the override as written, with its row id and who made it. */
export interface StoredVersion extends PolicyOverride {
  id: string;
  reason: string;
  createdBy: string | null;
  createdAt: string;
}

function toVersion(row: VersionRow): StoredVersion {
  return { ...(row.body as PolicyOverride), id: row.id, reason: row.reason, createdBy: row.creator, createdAt: row.created_at.toISOString() };
}

/**
 * The national default is stored as version 1 the first time any profile is needed, so every decision
 * can name a stored version; a later change to the default in code is never applied silently (it needs
 * a new version, with a reason, like any other change).
 */
async function ensureNationalProfile(db: Db): Promise<void> {
  const { id: _id, ...body } = nationalDefaultProfile() as PolicyOverride;
  await insertNationalProfile(db, body);
}

/** The scopes whose versions apply to a region: the country, its province, city and county. */
function applyingScopes(regionCode: string): string[] {
  return ancestorCodes(regionCode).filter((code) => (levelOfCode(code) ?? 9) <= 3);
}

/** Every version of the scopes that apply to a region, oldest first. */
export async function applyingVersions(db: Db, regionCode: string): Promise<StoredVersion[]> {
  const scopes = applyingScopes(regionCode);
  let rows = await listVersionsOfScopes(db, scopes);
  if (!rows.some((r) => (r.body as PolicyOverride).scopeCode === COUNTRY_CODE)) {
    await ensureNationalProfile(db);
    rows = await listVersionsOfScopes(db, scopes);
  }
  return rows.map(toVersion);
}

/** The profile in force in a region on a date, with the versions it merges and the top version's row id. */
export async function effectiveProfile(db: Db, regionCode: string, onDate: string): Promise<ResolvedProfile & { id: string }> {
  const versions = await applyingVersions(db, regionCode);
  const resolved = resolveProfile(versions, regionCode, onDate);
  if (!resolved) throw new AppError('not_found', { entity: 'policy_profile', region: regionCode, date: onDate, rule: 'no_profile_in_force' });
  const top = resolved.basis[resolved.basis.length - 1];
  const row = versions.find((v) => v.scopeCode === top?.scopeCode && v.version === top?.version);
  return { ...resolved, id: row?.id ?? '' };
}

/** Versions a user may read: those applying to their region and those made inside it. */
export async function listVersions(db: Db, user: SessionUser, scope?: string) {
  const applying = applyingScopes(user.regionCode === COUNTRY_CODE ? COUNTRY_CODE : user.regionCode);
  if (applying.length === 0 || !applying.includes(COUNTRY_CODE)) applying.push(COUNTRY_CODE);
  await ensureNationalProfile(db);
  const rows = await listReadableVersions(db, applying, user.regionCode, scope);
  return rows.map(toVersion);
}

/** One version by id, if the user may read it. */
export async function readVersion(db: Db, user: SessionUser, id: string): Promise<StoredVersion> {
  const row = /^\d{1,18}$/.test(id) ? await findVersion(db, id) : undefined;
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
  db: Db,
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
  return inTransaction(db, async (trx) => {
    const row = await insertVersion(trx, {
      scopeCode: candidate.scopeCode,
      version,
      effectiveFrom: candidate.effectiveFrom,
      name: candidate.name,
      body: candidate,
      reason,
      createdBy: user.id,
    });
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
