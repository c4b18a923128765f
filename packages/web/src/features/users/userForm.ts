import type { Role } from '@jingzhun/domain';
import type { NewUser, UserChanges, UserRow } from './api.ts';

/** The fields of the user form as Ant Design hands them over. */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  password: string;
  active: boolean;
  /** The unit of an `aid_unit` account; the form shows its field for that role only. */
  aidUnitId?: string | undefined;
}

/** The unit the form names, only for an aid unit's account: a unit left in the form from another role is never sent. */
function formUnit(values: Pick<UserFormValues, 'role' | 'aidUnitId'>): string | undefined {
  return values.role === 'aid_unit' && values.aidUnitId ? values.aidUnitId : undefined;
}

/** The body that creates an account from the form; the unit goes with an aid unit's account only. */
export function newUserBody(values: UserFormValues): NewUser {
  const unit = formUnit(values);
  return {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    role: values.role,
    regionCode: values.regionCode,
    password: values.password,
    ...(unit ? { aidUnitId: unit } : {}),
  };
}

/**
 * What an edit changes, and only that (so the audit record shows exactly it). A unit is sent only for an
 * aid unit's account whose unit changed; moving an account to another role sends none, and the server
 * clears the unit.
 */
export function userChanges(user: UserRow, values: UserFormValues): UserChanges {
  const changes: UserChanges = {};
  if (values.displayName !== user.displayName) changes.displayName = values.displayName.trim();
  if (values.role !== user.role) changes.role = values.role;
  if (values.regionCode !== user.regionCode) changes.regionCode = values.regionCode;
  if (values.active !== user.active) changes.active = values.active;
  const unit = formUnit(values);
  if (unit !== undefined && unit !== user.aidUnitId) changes.aidUnitId = unit;
  return changes;
}
