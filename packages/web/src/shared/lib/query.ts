import { useSearchParams } from 'react-router-dom';
import { useMe } from '../auth/AuthProvider.tsx';
import { useRegion } from '../shell/RegionContext.tsx';
import { chinaDate } from './format.ts';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first year the registry holds (精准扶贫 began in 2014). */
export const FIRST_YEAR = 2014;

/** This year in China, where the registry's dates are. */
export function thisYear(): number {
  return Number(chinaDate().slice(0, 4));
}

/** The years a picker offers, newest first: this year back to 2014. */
export function yearOptions(): Array<{ value: number; label: string }> {
  const last = thisYear();
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => ({ value: last - i, label: String(last - i) }));
}

/** A positive whole number from a query parameter, or undefined. */
export function positiveInt(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

/** One of the allowed values from a query parameter, or undefined. */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** An id (digits) from a query parameter, or undefined. */
export function idParam(value: string | null): string | undefined {
  return value !== null && /^\d{1,18}$/.test(value) ? value : undefined;
}

/** A whole date from a query parameter, or undefined. */
export function dateParam(value: string | null): string | undefined {
  return value !== null && ISO_DATE.test(value) ? value : undefined;
}

/** A year from 2014 to this year from a query parameter, or undefined. */
export function yearParam(value: string | null): number | undefined {
  const y = value !== null && /^\d{4}$/.test(value) ? Number(value) : undefined;
  return y !== undefined && y >= FIRST_YEAR && y <= thisYear() ? y : undefined;
}

/** A period as "2024-01-01 ~ 2025-12-31", or "2024-01-01 ~ now" when open. */
export function periodText(startsOn: string, endsOn: string | null, openText: string): string {
  return `${startsOn} ~ ${endsOn ?? openText}`;
}

/** Changes to the query string: a value sets its parameter, `undefined` or '' removes it. */
export type QueryChanges = Partial<Record<string, string | number | undefined>>;

/**
 * The page's query parameters and a way to change them: any change but paging goes back to page one
 * (`pageKey`). Changes replace the history entry unless `push` asks for a new one.
 */
export function useUrlQuery(pageKey = 'page') {
  const [params, setParams] = useSearchParams();
  const update = (changes: QueryChanges, keepPage = false, push = false) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') copy.delete(key);
          else copy.set(key, String(value));
        }
        if (!keepPage) copy.delete(pageKey);
        return copy;
      },
      { replace: !push },
    );
  return { params, update };
}

/**
 * The `?region=` to add to links so the next page shows the same place (empty for the user's own region),
 * and helpers to change the page's own query parameters (any change but paging goes back to page one).
 */
export function useQueryState() {
  const me = useMe();
  const { code } = useRegion();
  const { params, update } = useUrlQuery();
  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  return { params, update, regionSearch, code };
}

/** A link's `search` that adds more parameters to the region's. */
export function withRegion(regionSearch: string, extra: Record<string, string | number>): string {
  const params = new URLSearchParams(regionSearch);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
