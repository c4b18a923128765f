import type { ProcedureRules } from './procedure-rules.ts';

/**
 * Working-day arithmetic on date-only ISO strings (YYYY-MM-DD). Dates are turned into day numbers with
 * UTC arithmetic, so the result never depends on the machine's time zone: a server in UTC and a browser
 * in UTC+8 count the same days. A working day is Monday to Friday, except the policy's `holidays`, plus
 * its `extraWorkdays` (the weekends worked in exchange for a holiday, 调休).
 */
export type WorkCalendar = Pick<ProcedureRules, 'holidays' | 'extraWorkdays' | 'publishedYears'>;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date written YYYY-MM-DD (no 2 月 30 日). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// A bad date here is a bug in the caller (dates are validated at the edges), so it throws.
function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier); a notice from the 1st to the 7th spans 6. */
export function calendarDaysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

function workingDayTest(rules: WorkCalendar): (day: number) => boolean {
  const holidays = new Set(rules.holidays.map(dayNumber));
  const extra = new Set(rules.extraWorkdays.map(dayNumber));
  return (day) => {
    if (extra.has(day)) return true;
    if (holidays.has(day)) return false;
    // Day 0, 1970-01-01, was a Thursday (4 in Date#getUTCDay's count, where 0 is Sunday).
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  };
}

/** Whether people work on `date` under the policy's calendar (weekdays, minus holidays, plus 调休 weekends). */
export function isWorkingDay(date: string, rules: WorkCalendar): boolean {
  return workingDayTest(rules)(dayNumber(date));
}

/**
 * The `n`-th working day after `date` (before it when `n` is negative; `date` itself when `n` is 0).
 * Counting starts on the next day, so a step entered on a Friday with 1 working day is due on Monday,
 * and a step entered on a Saturday gets the whole of Monday too.
 */
export function addWorkingDays(date: string, n: number, rules: WorkCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const works = workingDayTest(rules);
  const step = n < 0 ? -1 : 1;
  let day = dayNumber(date);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (works(day)) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days from `a` to `b`: those after `a` up to and including `b`, or minus those from `b` up to
 * but not including `a` when `b` is earlier. The asymmetry makes it the inverse of addWorkingDays:
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n` for every n, also from a weekend.
 */
export function workingDaysBetween(a: string, b: string, rules: WorkCalendar): number {
  const works = workingDayTest(rules);
  const from = dayNumber(a);
  const to = dayNumber(b);
  let count = 0;
  if (from <= to) for (let day = from + 1; day <= to; day += 1) count += works(day) ? 1 : 0;
  else for (let day = to; day < from; day += 1) count -= works(day) ? 1 : 0;
  return count;
}

/**
 * The years from `a` to `b` (in either order) whose holiday arrangement the calendar does not hold as
 * published: a deadline that crosses one counts only weekends and the statutory holidays, and must say so.
 */
export function unpublishedYears(a: string, b: string, rules: WorkCalendar): number[] {
  const published = new Set(rules.publishedYears ?? []);
  const [from, to] = [Number(a.slice(0, 4)), Number(b.slice(0, 4))].sort((x, y) => x - y) as [number, number];
  const out: number[] = [];
  for (let year = from; year <= to; year++) if (!published.has(String(year))) out.push(year);
  return out;
}

/** One year of a calendar: its holidays and make-up working days, and whether the State Council published them. */
export interface CalendarYear {
  year: number;
  published: boolean;
  holidays: string[];
  extraWorkdays: string[];
}

/** The years a calendar names (by a date or as published), each with its dates, in order. */
export function calendarYears(rules: WorkCalendar): CalendarYear[] {
  const years = new Set<number>([...rules.holidays, ...rules.extraWorkdays, ...(rules.publishedYears ?? [])].map((d) => Number(d.slice(0, 4))));
  return [...years].sort((x, y) => x - y).map((year) => calendarYear(rules, year));
}

/** One year of a calendar (empty and not published when the calendar says nothing of it). */
export function calendarYear(rules: WorkCalendar, year: number): CalendarYear {
  const inYear = (d: string) => d.startsWith(`${year}-`);
  return {
    year,
    published: (rules.publishedYears ?? []).includes(String(year)),
    holidays: rules.holidays.filter(inYear).sort(),
    extraWorkdays: rules.extraWorkdays.filter(inYear).sort(),
  };
}

/** The calendar with one year replaced (the other years untouched), as the standards page edits it. */
export function withCalendarYear<T extends WorkCalendar>(rules: T, next: CalendarYear): T {
  const other = (d: string) => !d.startsWith(`${next.year}-`);
  const inYear = (d: string) => d.startsWith(`${next.year}-`);
  const published = (rules.publishedYears ?? []).filter((y) => y !== String(next.year));
  return {
    ...rules,
    holidays: [...rules.holidays.filter(other), ...next.holidays.filter(inYear)].sort(),
    extraWorkdays: [...rules.extraWorkdays.filter(other), ...next.extraWorkdays.filter(inYear)].sort(),
    publishedYears: (next.published ? [...published, String(next.year)] : published).sort(),
  };
}
