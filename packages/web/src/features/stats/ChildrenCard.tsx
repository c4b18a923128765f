import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { levelName, type StatChild, type StatFigure } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { CHART_COLORS, chartGrid, chartTitle, LEFT_AXIS_NAME, RIGHT_AXIS_NAME } from './chartStyle.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { FigureLink } from './Figure.tsx';
import { compact } from './TrendCard.tsx';

/** Above this many children a treemap reads better than bars too thin to see (a township's 30+ villages). */
const TREEMAP_ABOVE = 30;

interface Props {
  items: StatChild[];
  year: number;
  threshold: number;
  /** The `?…` that opens the dashboard of a child. */
  searchFor: (code: string) => string;
  onPick: (code: string) => void;
}

/** The children of the region (townships, villages…): a chart of poor persons and incidence, and a sortable table; a name opens its dashboard. */
export function ChildrenCard({ items, year, threshold, searchFor, onPick }: Props) {
  const { t, lang } = useI18n();
  const level = items[0]?.level;
  const kind = level === undefined ? '' : levelName(level, lang);
  const treemap = items.length > TREEMAP_ABOVE;

  const option = useMemo<ChartOption>(() => {
    const names = items.map((c) => c.name);
    if (treemap) {
      return {
        title: chartTitle(t('stats.children.treemapTitle', { year })),
        tooltip: {
          formatter: (p) => {
            const info = Array.isArray(p) ? p[0] : p;
            const child = items.find((c) => c.code === (info?.data as { code?: string } | undefined)?.code);
            if (!child) return '';
            return `${child.name}<br/>${t('stats.trend.poorPersons')}: ${formatNumber(child.registry.poor.persons, lang)} ${t('stats.unit.persons')}<br/>${t('stats.trend.incidence')}: ${formatPercent(child.registry.incidence)}`;
          },
        },
        series: [
          {
            type: 'treemap',
            top: 36,
            left: 0,
            right: 0,
            bottom: 0,
            roam: false,
            nodeClick: false,
            breadcrumb: { show: false },
            label: { show: true, formatter: '{b}' },
            // Size: registered persons (a village without poor persons still shows); colour: its incidence.
            data: items.map((c) => ({
              name: c.name,
              code: c.code,
              value: Math.max(c.registry.registered.persons, 1),
              itemStyle: { color: incidenceColor(c.registry.incidence, threshold) },
            })),
          },
        ],
      };
    }
    return {
      color: [CHART_COLORS[0], '#b71c1c'],
      title: chartTitle(t('stats.children.chartTitle', { year })),
      grid: chartGrid({ bottom: 40 }),
      legend: { bottom: 0, data: [t('stats.trend.poorPersons'), t('stats.trend.incidence')] },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${formatNumber(Number(v), lang)} ${t('stats.unit.persons')}` },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: items.length > 6 ? 40 : 0, fontSize: 11 } },
      yAxis: [
        { type: 'value', name: t('stats.axis.persons'), ...LEFT_AXIS_NAME, axisLabel: { formatter: (v: number) => compact(v, lang) } },
        { type: 'value', name: t('stats.axis.percent'), ...RIGHT_AXIS_NAME, axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}` }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('stats.trend.poorPersons'), data: items.map((c) => c.registry.poor.persons) },
        {
          type: 'line',
          name: t('stats.trend.incidence'),
          yAxisIndex: 1,
          data: items.map((c) => c.registry.incidence),
          symbolSize: 7,
          tooltip: { valueFormatter: (v) => formatPercent(typeof v === 'number' ? v : null) },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#b71c1c', type: 'dashed' },
            label: { formatter: t('stats.children.threshold', { percent: formatPercent(threshold) }), position: 'insideEndTop', fontSize: 11 },
            data: [{ yAxis: threshold }],
          },
        },
      ],
    };
  }, [items, year, threshold, treemap, t, lang]);

  const figureColumn = (key: string, title: string, get: (c: StatChild) => StatFigure, of: 'households' | 'persons' = 'households') => ({
    key,
    title,
    align: 'right' as const,
    sorter: (a: StatChild, b: StatChild) => get(a)[of] - get(b)[of],
    render: (_: unknown, c: StatChild) => <FigureLink figure={get(c)} of={of} region={c.code} data-testid={`stats-child-${key}`} />,
  });

  const columns: TableColumnsType<StatChild> = [
    {
      key: 'name',
      title: kind || t('stats.children.name'),
      fixed: 'left',
      sorter: (a, b) => a.code.localeCompare(b.code),
      render: (_, c) => (
        <Link to={{ search: searchFor(c.code) }} data-testid="stats-child-name">
          {c.name}
        </Link>
      ),
    },
    figureColumn('registered', t('stats.children.registered'), (c) => c.registry.registered),
    figureColumn('poor', t('stats.children.poor'), (c) => c.registry.poor),
    figureColumn('poorPersons', t('stats.children.poorPersons'), (c) => c.registry.poor, 'persons'),
    {
      key: 'ruralPopulation',
      title: t('stats.children.ruralPopulation'),
      align: 'right',
      sorter: (a, b) => (a.registry.ruralPopulation ?? -1) - (b.registry.ruralPopulation ?? -1),
      render: (_, c) => formatNumber(c.registry.ruralPopulation, lang),
    },
    {
      key: 'incidence',
      title: t('stats.children.incidence'),
      align: 'right',
      sorter: (a, b) => (a.registry.incidence ?? -1) - (b.registry.incidence ?? -1),
      render: (_, c) =>
        c.registry.incidence === null ? (
          DASH
        ) : (
          <FigureLink figure={c.registry.poor} region={c.code} data-testid="stats-child-incidence">
            {formatPercent(c.registry.incidence)}
          </FigureLink>
        ),
    },
    {
      key: 'meetsIncidence',
      title: t('stats.children.meets'),
      sorter: (a, b) => Number(a.meetsIncidence ?? -1) - Number(b.meetsIncidence ?? -1),
      render: (_, c) =>
        c.meetsIncidence === null ? (
          <Tag>{t('stats.thresholds.unknown')}</Tag>
        ) : c.meetsIncidence ? (
          <Tag color="green">{t('stats.thresholds.meeting')}</Tag>
        ) : (
          <Tag color="red">{t('stats.thresholds.failing')}</Tag>
        ),
    },
    figureColumn('exited', t('stats.children.exited', { year }), (c) => c.registry.exited),
    figureColumn('returned', t('stats.children.returned', { year }), (c) => c.registry.returned),
    figureColumn('monitored', t('stats.children.monitored'), (c) => c.registry.monitored),
    {
      key: 'incomeMean',
      title: t('stats.children.incomeMean'),
      align: 'right',
      sorter: (a, b) => (a.incomeMean ?? -1) - (b.incomeMean ?? -1),
      render: (_, c) => formatMoney(c.incomeMean, lang),
    },
  ];

  return (
    <Card
      size="small"
      title={t('stats.children.title', { kind, count: items.length })}
      data-testid="stats-children"
    >
      <EChart
        option={option}
        height={treemap ? 360 : 320}
        label={t('stats.children.chartTitle', { year })}
        {...(treemap
          ? {
              onClick: (e) => {
                const code = (e.data as { code?: string } | undefined)?.code;
                if (code) onPick(code);
              },
            }
          : {
              onCategoryClick: (i) => {
                const child = items[i];
                if (child) onPick(child.code);
              },
            })}
        data-testid="stats-children-chart"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 12px' }}>
        {t('stats.children.hint')}
      </Typography.Paragraph>
      <Table<StatChild>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="stats-children-table"
      />
    </Card>
  );
}

/** A village's colour by incidence: green under the exit threshold, warming to red at five times it; grey without population. */
function incidenceColor(incidence: number | null, threshold: number): string {
  if (incidence === null) return '#bfbfbf';
  if (incidence < threshold) return '#73d13d';
  if (incidence < threshold * 2) return '#ffc53d';
  if (incidence < threshold * 5) return '#fa8c16';
  return '#cf1322';
}
