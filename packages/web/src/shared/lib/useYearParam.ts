import { useUrlQuery, yearParam } from './query.ts';

/** The year a page shows and a way to choose another. */
export interface YearParam<Y extends number | undefined> {
  year: Y;
  /** Keeps the year in `?year=`; the default year leaves the URL without one. */
  setYear: (year: number | undefined) => void;
}

/**
 * The year kept in `?year=` (2014 to this year by the product's clock; anything else is ignored), or
 * `fallback` without one: undefined lets the server pick its latest year. Choosing a year goes back to
 * page one; `push` makes it a step of the browser's history.
 */
export function useYearParam(fallback: number, push?: boolean): YearParam<number>;
export function useYearParam(fallback?: undefined, push?: boolean): YearParam<number | undefined>;
export function useYearParam(fallback?: number, push = false): YearParam<number | undefined> {
  const { params, update } = useUrlQuery();
  return {
    year: yearParam(params.get('year')) ?? fallback,
    setYear: (year) => update({ year: year === fallback ? undefined : year }, false, push),
  };
}
