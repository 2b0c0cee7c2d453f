import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../components/rule-builder/echart';
import { useI18n } from '../../i18n/i18n';
import type { BudgetFigures } from './budget-api';
import { budgetText as text } from './budget-text';
import { compactYuan, displayYuan } from './money';

/** The four figures the charts compare, each in a colour that stays apart from the others. */
const CHARTED = [
  { key: 'planned', label: text.planned, color: '#1d4ed8' },
  { key: 'committed', label: text.committed, color: '#d97706' },
  { key: 'actual', label: text.actual, color: '#b91c1c' },
  { key: 'remaining', label: text.remaining, color: '#15803d' },
] as const;

const ROW_HEIGHT = 64;
const CHROME_HEIGHT = 72;

/** The five figures as right-aligned table columns, amounts as the API wrote them. */
export function useFigureColumns<Row>(figuresOf: (row: Row) => BudgetFigures | null): ColumnsType<Row> {
  const { pick } = useI18n();
  return useMemo(
    () =>
      (['planned', 'reserved', 'committed', 'actual', 'remaining'] as const).map((key) => ({
        key,
        title: pick(text[key]),
        align: 'right' as const,
        render: (_: unknown, row: Row) => (
          <Typography.Text style={{ whiteSpace: 'nowrap' }} strong={key === 'remaining'}>
            {displayYuan(figuresOf(row)?.[key])}
          </Typography.Text>
        ),
      })),
    [pick, figuresOf],
  );
}

/**
 * Planned, committed, actual and remaining money side by side per row (a pool, a
 * branch, a channel), as horizontal bars: the row names sit on their own axis, so long
 * unit names do not overlap; a row too long for its axis gives a short label and its
 * full title to the tooltip, beside the exact amounts.
 */
export function FiguresChart({ rows, testId }: { rows: { label: string; title?: string; figures: BudgetFigures | null }[]; testId?: string }) {
  const { pick, locale } = useI18n();
  const option = useMemo<ChartOption>(() => {
    // Top row first, as in the tables beside the charts.
    const ordered = [...rows].reverse();
    return {
      animationDurationUpdate: 250,
      legend: { top: 0, itemGap: 16, data: CHARTED.map((figure) => pick(figure.label)) },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { seriesName: string; marker: string; dataIndex: number; data: { amount: string | null } }[]) => {
          const row = ordered[params[0]?.dataIndex ?? 0];
          return [row?.title ?? row?.label ?? '', ...[...params].reverse().map((p) => `${p.marker}${p.seriesName}: ${displayYuan(p.data.amount)}`)].join('<br/>');
        },
      },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => compactYuan(value, locale), hideOverlap: true }, splitNumber: 4 },
      yAxis: {
        type: 'category',
        data: ordered.map((r) => r.label),
        axisTick: { show: false },
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [...CHARTED].reverse().map((figure) => ({
        name: pick(figure.label),
        type: 'bar',
        barMaxWidth: 12,
        barGap: '15%',
        itemStyle: { color: figure.color },
        // Number() only places the bar; the tooltip shows the exact amount.
        data: ordered.map((r) => {
          const amount = r.figures?.[figure.key] ?? null;
          return { value: amount === null ? '-' : Number(amount), amount };
        }),
      })),
    };
  }, [rows, pick, locale]);
  if (rows.length === 0) return null;
  return (
    <div style={{ marginTop: 16 }}>
      <EChart option={option} height={CHROME_HEIGHT + rows.length * ROW_HEIGHT} testId={testId} />
    </div>
  );
}
