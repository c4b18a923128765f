import { COUNTRY_CODE, readsPairedOnly, regionPrefix, type Role } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { householdReadable } from '../../kernel/scope/need-to-know.repository.ts';

/** A region by code with its level, or undefined. */
export function findRegionLevel(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', '=', code).executeTakeFirst();
}

/** Stores a self-report, open; returns its id. */
export async function insertSelfReport(db: Kysely<DB>, report: { countyCode: string; villageCode: string; name: string | null; phone: string; what: string }): Promise<string> {
  const { id } = await db
    .insertInto('self_report')
    .values({ county_code: report.countyCode, village_code: report.villageCode, name: report.name, phone: report.phone, what: report.what, state: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A page of the self-reports of a region the reader may read, open first, and how many there are. */
export async function listSelfReportRows(db: Kysely<DB>, reader: { id: string; role: Role }, f: { scope: string; state?: string | undefined; page: number; pageSize: number }) {
  const prefix = regionPrefix(f.scope);
  let q = db.selectFrom('self_report as s').innerJoin('region as v', 'v.code', 's.village_code').where('s.village_code', 'like', `${prefix}%`);
  // Need to know: a helper reads the reports linked to an alert on one of its households, no other.
  if (readsPairedOnly(reader.role)) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('alert as ra')
          .select(sql`1`.as('one'))
          .whereRef('ra.county_code', '=', 's.county_code')
          .whereRef('ra.id', '=', 's.alert_id')
          .where(householdReadable(reader, 'ra.county_code', 'ra.household_id')),
      ),
    );
  }
  if (f.state) q = q.where('s.state', '=', f.state as 'open');
  const [rows, total] = await Promise.all([
    q
      .select(['s.id', 's.village_code', 'v.name as village_name', 's.name', 's.phone', 's.what', 's.state', 's.alert_id', 's.resolution', 's.created_at'])
      .orderBy(sql`CASE s.state WHEN 'open' THEN 0 ELSE 1 END`)
      .orderBy('s.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** One self-report by id, the row locked, or undefined. */
export function lockSelfReport(db: Kysely<DB>, id: string) {
  return db.selectFrom('self_report').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Closes a self-report as linked to an alert, or as needing none with the reason. */
export async function updateSelfReport(
  db: Kysely<DB>,
  report: { county_code: string; id: string },
  set: { state: 'linked'; alert_id: string; handled_by: string } | { state: 'closed'; resolution: string; handled_by: string },
): Promise<void> {
  await db
    .updateTable('self_report')
    .set({ ...set, updated_at: new Date() })
    .where('county_code', '=', report.county_code)
    .where('id', '=', report.id)
    .execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The first 50 regions of the country whose name, pinyin initials or code match a search, higher levels
 * first (as the region search pages them): the public forms keep the villages among them.
 */
export function searchAllRegions(db: Kysely<DB>, q: string) {
  const text = q.trim();
  const initials = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return db
    .selectFrom('region')
    .where('code', 'like', `${regionPrefix(COUNTRY_CODE)}%`)
    .where((eb) => {
      const any = [eb('name', 'like', `%${escapeLike(text)}%`)];
      if (/^[a-z]+$/i.test(text)) any.push(eb('name_initials', 'like', `${escapeLike(initials)}%`));
      if (/^\d+$/.test(text)) any.push(eb('code', 'like', `${text}%`));
      return eb.or(any);
    })
    .select(['code', 'name', 'level', 'parent_code'])
    .orderBy('level')
    .orderBy('code')
    .limit(50)
    .offset(0)
    .execute();
}
