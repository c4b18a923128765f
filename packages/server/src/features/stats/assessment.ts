import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { deprivations, regionPrefix } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { countiesOf } from '../regions/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { decisionDate } from '../../kernel/scope/years.ts';
import { evaluationInputOf } from '../adjustments/service.ts';
import { type DeprivationRow, householdsInIdRange, householdsWithDetails, registeredHouseholdIds, replaceDeprivations } from './assessment.repository.ts';

/** Households judged per chunk, as in the yearly review: few queries, memory flat. */
const CHUNK = 2000;

/**
 * Assesses the deprivations of every registered household of a region for a year (多维贫困测算): each
 * household is judged by the domain's own criteria of the profile in force for the year (`deprivations`),
 * and the result replaces the region's earlier assessment of that year, county by county, each county in
 * one transaction so the dashboards never sum half a county. Reports progress as households done / all.
 */
export async function assessRegion(db: Db, code: string, year: number, progress: (done: number, total: number) => Promise<void>): Promise<number> {
  const prefix = regionPrefix(code);
  const counties = await countiesOf(db, code);
  const keysByCounty: Array<{ county: string; ids: string[] }> = [];
  for (const county of counties) {
    const ids = await registeredHouseholdIds(db, county, code, year);
    if (ids.length > 0) keysByCounty.push({ county, ids });
  }
  const total = keysByCounty.reduce((s, c) => s + c.ids.length, 0);
  let done = 0;
  await progress(0, total);
  for (const { county, ids } of keysByCounty) {
    const profile = await effectiveProfile(db, county, decisionDate(year));
    const rows: DeprivationRow[] = [];
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
    await replaceDeprivations(db, county, code, year, rows);
  }
  return total;
}
