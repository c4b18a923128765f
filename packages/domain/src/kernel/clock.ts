/**
 * The product's one clock. Every business date — "today" for deadlines, the year a page opens on, the
 * demo's visit dates, the cut of an overdue list — is read here, never from `new Date()` directly, so a
 * test (or a trial server, through `JINGZHUN_TODAY`) can set the day and everything agrees on it: the demo
 * written on that day and the checks made on it cannot fall on two sides of midnight.
 *
 * The clock keeps running after it is set (it is an offset, not a frozen instant), so durations, session
 * expiries and timestamps still behave. Timestamps of records (created_at, updated_at) stay real time.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

let offsetMs = 0;

/** The current instant on the product's clock. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Today as YYYY-MM-DD in China's time zone (UTC+8), where the registry's dates are. */
export function todayInChina(at: Date = now()): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** This calendar year in China (on 31 December at 20:00 UTC it is already next year there). */
export function yearInChina(at: Date = now()): number {
  return Number(todayInChina(at).slice(0, 4));
}

/**
 * Sets the clock so that it is `date` (YYYY-MM-DD) in China, at 10:00 there, from now on; `null` puts it
 * back on the machine's time. For tests and trial servers; production never sets it.
 */
export function setToday(date: string | null): void {
  if (date === null) {
    offsetMs = 0;
    return;
  }
  const m = ISO_DAY.exec(date);
  const target = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 10) - CHINA_OFFSET_MS : Number.NaN;
  if (!m || todayInChina(new Date(target)) !== date) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  offsetMs = target - Date.now();
}
