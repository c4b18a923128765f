import { can } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import { findHousehold, type HouseholdRow } from './repository.ts';

/** A household the user may see, or not_found exactly as if it did not exist. */
export async function visibleHousehold(db: Db, user: SessionUser, id: string): Promise<HouseholdRow> {
  const row = /^\d{1,18}$/.test(id) ? await findHousehold(db, id) : undefined;
  if (!row || !inScope(user, row.village_code)) throw new AppError('not_found', { entity: 'household', id });
  return row;
}

/** A household the user may change: visible, the role may write, and it has not left the registry. */
export async function writableHousehold(db: Db, user: SessionUser, id: string): Promise<HouseholdRow> {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const row = await visibleHousehold(db, user, id);
  if (row.left_on) throw new AppError('household_closed', { leftOn: row.left_on });
  return row;
}

/** A household by id whoever asks (for work the system does on a case already allowed), with its village's name. */
export function householdById(db: Db, id: string): Promise<HouseholdRow | undefined> {
  return findHousehold(db, id);
}

/** Whether the user's role needs full ID numbers and phones (those who enter and correct them). */
export function seesPersonalData(user: SessionUser): boolean {
  return can(user.role, 'writeRegistry');
}
