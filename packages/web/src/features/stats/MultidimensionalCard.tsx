import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Empty, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { can, DIMENSION_LABELS, type StatsOverview } from '@jingzhun/domain';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatDateTime, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { CHART_COLORS, chartGrid, chartTitle, LEFT_AXIS_NAME } from './chartStyle.ts';
import { drillHref } from './drill.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { FigureLink, useStatsScope } from './Figure.tsx';
import { useStatJob } from './useStatJob.ts';


/** A weight as a fraction people read (1/6 rather than 0.1667) when it is one. */
function weightText(w: number): string {
  for (const d of [2, 3, 4, 5, 6, 8, 10, 12]) {
    const n = Math.round(w * d);
    if (n > 0 && Math.abs(n / d - w) < 1e-6) return n === d ? '1' : `${n}/${d}`;
  }
  return String(Math.round(w * 1000) / 1000);
}

/**
 * The Alkire-Foster multidimensional measure over 两不愁三保障 + water: H, A, M0, the weights and k,
 * the households deprived in each dimension; how fresh the assessment is, and for the roles that manage
 * statistics a button that runs it again and shows its progress.
 */
export function MultidimensionalCard({ data, onAssessed }: { data: StatsOverview; onAssessed: () => void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const scope = useStatsScope();
  const md = data.multidimensional;
  const manager = can(me.role, 'manageStatistics');
  const { job, starting, start } = useStatJob('assessment', scope.region, scope.year, {
    // When the run finishes, the overview is read again: the new figures replace the old.
    onDone: () => {
      void message.success(t('stats.md.done'));
      onAssessed();
    },
    onFailed: (error) => void message.error(t('stats.md.failed', { error })),
  });

  const option = useMemo<ChartOption | null>(() => {
    if (!md) return null;
    return {
      color: [CHART_COLORS[4]],
      title: chartTitle(t('stats.md.chartTitle')),
      grid: chartGrid({ bottom: 8 }),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${formatNumber(Number(v), lang)} ${t('stats.unit.households')}` },
      xAxis: { type: 'category', data: md.dimensions.map((d) => DIMENSION_LABELS[d.dimension][lang]), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', name: t('stats.axis.households'), ...LEFT_AXIS_NAME, minInterval: 1 },
      series: [{ type: 'bar', name: t('stats.md.deprived'), data: md.dimensions.map((d) => d.households), label: { show: true, position: 'top', fontSize: 11 } }],
    };
  }, [md, t, lang]);

  const running = job?.state === 'running';
  const stale = md !== null && (md.changedSince > 0 || (md.profileVersion !== null && md.profileVersion !== data.profile.version));
  const canRun = manager && (md === null || stale) && !running;

  const progress = running && (
    <Flex vertical gap={4} data-testid="stats-md-progress">
      <Typography.Text>{job.total > 0 ? t('stats.md.running', { total: formatNumber(job.total, lang) }) : t('stats.md.starting')}</Typography.Text>
      <Progress percent={Math.floor((job.progress ?? 0) * 100)} status="active" />
    </Flex>
  );
  const runButton = canRun && (
    <Button icon={<ReloadOutlined />} loading={starting} onClick={() => void start()} data-testid="stats-md-run">
      {t('stats.md.run')}
    </Button>
  );

  return (
    <Card size="small" title={t('stats.md.title')} extra={runButton} style={{ height: '100%' }} data-testid="stats-multidimensional">
      {progress}
      {md === null ? (
        <Empty description={manager ? t('stats.md.neverManager') : t('stats.md.never')} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type={stale ? 'warning' : 'secondary'} data-testid="stats-md-freshness">
            {t('stats.md.freshness', { at: formatDateTime(md.assessedAt), n: formatNumber(md.changedSince, lang) })}
            {md.profileVersion !== null && md.profileVersion !== data.profile.version && ` ${t('stats.md.profileChanged', { version: md.profileVersion })}`}
          </Typography.Text>
          {md.unknownHouseholds > 0 && <Alert type="info" showIcon title={t('stats.md.unknown', { n: formatNumber(md.unknownHouseholds, lang) })} />}
          <Row gutter={[16, 8]}>
            <Col xs={12} sm={6}>
              <Statistic title={t('stats.md.H')} value={formatPercent(md.H)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('stats.md.A')} value={formatPercent(md.A)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('stats.md.M0')} value={md.M0.toFixed(4)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('stats.md.poor')}
                value={formatNumber(md.poor.households, lang)}
                suffix={t('stats.unit.households')}
                valueRender={(node) => (
                  <FigureLink figure={md.poor} data-testid="stats-link-mdPoor">
                    {node}
                  </FigureLink>
                )}
              />
            </Col>
          </Row>
          <Flex wrap gap={4} align="center">
            <Typography.Text type="secondary">{t('stats.md.weights')}</Typography.Text>
            {md.dimensions.map((d) => (
              <Tag key={d.dimension}>
                {DIMENSION_LABELS[d.dimension][lang]} {weightText(md.weights[d.dimension] ?? 0)}
              </Tag>
            ))}
            <Tag color="purple">k = {weightText(md.k)}</Tag>
          </Flex>
          {option && (
            <EChart
              option={option}
              height={240}
              label={t('stats.md.chartTitle')}
              onCategoryClick={(i) => {
                const d = md.dimensions[i];
                if (d) void navigate(drillHref(scope.region, scope.year, d.drill));
              }}
              data-testid="stats-md-chart"
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('stats.md.hint', { households: formatNumber(md.households, lang), persons: formatNumber(md.persons, lang) })}
          </Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
