import { afterEach, describe, expect, it } from 'vitest';
import { now, setToday, todayInChina, yearInChina } from '../src/kernel/clock.ts';

describe('the product clock', () => {
  const before = todayInChina();
  afterEach(() => setToday(before));

  it('reads the day in China, eight hours ahead of UTC', () => {
    expect(todayInChina(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(todayInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(yearInChina(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('can be set to any day, 29 February included, and keeps running from there', () => {
    for (const day of ['2026-12-31', '2028-02-29', '2027-01-01', '2026-09-30']) {
      setToday(day);
      expect(todayInChina()).toBe(day);
      expect(yearInChina()).toBe(Number(day.slice(0, 4)));
    }
    const a = now().getTime();
    const start = Date.now();
    while (Date.now() - start < 5) {
      // wait a few real milliseconds: the set clock must move with them
    }
    expect(now().getTime()).toBeGreaterThan(a);
  });

  it('refuses a day that does not exist', () => {
    expect(() => setToday('2027-02-29')).toThrow(RangeError);
    expect(() => setToday('2026/12/31')).toThrow(RangeError);
  });

  it('goes back to the machine time when unset', () => {
    setToday('2030-06-01');
    setToday(null);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
