import { readsPairedOnly, type Role, todayInChina } from '@jingzhun/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * Need to know, as SQL: the conditions that narrow what a user reads inside its region, shared by every
 * list that names households or assistance work, so a helper or an aid unit sees the same set everywhere.
 */

/** The part of the signed-in user these rules read. */
interface Reader {
  id: string;
  role: Role;
  aidUnitId?: string | null;
}

/** An id no record has: a filter on it matches nothing (an aid unit's account not yet given a unit). */
export const NO_RECORD = '0';

/**
 * Whose assistance work a user reads: all of its region, one aid unit's (its account; NO_RECORD when the
 * account has no unit yet, so it reads nothing), or one helper's.
 */
export type AidReach = { kind: 'region' } | { kind: 'unit'; unitId: string } | { kind: 'helper'; userId: string };

export function aidReachOf(user: Reader): AidReach {
  if (user.role === 'aid_unit') return { kind: 'unit', unitId: user.aidUnitId ?? NO_RECORD };
  if (readsPairedOnly(user.role)) return { kind: 'helper', userId: user.id };
  return { kind: 'region' };
}

/**
 * The household named by two columns (its county and id) is paired on a day with the member of staff
 * whose login is the user: a helper's own households (结对户).
 */
export function pairedWithUser(userId: string, on: string, county: string, household: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM household_pairing ntk_p JOIN aid_staff ntk_s ON ntk_s.id = ntk_p.staff_id
    WHERE ntk_p.county_code = ${sql.ref(county)} AND ntk_p.household_id = ${sql.ref(household)} AND ntk_s.user_id = ${userId} AND ntk_s.active
      AND ntk_p.starts_on <= ${on} AND (ntk_p.ends_on IS NULL OR ntk_p.ends_on >= ${on}))`;
}

/**
 * The condition a household row (its county and id columns) must meet for the user to read it, beyond
 * its region: true for every role but a helper, whose households are those paired with it today.
 */
export function householdReadable(user: Reader, county: string, household: string): RawBuilder<SqlBool> {
  return readsPairedOnly(user.role) ? pairedWithUser(user.id, todayInChina(), county, household) : sql<SqlBool>`true`;
}
