import { createRequire } from 'node:module';
import { addCalendarDays, NATIONAL_DEFAULT_PROFILE, type PolicyProfile, type ProcedureRules } from '@jingzhun/domain';

/**
 * The State Council's public holidays and make-up working days (国务院办公厅《关于 N 年部分节假日安排的通知》)
 * as the national profile's working-day calendar, read from the `chinese-days` package (MIT, updated from
 * each year's notice) when the national profile is seeded, never per request: a deadline is computed from
 * the profile version in force, so a later package update changes nothing until a new version records it.
 *
 * Years after the last published one are not published yet. For those the calendar holds only the
 * statutory holidays, fixed by 《全国年节及纪念日放假办法》 (as revised in 2024) whatever the notice will
 * add: 元旦 1 January; 春节 除夕 to 正月初三; 清明; 劳动节 1–2 May; 端午; 中秋; 国庆节 1–3 October. Their 调休,
 * bridges and substitute days are unknown until the notice, so such a year stays unpublished and every
 * deadline that crosses it says so.
 */

/** The first year the product covers: the national profile's first poverty line (2014). */
export const FIRST_CALENDAR_YEAR = Number(NATIONAL_DEFAULT_PROFILE.effectiveFrom.slice(0, 4));

/** How many years after the last published one receive their statutory holidays in advance. */
const STATUTORY_YEARS_AHEAD = 4;

/** The package's data: date → "English name,中文名,days" for holidays, make-up working days and days in lieu. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The lunar-calendar functions of the package used for the statutory holidays of unpublished years. */
interface ChineseDaysLunar {
  getSolarDateFromLunar(lunar: string): { date: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}

export type HolidayCalendar = Required<Pick<ProcedureRules, 'holidays' | 'extraWorkdays' | 'publishedYears'>>;

/** The statutory holidays of a year (放假办法, 2025 on), every date whether or not it falls on a weekend. */
export function statutoryHolidays(year: number, lunar: ChineseDaysLunar): string[] {
  const lunarDay = (month: number, day: number) => lunar.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date;
  const newYear = lunarDay(1, 1);
  return [
    `${year}-01-01`,
    addCalendarDays(newYear, -1),
    newYear,
    addCalendarDays(newYear, 1),
    addCalendarDays(newYear, 2),
    lunar.getSolarTermDate(year, 4, 'pure_brightness'),
    `${year}-05-01`,
    `${year}-05-02`,
    lunarDay(5, 5),
    lunarDay(8, 15),
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ].sort();
}

let built: HolidayCalendar | undefined;

/**
 * The calendar from FIRST_CALENDAR_YEAR on: each year the package holds, as published; then the statutory
 * holidays of the next few years, not published. Built once per process.
 */
export function stateCouncilCalendar(): HolidayCalendar {
  if (built) return built;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const lunar = require('chinese-days') as ChineseDaysLunar;
  const covered = (d: string) => Number(d.slice(0, 4)) >= FIRST_CALENDAR_YEAR;
  const holidays = Object.keys(data.holidays).filter(covered);
  const extraWorkdays = Object.keys(data.workdays).filter(covered);
  const years = [...new Set([...holidays, ...extraWorkdays].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  const last = years[years.length - 1] ?? FIRST_CALENDAR_YEAR - 1;
  for (let year = last + 1; year <= last + STATUTORY_YEARS_AHEAD; year++) holidays.push(...statutoryHolidays(year, lunar));
  built = {
    holidays: [...new Set(holidays)].sort(),
    extraWorkdays: extraWorkdays.sort(),
    publishedYears: years.map(String),
  };
  return built;
}

/** The national default profile with the State Council's calendar: what a new installation stores as version 1. */
export function nationalDefaultProfile(): PolicyProfile {
  return { ...NATIONAL_DEFAULT_PROFILE, procedures: { ...NATIONAL_DEFAULT_PROFILE.procedures, ...stateCouncilCalendar() } };
}
