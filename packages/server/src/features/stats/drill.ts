import { ALERT_RULES, CAUSES, DIMENSIONS, MONITORING_CATEGORIES, PROCEDURE_KINDS, type StatSet, statKeyProblem, STAT_SET_NAMES, yearInChina } from '@jingzhun/domain';
import { z } from 'zod';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { setPredicate, type SetPredicate } from './sets.repository.ts';
import { setContextFor } from './service.ts';

/** A region the statistics are asked for: a province, city, county, township or village code. */
export const statRegionCode = z.string().regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, 'a region code');

/** The query parameters a figure's drill-down adds to the household list and its export. */
export const statFilters = {
  stat: z.enum(STAT_SET_NAMES).optional(),
  statYear: z.coerce.number().int().min(2010).max(2100).optional(),
  statKey: z.string().trim().min(1).max(40).optional(),
};

const KNOWN_KEYS = {
  cause: Object.keys(CAUSES),
  category: Object.keys(MONITORING_CATEGORIES),
  procedure: Object.keys(PROCEDURE_KINDS),
  rule: Object.keys(ALERT_RULES),
  dimension: [...DIMENSIONS],
};

/**
 * The predicate a drill-down puts on the household list: the same set the figure counted, for the
 * region and year it was counted in (the profile of that region and year gives the lines and weights).
 */
export async function drillPredicate(
  db: Db,
  regionCode: string,
  q: { stat?: StatSet | undefined; statYear?: number | undefined; statKey?: string | undefined },
): Promise<SetPredicate | undefined> {
  if (!q.stat) {
    if (q.statKey !== undefined || q.statYear !== undefined) throw new AppError('validation_failed', { field: 'stat', rule: 'stat_key_required' });
    return undefined;
  }
  const problem = statKeyProblem(q.stat, q.statKey, KNOWN_KEYS);
  if (problem) throw new AppError('validation_failed', { field: 'statKey', rule: problem });
  const year = q.statYear ?? yearInChina() - 1;
  const { ctx } = await setContextFor(db, regionCode, year);
  return setPredicate(q.stat, ctx, q.statKey);
}
