import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Descriptions, Typography } from 'antd';
import type { StatsOverview } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatMoney, formatNumber } from '../../shared/lib/format.ts';
import { chartGrid, chartTitle, LEFT_AXIS_NAME } from './chartStyle.ts';
import { drillHref } from './drill.ts';
import { EChart, type ChartOption } from './EChart.tsx';
import { FigureLink, useStatsScope } from './Figure.tsx';
import { compact } from './TrendCard.tsx';

/** The distribution of net income per head in bands (a bar opens its households) and the lines of the year. */
export function IncomeCard({ data }: { data: StatsOverview }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const scope = useStatsScope();
  const { income, lines } = data;
  const bands = income.distribution;

  const option = useMemo<ChartOption>(() => {
    // A band wholly below the poverty line is red, below the monitoring line orange.
    const colorOf = (to: number | null) =>
      to !== null && lines.poverty !== null && to <= lines.poverty ? '#cf1322' : to !== null && lines.monitoring !== null && to <= lines.monitoring ? '#fa8c16' : '#1677ff';
    return {
      title: chartTitle(t('stats.income.chartTitle', { year: data.year })),
      grid: chartGrid({ bottom: 8, right: 40 }),
      tooltip: {
        trigger: 'axis',
        formatter: (p) => {
          const info = Array.isArray(p) ? p[0] : p;
          const band = info ? bands[info.dataIndex] : undefined;
          if (!band) return '';
          return `${band.label} ${t('stats.unit.yuan')}<br/>${formatNumber(band.households, lang)} ${t('stats.unit.households')} · ${formatNumber(band.persons, lang)} ${t('stats.unit.persons')}`;
        },
      },
      xAxis: { type: 'category', data: bands.map((b) => b.label), name: t('stats.unit.yuan'), nameGap: 4, axisLabel: { interval: 0, rotate: 40, fontSize: 11 } },
      yAxis: { type: 'value', name: t('stats.axis.households'), ...LEFT_AXIS_NAME, axisLabel: { formatter: (v: number) => compact(v, lang) } },
      series: [{ type: 'bar', name: t('stats.axis.households'), data: bands.map((b) => ({ value: b.households, itemStyle: { color: colorOf(b.to) } })) }],
    };
  }, [bands, lines, data.year, t, lang]);

  return (
    <Card size="small" title={t('stats.income.title')} style={{ height: '100%' }} data-testid="stats-income">
      <EChart
        option={option}
        label={t('stats.income.chartTitle', { year: data.year })}
        onCategoryClick={(i) => {
          const band = bands[i];
          if (band) void navigate(drillHref(scope.region, scope.year, band.drill));
        }}
        data-testid="stats-income-chart"
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('stats.income.povertyLine')}>
          {lines.poverty === null ? DASH : `${formatMoney(lines.poverty, lang)} ${t('stats.unit.yuan')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('stats.income.belowPoverty')}>
          <span>
            <FigureLink figure={income.belowPovertyLine} data-testid="stats-link-belowPovertyLine" /> {t('stats.unit.households')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('stats.income.monitoringLine')}>
          {lines.monitoring === null ? DASH : `${formatMoney(lines.monitoring, lang)} ${t('stats.unit.yuan')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('stats.income.belowMonitoring')}>
          <span>
            <FigureLink figure={income.belowMonitoringLine} data-testid="stats-link-belowMonitoringLine" /> {t('stats.unit.households')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('stats.income.hint')}
      </Typography.Text>
    </Card>
  );
}
