import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption, ECElementEvent } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, TreemapSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';

// Only the charts and components the dashboard draws: the whole of ECharts would triple the chunk.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  TreemapChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** The options the dashboard's charts may use. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | TreemapSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** What a click on a chart element tells. */
export type ChartClick = Pick<ECElementEvent, 'name' | 'dataIndex' | 'seriesIndex' | 'seriesName' | 'value' | 'data' | 'componentType'>;

interface Props {
  option: ChartOption;
  /** Called with the element clicked (a bar, a point, a slice). */
  onClick?: (event: ChartClick) => void;
  /** Called with the index of the category (the x axis) of a click anywhere inside the grid. */
  onCategoryClick?: (index: number) => void;
  height?: number;
  style?: CSSProperties;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  'data-testid'?: string;
}

/**
 * One ECharts chart in a div: created once, given each new option whole (`notMerge`), resized with its
 * box (a card that stacks at 390 px changes width without a window resize), disposed on unmount.
 */
export function EChart({ option, onClick, onCategoryClick, height = 300, style, label, 'data-testid': testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const categoryRef = useRef(onCategoryClick);
  categoryRef.current = onCategoryClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => clickRef.current?.(event as ECElementEvent));
    instance.getZr().on('click', (event) => {
      const point = [event.offsetX, event.offsetY];
      if (!categoryRef.current || !instance.containPixel('grid', point)) return;
      // The grid answers [x, y] in axis values; on a category axis x is the category's index.
      const [index] = instance.convertFromPixel({ gridIndex: 0 }, point) as number[];
      if (index !== undefined && Number.isInteger(index)) categoryRef.current(index);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick || onCategoryClick ? 'pointer' : undefined, ...style }}
    />
  );
}
