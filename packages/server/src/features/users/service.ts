import { onOneLine, passwordProblem, type Role } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { inScope, seesUnit } from '../../kernel/scope/scope.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { hashPassword } from '../auth/password.ts';
import { endCredentials } from '../auth/service.ts';
import {
  clearLockout,
  deleteSessionsOf,
  findAidUnit,
  findRegion,
  findUserById,
  insertUser,
  setInitialPassword,
  updateUserRow,
  type UserRow,
  usernameTaken,
} from './repository.ts';

/** The API's shape of a user: never the hash, and the lock as a flag. */
export function presentUser(row: UserRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    regionCode: row.region_code,
    regionName: row.region_name,
    active: row.active,
    locked: row.locked_until !== null && row.locked_until > new Date(),
    mustChangePassword: row.must_change_password,
    aidUnitId: row.aid_unit_id,
    aidUnitName: row.aid_unit_name,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

function auditView(row: UserRow) {
  const { region_name: _name, region_level: _level, failed_logins: _failed, aid_unit_name: _unit, ...rest } = row;
  return rest;
}

/** A user inside the admin's region, or not_found as if it did not exist. */
export async function visibleUser(db: Db, admin: SessionUser, id: string): Promise<UserRow> {
  const row = /^\d{1,18}$/.test(id) ? await findUserById(db, id) : undefined;
  if (!row || !inScope(admin, row.region_code)) throw new AppError('not_found', { entity: 'user', id });
  return row;
}

/** A region for a user's scope: it must exist and lie inside the admin's own region. */
async function assignableRegion(db: Db, admin: SessionUser, code: string) {
  const region = inScope(admin, code) ? await findRegion(db, code) : undefined;
  if (!region) throw new AppError('region_not_found', { field: 'regionCode' });
  return region;
}

/**
 * The unit an account speaks for: required for an `aid_unit` account and refused for any other; it must
 * be one the admin reaches (kept inside the admin's region or above it) and lie on one line with the
 * account's region (the unit's own, above it or inside it), so that the account's region holds its work.
 */
async function accountUnit(db: Db, admin: SessionUser, role: Role, regionCode: string, aidUnitId: string | null | undefined): Promise<string | null> {
  if (role !== 'aid_unit') {
    if (aidUnitId) throw new AppError('validation_failed', { field: 'aidUnitId', rule: 'aid_unit_only' });
    return null;
  }
  if (!aidUnitId) throw new AppError('validation_failed', { field: 'aidUnitId', rule: 'aid_unit_required' });
  const unit = await findAidUnit(db, aidUnitId);
  if (!unit || !seesUnit(admin, { id: unit.id, regionCode: unit.region_code })) throw new AppError('validation_failed', { field: 'aidUnitId', rule: 'aid_unit_not_found' });
  if (!onOneLine(unit.region_code, regionCode)) {
    throw new AppError('validation_failed', { field: 'regionCode', rule: 'aid_unit_region' });
  }
  return unit.id;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  password: string;
  /** The unit of an `aid_unit` account (required for that role, refused for others). */
  aidUnitId?: string | null | undefined;
}

/** Creates a user who must change the initial password at first sign-in. */
export async function createUser(db: Db, admin: SessionUser, actor: Actor, input: NewUser) {
  const problem = passwordProblem(input.password, input.username);
  if (problem) throw new AppError('weak_password', { field: 'password', rule: problem });
  await assignableRegion(db, admin, input.regionCode);
  const aidUnitId = await accountUnit(db, admin, input.role, input.regionCode, input.aidUnitId);
  const hash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    if (await usernameTaken(trx, input.username)) throw new AppError('username_taken', { field: 'username' });
    const id = await insertUser(trx, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      regionCode: input.regionCode,
      passwordHash: hash,
      aidUnitId,
    });
    const row = (await findUserById(trx, id)) as UserRow;
    await recordAudit(trx, actor, {
      action: 'user.created',
      entity: 'user',
      entityId: id,
      regionCode: row.region_code,
      after: auditView(row),
    });
    return row;
  });
}

export interface UserChanges {
  displayName?: string | undefined;
  role?: Role | undefined;
  regionCode?: string | undefined;
  active?: boolean | undefined;
  /** The unit of an `aid_unit` account; kept when absent, cleared when the role changes to another. */
  aidUnitId?: string | null | undefined;
}

/** Changes a user's name, role, region or activity; an admin cannot demote or disable themself. */
export async function updateUser(db: Db, admin: SessionUser, actor: Actor, id: string, changes: UserChanges) {
  const before = await visibleUser(db, admin, id);
  if (changes.regionCode !== undefined) await assignableRegion(db, admin, changes.regionCode);
  const role = changes.role ?? (before.role as Role);
  const unitChanged = changes.aidUnitId !== undefined || changes.role !== undefined || changes.regionCode !== undefined;
  const aidUnitId = unitChanged
    ? await accountUnit(db, admin, role, changes.regionCode ?? before.region_code, changes.aidUnitId !== undefined ? changes.aidUnitId : role === 'aid_unit' ? before.aid_unit_id : null)
    : before.aid_unit_id;
  if (id === admin.id) {
    if (changes.active === false) throw new AppError('conflict', { field: 'active', rule: 'not_self' });
    if (changes.role !== undefined && changes.role !== before.role) {
      throw new AppError('conflict', { field: 'role', rule: 'not_self' });
    }
    if (changes.regionCode !== undefined && changes.regionCode !== before.region_code) {
      throw new AppError('conflict', { field: 'regionCode', rule: 'not_self' });
    }
  }
  return inTransaction(db, async (trx) => {
    await updateUserRow(trx, id, changes, aidUnitId);
    // A user moved, demoted or disabled must sign in again under the new rules.
    if (changes.active === false || changes.role !== undefined || changes.regionCode !== undefined || aidUnitId !== before.aid_unit_id) {
      await deleteSessionsOf(trx, id);
    }
    const after = (await findUserById(trx, id)) as UserRow;
    await recordAudit(trx, actor, {
      action: 'user.updated',
      entity: 'user',
      entityId: id,
      regionCode: after.region_code,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/** Sets a new initial password, which the user must change; their sessions and API tokens end. */
export async function resetPassword(db: Db, admin: SessionUser, actor: Actor, id: string, password: string) {
  const user = await visibleUser(db, admin, id);
  const problem = passwordProblem(password, user.username);
  if (problem) throw new AppError('weak_password', { field: 'newPassword', rule: problem });
  const hash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    await setInitialPassword(trx, id, hash);
    const ended = await endCredentials(trx, id);
    await recordAudit(trx, actor, {
      action: 'user.password_reset',
      entity: 'user',
      entityId: id,
      regionCode: user.region_code,
      after: { endedSessions: ended.sessions, revokedTokens: ended.tokens },
    });
  });
}

/** Lifts a lockout. */
export async function unlockUser(db: Db, admin: SessionUser, actor: Actor, id: string) {
  const user = await visibleUser(db, admin, id);
  await inTransaction(db, async (trx) => {
    await clearLockout(trx, id);
    await recordAudit(trx, actor, {
      action: 'user.unlocked',
      entity: 'user',
      entityId: id,
      regionCode: user.region_code,
      before: { lockedUntil: user.locked_until },
      after: { lockedUntil: null },
    });
  });
}
