import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { CustomChart, FunnelChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ChartOption } from '../../components/rule-builder/echart';
import type { Locale } from '../../i18n/text';
import { percentText, pointsText } from '@lib/analytics/lift-lines';
import type { Interval } from '@lib/analytics/lift-statistics';
import { compactYuan, displayYuan } from '../budgets/money';

// Only the dashboards use these; registered here so that only their chunk carries them.
echarts.use([LineChart, FunnelChart, CustomChart, MarkLineComponent, DataZoomComponent]);

/** Colours that stay apart for readers with the common colour-vision deficiencies. */
export const COLORS = {
  treatment: '#1d4ed8',
  control: '#d97706',
  budget: '#64748b',
  automatic: '#0f766e',
  manual: '#7c3aed',
  contacts: '#1d4ed8',
  responses: '#0f766e',
  conversions: '#b91c1c',
  spend: '#94a3b8',
} as const;

/** A vertical whisker from low to high with caps, centred on the category: the error bar of a rate. */
function whisker(params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn {
  const x = api.value(0);
  const low = api.coord([x, api.value(1)]);
  const high = api.coord([x, api.value(2)]);
  const cap = (api.size?.([1, 0]) as number[])[0] * 0.12;
  const style = { stroke: '#111827', lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
      { type: 'line', shape: { x1: low[0] - cap, y1: low[1], x2: low[0] + cap, y2: low[1] }, style },
      { type: 'line', shape: { x1: high[0] - cap, y1: high[1], x2: high[0] + cap, y2: high[1] }, style },
    ],
  } as CustomSeriesRenderItemReturn;
}

export interface GroupBar {
  name: string;
  color: string;
  interval: (Interval & { rate: number }) | null;
}

/** Each group's rate as a bar with its 95% interval as an error bar. */
export function groupRatesOption(groups: GroupBar[], rateName: string): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const interval = groups[p.dataIndex]?.interval;
        if (!interval) return groups[p.dataIndex]?.name ?? '';
        return `${groups[p.dataIndex].name}<br/>${rateName}: ${percentText(interval.rate)}<br/>95%: ${percentText(interval.low)} – ${percentText(interval.high)}`;
      },
    },
    xAxis: { type: 'category', data: groups.map((g) => g.name), axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => percentText(v).replace('.00', '') } },
    series: [
      {
        name: rateName,
        type: 'bar',
        barMaxWidth: 64,
        label: { show: true, position: 'insideTop', color: '#fff', formatter: (p: { value: number }) => percentText(p.value) },
        data: groups.map((g) => ({ value: g.interval?.rate ?? 0, itemStyle: { color: g.color } })),
      },
      {
        type: 'custom',
        name: '95%',
        renderItem: whisker,
        encode: { x: 0, y: [1, 2] },
        tooltip: { show: false },
        z: 10,
        data: groups.map((g, index) => [index, g.interval?.low ?? 0, g.interval?.high ?? 0]),
      },
    ],
  };
}

/** One interval on a horizontal axis in percentage points, with the estimate as a dot and 0 marked: does it hold 0? */
export function liftIntervalOption(name: string, estimate: number, interval: Interval): ChartOption {
  const span = Math.max(Math.abs(interval.low), Math.abs(interval.high), 0.001) * 1.25;
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: () => `${name}: ${pointsText(estimate)} (${pointsText(interval.low)} – ${pointsText(interval.high)})` },
    xAxis: { type: 'value', min: -span, max: span, axisLabel: { formatter: (v: number) => pointsText(v) } },
    yAxis: { type: 'category', data: [name], axisTick: { show: false } },
    series: [
      {
        type: 'custom',
        name,
        renderItem: (_: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
          const low = api.coord([api.value(1), 0]);
          const high = api.coord([api.value(2), 0]);
          const centre = api.coord([api.value(0), 0]);
          const style = { stroke: COLORS.treatment, lineWidth: 3 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
              { type: 'line', shape: { x1: low[0], y1: low[1] - 8, x2: low[0], y2: low[1] + 8 }, style },
              { type: 'line', shape: { x1: high[0], y1: high[1] - 8, x2: high[0], y2: high[1] + 8 }, style },
              { type: 'circle', shape: { cx: centre[0], cy: centre[1], r: 6 }, style: { fill: COLORS.treatment } },
            ],
          } as CustomSeriesRenderItemReturn;
        },
        encode: { x: [0, 1, 2], y: 3 },
        data: [[estimate, interval.low, interval.high, 0]],
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#6b7280', type: 'dashed' }, label: { formatter: '0' }, data: [{ xAxis: 0 }] },
      },
    ],
  };
}

/** The budget against the spend, automatic and manual stacked. */
export function spendVsBudgetOption(
  budget: string | null,
  spend: { automatic: string; manual: string } | null,
  names: { budget: string; automatic: string; manual: string; spend: string },
  locale: Locale,
): ChartOption {
  const categories = [names.spend, names.budget];
  return {
    legend: { top: 0, data: [names.automatic, names.manual, names.budget] },
    grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; data: { amount: string } }) => `${p.seriesName}: ${displayYuan(p.data.amount)}` },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactYuan(v, locale) } },
    yAxis: { type: 'category', data: categories, axisTick: { show: false } },
    series: [
      { name: names.automatic, type: 'bar', stack: 'spend', barMaxWidth: 28, itemStyle: { color: COLORS.automatic }, data: [{ value: Number(spend?.automatic ?? 0), amount: spend?.automatic ?? '0' }, null] },
      { name: names.manual, type: 'bar', stack: 'spend', barMaxWidth: 28, itemStyle: { color: COLORS.manual }, data: [{ value: Number(spend?.manual ?? 0), amount: spend?.manual ?? '0' }, null] },
      { name: names.budget, type: 'bar', stack: 'spend', barMaxWidth: 28, itemStyle: { color: COLORS.budget }, data: [null, { value: Number(budget ?? 0), amount: budget ?? '0' }] },
    ],
  };
}

export interface FunnelStage {
  name: string;
  value: number;
}

/** A channel's stages as a funnel, each stage's count and its share of the first beside it. */
export function funnelOption(name: string, stages: FunnelStage[]): ChartOption {
  const first = stages[0]?.value || 1;
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${p.value} (${percentText(p.value / first)})` },
    series: [
      {
        name,
        type: 'funnel',
        sort: 'none',
        left: 8,
        right: 8,
        top: 8,
        bottom: 8,
        minSize: '8%',
        gap: 2,
        label: { show: true, position: 'inside', color: '#fff', formatter: (p: { name: string; value: number }) => `${p.name} ${p.value}` },
        data: stages.map((stage, index) => ({ ...stage, itemStyle: { color: [COLORS.budget, COLORS.contacts, '#0369a1', COLORS.responses, COLORS.conversions][index] } })),
      },
    ],
  };
}

/** Branches the comparison shows at once; a province has about a hundred, which a slider below the chart pages through. */
const COMPARED_AT_ONCE = 12;

/** Grouped bars per line (a branch): the treatment's and the control's rate side by side. */
export function comparisonOption(labels: string[], series: { name: string; color: string; values: (number | null)[] }[]): ChartOption {
  const paged = labels.length > COMPARED_AT_ONCE;
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: paged ? 40 : 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null ? '—' : percentText(v)) },
    dataZoom: paged
      ? [
          { type: 'slider', xAxisIndex: 0, startValue: 0, endValue: COMPARED_AT_ONCE - 1, height: 16, bottom: 8, labelFormatter: '' },
          { type: 'inside', xAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
        ]
      : [],
    xAxis: { type: 'category', data: labels, axisTick: { show: false }, axisLabel: { interval: 0, width: 96, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => percentText(v).replace('.00', '') } },
    series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 28, itemStyle: { color: s.color }, data: s.values })),
  };
}

/** Counts per day as lines, spend per day as bars on a second axis. */
export function dailyOption(
  days: string[],
  lines: { name: string; color: string; values: number[] }[],
  spend: { name: string; values: string[] },
  locale: Locale,
): ChartOption {
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', splitLine: { show: false }, axisLabel: { formatter: (v: number) => compactYuan(v, locale) } },
    ],
    series: [
      { name: spend.name, type: 'bar', yAxisIndex: 1, barMaxWidth: 16, itemStyle: { color: COLORS.spend }, data: spend.values.map(Number) },
      ...lines.map((line) => ({ name: line.name, type: 'line', smooth: false, showSymbol: days.length < 40, itemStyle: { color: line.color }, data: line.values })),
    ],
  };
}

/** One bar per campaign: a value that may be missing (ROI without spend) shows no bar. */
export function campaignBarsOption(
  labels: string[],
  series: { name: string; color: string; values: (number | null)[]; format: (v: number) => string }[],
): ChartOption {
  return {
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : series[0].format(v)) },
    xAxis: { type: 'category', data: labels, axisTick: { show: false }, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0, width: 120, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => series[0].format(v) } },
    series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 32, itemStyle: { color: s.color }, data: s.values })),
  };
}
