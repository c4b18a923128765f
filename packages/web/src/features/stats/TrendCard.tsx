import { useMemo } from 'react';
import { Card, Col, Row, Typography } from 'antd';
import type { StatSeriesPoint } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { CHART_COLORS, chartTitle, chartGrid, LEFT_AXIS_NAME, RIGHT_AXIS_NAME } from './chartStyle.ts';

interface Props {
  series: StatSeriesPoint[];
  year: number;
  onYear: (year: number) => void;
}

/** The trend across years: poor persons and incidence, exits and returns, income per head; a click on a year shows that year. */
export function TrendCard({ series, year, onYear }: Props) {
  const { t, lang } = useI18n();
  const years = useMemo(() => series.map((p) => String(p.year)), [series]);
  // The year shown is marked on every chart, so the charts and the figures above read together.
  const marker = useMemo(
    () => ({ symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: '#b71c1c', type: 'dashed' as const }, data: [{ xAxis: String(year) }] }),
    [year],
  );

  const poverty = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS[0], '#b71c1c'],
      title: chartTitle(t('stats.trend.poverty')),
      grid: chartGrid({ right: 8 }),
      legend: { bottom: 0, data: [t('stats.trend.poorPersons'), t('stats.trend.incidence')] },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${formatNumber(Number(v), lang)} ${t('stats.unit.persons')}` },
      xAxis: { type: 'category', data: years },
      yAxis: [
        { type: 'value', name: t('stats.axis.persons'), ...LEFT_AXIS_NAME, axisLabel: { formatter: (v: number) => compact(v, lang) } },
        { type: 'value', name: t('stats.axis.percent'), ...RIGHT_AXIS_NAME, axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}` }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('stats.trend.poorPersons'), data: series.map((p) => p.poorPersons), markLine: marker },
        {
          type: 'line',
          name: t('stats.trend.incidence'),
          yAxisIndex: 1,
          data: series.map((p) => p.incidence),
          connectNulls: false,
          symbolSize: 8,
          tooltip: { valueFormatter: (v) => formatPercent(typeof v === 'number' ? v : null) },
        },
      ],
    }),
    [series, years, marker, t, lang],
  );

  const exits = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS[2], CHART_COLORS[3]],
      title: chartTitle(t('stats.trend.exits')),
      grid: chartGrid(),
      legend: { bottom: 0, data: [t('stats.trend.exited'), t('stats.trend.returned')] },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${formatNumber(Number(v), lang)} ${t('stats.unit.households')}` },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', name: t('stats.axis.households'), ...LEFT_AXIS_NAME, axisLabel: { formatter: (v: number) => compact(v, lang) } },
      series: [
        { type: 'bar', name: t('stats.trend.exited'), data: series.map((p) => p.exitedHouseholds), markLine: marker },
        { type: 'bar', name: t('stats.trend.returned'), data: series.map((p) => p.returnedHouseholds) },
      ],
    }),
    [series, years, marker, t, lang],
  );

  const income = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS[1]],
      title: chartTitle(t('stats.trend.income')),
      grid: chartGrid(),
      legend: { bottom: 0, data: [t('stats.trend.incomeMean')] },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${formatMoney(typeof v === 'number' ? v : null, lang)} ${t('stats.unit.yuan')}` },
      xAxis: { type: 'category', data: years, boundaryGap: false },
      yAxis: { type: 'value', name: t('stats.axis.yuan'), ...LEFT_AXIS_NAME, axisLabel: { formatter: (v: number) => compact(v, lang) } },
      series: [{ type: 'line', name: t('stats.trend.incomeMean'), data: series.map((p) => p.incomeMean), symbolSize: 8, areaStyle: { opacity: 0.12 }, markLine: marker }],
    }),
    [series, years, marker, t, lang],
  );

  // A click anywhere in a year's column (not only on a bar, which may be too small to hit) picks that year.
  const pick = (index: number) => {
    const y = series[index]?.year;
    if (y !== undefined && y !== year) onYear(y);
  };

  return (
    <Card title={t('stats.trend.title')} size="small" data-testid="stats-trend">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12} xxl={8}>
          <EChart option={poverty} onCategoryClick={pick} label={t('stats.trend.poverty')} data-testid="stats-trend-poverty" />
        </Col>
        <Col xs={24} lg={12} xxl={8}>
          <EChart option={exits} onCategoryClick={pick} label={t('stats.trend.exits')} data-testid="stats-trend-exits" />
        </Col>
        <Col xs={24} lg={12} xxl={8}>
          <EChart option={income} onCategoryClick={pick} label={t('stats.trend.income')} data-testid="stats-trend-income" />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('stats.trend.hint')}
      </Typography.Text>
    </Card>
  );
}

/** An axis label short enough for a phone: 12,000 → 1.2万 / 12k. */
export function compact(v: number, lang: string): string {
  if (Math.abs(v) < 10_000) return String(v);
  return lang === 'en' ? `${Math.round(v / 100) / 10}k` : `${Math.round(v / 1000) / 10}万`;
}
