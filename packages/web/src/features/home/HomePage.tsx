import { useEffect } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { Card, Col, Flex, Row, Select, Skeleton, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { can, levelName } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { getChildren, type ChildRegion } from '../../shared/api/regions.ts';
import { getSummary, type Summary } from '../regions/api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { InboxCard } from '../procedures/InboxCard.tsx';
import { MonitoringInboxCard } from '../alerts/MonitoringInboxCard.tsx';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { sendToFieldMode } from '../field/fieldMode.ts';
import { AidUnitHome } from './AidUnitHome.tsx';
import { useYearParam } from '../../shared/lib/useYearParam.ts';

const TOWNSHIP = 4;
const VILLAGE = 5;

interface Figure {
  key: keyof Summary;
  label: MessageKey;
  unit?: MessageKey;
  percent?: boolean;
  /** The lowest level whose regions have this kind of subregion; absent means always shown. */
  below?: number;
  /** The statistics set whose households the figure counts: the number opens their list. */
  drill?: 'registered' | 'poor';
}

const FIGURES: Figure[] = [
  { key: 'households', label: 'home.households', unit: 'home.unitHouseholds', drill: 'registered' },
  { key: 'persons', label: 'home.persons', unit: 'home.unitPersons', drill: 'registered' },
  { key: 'poorHouseholds', label: 'home.poorHouseholds', unit: 'home.unitHouseholds', drill: 'poor' },
  { key: 'poorPersons', label: 'home.poorPersons', unit: 'home.unitPersons', drill: 'poor' },
  { key: 'ruralPopulation', label: 'home.ruralPopulation', unit: 'home.unitPersons' },
  { key: 'incidence', label: 'home.incidence', percent: true },
  { key: 'townships', label: 'home.townships', unit: 'home.unitCount', below: TOWNSHIP },
  { key: 'villages', label: 'home.villages', unit: 'home.unitCount', below: VILLAGE },
];

/**
 * `/`: the figures of the selected region for a year, and the same figures for each of its children; an aid
 * unit, which reads its own unit's work and not the registry, sees that work instead.
 */
export default function HomePage() {
  // A helper signing in on a phone starts in field mode (外业模式), once per sign-in.
  const me = useMe();
  if (sendToFieldMode(me)) return <Navigate to="/field" replace />;
  if (!can(me.role, 'readRegistry') && can(me.role, 'readAidWork')) return <AidUnitHome />;
  return <HomeFigures />;
}

function HomeFigures() {
  const { t, lang } = useI18n();
  const { code, detail, select } = useRegion();
  const { year: yearParam, setYear } = useYearParam(undefined, true);

  const summary = useApi((signal) => getSummary(code, yearParam, signal), [code, yearParam]);
  // Without ?year= the server answers its latest year; the children then use that same year.
  const year = yearParam ?? (summary.data?.regionCode === code ? summary.data.year : undefined);
  const children = useApi(
    (signal) => getChildren(code, { withSummary: true, year }, signal),
    [code, year],
    year === undefined,
  );


  // A year linked from another region may not exist here: fall back to this region's latest year.
  const yearMissing = isApiError(summary.error) && summary.error.code === 'year_out_of_range' && yearParam !== undefined;
  useEffect(() => {
    if (yearMissing) setYear(undefined);
  }, [yearMissing]); // Only the change of yearMissing matters; setYear is rebuilt on each render.

  const level = detail?.code === code ? detail.level : undefined;
  const name = detail?.code === code ? detail.name : code;
  const data = summary.data?.regionCode === code ? summary.data : undefined;
  const years = [...(data?.availableYears ?? [])].sort((a, b) => b - a);

  const figureText = (f: Figure, s: Summary) => {
    const v = s[f.key];
    if (f.percent) return formatPercent(typeof v === 'number' ? v : null);
    return formatNumber(typeof v === 'number' ? v : null, lang);
  };

  const columns: TableColumnsType<ChildRegion> = [
    {
      key: 'name',
      title: t('region.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (value: string) => <Typography.Link>{value}</Typography.Link>,
    },
    { key: 'code', title: t('region.code'), dataIndex: 'code' },
    { key: 'level', title: t('region.level'), dataIndex: 'level', render: (l: ChildRegion['level']) => levelName(l, lang) },
    {
      key: 'childCount',
      title: t('region.childCount'),
      dataIndex: 'childCount',
      align: 'right',
      render: (n: number) => formatNumber(n, lang),
    },
    // Counts of townships and villages only for children above that level (a township has no townships).
    ...FIGURES.filter((f) => f.below === undefined || (children.data ?? []).some((c) => c.level < f.below!)).map((f) => ({
      key: f.key,
      title: t(f.key === 'poorHouseholds' ? 'home.colPoorHouseholds' : f.key === 'poorPersons' ? 'home.colPoorPersons' : f.label, {
        year: year ?? '',
      }),
      align: 'right' as const,
      sorter: (a: ChildRegion, b: ChildRegion) => sortValue(a.summary?.[f.key]) - sortValue(b.summary?.[f.key]),
      render: (_: unknown, row: ChildRegion) => (row.summary ? figureText(f, row.summary) : '—'),
    })),
  ];

  return (
    <Flex vertical gap={24}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-title">
          {t('home.title', { name })}
        </Typography.Title>
        <Flex align="center" gap={8}>
          <Typography.Text>{t('home.year')}</Typography.Text>
          <Select<number>
            style={{ width: 120 }}
            aria-label={t('home.year')}
            value={year}
            loading={summary.loading}
            disabled={years.length === 0}
            options={years.map((y) => ({ value: y, label: t('home.yearOption', { year: y }) }))}
            onChange={(y) => setYear(y)}
          />
        </Flex>
      </Flex>

      <InboxCard />
      <MonitoringInboxCard />

      {summary.error !== undefined && !yearMissing ? (
        <ErrorResult error={summary.error} onRetry={summary.reload} />
      ) : !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {FIGURES.filter((f) => f.below === undefined || level === undefined || level < f.below).map((f) => (
            <Col key={f.key} xs={24} sm={12} lg={6}>
              <Card data-testid={`stat-${f.key}`}>
                <Statistic
                  title={t(f.label, { year: data.year })}
                  value={figureText(f, data)}
                  formatter={() =>
                    f.drill ? (
                      <Link to={`/households?${new URLSearchParams({ region: code, stat: f.drill, statYear: String(data.year) })}`} data-testid={`drill-${f.key}`}>
                        {figureText(f, data)}
                      </Link>
                    ) : (
                      figureText(f, data)
                    )
                  }
                  suffix={f.unit && t(f.unit) ? t(f.unit) : undefined}
                  loading={summary.loading}
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}

      {level !== VILLAGE && (
        <Card title={t('home.children')} extra={<Typography.Text type="secondary">{t('region.drillHint')}</Typography.Text>}>
          {children.error !== undefined ? (
            <ErrorResult error={children.error} onRetry={children.reload} />
          ) : (
            <Table<ChildRegion>
              rowKey="code"
              size="middle"
              columns={columns}
              dataSource={children.data ?? []}
              loading={children.loading || year === undefined}
              scroll={{ x: 'max-content' }}
              pagination={(children.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              locale={{ emptyText: t('region.noChildren') }}
              onRow={(row) => ({ onClick: () => select(row.code), style: { cursor: 'pointer' } })}
              data-testid="children-table"
            />
          )}
        </Card>
      )}
    </Flex>
  );
}

function sortValue(v: unknown): number {
  return typeof v === 'number' ? v : -1;
}
