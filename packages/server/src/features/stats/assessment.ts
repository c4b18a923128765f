import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { deprivations, regionPrefix } from '@jingzhun/domain';
import type { Insertable, Kysely } from 'kysely';
import type { DB, HouseholdDeprivationTable } from '../../kernel/db/schema.ts';
import { householdsInIdRange, householdsWithDetails } from '../households/repository.ts';
import { countiesOf } from '../regions/repository.ts';
import { effectiveProfile } from '../standards/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { evaluationInputOf } from '../adjustments/service.ts';

/** Households judged per chunk, as in the yearly review: few queries, memory flat. */
const CHUNK = 2000;
/** Rows per INSERT statement. */
const WRITE_BATCH = 1000;

/**
 * Assesses the deprivations of every registered household of a region for a year (多维贫困测算): each
 * household is judged by the domain's own criteria of the profile in force for the year (`deprivations`),
 * and the result replaces the region's earlier assessment of that year, county by county, each county in
 * one transaction so the dashboards never sum half a county. Reports progress as households done / all.
 */
export async function assessRegion(db: Kysely<DB>, code: string, year: number, progress: (done: number, total: number) => Promise<void>): Promise<number> {
  const prefix = regionPrefix(code);
  const counties = await countiesOf(db, code);
  const keysByCounty: Array<{ county: string; ids: string[] }> = [];
  for (const county of counties) {
    const ids = (
      await db
        .selectFrom('household')
        .select('id')
        .where('county_code', '=', county)
        .where('village_code', 'like', `${prefix}%`)
        .where('status', 'not in', ['removed', 'candidate'])
        .where('year_registered', '<=', year)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    if (ids.length > 0) keysByCounty.push({ county, ids });
  }
  const total = keysByCounty.reduce((s, c) => s + c.ids.length, 0);
  let done = 0;
  await progress(0, total);
  for (const { county, ids } of keysByCounty) {
    const profile = await effectiveProfile(db, county, decisionDate(year));
    const rows: Array<Insertable<HouseholdDeprivationTable>> = [];
    const whole = prefix.length <= 6;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const loaded = whole ? await householdsInIdRange(db, county, chunk[0] as string, chunk[chunk.length - 1] as string) : await householdsWithDetails(db, county, chunk);
      const wanted = new Set(chunk);
      for (const detailed of loaded) {
        const h = detailed.household;
        if (!wanted.has(h.id)) continue;
        const d = deprivations(evaluationInputOf(detailed), profile, year);
        const persons = detailed.incomes.find((x) => x.year === year)?.members ?? detailed.members.length;
        rows.push({
          county_code: county,
          year,
          household_id: h.id,
          village_code: h.village_code,
          persons,
          food: d.food,
          clothing: d.clothing,
          education: d.education,
          medical: d.medical,
          housing: d.housing,
          water: d.water,
          profile_id: profile.id,
        });
      }
      done += chunk.length;
      await progress(done, total);
      await yieldToRequests();
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('household_deprivation').where('county_code', '=', county).where('year', '=', year).where('village_code', 'like', `${prefix}%`).execute();
      for (let i = 0; i < rows.length; i += WRITE_BATCH) {
        await trx
          .insertInto('household_deprivation')
          .values(rows.slice(i, i + WRITE_BATCH))
          .execute();
      }
    });
  }
  return total;
}
