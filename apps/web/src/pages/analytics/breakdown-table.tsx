import { Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo } from 'react';
import { percentText, pointsText } from '@lib/analytics/lift-lines';
import { useI18n } from '../../i18n/i18n';
import { displayYuan } from '../budgets/money';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { TIER } from '../customers/labels';
import type { DrillDownFilter, RoiBreakdown, RoiRow } from './analytics-api';
import { analyticsText as text, LINE_LABELS, VERDICT_LABELS } from './analytics-text';

/** The drill-down filter of a breakdown line; null for a line no customer list is kept by (conversions of members never reached). */
export function lineFilter(by: RoiBreakdown, key: string): Omit<DrillDownFilter, 'kind'> | null {
  switch (by) {
    case 'channel':
      return key ? { channel: key as DrillDownFilter['channel'] } : null;
    case 'step':
      return key !== '0' ? { step: Number(key) } : null;
    case 'branch':
      return { branch: Number(key) };
    case 'segment':
      return { segment: Number(key) };
    case 'value_tier':
      return key ? { valueTier: key as DrillDownFilter['valueTier'] } : null;
    case 'day':
      return { day: key };
  }
}

const byNumber = (value: (row: RoiRow) => number | null) => (a: RoiRow, b: RoiRow) => (value(a) ?? -Infinity) - (value(b) ?? -Infinity);
const amount = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));

/**
 * One breakdown's lines, every column sortable; a count opens the customers behind it.
 * Lines that hold members (branch, segment, value tier) show both groups' conversion
 * rates and the lift's verdict.
 */
export function BreakdownTable({ by, rows, loading, onDrillDown }: {
  by: RoiBreakdown;
  rows: RoiRow[];
  loading?: boolean;
  onDrillDown: (filter: DrillDownFilter, scopeLabel: string) => void;
}) {
  const { pick, label, localName } = useI18n();
  const labelOf = useCallback(
    (row: RoiRow) => {
      // The API names branches, steps and segments; channels and tiers are codes the UI words.
      if (by === 'channel' && row.key) return label(CHANNEL_LABELS, row.key);
      if (by === 'value_tier' && TIER[row.key]) return pick(TIER[row.key].label);
      return localName(row.label, row.labelEn);
    },
    [by, pick, label, localName],
  );
  const withGroups = rows.some((row) => row.treatment !== null);

  const columns = useMemo<ColumnsType<RoiRow>>(() => {
    const count = (kind: DrillDownFilter['kind'], value: (row: RoiRow) => number) => (_: unknown, row: RoiRow) => {
      const filter = lineFilter(by, row.key);
      if (!filter || value(row) === 0) return value(row);
      return (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrillDown({ kind, ...filter }, labelOf(row))} data-testid={`drill-${by}-${kind}-${row.key}`}>
          {value(row)}
        </Button>
      );
    };
    const money = (title: string, value: (row: RoiRow) => string | null | undefined) => ({
      key: title,
      title,
      align: 'right' as const,
      sorter: byNumber((row) => amount(value(row))),
      render: (_: unknown, row: RoiRow) => <span style={{ whiteSpace: 'nowrap' }}>{displayYuan(value(row))}</span>,
    });
    const list: ColumnsType<RoiRow> = [
      { key: 'label', title: label(LINE_LABELS, by), fixed: 'left', sorter: (a, b) => labelOf(a).localeCompare(labelOf(b)), render: (_, row) => labelOf(row) },
      { key: 'contacts', title: pick(text.contacts), align: 'right', sorter: byNumber((row) => row.figures.contacts), render: count('contacts', (row) => row.figures.contacts) },
      { key: 'delivered', title: pick(text.delivered), align: 'right', sorter: byNumber((row) => row.figures.delivered), render: (_, row) => row.figures.delivered },
      { key: 'responses', title: pick(text.responses), align: 'right', sorter: byNumber((row) => row.figures.responses), render: count('responders', (row) => row.figures.responses) },
      { key: 'conversions', title: pick(text.conversions), align: 'right', sorter: byNumber((row) => row.figures.conversions), render: count('converters', (row) => row.figures.conversions) },
      money(pick(text.premium), (row) => row.figures.premiumWritten),
      money(pick(text.margin), (row) => row.figures.margin),
      money(pick(text.spend), (row) => row.figures.spend?.total),
      {
        key: 'roi', title: pick(text.roi), align: 'right', sorter: byNumber((row) => row.figures.roi),
        render: (_, row) => (row.figures.roi === null ? '—' : percentText(row.figures.roi)),
      },
      money(pick(text.costPerConversion), (row) => row.figures.costPerConversion),
    ];
    if (withGroups) {
      list.push(
        {
          key: 'treatmentRate', title: `${pick(text.treatment)} · ${pick(text.conversionRate)}`, align: 'right',
          sorter: byNumber((row) => row.treatment?.conversionRate ?? null),
          render: (_, row) => (row.treatment?.conversionRate == null ? '—' : percentText(row.treatment.conversionRate)),
        },
        {
          key: 'controlRate', title: `${pick(text.control)} · ${pick(text.conversionRate)}`, align: 'right',
          sorter: byNumber((row) => row.control?.conversionRate ?? null),
          render: (_, row) => (row.control?.conversionRate == null ? '—' : percentText(row.control.conversionRate)),
        },
        {
          key: 'lift', title: pick(text.lift), align: 'right', sorter: byNumber((row) => row.lift?.conversion.absoluteLift ?? null),
          render: (_, row) => {
            const lift = row.lift?.conversion;
            if (!lift) return '—';
            const verdict = VERDICT_LABELS[lift.verdict];
            return (
              <span style={{ whiteSpace: 'nowrap' }}>
                {lift.absoluteLift === null ? '' : `${pointsText(lift.absoluteLift)} `}
                <Tag color={verdict?.color}>{verdict ? pick(verdict.label) : lift.verdict}</Tag>
              </span>
            );
          },
        },
      );
    }
    return list;
  }, [by, pick, onDrillDown, labelOf, withGroups]);

  return (
    <Table<RoiRow>
      size="small"
      rowKey="key"
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 31 ? { pageSize: 31, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      data-testid={`breakdown-${by}`}
    />
  );
}
