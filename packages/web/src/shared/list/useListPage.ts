import { useEffect } from 'react';
import type { TablePaginationConfig, TableProps } from 'antd';
import { useApi, type ApiState } from '../api/useApi.ts';
import { positiveInt, useUrlQuery, type QueryChanges } from '../lib/query.ts';

export type SortOrder = 'asc' | 'desc';

/** What a list asks the server for besides its filters: the page, its size and the order. */
export interface ListPaging<S extends string = string> {
  page: number;
  pageSize: number;
  sort?: S | undefined;
  order?: SortOrder | undefined;
}

/** How a list page reads its URL. */
export interface ListOptions<S extends string = never> {
  /** The sizes a user may pick; one size hides the picker and the pager of a single page. */
  pageSizes?: readonly number[];
  /** The size without `?pageSize=` (20 unless told). */
  pageSize?: number;
  /** The columns the server sorts by; a sort outside them is ignored. */
  sortable?: readonly S[];
  /** The order without `?sort=` when the page names one (else the server's own). */
  defaultSort?: { sort: S; order: SortOrder };
  /**
   * The query parameters that filter the list: the list loads again when one changes, a reset clears them,
   * and an empty list then says "no match".
   */
  filters?: readonly string[];
  /** Other query parameters the list reads (it loads again when one changes) that are no filter of the user's. */
  reads?: readonly string[];
  /** The page's parameter (`page` unless two lists share the URL); its size is `<pageKey>Size`. */
  pageKey?: string;
}

/** A page of rows with the total count, as the server's lists answer. */
export interface ListAnswer<T> {
  items: T[];
  total: number;
}

const PAGE_SIZES = [10, 20, 50, 100];

/** The page, size and order read from the URL, ignoring whatever is malformed. */
function readPaging<S extends string>(params: URLSearchParams, options: ListOptions<S>): ListPaging<S> {
  const pageKey = options.pageKey ?? 'page';
  const sizes = options.pageSizes ?? PAGE_SIZES;
  const size = positiveInt(params.get(`${pageKey}Size`));
  const sort = params.get('sort');
  const order = params.get('order');
  const sorted = sort !== null && (options.sortable ?? []).some((s) => s === sort);
  return {
    page: positiveInt(params.get(pageKey)) ?? 1,
    pageSize: size !== undefined && sizes.includes(size) ? size : (options.pageSize ?? 20),
    sort: sorted ? (sort as S) : options.defaultSort?.sort,
    order: sorted ? (order === 'asc' || order === 'desc' ? order : undefined) : options.defaultSort?.order,
  };
}

/**
 * The skeleton of a list page: page, page size, sort and filters kept in the query string (so reload and
 * back keep them), the rows loaded for them, and the table's paging and sorting wired to the URL.
 * `load` gets the paging and the query parameters to read the filters from; `deps` lists what else it
 * depends on (the region).
 */
export function useListPage<R extends ListAnswer<unknown>, S extends string = never>(
  options: ListOptions<S>,
  load: (paging: ListPaging<S>, params: URLSearchParams, signal: AbortSignal) => Promise<R>,
  deps: readonly unknown[] = [],
) {
  type T = R['items'][number];
  const pageKey = options.pageKey ?? 'page';
  const sizeKey = `${pageKey}Size`;
  const filters = options.filters ?? [];
  const sizes = options.pageSizes ?? PAGE_SIZES;
  const { params, update: updateUrl } = useUrlQuery(pageKey);
  const paging = readPaging(params, options);
  const list: ApiState<R> = useApi(
    (signal) => load(paging, params, signal),
    [...deps, ...[...filters, ...(options.reads ?? [])].map((k) => params.get(k)), paging.page, paging.pageSize, paging.sort, paging.order],
  );
  const update = (changes: QueryChanges, keepPage = false) => updateUrl(changes, keepPage);

  // A page beyond the end (after the data or the region changed) shows the last page instead.
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / paging.pageSize)) : undefined;
  useEffect(() => {
    if (lastPage !== undefined && paging.page > lastPage) update({ [pageKey]: lastPage }, true);
  }, [lastPage, paging.page]); // `update` is rebuilt on each render and needs no tracking.

  /** Goes to a page, or to the first page of another size. */
  const paginate = (page: number, pageSize: number) => {
    if (pageSize !== paging.pageSize) update({ [sizeKey]: pageSize });
    else update({ [pageKey]: page === 1 ? undefined : page }, true);
  };

  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter, { action }) => {
    if (action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.columnKey;
      const sorted = s?.order && typeof key === 'string' && (options.sortable ?? []).some((k) => k === key);
      update({ sort: sorted ? key : undefined, order: sorted ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined });
    } else paginate(pagination.current ?? 1, pagination.pageSize ?? paging.pageSize);
  };

  const pagination: TablePaginationConfig = {
    current: paging.page,
    pageSize: paging.pageSize,
    total: list.data?.total ?? 0,
    ...(sizes.length > 1 ? { showSizeChanger: true, pageSizeOptions: [...sizes] } : { hideOnSinglePage: true }),
  };

  return {
    ...paging,
    params,
    update,
    paginate,
    list,
    /** Whether any filter is set (an empty list then means "no match" rather than "none yet"). */
    filtered: filters.some((k) => params.has(k)),
    /** Clears every filter. */
    resetFilters: () => update(Object.fromEntries(filters.map((k) => [k, undefined]))),
    /** A sortable column's `sortOrder`, from the URL. */
    sortOrder: (key: S) => (paging.sort === key ? (paging.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null),
    table: { dataSource: (list.data?.items ?? []) as T[], loading: list.loading, onChange, pagination } satisfies TableProps<T>,
  };
}

/** What `useListPage` gives a page. */
export type ListPage<R extends ListAnswer<unknown>, S extends string = never> = ReturnType<typeof useListPage<R, S>>;
