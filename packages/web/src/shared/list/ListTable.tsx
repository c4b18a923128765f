import type { MouseEvent } from 'react';
import { Table, type TableProps } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import type { ListAnswer, ListPage } from './useListPage.ts';

type ListTableProps<R extends ListAnswer<unknown>, S extends string> = Omit<TableProps<R['items'][number]>, 'dataSource' | 'onChange'> & {
  list: ListPage<R, S>;
  /** Opens a row clicked anywhere but on a link of its own (which navigates by itself). */
  onOpen?: (row: R['items'][number]) => void;
  'data-testid'?: string;
};

/** The table of a list page: its rows, paging and sorting from `useListPage`, or the error with a retry. */
export function ListTable<R extends ListAnswer<unknown>, S extends string = never>({ list, pagination, onOpen, ...props }: ListTableProps<R, S>) {
  const { t } = useI18n();
  if (list.list.error !== undefined) return <ErrorResult error={list.list.error} onRetry={list.list.reload} />;
  return (
    <Table<R['items'][number]>
      rowKey="id"
      size="middle"
      scroll={{ x: 'max-content' }}
      {...list.table}
      {...(onOpen
        ? {
            onRow: (row: R['items'][number]) => ({
              onClick: (e: MouseEvent) => {
                if (!(e.target as HTMLElement).closest('a')) onOpen(row);
              },
              style: { cursor: 'pointer' },
            }),
          }
        : {})}
      {...props}
      pagination={pagination === false ? false : { ...list.table.pagination, showTotal: (total) => t('common.total', { total }), ...pagination }}
    />
  );
}
