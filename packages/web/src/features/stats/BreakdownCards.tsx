import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Col, Empty, Flex, Grid, Progress, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { StatFigure, StatsOverview } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { CHART_COLORS, chartGrid, chartTitle } from './chartStyle.ts';
import { drillHref } from './drill.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { FigureLink, useStatsScope } from './Figure.tsx';
import { compact } from './TrendCard.tsx';

type Overview = StatsOverview;

/** A table column whose cells open the households a figure counted. */
function figureColumn<T>(key: string, title: string, get: (row: T) => StatFigure, testId: string) {
  return {
    key,
    title,
    align: 'right' as const,
    render: (_: unknown, row: T) => <FigureLink figure={get(row)} data-testid={testId} />,
  };
}

/** A plain count column (alerts raised, procedures rejected: not sets of households). */
function countColumn<T>(key: string, title: string, get: (row: T) => number, lang: 'zh-CN' | 'en') {
  return { key, title, align: 'right' as const, render: (_: unknown, row: T) => formatNumber(get(row), lang) };
}

/** Main causes of poverty of the registered households: a slice opens its households. */
export function CausesCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const scope = useStatsScope();
  const causes = useMemo(() => data.causes.filter((c) => c.households > 0), [data.causes]);
  // On a phone the slice labels would be cut: the legend and the tooltip name the slices instead.
  const phone = Grid.useBreakpoint().sm === false;
  const option = useMemo<ChartOption>(
    () => ({
      color: CHART_COLORS,
      title: chartTitle(t('stats.causes.chartTitle')),
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const info = Array.isArray(p) ? p[0] : p;
          const cause = info ? causes[info.dataIndex] : undefined;
          if (!cause) return '';
          return `${cause.label}: ${formatNumber(cause.households, lang)} ${t('stats.unit.households')} (${info?.percent ?? 0}%)<br/>${t('stats.causes.poorOfYear', { year: data.year, n: formatNumber(cause.poorHouseholds, lang) })}`;
        },
      },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          name: t('stats.causes.chartTitle'),
          radius: phone ? ['30%', '65%'] : ['32%', '58%'],
          center: ['50%', '50%'],
          avoidLabelOverlap: true,
          label: { show: !phone, formatter: '{b} {d}%', fontSize: 11 },
          data: causes.map((c) => ({ name: c.label, value: c.households })),
        },
      ],
    }),
    [causes, data.year, phone, t, lang],
  );
  return (
    <Card size="small" title={t('stats.causes.title')} style={{ height: '100%' }} data-testid="stats-causes">
      {causes.length === 0 ? (
        <Empty description={t('stats.empty')} />
      ) : (
        <EChart
          option={option}
          height={340}
          label={t('stats.causes.chartTitle')}
          onClick={(e) => {
            const cause = causes[e.dataIndex];
            if (cause) void navigate(drillHref(scope.region, scope.year, cause.drill));
          }}
          data-testid="stats-causes-chart"
        />
      )}
    </Card>
  );
}

/** Measures by family (a bar opens the households that have one) with their number and amount. */
export function MeasuresCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const scope = useStatsScope();
  const measures = data.measures;
  const option = useMemo<ChartOption>(() => {
    const rows = [...measures].reverse(); // The largest on top of a horizontal bar chart.
    return {
      color: [CHART_COLORS[1]],
      title: chartTitle(t('stats.measures.chartTitle', { year: data.year })),
      grid: chartGrid({ bottom: 8, right: 32 }),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p) => {
          const info = Array.isArray(p) ? p[0] : p;
          const m = info ? rows[info.dataIndex] : undefined;
          if (!m) return '';
          return `${m.label}<br/>${formatNumber(m.households, lang)} ${t('stats.unit.households')} · ${t('stats.measures.count', { n: formatNumber(m.measures, lang) })}<br/>${formatMoney(m.amount, lang)} ${t('stats.unit.yuan')}`;
        },
      },
      xAxis: { type: 'value', name: t('stats.axis.households'), axisLabel: { formatter: (v: number) => compact(v, lang) } },
      yAxis: { type: 'category', data: rows.map((m) => m.label), axisLabel: { fontSize: 11 } },
      series: [{ type: 'bar', name: t('stats.axis.households'), data: rows.map((m) => m.households), label: { show: true, position: 'right', fontSize: 11 } }],
    };
  }, [measures, data.year, t, lang]);
  const columns: TableColumnsType<Overview['measures'][number]> = [
    { key: 'label', dataIndex: 'label', title: t('stats.measures.family') },
    figureColumn('households', t('stats.col.households'), (m) => m, 'stats-measure-households'),
    countColumn('measures', t('stats.measures.measures'), (m) => m.measures, lang),
    { key: 'amount', title: t('stats.col.amount'), align: 'right', render: (_, m) => formatMoney(m.amount, lang) },
  ];
  return (
    <Card size="small" title={t('stats.measures.title')} style={{ height: '100%' }} data-testid="stats-measures">
      {measures.length === 0 ? (
        <Empty description={t('stats.empty')} />
      ) : (
        <>
          <EChart
            option={option}
            height={Math.max(220, 60 + measures.length * 26)}
            label={t('stats.measures.chartTitle', { year: data.year })}
            onClick={(e) => {
              const m = [...measures].reverse()[e.dataIndex];
              if (m) void navigate(drillHref(scope.region, scope.year, m.drill));
            }}
            data-testid="stats-measures-chart"
          />
          <Table rowKey="key" size="small" columns={columns} dataSource={measures} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      )}
    </Card>
  );
}

/** Benefits paid in the year by kind. */
export function BenefitsCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<Overview['benefits'][number]> = [
    { key: 'label', dataIndex: 'label', title: t('stats.benefits.kind') },
    figureColumn('households', t('stats.col.households'), (b) => b, 'stats-benefit-households'),
    countColumn('payments', t('stats.benefits.payments'), (b) => b.payments, lang),
    { key: 'amount', title: t('stats.col.amount'), align: 'right', render: (_, b) => formatMoney(b.amount, lang) },
  ];
  return (
    <Card size="small" title={t('stats.benefits.title', { year: data.year })} style={{ height: '100%' }} data-testid="stats-benefits">
      <Table
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={data.benefits}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.benefits.empty')} /> }}
      />
    </Card>
  );
}

/** Alerts raised in the year and not yet handled, by rule. */
export function AlertsCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<Overview['alerts'][number]> = [
    { key: 'label', dataIndex: 'label', title: t('stats.alerts.rule') },
    countColumn('raised', t('stats.alerts.raised'), (a) => a.raised, lang),
    figureColumn('households', t('stats.alerts.households'), (a) => a, 'stats-alert-households'),
    figureColumn('open', t('stats.alerts.open'), (a) => a.open, 'stats-alert-open'),
  ];
  return (
    <Card size="small" title={t('stats.alerts.title', { year: data.year })} style={{ height: '100%' }} data-testid="stats-alerts">
      <Table rowKey="key" size="small" columns={columns} dataSource={data.alerts} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

/** Procedures by kind: opened, approved, rejected, still open, overdue. */
export function ProceduresCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<Overview['procedures'][number]> = [
    { key: 'label', dataIndex: 'label', title: t('stats.procedures.kind') },
    figureColumn('opened', t('stats.procedures.opened'), (p) => p.opened, 'stats-procedure-opened'),
    figureColumn('approved', t('stats.procedures.approved'), (p) => p.approved, 'stats-procedure-approved'),
    countColumn('rejected', t('stats.procedures.rejected'), (p) => p.rejected, lang),
    countColumn('open', t('stats.procedures.open'), (p) => p.open, lang),
    figureColumn('overdue', t('stats.procedures.overdue'), (p) => p.overdue, 'stats-procedure-overdue'),
  ];
  return (
    <Card size="small" title={t('stats.procedures.title', { year: data.year })} style={{ height: '100%' }} data-testid="stats-procedures">
      <Table rowKey="kind" size="small" columns={columns} dataSource={data.procedures} pagination={false} scroll={{ x: 'max-content' }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('stats.procedures.hint')}
      </Typography.Text>
    </Card>
  );
}

/** Visit compliance: paired households, visited in the year, overdue, and the share not overdue. */
export function VisitsCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const v = data.visits;
  const figure = (title: string, f: StatFigure, key: string) => (
    <Col xs={12} sm={6} xl={12} xxl={6}>
      <Statistic title={title} value={formatNumber(f.households, lang)} styles={{ content: { fontSize: 20 } }} valueRender={(node) => <FigureLink figure={f} data-testid={`stats-link-${key}`}>{node}</FigureLink>} />
    </Col>
  );
  return (
    <Card size="small" title={t('stats.visits.title', { year: data.year })} style={{ height: '100%' }} data-testid="stats-visits">
      <Flex gap={16} align="center" wrap>
        <Progress
          type="circle"
          size={96}
          percent={v.compliance === null ? 0 : Math.round(v.compliance * 1000) / 10}
          format={() => formatPercent(v.compliance)}
          status={v.compliance !== null && v.compliance < 0.9 ? 'exception' : 'normal'}
          aria-label={t('stats.visits.compliance')}
        />
        <Row gutter={[16, 8]} style={{ flex: '1 1 260px' }}>
          {figure(t('stats.visits.paired'), v.paired, 'paired')}
          {figure(t('stats.visits.visited'), v.visited, 'visited')}
          {figure(t('stats.visits.overdue'), v.overdue, 'visitOverdue')}
          <Col xs={12} sm={6} xl={12} xxl={6}>
            <Statistic title={t('stats.visits.visits')} value={formatNumber(v.visits, lang)} styles={{ content: { fontSize: 20 } }} />
          </Col>
        </Row>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('stats.visits.hint', { asOf: v.asOf })}
      </Typography.Text>
    </Card>
  );
}

/** Monitored households by category, and risk removed in the year. */
export function MonitoringCard({ data }: { data: Overview }) {
  const { t } = useI18n();
  const rows = [...data.monitoring.byCategory, { ...data.monitoring.riskRemoved, key: 'risk_removed', label: t('stats.monitoring.riskRemoved', { year: data.year }) }];
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'label', dataIndex: 'label', title: t('stats.monitoring.category') },
    figureColumn('households', t('stats.col.households'), (r) => r, 'stats-monitoring-households'),
    { key: 'persons', title: t('stats.col.persons'), align: 'right', render: (_, r) => <FigureLink figure={r} of="persons" /> },
  ];
  return (
    <Card size="small" title={t('stats.monitoring.title')} style={{ height: '100%' }} data-testid="stats-monitoring">
      <Table rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} />
    </Card>
  );
}

/** How many children meet the incidence threshold of exit, fail it, or lack the population to tell. */
export function ThresholdsCard({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const x = data.exitThresholds;
  const total = x.meeting + x.failing + x.unknown;
  return (
    <Card size="small" title={t('stats.thresholds.title')} style={{ height: '100%' }} data-testid="stats-thresholds">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('stats.thresholds.rule', { percent: formatPercent(x.threshold) })}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('stats.thresholds.meeting')} value={formatNumber(x.meeting, lang)} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col span={8}>
          <Statistic title={t('stats.thresholds.failing')} value={formatNumber(x.failing, lang)} styles={{ content: { color: '#cf1322' } }} />
        </Col>
        <Col span={8}>
          <Statistic title={t('stats.thresholds.unknown')} value={formatNumber(x.unknown, lang)} />
        </Col>
      </Row>
      {total > 0 && (
        <Progress
          style={{ marginTop: 12 }}
          percent={Math.round(((x.meeting + x.failing) / total) * 100)}
          success={{ percent: Math.round((x.meeting / total) * 100) }}
          strokeColor="#ff7875"
          showInfo={false}
          aria-label={t('stats.thresholds.title')}
        />
      )}
      {x.unknown > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('stats.thresholds.unknownHint')}
        </Typography.Text>
      )}
    </Card>
  );
}
