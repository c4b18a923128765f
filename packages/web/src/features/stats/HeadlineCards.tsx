import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { StatFigure, StatsOverview } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../shared/lib/format.ts';
import { FigureLink } from './Figure.tsx';

interface Headline {
  key: string;
  title: string;
  /** The figure whose households the big number opens. */
  figure: StatFigure;
  /** The big number's text; the households by default. */
  value?: string;
  unit?: string;
  /** A line under it: persons, or a related figure. */
  extra?: ReactNode;
}

/** The headline figures of the year, each a link to its households. */
export function HeadlineCards({ data }: { data: StatsOverview }) {
  const { t, lang } = useI18n();
  const { registry, income } = data;
  const n = (v: number | null) => formatNumber(v, lang);
  const persons = (f: StatFigure, key: string) => (
    <>
      <FigureLink figure={f} of="persons" data-testid={`stats-link-${key}-persons`} /> {t('stats.unit.persons')}
    </>
  );
  const growth = income.growth;

  const headlines: Headline[] = [
    {
      key: 'registered',
      title: t('stats.headline.registered'),
      figure: registry.registered,
      unit: t('stats.unit.households'),
      extra: (
        <>
          {persons(registry.registered, 'registered')} · {t('stats.headline.entered')}{' '}
          <FigureLink figure={registry.entered} data-testid="stats-link-entered-households" /> {t('stats.unit.households')}
        </>
      ),
    },
    { key: 'poor', title: t('stats.headline.poor'), figure: registry.poor, unit: t('stats.unit.households'), extra: persons(registry.poor, 'poor') },
    {
      key: 'incidence',
      title: t('stats.headline.incidence'),
      figure: registry.poor,
      value: formatPercent(registry.incidence),
      extra: t('stats.headline.ruralPopulation', { n: n(registry.ruralPopulation) }),
    },
    {
      key: 'exited',
      title: t('stats.headline.exited', { year: data.year }),
      figure: registry.exited,
      unit: t('stats.unit.households'),
      extra: (
        <>
          {persons(registry.exited, 'exited')} · {t('stats.headline.exitedTotal')}{' '}
          <FigureLink figure={registry.exitedTotal} data-testid="stats-link-exitedTotal-households" /> {t('stats.unit.households')}
        </>
      ),
    },
    { key: 'returned', title: t('stats.headline.returned', { year: data.year }), figure: registry.returned, unit: t('stats.unit.households'), extra: persons(registry.returned, 'returned') },
    {
      key: 'monitored',
      title: t('stats.headline.monitored'),
      figure: registry.monitored,
      unit: t('stats.unit.households'),
      extra: (
        <>
          {persons(registry.monitored, 'monitored')} · {t('stats.headline.riskRemoved')}{' '}
          <FigureLink figure={data.monitoring.riskRemoved} data-testid="stats-link-riskRemoved-households" /> {t('stats.unit.households')}
        </>
      ),
    },
    {
      key: 'incomeMean',
      title: t('stats.headline.incomeMean'),
      figure: income.recorded,
      value: formatMoney(income.mean, lang),
      unit: t('stats.unit.yuan'),
      extra:
        growth === null ? (
          t('stats.headline.growthUnknown')
        ) : (
          <Typography.Text type={growth >= 0 ? 'success' : 'danger'}>
            {growth >= 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {t('stats.headline.growth', { percent: formatPercent(Math.abs(growth)) })}
            {income.previousMean !== null && (
              <Typography.Text type="secondary"> · {t('stats.headline.previousMean', { amount: formatMoney(income.previousMean, lang) })}</Typography.Text>
            )}
          </Typography.Text>
        ),
    },
    {
      key: 'incomeMedian',
      title: t('stats.headline.incomeMedian'),
      figure: income.recorded,
      value: formatMoney(income.median, lang),
      unit: t('stats.unit.yuan'),
      extra: (
        <>
          {t('stats.headline.recorded')} <FigureLink figure={income.recorded} data-testid="stats-link-recorded-households" /> {t('stats.unit.households')}
        </>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      {headlines.map((h) => (
        <Col key={h.key} xs={24} sm={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid={`stats-figure-${h.key}`}>
            <Statistic
              title={h.title}
              value={h.value ?? formatNumber(h.figure.households, lang)}
              suffix={h.unit}
              valueRender={(node) => <FigureLink figure={h.figure} data-testid={`stats-link-${h.key}`}>{node}</FigureLink>}
            />
            <div style={{ marginTop: 4, fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>{h.extra}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
