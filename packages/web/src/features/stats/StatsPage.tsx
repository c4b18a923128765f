import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Breadcrumb, Button, Card, Col, Flex, Grid, Row, Select, Skeleton, Spin, Tag, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { can, isWithinScope, levelName } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { getStatsOverview } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatDateTime } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { AlertsCard, BenefitsCard, CausesCard, MeasuresCard, MonitoringCard, ProceduresCard, ThresholdsCard, VisitsCard } from './BreakdownCards.tsx';
import { ChildrenCard } from './ChildrenCard.tsx';
import { MapCard } from './MapCard.tsx';
import { StatsScopeProvider } from './Figure.tsx';
import { HeadlineCards } from './HeadlineCards.tsx';
import { IncomeCard } from './IncomeCard.tsx';
import { MultidimensionalCard } from './MultidimensionalCard.tsx';
import { ReportsMenu } from './ReportsMenu.tsx';
import { RollupAgain, RollupNeeded } from './Rollup.tsx';
import { TrendCard } from './TrendCard.tsx';
import { useYearParam } from '../../shared/lib/useYearParam.ts';

/** `/stats`: the statistics dashboard (统计分析) of the selected region and a year; every number opens its households. */
export default function StatsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'readRegistry')) return <ForbiddenResult message={t('stats.forbidden')} />;
  return <StatsDashboard />;
}

function StatsDashboard() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { code, select, searchFor } = useRegion();
  // Without ?year= the server answers its latest year.
  const { year: yearParam, setYear } = useYearParam(undefined, true);
  const phone = Grid.useBreakpoint().md === false;
  const navigate = useNavigate();

  const overview = useApi((signal) => getStatsOverview(code, yearParam, signal), [code, yearParam]);
  // The figures of another region are never shown for this one (while the next region loads).
  const data = overview.data?.region.code === code ? overview.data : undefined;


  // A year linked from another region may not exist here: fall back to the server's choice.
  const yearMissing = isApiError(overview.error) && overview.error.code === 'year_out_of_range' && yearParam !== undefined;
  useEffect(() => {
    if (yearMissing) setYear(undefined);
  }, [yearMissing]); // `setYear` is rebuilt on each render and needs no tracking.

  // A city, a province or the country shows the figures of its latest rollup: none yet for this year.
  const notRolledUp = isApiError(overview.error) ? (overview.error.details as { rule?: unknown; year?: unknown; fields?: unknown } | undefined) : undefined;
  const rolledUpMissing =
    notRolledUp?.rule === 'stats_not_rolled_up' ||
    (Array.isArray(notRolledUp?.fields) && notRolledUp.fields.some((f) => (f as { code?: unknown } | null)?.code === 'stats_not_rolled_up'));
  if (rolledUpMissing) {
    const y = typeof notRolledUp?.year === 'number' ? notRolledUp.year : yearParam;
    if (y !== undefined) return <RollupNeeded region={code} year={y} onDone={overview.reload} />;
  }
  if (overview.error !== undefined && !yearMissing) return <ErrorResult error={overview.error} onRetry={overview.reload} />;
  if (!data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  const years = [...data.availableYears].sort((a, b) => b - a);
  // The path from the country down: the levels above the user's own region are shown but not opened.
  const crumbs = data.path.map((r, i) => {
    const last = i === data.path.length - 1;
    const open = !last && isWithinScope(r.code, me.region.code);
    return {
      key: r.code,
      title: open ? (
        <Link to={{ search: searchFor(r.code) }} data-testid="stats-crumb">
          {r.name}
        </Link>
      ) : (
        <span data-testid={last ? 'stats-crumb-current' : undefined}>{r.name}</span>
      ),
    };
  });

  return (
    <StatsScopeProvider scope={{ region: data.region.code, year: data.year }}>
      <Spin spinning={overview.loading} delay={200}>
        <Flex vertical gap={16} data-testid="stats-dashboard" data-region={data.region.code} data-year={data.year}>
          <Card size="small">
            <Flex justify="space-between" align="flex-start" wrap gap={12}>
              <Flex vertical gap={4} style={{ minWidth: 0 }}>
                <Breadcrumb items={crumbs} />
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="stats-title">
                  {t('stats.title', { name: data.region.name, year: data.year })}
                </Typography.Title>
                <Flex wrap gap={4}>
                  <Tag>{levelName(data.region.level, lang)} · {data.region.code}</Tag>
                  <Tag color={data.source === 'snapshot' ? 'gold' : undefined} data-testid="stats-generated">
                    {t(data.source === 'snapshot' ? 'stats.rolledUpAt' : 'stats.generatedAt', { at: formatDateTime(data.generatedAt) })}
                  </Tag>
                  <Tag color="blue">{t('stats.profile', { name: data.profile.name, version: data.profile.version })}</Tag>
                </Flex>
              </Flex>
              <Flex wrap gap={8} align="center">
                <Select<number>
                  style={{ width: 120 }}
                  aria-label={t('stats.year')}
                  virtual={false}
                  value={data.year}
                  options={years.map((y) => ({ value: y, label: t('stats.yearOption', { year: y }) }))}
                  onChange={(y) => setYear(y)}
                  data-testid="stats-year"
                />
                {data.source === 'snapshot' && <RollupAgain region={data.region.code} year={data.year} onDone={overview.reload} compact={phone} />}
                <ReportsMenu region={data.region.code} regionName={data.region.name} year={data.year} compact={phone} />
                {can(me.role, 'manageStatistics') && (
                  <Button
                    icon={<TeamOutlined />}
                    aria-label={t('stats.population.link')}
                    title={t('stats.population.link')}
                    onClick={() => void navigate({ pathname: '/stats/population', search: `?region=${encodeURIComponent(data.region.code)}&year=${data.year}` })}
                    data-testid="stats-population-link"
                  >
                    {!phone && t('stats.population.link')}
                  </Button>
                )}
              </Flex>
            </Flex>
          </Card>

          <HeadlineCards data={data} />

          <TrendCard series={data.series} year={data.year} onYear={setYear} />

          {data.children.length > 0 && (
            <ChildrenCard items={data.children} year={data.year} threshold={data.exitThresholds.threshold} searchFor={searchFor} onPick={select} />
          )}

          {data.children.length > 0 && <MapCard items={data.children} year={data.year} onPick={select} />}

          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <IncomeCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <CausesCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <MeasuresCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16} style={{ height: '100%' }}>
                <VisitsCard data={data} />
                <MonitoringCard data={data} />
              </Flex>
            </Col>
            <Col xs={24} xl={12}>
              <ProceduresCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <AlertsCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <BenefitsCard data={data} />
            </Col>
            <Col xs={24} xl={12}>
              <ThresholdsCard data={data} />
            </Col>
            <Col xs={24}>
              <MultidimensionalCard data={data} onAssessed={overview.reload} />
            </Col>
          </Row>
        </Flex>
      </Spin>
    </StatsScopeProvider>
  );
}
