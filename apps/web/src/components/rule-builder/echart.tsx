import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * A chart that follows its option, its container's width and the reader's language
 * (ECharts' own words: toolbox, aria). It is disposed with its element. `label` names the
 * chart for screen readers, whose canvas says nothing. Pages that need more chart types
 * than these register them with `echarts.use` in their own module, so that only their
 * chunk carries them.
 */
export function EChart({ option, height = 240, testId, label, onClick }: {
  option: ChartOption;
  height?: number;
  testId?: string;
  label?: string;
  /** A click on a bar, point or funnel stage. */
  onClick?: (event: echarts.ECElementEvent) => void;
}): ReactNode {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { locale } = useI18n();

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { locale: locale === 'zh' ? 'ZH' : 'EN' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick, locale]);

  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} role={label ? 'img' : undefined} aria-label={label} />;
}

/** A horizontal bar chart of labelled counts, longest bar on top. */
export function barOption(rows: { label: string; value: number; color?: string }[], seriesName: string): ChartOption {
  const ordered = [...rows].reverse();
  return {
    animationDurationUpdate: 250,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    // Long names (org units, segments) wrap within a fixed width instead of pushing the bars out or being clipped.
    yAxis: { type: 'category', data: ordered.map((r) => r.label), axisTick: { show: false }, axisLabel: { width: 160, overflow: 'break' } },
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right' },
        data: ordered.map((r) => ({ value: r.value, itemStyle: r.color ? { color: r.color } : { color: '#0958d9' } })),
      },
    ],
  };
}
