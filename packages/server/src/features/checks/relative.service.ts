import { can, isWithinScope, KIN_KEEPERS, KIN_RELATIONS, type KinRelation, type Lang, maskIdNumber, normalizeIdNumber, type RelativeCreate, type Role } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import {
  deleteRelative,
  findRelative,
  findUserRegion,
  insertRelative,
  listRelativesOf,
  lockStaffIdNumber,
  lockUserIdNumber,
  staffWithRegion,
  updateStaffIdNumber,
  updateUserIdNumber,
} from './relative.repository.ts';

/**
 * The close relatives (近亲属) of cadres and helpers, and their own resident IDs: what the conflicts audit
 * matches against the members of the households they decided on or help. Everyone keeps their own; a
 * county office (or an administrator) keeps those of the users and aid staff of its region.
 */

/** Whose relatives a row is: a user's or a member of aid staff's, and the region that keeps them. */
interface Owner {
  userId: string | null;
  staffId: string | null;
  regionCode: string;
}

const keepsKin = (role: Role) => (KIN_KEEPERS as readonly Role[]).includes(role);

/**
 * The owner a request names, checked: oneself when it names no one (or one's own account or staff record);
 * otherwise a user or member of staff of the caller's region, and only for a county office or an
 * administrator (inspectors may read, with `read`). Anyone else naming another is refused.
 */
async function ownerOf(db: Db, user: SessionUser, target: { userId?: string | undefined; staffId?: string | undefined }, read = false): Promise<Owner> {
  if (target.userId === undefined && target.staffId === undefined) return { userId: user.id, staffId: null, regionCode: user.regionCode };
  if (target.userId === user.id) return { userId: user.id, staffId: null, regionCode: user.regionCode };
  const staff = target.staffId === undefined ? undefined : await staffWithRegion(db, target.staffId);
  if (staff && staff.user_id === user.id) return { userId: null, staffId: staff.id, regionCode: staff.region_code };
  if (!keepsKin(user.role) && !(read && can(user.role, 'inspect'))) throw new AppError('forbidden', { rule: 'relatives_of_others' });
  if (target.userId !== undefined) {
    const account = await findUserRegion(db, target.userId);
    if (!account || !isWithinScope(account.region_code, user.regionCode)) throw new AppError('validation_failed', { field: 'userId', rule: 'user_not_found' });
    return { userId: account.id, staffId: null, regionCode: account.region_code };
  }
  if (!staff || !isWithinScope(staff.region_code, user.regionCode)) throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  return { userId: null, staffId: staff.id, regionCode: staff.region_code };
}

/** Registers a relative; the same resident ID twice for one owner is `relative_exists`. */
export async function addRelative(db: Db, user: SessionUser, actor: Actor, input: RelativeCreate): Promise<string> {
  const owner = await ownerOf(db, user, input);
  const idNumber = normalizeIdNumber(input.idNumber);
  return inTransaction(db, async (trx) => {
    const row = await insertRelative(trx, { regionCode: owner.regionCode, userId: owner.userId, staffId: owner.staffId, name: input.name, idNumber, relation: input.relation, createdBy: user.id });
    if (!row) throw new AppError('conflict', { field: 'idNumber', rule: 'relative_exists' });
    await recordAudit(trx, actor, {
      action: 'relative.added',
      entity: owner.userId !== null ? 'app_user' : 'aid_staff',
      entityId: owner.userId ?? owner.staffId ?? '',
      regionCode: owner.regionCode,
      after: { relativeId: row.id, name: input.name, idNumber, relation: input.relation },
    });
    return row.id;
  });
}

/** The relatives of one owner (oneself by default), ID numbers masked. */
export async function listRelatives(db: Db, user: SessionUser, target: { userId?: string | undefined; staffId?: string | undefined }, lang: Lang) {
  const owner = await ownerOf(db, user, target, true);
  const rows = await listRelativesOf(db, owner);
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    staffId: r.staff_id,
    name: r.name,
    idNumber: maskIdNumber(r.id_number),
    relation: r.relation,
    relationLabel: KIN_RELATIONS[r.relation as KinRelation]?.[lang] ?? r.relation,
    createdAt: r.created_at,
  }));
}

/** Removes a relative: its owner may, and a county office of its region; recorded in the audit log. */
export async function removeRelative(db: Db, user: SessionUser, actor: Actor, id: string): Promise<void> {
  const row = /^\d{1,18}$/.test(id) ? await findRelative(db, id) : undefined;
  const ownStaff = row?.staff_id ? await staffWithRegion(db, row.staff_id) : undefined;
  const own = row !== undefined && (row.user_id === user.id || (ownStaff !== undefined && ownStaff.user_id === user.id));
  if (!row || !(own || (keepsKin(user.role) && isWithinScope(row.region_code, user.regionCode)))) throw new AppError('not_found', { entity: 'relative', id });
  await inTransaction(db, async (trx) => {
    await deleteRelative(trx, row.id);
    await recordAudit(trx, actor, {
      action: 'relative.removed',
      entity: row.user_id !== null ? 'app_user' : 'aid_staff',
      entityId: row.user_id ?? row.staff_id ?? '',
      regionCode: row.region_code,
      before: { relativeId: row.id, name: row.name, idNumber: row.id_number, relation: row.relation },
    });
  });
}

/** Records (or clears) the caller's own resident ID. */
export async function setOwnIdNumber(db: Db, user: SessionUser, actor: Actor, idNumber: string | null): Promise<void> {
  const value = idNumber === null ? null : normalizeIdNumber(idNumber);
  await inTransaction(db, async (trx) => {
    const before = await lockUserIdNumber(trx, user.id);
    await updateUserIdNumber(trx, user.id, value);
    await recordAudit(trx, actor, { action: 'user.id_number_set', entity: 'app_user', entityId: user.id, regionCode: user.regionCode, before: { idNumber: before.id_number }, after: { idNumber: value } });
  });
}

/** Records (or clears) the resident ID of a member of aid staff of the caller's region (a county office's work). */
export async function setStaffIdNumber(db: Db, user: SessionUser, actor: Actor, staffId: string, idNumber: string | null): Promise<void> {
  if (!keepsKin(user.role)) throw new AppError('forbidden', { rule: 'relatives_of_others' });
  const staff = await staffWithRegion(db, staffId);
  if (!staff || !isWithinScope(staff.region_code, user.regionCode)) throw new AppError('not_found', { entity: 'aid_staff', id: staffId });
  const value = idNumber === null ? null : normalizeIdNumber(idNumber);
  await inTransaction(db, async (trx) => {
    const before = await lockStaffIdNumber(trx, staff.id);
    await updateStaffIdNumber(trx, staff.id, value);
    await recordAudit(trx, actor, { action: 'aid_staff.id_number_set', entity: 'aid_staff', entityId: staff.id, regionCode: staff.region_code, before: { idNumber: before.id_number }, after: { idNumber: value } });
  });
}
