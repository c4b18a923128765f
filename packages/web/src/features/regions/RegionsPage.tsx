import { Link } from 'react-router-dom';
import { Card, Descriptions, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { levelName } from '@jingzhun/domain';
import { getChildren, type ChildRegion } from '../../shared/api/regions.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';

/** `/regions`: the selected region and its children; a click on a child goes one level down. */
export default function RegionsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { code, detail, select, searchFor, scopePath } = useRegion();
  const children = useApi((signal) => getChildren(code, {}, signal), [code]);
  const current = detail?.code === code ? detail : undefined;
  // The parent is a link only inside the user's own region.
  const parent = code !== me.region.code ? scopePath.at(-2) : undefined;

  const columns: TableColumnsType<ChildRegion> = [
    { key: 'code', title: t('region.code'), dataIndex: 'code', width: 160, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    { key: 'name', title: t('region.name'), dataIndex: 'name', render: (n: string) => <Typography.Link>{n}</Typography.Link> },
    { key: 'level', title: t('region.level'), dataIndex: 'level', width: 120, render: (l: ChildRegion['level']) => levelName(l, lang) },
    {
      key: 'childCount',
      title: t('region.childCount'),
      dataIndex: 'childCount',
      width: 140,
      align: 'right',
      render: (n: number) => formatNumber(n, lang),
    },
  ];

  return (
    <Flex vertical gap={24}>
      {current && (
        <Card>
          <Descriptions
            title={current.name}
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'code', label: t('region.code'), children: <Typography.Text code>{current.code}</Typography.Text> },
              { key: 'level', label: t('region.level'), children: levelName(current.level, lang) },
              {
                key: 'parent',
                label: t('region.parent'),
                children: parent ? <Link to={{ search: searchFor(parent.code) }}>{parent.name}</Link> : '—',
              },
              { key: 'children', label: t('region.childCount'), children: formatNumber(current.childCount, lang) },
            ]}
          />
        </Card>
      )}
      <Card title={t('region.childrenOf', { name: current?.name ?? code })} extra={<Typography.Text type="secondary">{t('region.drillHint')}</Typography.Text>}>
        {children.error !== undefined ? (
          <ErrorResult error={children.error} onRetry={children.reload} />
        ) : (
          <Table<ChildRegion>
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={children.data ?? []}
            loading={children.loading}
            pagination={(children.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{ emptyText: t('region.noChildren') }}
            onRow={(row) => ({ onClick: () => select(row.code), style: { cursor: 'pointer' } })}
          />
        )}
      </Card>
    </Flex>
  );
}
