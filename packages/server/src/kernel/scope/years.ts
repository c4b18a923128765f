import { todayInChina } from '@jingzhun/domain';
import { AppError } from '../errors.ts';

/** The first year the registry has (建档立卡 began in 2014) and the last one that can be decided. */
export const FIRST_YEAR = 2014;

/** A year the data can answer for: from 2014 to this year; anything else is `year_out_of_range`. */
export function checkYear(year: number, field = 'year'): number {
  const last = Number(todayInChina().slice(0, 4));
  if (year < FIRST_YEAR || year > last) throw new AppError('year_out_of_range', { field, rule: 'year_range', min: FIRST_YEAR, max: last, given: year });
  return year;
}

/** The year a query names, this year when it names none, checked like `checkYear`. */
export function yearOrThisYear(year: number | undefined, field = 'year'): number {
  return checkYear(year ?? Number(todayInChina().slice(0, 4)), field);
}

/**
 * The date a year's decision is taken on: the year's last day, or today for the current year, so a
 * version that takes effect later in the year does not decide the months before it.
 */
export function decisionDate(year: number): string {
  const today = todayInChina();
  return `${year}-12-31` < today ? `${year}-12-31` : today;
}
