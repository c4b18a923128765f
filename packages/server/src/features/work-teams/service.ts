import {
  can,
  daysInMonth,
  isWithinScope,
  periodsOverlap,
  type PresenceInput,
  regionPrefix,
  type TeamMemberInput,
  todayInChina,
  VISIT_RULE_MESSAGES,
  type WorkTeamInput,
} from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { assistanceSettings, visibleUnit } from '../assistance/service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';
import {
  countMemberMonthsByDays,
  endMembership,
  findMemberTerm,
  findPresenceForUpdate,
  findStaffMember,
  findTeam,
  findTeamMember,
  findUnitName,
  findVillage,
  findVillageName,
  insertTeam,
  insertTeamMember,
  listMembersInYear,
  listPresence,
  listTeamMembers,
  listTeamsIn,
  listVillageTeams,
  lockTeam,
  lockVillage,
  savePresence,
} from './repository.ts';

const isId = (id: string) => /^\d{1,18}$/.test(id);

const rule = (path: string, code: keyof typeof VISIT_RULE_MESSAGES): FieldError => ({ path, code, message: (VISIT_RULE_MESSAGES[code] as { en: string }).en });

/** The first and last day of a month given as `YYYY-MM`. */
function monthBounds(month: string): { first: string; last: string } {
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/**
 * Whether a member's days in a month are checked against the minimum: they were on the team the whole
 * month, and the month is over (a month under way is not short yet). A month joined or left part-way is
 * recorded but never counted short.
 */
export function presenceRequired(member: { starts_on: string; ends_on: string | null }, month: string, currentMonth: string): boolean {
  const { first, last } = monthBounds(month);
  return month < currentMonth && member.starts_on <= first && (member.ends_on === null || member.ends_on >= last);
}

/** A work team whose village lies inside the user's region; anything else is not found. */
export async function visibleTeam(db: Db, user: SessionUser, id: string) {
  const team = isId(id) ? await findTeam(db, id) : undefined;
  if (!team || !isWithinScope(team.village_code, user.regionCode)) throw new AppError('not_found', { entity: 'work_team', id });
  return team;
}

/** The same team, for a role that manages assistance. */
async function manageableTeam(db: Db, user: SessionUser, id: string) {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  return visibleTeam(db, user, id);
}

/**
 * Sends a resident work team to a village inside the user's region for a term. A village has one team
 * at a time: a term that shares a day with another team's is refused, naming that team.
 */
export async function createTeam(db: Db, user: SessionUser, actor: Actor, input: WorkTeamInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  if (!isWithinScope(input.villageCode, user.regionCode)) throw new AppError('not_found', { entity: 'region', code: input.villageCode });
  const village = await findVillage(db, input.villageCode);
  if (!village || village.level !== 5) throw new AppError('region_not_found', { field: 'villageCode' });
  if (input.unitId) {
    await visibleUnit(db, user, input.unitId).catch(() => {
      throw new AppError('validation_failed', { field: 'unitId', rule: 'unit_not_found' });
    });
  }
  return inTransaction(db, async (trx) => {
    // The village's row is the lock (NO KEY UPDATE, so foreign-key checks on it still pass): two
    // overlapping teams saved at once cannot both pass the check.
    await lockVillage(trx, village.code);
    const existing = await listVillageTeams(trx, village.code);
    const clash = existing.find((t) => periodsOverlap({ startsOn: t.starts_on, endsOn: t.ends_on }, input));
    if (clash) throw new AppError('conflict', { field: 'startsOn', rule: 'team_overlaps', teamId: clash.id, startsOn: clash.starts_on, endsOn: clash.ends_on });
    const name = input.name ?? `${village.name}驻村工作队`;
    const id = await insertTeam(trx, { village_code: village.code, name, unit_id: input.unitId ?? null, starts_on: input.startsOn, ends_on: input.endsOn ?? null });
    await recordAudit(trx, actor, { action: 'work_team.created', entity: 'work_team', entityId: id, regionCode: village.code, after: { ...input, name } });
    return id;
  });
}

/**
 * Adds a member of some unit's staff to a team for a part of its term. A member with no end date serves
 * until the team's term ends. The same person may not overlap themselves on the team, and the team has
 * one first secretary at a time.
 */
export async function addTeamMember(db: Db, user: SessionUser, actor: Actor, teamId: string, input: TeamMemberInput): Promise<string> {
  const team = await manageableTeam(db, user, teamId);
  const staff = await findStaffMember(db, input.staffId);
  if (!staff || !staff.active) throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  await visibleUnit(db, user, staff.unit_id).catch(() => {
    throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  });
  const endsOn = input.endsOn ?? team.ends_on;
  const issues: FieldError[] = [];
  if (input.startsOn < team.starts_on || (team.ends_on !== null && input.startsOn > team.ends_on)) issues.push(rule('startsOn', 'outside_term'));
  if (team.ends_on !== null && endsOn !== null && endsOn > team.ends_on) issues.push(rule('endsOn', 'outside_term'));
  if (issues.length > 0) throw new AppError('validation_failed', { fields: issues });
  const period = { startsOn: input.startsOn, endsOn };
  return inTransaction(db, async (trx) => {
    await lockTeam(trx, team.id);
    const existing = await listTeamMembers(trx, team.id);
    const overlapping = existing.filter((m) => periodsOverlap({ startsOn: m.starts_on, endsOn: m.ends_on }, period));
    const self = overlapping.find((m) => m.staff_id === staff.id);
    if (self) throw new AppError('conflict', { field: 'startsOn', rule: 'member_overlaps', memberId: self.id, startsOn: self.starts_on, endsOn: self.ends_on });
    const secretary = input.role === 'first_secretary' ? overlapping.find((m) => m.role === 'first_secretary') : undefined;
    if (secretary) throw new AppError('conflict', { field: 'role', rule: 'first_secretary_taken', memberId: secretary.id, startsOn: secretary.starts_on, endsOn: secretary.ends_on });
    const memberId = await insertTeamMember(trx, { team_id: team.id, staff_id: staff.id, role: input.role, starts_on: input.startsOn, ends_on: endsOn });
    await recordAudit(trx, actor, { action: 'work_team.member_added', entity: 'work_team', entityId: team.id, regionCode: team.village_code, after: { memberId, ...input, endsOn } });
    return memberId;
  });
}

/** Ends a member's service on a date with a reason (recalled, transferred); the record stays. */
export async function endTeamMember(db: Db, user: SessionUser, actor: Actor, teamId: string, memberId: string, input: { endsOn: string; reason: string }) {
  const team = await manageableTeam(db, user, teamId);
  const member = isId(memberId) ? await findTeamMember(db, team.id, memberId) : undefined;
  if (!member) throw new AppError('not_found', { entity: 'work_team_member', id: memberId });
  if (member.ends_on && member.ends_on < input.endsOn) throw new AppError('conflict', { field: 'endsOn', rule: 'already_ended', endsOn: member.ends_on });
  if (input.endsOn < member.starts_on) throw new AppError('validation_failed', { field: 'endsOn', rule: 'ends_before_start' });
  await inTransaction(db, async (trx) => {
    await endMembership(trx, member.id, input);
    await recordAudit(trx, actor, {
      action: 'work_team.member_ended',
      entity: 'work_team',
      entityId: team.id,
      regionCode: team.village_code,
      before: { endsOn: member.ends_on, endReason: member.end_reason },
      after: { memberId: member.id, ...input },
    });
  });
}

/**
 * Records the days a member spent in the village in a month (replacing an earlier figure). The month
 * must share a day with the member's service and not lie ahead; the village's team or cadres record it.
 */
export async function recordPresence(db: Db, user: SessionUser, actor: Actor, teamId: string, input: PresenceInput) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const team = await visibleTeam(db, user, teamId);
  const member = await findMemberTerm(db, team.id, input.memberId);
  if (!member) throw new AppError('validation_failed', { fields: [rule('memberId', 'not_a_member')] });
  const { first, last } = monthBounds(input.month);
  if (member.starts_on > last || (member.ends_on !== null && member.ends_on < first)) throw new AppError('validation_failed', { fields: [rule('month', 'outside_term')] });
  if (input.month > todayInChina().slice(0, 7)) throw new AppError('validation_failed', { field: 'month', rule: 'not_in_future' });
  await inTransaction(db, async (trx) => {
    const before = await findPresenceForUpdate(trx, member.id, first);
    await savePresence(trx, { memberId: member.id, month: first, days: input.days, recordedBy: user.id });
    await recordAudit(trx, actor, {
      action: 'work_team.presence_recorded',
      entity: 'work_team',
      entityId: team.id,
      regionCode: team.village_code,
      before: before ? { memberId: member.id, month: input.month, days: before.days } : undefined,
      after: input,
    });
  });
}

/** The minimum days in the village per county (policy profiles stop at the county), looked up once each. */
async function minimumsByCounty(db: Db, villageCodes: readonly string[]): Promise<Map<string, number>> {
  const counties = [...new Set(villageCodes.map((c) => c.slice(0, 6)))];
  const settings = await Promise.all(counties.map((c) => assistanceSettings(db, c)));
  return new Map(counties.map((c, i) => [c, (settings[i] as { minDaysInVillage: number }).minDaysInVillage]));
}

/** The last month of a year whose presence is checked: December, or last month for the current year. */
function lastCheckedMonth(year: number): string {
  const [y, m] = todayInChina().split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return `${year}-12` < previous ? `${year}-12` : previous;
}

/**
 * Teams whose village lies in a region and whose term touches a year, with the first secretary and the
 * members serving on a reference day (today, or the year's end for a past year, kept inside the term),
 * and the member-months of the year that fell short of the minimum days in the village.
 */
export async function listTeams(db: Db, user: SessionUser, filter: { regionCode?: string | undefined; year: number }) {
  const scope = regionInScope(user, 'region', filter.regionCode);
  const yearStart = `${filter.year}-01-01`;
  const yearEnd = `${filter.year}-12-31`;
  const today = todayInChina();
  const ref = yearEnd < today ? yearEnd : today;
  const teams = await listTeamsIn(db, regionPrefix(scope), { yearStart, yearEnd, ref });
  const shortfall = new Map<string, number>();
  if (teams.length > 0 && `${filter.year}-01` <= lastCheckedMonth(filter.year)) {
    const minimums = await minimumsByCounty(db, teams.map((t) => t.village_code));
    // How many required member-months each team has at each number of days (none recorded counts as 0):
    // one query for the whole list, the minimum (which differs by county) applied after.
    const rows = await countMemberMonthsByDays(db, regionPrefix(scope), { yearStart, yearEnd, lastMonth: `${lastCheckedMonth(filter.year)}-01` });
    const countyOf = new Map(teams.map((t) => [t.id, t.village_code.slice(0, 6)]));
    for (const r of rows) {
      const min = minimums.get(countyOf.get(String(r.team_id)) ?? '') ?? 0;
      if (Number(r.days) < min) shortfall.set(String(r.team_id), (shortfall.get(String(r.team_id)) ?? 0) + Number(r.n));
    }
  }
  return teams.map((t) => ({
    id: t.id,
    villageCode: t.village_code,
    villageName: t.village_name,
    name: t.name,
    unitId: t.unit_id,
    unitName: t.unit_name,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    firstSecretary: t.fs_staff_id ? { staffId: t.fs_staff_id, name: t.fs_name as string, phone: t.fs_phone } : null,
    members: Number(t.members ?? 0),
    shortfallMonths: shortfall.get(t.id) ?? 0,
  }));
}

const ROLE_ORDER = { first_secretary: 0, leader: 1, member: 2 } as const;

/** A team with its members who served in a year, each with the days recorded month by month against the minimum. */
export async function teamDetail(db: Db, user: SessionUser, id: string, year: number) {
  const team = await visibleTeam(db, user, id);
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const [village, unit, members, settings] = await Promise.all([
    findVillageName(db, team.village_code),
    team.unit_id ? findUnitName(db, team.unit_id) : undefined,
    listMembersInYear(db, team.id, yearStart, yearEnd),
    assistanceSettings(db, team.village_code),
  ]);
  const presence =
    members.length === 0
      ? []
      : await listPresence(db, members.map((m) => m.id), yearStart, yearEnd);
  const recordedDays = new Map(presence.map((p) => [`${p.member_id}:${p.month.slice(0, 7)}`, Number(p.days)]));
  const min = settings.minDaysInVillage;
  const currentMonth = todayInChina().slice(0, 7);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  // The first secretary on the reference day (today, or the year's end for a past year), else the year's last.
  const today = todayInChina();
  const onDay = yearEnd < today ? yearEnd : today;
  const secretaries = members.filter((m) => m.role === 'first_secretary');
  const secretary = secretaries.find((m) => m.starts_on <= onDay && (m.ends_on === null || m.ends_on >= onDay)) ?? secretaries.at(-1);
  return {
    id: team.id,
    villageCode: team.village_code,
    villageName: village.name,
    name: team.name,
    unitId: team.unit_id,
    unitName: unit?.name ?? null,
    startsOn: team.starts_on,
    endsOn: team.ends_on,
    minDaysInVillage: min,
    year,
    firstSecretary: secretary ? { staffId: secretary.staff_id, name: secretary.name, phone: secretary.phone } : null,
    members: members
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
      .map((m) => {
        const rows = months.map((month) => {
          const days = recordedDays.get(`${m.id}:${month}`) ?? null;
          const required = presenceRequired(m, month, currentMonth);
          return { month, days, required, short: required && (days ?? 0) < min };
        });
        return {
          id: m.id,
          staffId: m.staff_id,
          name: m.name,
          phone: m.phone,
          unitName: m.unit_name,
          role: m.role,
          startsOn: m.starts_on,
          endsOn: m.ends_on,
          endReason: m.end_reason,
          months: rows,
          totalDays: rows.reduce((sum, r) => sum + (r.days ?? 0), 0),
        };
      }),
  };
}
