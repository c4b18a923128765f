import { useMemo } from 'react';
import { Card, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { MapChart, type MapSeriesOption } from 'echarts/charts';
import { VisualMapComponent, type VisualMapComponentOption } from 'echarts/components';
import type { StatChild } from '@jingzhun/domain';
import { getDeployerMap, type DeployerMap } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatPercent } from '../../shared/lib/format.ts';
import { chartTitle } from './chartStyle.ts';
import { EChart, type ChartOption } from './EChart.tsx';

echarts.use([MapChart, VisualMapComponent]);

/** The name a deployer's map is registered under, and the property each feature's code is copied to. */
const MAP_NAME = 'jingzhun-deployer-map';
const CODE = 'jzCode';

/** Registers the deployer's map once, each feature named by its region code (`code` or `adcode`). */
function register(map: DeployerMap) {
  const features = map.geojson.features.map((f, i) => ({ ...f, properties: { ...f.properties, [CODE]: map.regions[i] } }));
  echarts.registerMap(MAP_NAME, { type: 'FeatureCollection', features } as unknown as Parameters<typeof echarts.registerMap>[1]);
}

interface Props {
  items: StatChild[];
  year: number;
  onPick: (code: string) => void;
}

/**
 * The children on the deployer's map, coloured by poverty incidence, with the map's review number (审图号)
 * beneath it. Shown only when the deployer supplied a map that covers some of the children: jingzhun ships
 * no boundary map of its own (a public map of China needs a review number).
 */
export function MapCard({ items, year, onPick }: Props) {
  const { t } = useI18n();
  const map = useApi((signal) => getDeployerMap(signal), []);
  const option = useMemo(() => {
    const shown = map.data ? items.filter((c) => map.data?.regions.includes(c.code)) : [];
    if (!map.data || shown.length === 0) return null;
    register(map.data);
    const values = shown.map((c) => c.registry.incidence ?? 0);
    const option = {
      title: chartTitle(t('stats.map.title', { year })),
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { label?: string; incidence?: number | null } }) =>
          `${p.data?.label ?? ''}<br/>${t('stats.map.incidence')}: ${formatPercent(p.data?.incidence ?? null)}`,
      },
      visualMap: { min: 0, max: Math.max(0.03, ...values), calculable: true, left: 'left', bottom: 0, text: [t('stats.map.high'), t('stats.map.low')], inRange: { color: ['#e6f4ff', '#fa8c16', '#cf1322'] } },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          nameProperty: CODE,
          roam: true,
          emphasis: { label: { show: true } },
          data: shown.map((c) => ({ name: c.code, value: c.registry.incidence ?? 0, label: c.name, incidence: c.registry.incidence })),
        },
      ],
    };
    const visualMap: VisualMapComponentOption = option.visualMap;
    const series: MapSeriesOption[] = option.series as MapSeriesOption[];
    return { ...option, visualMap, series };
  }, [map.data, items, t, year]);
  if (!option) return null;
  return (
    <Card title={t('stats.map.card')} data-testid="stats-map">
      <EChart
        option={option as unknown as ChartOption}
        height={420}
        label={t('stats.map.title', { year })}
        onClick={(e) => {
          const code = e.name;
          if (code && items.some((c) => c.code === code)) onPick(code);
        }}
      />
      <Typography.Text type="secondary">{t('stats.map.review', { number: map.data?.reviewNumber ?? '', file: map.data?.file ?? '' })}</Typography.Text>
    </Card>
  );
}
