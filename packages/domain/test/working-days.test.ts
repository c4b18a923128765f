import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  calendarDaysBetween,
  calendarYear,
  calendarYears,
  unpublishedYears,
  withCalendarYear,
  isIsoDate,
  isWorkingDay,
  workingDaysBetween,
  type WorkCalendar,
} from '../src/kernel/working-days.ts';

// National Day 2024 as the State Council set it: 1–7 October off, Sunday 29 September and Saturday
// 12 October worked in exchange (调休). 1 October 2024 was a Tuesday.
const CALENDAR: WorkCalendar = {
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  extraWorkdays: ['2024-09-29', '2024-10-12'],
};
const PLAIN: WorkCalendar = { holidays: [], extraWorkdays: [] };

describe('isWorkingDay', () => {
  it.each([
    ['2024-09-27', true, 'a Friday'],
    ['2024-09-28', false, 'a Saturday'],
    ['2024-09-29', true, 'a Sunday worked in exchange (调休)'],
    ['2024-09-30', true, 'a Monday'],
    ['2024-10-01', false, 'a Tuesday holiday'],
    ['2024-10-05', false, 'a Saturday inside the holiday'],
    ['2024-10-07', false, 'a Monday holiday'],
    ['2024-10-08', true, 'the Tuesday after'],
    ['2024-10-12', true, 'a Saturday worked in exchange'],
    ['2024-10-13', false, 'a Sunday'],
    ['2024-02-29', true, 'a leap day on a Thursday'],
    ['1970-01-01', true, 'day zero, a Thursday'],
    ['1969-12-28', false, 'a Sunday before day zero'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, CALENDAR)).toBe(expected);
  });

  it('counts a weekday holiday as a working day in a calendar without it', () => {
    expect(isWorkingDay('2024-10-01', PLAIN)).toBe(true);
    expect(isWorkingDay('2024-09-29', PLAIN)).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2024-03-01', 1, '2024-03-04', 'Friday + 1 is Monday'],
    ['2024-03-02', 1, '2024-03-04', 'Saturday + 1 is Monday'],
    ['2024-03-03', 1, '2024-03-04', 'Sunday + 1 is Monday'],
    ['2024-03-04', 5, '2024-03-11', 'a week'],
    ['2024-03-04', 0, '2024-03-04', 'zero days is the same day'],
    ['2024-03-02', 0, '2024-03-02', 'zero days from a weekend stays there'],
    ['2024-09-27', 1, '2024-09-29', 'Friday + 1 is the 调休 Sunday'],
    ['2024-09-30', 1, '2024-10-08', 'over the whole National Day holiday'],
    ['2024-09-30', 4, '2024-10-11', 'into the week after'],
    ['2024-09-30', 5, '2024-10-12', 'onto the 调休 Saturday'],
    ['2024-09-30', 6, '2024-10-14', 'past it'],
    ['2024-10-08', -1, '2024-09-30', 'backwards over the holiday'],
    ['2024-03-04', -1, '2024-03-01', 'Monday − 1 is Friday'],
    ['2024-03-03', -1, '2024-03-01', 'Sunday − 1 is Friday'],
    ['2024-02-28', 1, '2024-02-29', 'onto a leap day'],
    ['2023-12-29', 1, '2024-01-01', 'over a year end (no holidays listed)'],
  ])('%s + %i working days = %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n, CALENDAR)).toBe(expected);
  });

  it('refuses a fractional count and a date that does not exist', () => {
    expect(() => addWorkingDays('2024-03-01', 1.5, CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-02-30', 1, CALENDAR)).toThrow(RangeError);
    expect(() => isWorkingDay('2024/03/01', CALENDAR)).toThrow(RangeError);
    expect(() => isWorkingDay('2024-03-01', { holidays: ['tomorrow'], extraWorkdays: [] })).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2024-03-01', '2024-03-01', 0],
    ['2024-03-01', '2024-03-04', 1],
    ['2024-03-01', '2024-03-03', 0],
    ['2024-09-30', '2024-10-08', 1],
    ['2024-09-27', '2024-10-14', 8],
    ['2024-10-08', '2024-09-30', -1],
    ['2024-03-04', '2024-03-01', -1],
  ])('from %s to %s: %i', (a, b, expected) => {
    expect(workingDaysBetween(a, b, CALENDAR)).toBe(expected);
  });

  it('is the inverse of addWorkingDays, forwards and backwards, from working days and weekends', () => {
    for (let offset = 0; offset < 30; offset += 1) {
      const start = addCalendarDays('2024-09-20', offset);
      for (const n of [-12, -5, -1, 0, 1, 2, 5, 12]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, CALENDAR), CALENDAR), `${start} ${n}`).toBe(n);
      }
    }
  });
});

describe('calendar days and date checks', () => {
  it('adds and counts calendar days across months and leap years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(calendarDaysBetween('2024-03-01', '2024-03-07')).toBe(6);
    expect(calendarDaysBetween('2024-03-07', '2024-03-01')).toBe(-6);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['20240101', false],
    ['2024-01-01T00:00', false],
  ])('%s is an ISO date: %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

// The domain is typed without Node; the test reaches Node's environment, where setting TZ takes effect at once.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;

describe('time zones', () => {
  const original = env.TZ;
  afterEach(() => {
    if (original === undefined) delete env.TZ;
    else env.TZ = original;
  });

  it('gives the same days in Beijing, Los Angeles and Kiribati', () => {
    const answers = ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'].map((tz) => {
      env.TZ = tz;
      return [
        isWorkingDay('2024-09-29', CALENDAR),
        isWorkingDay('2024-03-03', CALENDAR),
        addWorkingDays('2024-09-30', 1, CALENDAR),
        workingDaysBetween('2024-09-27', '2024-10-14', CALENDAR),
        addCalendarDays('2024-03-10', 1),
      ];
    });
    for (const answer of answers) expect(answer).toEqual([true, false, '2024-10-08', 8, '2024-03-11']);
  });
});

describe('a calendar by year', () => {
  const calendar: WorkCalendar = { holidays: ['2026-10-01', '2027-01-01'], extraWorkdays: ['2026-10-10'], publishedYears: ['2026'] };

  it('names the years a span crosses that are not published, in either order', () => {
    expect(unpublishedYears('2026-12-07', '2027-01-05', calendar)).toEqual([2027]);
    expect(unpublishedYears('2027-01-05', '2026-12-07', calendar)).toEqual([2027]);
    expect(unpublishedYears('2026-02-13', '2026-03-19', calendar)).toEqual([]);
    // A version from before the calendar publishes nothing.
    expect(unpublishedYears('2026-02-13', '2026-03-19', { holidays: [], extraWorkdays: [] })).toEqual([2026]);
  });

  it('splits into years and replaces one year without touching the others', () => {
    expect(calendarYears(calendar).map((y) => [y.year, y.published, y.holidays.length])).toEqual([
      [2026, true, 1],
      [2027, false, 1],
    ]);
    const next = withCalendarYear(calendar, { year: 2027, published: true, holidays: ['2027-01-01', '2027-02-08'], extraWorkdays: [] });
    expect(calendarYear(next, 2027)).toEqual({ year: 2027, published: true, holidays: ['2027-01-01', '2027-02-08'], extraWorkdays: [] });
    expect(calendarYear(next, 2026)).toEqual(calendarYear(calendar, 2026));
  });
});
