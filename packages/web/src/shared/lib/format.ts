import { type Lang, todayInChina } from '@jingzhun/domain';

/** The dash shown where a figure is unknown. */
export const DASH = '—';

const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** A count with thousands separators ("50,990"), or a dash when unknown. */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  let fmt = numberFormats.get(lang);
  if (!fmt) {
    fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    numberFormats.set(lang, fmt);
  }
  return fmt.format(value);
}

/** A fraction as a percentage with two decimals (0.1501 → "15.01%"), or a dash when unknown. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return `${(fraction * 100).toFixed(2)}%`;
}

/** A timestamp in the browser's time zone ("2026-03-01 14:05:09"), or a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A year from a query parameter, or undefined when absent or malformed. */
export function parseYear(value: string | null): number | undefined {
  if (!value || !/^\d{4}$/.test(value)) return undefined;
  return Number(value);
}

const moneyFormats = new Map<Lang, Intl.NumberFormat>();

/** An amount in yuan with two decimals ("8,973.59"), or a dash when unknown. */
export function formatMoney(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  let fmt = moneyFormats.get(lang);
  if (!fmt) {
    fmt = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(lang, fmt);
  }
  return fmt.format(value);
}


/**
 * The calendar date (YYYY-MM-DD) of an instant in China, where the registry's dates are: the server
 * decides "today" and "the end of a day" there, so the browser must too, wherever it is.
 */
export function chinaDate(at: Date | string = new Date()): string {
  return todayInChina(typeof at === 'string' ? new Date(at) : at);
}
