/** The dashboard's palette: the product's red for what needs attention, calm colours for the rest. */
export const CHART_COLORS = ['#1677ff', '#13a8a8', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96', '#faad14', '#2f54eb', '#a0d911', '#8c8c8c', '#b71c1c', '#597ef7'];

/** A chart's title: small, left, so the chart keeps its height on a phone. */
export function chartTitle(text: string) {
  return { text, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 500 as const } };
}

/** The plotting area: room for the title above and the legend below, labels inside. */
export function chartGrid(extra: { left?: number; right?: number; top?: number; bottom?: number } = {}) {
  return { left: 8, right: 24, top: 56, bottom: 36, containLabel: true, ...extra };
}

/** A left value axis's name starts at the axis line, so a short axis (labels "0", "1") does not cut it. */
export const LEFT_AXIS_NAME = { nameTextStyle: { align: 'left' as const } };

/** A right value axis's name ends at the axis line. */
export const RIGHT_AXIS_NAME = { nameTextStyle: { align: 'right' as const } };
