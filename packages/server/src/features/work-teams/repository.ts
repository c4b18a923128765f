import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** One work team, every column. */
export function findTeam(db: Kysely<DB>, id: string) {
  return db.selectFrom('work_team').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A region's code, name and level, when it exists. */
export function findVillage(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst();
}

/** The name of a village that exists. */
export function findVillageName(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirstOrThrow();
}

/** The name of a unit, when it exists. */
export function findUnitName(db: Kysely<DB>, id: string) {
  return db.selectFrom('aid_unit').select('name').where('id', '=', id).executeTakeFirst();
}

/** Locks a village's row (NO KEY UPDATE, so foreign-key checks on it still pass) until the transaction ends. */
export async function lockVillage(trx: Transaction<DB>, code: string): Promise<void> {
  await trx.selectFrom('region').select('code').where('code', '=', code).forNoKeyUpdate().execute();
}

/** The terms of every team a village has had. */
export function listVillageTeams(trx: Transaction<DB>, villageCode: string) {
  return trx.selectFrom('work_team').select(['id', 'starts_on', 'ends_on']).where('village_code', '=', villageCode).execute();
}

/** Inserts a team; returns its id. */
export async function insertTeam(trx: Transaction<DB>, row: Insertable<DB['work_team']>): Promise<string> {
  const { id } = await trx.insertInto('work_team').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A member of staff's unit, name and whether they are active. */
export function findStaffMember(db: Kysely<DB>, staffId: string) {
  return db.selectFrom('aid_staff').select(['id', 'unit_id', 'name', 'active']).where('id', '=', staffId).executeTakeFirst();
}

/** Locks a team's row (NO KEY UPDATE) until the transaction ends. */
export async function lockTeam(trx: Transaction<DB>, teamId: string): Promise<void> {
  await trx.selectFrom('work_team').select('id').where('id', '=', teamId).forNoKeyUpdate().execute();
}

/** Every membership, past or present, of a team. */
export function listTeamMembers(trx: Transaction<DB>, teamId: string) {
  return trx.selectFrom('work_team_member').select(['id', 'staff_id', 'role', 'starts_on', 'ends_on']).where('team_id', '=', teamId).execute();
}

/** Inserts a membership; returns its id. */
export async function insertTeamMember(trx: Transaction<DB>, row: Insertable<DB['work_team_member']>): Promise<string> {
  const { id } = await trx.insertInto('work_team_member').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** One membership of a team, every column. */
export function findTeamMember(db: Kysely<DB>, teamId: string, memberId: string) {
  return db.selectFrom('work_team_member').selectAll().where('id', '=', memberId).where('team_id', '=', teamId).executeTakeFirst();
}

/** The term of one membership of a team. */
export function findMemberTerm(db: Kysely<DB>, teamId: string, memberId: string) {
  return db.selectFrom('work_team_member').select(['id', 'starts_on', 'ends_on']).where('id', '=', memberId).where('team_id', '=', teamId).executeTakeFirst();
}

/** Ends a membership on a date, with its reason. */
export async function endMembership(trx: Transaction<DB>, memberId: string, end: { endsOn: string; reason: string }): Promise<void> {
  await trx.updateTable('work_team_member').set({ ends_on: end.endsOn, end_reason: end.reason }).where('id', '=', memberId).execute();
}

/** The days recorded for a member in a month (its first day), locked until the transaction ends. */
export function findPresenceForUpdate(trx: Transaction<DB>, memberId: string, month: string) {
  return trx.selectFrom('work_team_presence').select('days').where('member_id', '=', memberId).where('month', '=', month).forUpdate().executeTakeFirst();
}

/** Records the days a member spent in the village in a month, replacing an earlier figure. */
export async function savePresence(trx: Transaction<DB>, p: { memberId: string; month: string; days: number; recordedBy: string }): Promise<void> {
  await trx
    .insertInto('work_team_presence')
    .values({ member_id: p.memberId, month: p.month, days: p.days, recorded_by: p.recordedBy })
    .onConflict((oc) => oc.columns(['member_id', 'month']).doUpdateSet({ days: p.days, recorded_by: p.recordedBy, recorded_at: sql`now()` }))
    .execute();
}

/**
 * Teams whose village lies under a region prefix and whose term touches a year, village order, with the
 * first secretary and the count of members serving on the reference day (kept inside each team's term).
 */
export function listTeamsIn(db: Kysely<DB>, prefix: string, q: { yearStart: string; yearEnd: string; ref: string }) {
  const { yearStart, yearEnd, ref } = q;
  // The day a team's figures are read on: the reference day, moved inside the team's term.
  const onDay = sql<string>`greatest(t.starts_on, least(${ref}::date, coalesce(t.ends_on, ${ref}::date)))`;
  const servingOnDay = sql<boolean>`m.starts_on <= ${onDay} AND (m.ends_on IS NULL OR m.ends_on >= ${onDay})`;
  return db
    .selectFrom('work_team as t')
    .innerJoin('region as g', 'g.code', 't.village_code')
    .leftJoin('aid_unit as u', 'u.id', 't.unit_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('work_team_member as m')
          .innerJoin('aid_staff as s', 's.id', 'm.staff_id')
          .select(['s.id as staff_id', 's.name', 's.phone'])
          .whereRef('m.team_id', '=', 't.id')
          .where('m.role', '=', 'first_secretary')
          .where(servingOnDay)
          .orderBy('m.starts_on', 'desc')
          .limit(1)
          .as('fs'),
      (j) => j.onTrue(),
    )
    .select(['t.id', 't.village_code', 'g.name as village_name', 't.name', 't.unit_id', 'u.name as unit_name', 't.starts_on', 't.ends_on', 'fs.staff_id as fs_staff_id', 'fs.name as fs_name', 'fs.phone as fs_phone'])
    .select((eb) => eb.selectFrom('work_team_member as m').whereRef('m.team_id', '=', 't.id').where(servingOnDay).select((e) => e.fn.countAll<string>().as('n')).as('members'))
    .where('t.village_code', 'like', `${prefix}%`)
    .where('t.starts_on', '<=', yearEnd)
    .where((eb) => eb.or([eb('t.ends_on', 'is', null), eb('t.ends_on', '>=', yearStart)]))
    .orderBy('t.village_code')
    .orderBy('t.starts_on')
    .execute();
}

/**
 * How many required member-months of a year (up to the last month checked) each team under a region
 * prefix has at each number of days recorded, none recorded counting as 0.
 */
export async function countMemberMonthsByDays(db: Kysely<DB>, prefix: string, q: { yearStart: string; yearEnd: string; lastMonth: string }) {
  const { rows } = await sql<{ team_id: string; days: number; n: number }>`
    SELECT m.team_id, coalesce(p.days, 0)::int AS days, count(*)::int AS n
    FROM work_team t
    JOIN work_team_member m ON m.team_id = t.id
    CROSS JOIN generate_series(${q.yearStart}::timestamp, ${q.lastMonth}::timestamp, interval '1 month') AS g(d)
    LEFT JOIN work_team_presence p ON p.member_id = m.id AND p.month = g.d::date
    WHERE t.village_code LIKE ${`${prefix}%`}
      AND t.starts_on <= ${q.yearEnd}::date AND (t.ends_on IS NULL OR t.ends_on >= ${q.yearStart}::date)
      AND m.starts_on <= g.d::date
      AND (m.ends_on IS NULL OR m.ends_on >= (g.d + interval '1 month' - interval '1 day')::date)
    GROUP BY 1, 2`.execute(db);
  return rows;
}

/** The members of a team who served in a year, with their staff and unit, by start. */
export function listMembersInYear(db: Kysely<DB>, teamId: string, yearStart: string, yearEnd: string) {
  return db
    .selectFrom('work_team_member as m')
    .innerJoin('aid_staff as s', 's.id', 'm.staff_id')
    .innerJoin('aid_unit as u', 'u.id', 's.unit_id')
    .select(['m.id', 'm.staff_id', 's.name', 's.phone', 'u.name as unit_name', 'm.role', 'm.starts_on', 'm.ends_on', 'm.end_reason'])
    .where('m.team_id', '=', teamId)
    .where('m.starts_on', '<=', yearEnd)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', yearStart)]))
    .orderBy('m.starts_on')
    .orderBy('m.id')
    .execute();
}

/** The days recorded for the given members in a year. */
export function listPresence(db: Kysely<DB>, memberIds: string[], yearStart: string, yearEnd: string) {
  return db
    .selectFrom('work_team_presence')
    .select(['member_id', 'month', 'days'])
    .where('member_id', 'in', memberIds)
    .where('month', '>=', yearStart)
    .where('month', '<=', yearEnd)
    .execute();
}
