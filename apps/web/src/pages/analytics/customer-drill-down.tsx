import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { LOCAL_TIME_ZONE } from '@lib/common/local-time';
import { CodeTag } from '../../components/code-tag';
import { useErrorText } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { displayYuan } from '../budgets/money';
import { STATUS_TEXT as CONTACT_STATUS_TEXT } from '../campaigns/campaign-progress';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { TIER } from '../customers/labels';
import { analyticsApi, type DrillDownFilter, type DrillDownLine } from './analytics-api';
import { analyticsText as text, DRILL_DOWN_LABELS } from './analytics-text';

const PAGE_SIZE = 20;

/** What the drawer lists: the filter, and the figure's name and line for the title ("Conversions · Branch A"). */
export interface DrillDownTarget {
  filter: DrillDownFilter;
  /** Where the figure sits, e.g. the breakdown line's label; left out for the campaign whole. */
  scopeLabel?: string;
}

/** A moment on the insurer's clock, as the exports write it: 2026-12-01 14:05. */
const localTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: LOCAL_TIME_ZONE }).slice(0, 16) : '—');

/** The customers behind a figure, a page at a time, with their export in CSV and XLSX. */
export function CustomerDrillDown({ campaignId, target, onClose }: { campaignId: number; target: DrillDownTarget | null; onClose: () => void }) {
  const { pick, label, localName, locale } = useI18n();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: DrillDownLine[]; total: number }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  // Another figure's list starts at its first page, with nothing of the last one's shown meanwhile.
  useEffect(() => {
    setPage(1);
    setData(undefined);
  }, [target]);
  useEffect(() => {
    if (!target) return;
    let stopped = false;
    setLoading(true);
    analyticsApi
      .customers(campaignId, target.filter, page, PAGE_SIZE)
      .then(
        (answer) => {
          if (stopped) return;
          setData(answer);
          setError(undefined);
        },
        (e: unknown) => !stopped && setError(errorText(e)),
      )
      .finally(() => !stopped && setLoading(false));
    return () => {
      stopped = true;
    };
  }, [campaignId, target, page, errorText]);

  const kind = target?.filter.kind ?? 'members';
  const group = target?.filter.group ?? 'treatment';
  const columns = useMemo<ColumnsType<DrillDownLine>>(() => {
    const all: (ColumnsType<DrillDownLine>[number] & { kinds?: string[] })[] = [
      { key: 'customerNo', title: pick(text.customerNo), render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerNo}</Link> },
      { key: 'name', title: pick(text.customerName), dataIndex: 'name' },
      { key: 'mobile', title: pick(text.mobile), dataIndex: 'mobile', render: (value: string | null) => value ?? '—' },
      { key: 'branch', title: pick(text.branch), render: (_, row) => localName(row.orgUnitName, row.orgUnitNameEn) },
      { key: 'valueTier', title: pick(text.valueTier), render: (_, row) => (row.valueTier ? <CodeTag code={row.valueTier} labels={TIER} /> : '—') },
      {
        key: 'step', title: pick(text.step), kinds: ['contacts', 'responders', 'converters'],
        render: (_, row) => (row.stepPosition ? `${pick(text.stepN, { n: row.stepPosition })} · ${label(CHANNEL_LABELS, row.channel ?? '')}` : '—'),
      },
      { key: 'status', title: pick(text.contactStatus), kinds: ['contacts', 'responders'], render: (_, row) => (row.contactStatus ? pick(CONTACT_STATUS_TEXT[row.contactStatus]) : '—') },
      { key: 'contactedAt', title: pick(text.contactedAt), kinds: ['contacts', 'responders'], render: (_, row) => localTime(row.contactedAt) },
      { key: 'respondedAt', title: pick(text.respondedAt), kinds: ['contacts', 'responders', 'converters'], render: (_, row) => localTime(row.respondedAt) },
      { key: 'policyNo', title: pick(text.policyNo), kinds: ['converters'], dataIndex: 'policyNo' },
      { key: 'product', title: pick(text.product), kinds: ['converters'], render: (_, row) => (row.productName ? localName(row.productName, row.productNameEn) : '—') },
      { key: 'premium', title: pick(text.premium), kinds: ['converters'], align: 'right', render: (_, row) => displayYuan(row.premium) },
      { key: 'policyStart', title: pick(text.policyStart), kinds: ['converters'], dataIndex: 'policyStartDate' },
    ];
    return all.filter((column) => !column.kinds || column.kinds.includes(kind)).map(({ kinds: _kinds, ...column }) => column);
  }, [pick, label, localName, kind]);

  const figure = `${pick(group === 'control' ? text.control : text.treatment)} · ${pick(DRILL_DOWN_LABELS[kind])}`;
  const title = pick(text.drillDownTitle, { figure: target?.scopeLabel ? `${figure} · ${target.scopeLabel}` : figure });
  return (
    <Drawer open={target !== null} onClose={onClose} width={1100} title={title} destroyOnClose>
      {target && (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="drill-down">
          <Space>
            <Button icon={<DownloadOutlined />} href={analyticsApi.customersExportUrl(campaignId, target.filter, 'csv', locale)} download data-testid="drill-down-csv">
              {pick(text.exportCsv)}
            </Button>
            <Button icon={<DownloadOutlined />} href={analyticsApi.customersExportUrl(campaignId, target.filter, 'xlsx', locale)} download data-testid="drill-down-xlsx">
              {pick(text.exportXlsx)}
            </Button>
            {data && <Typography.Text type="secondary" data-testid="drill-down-total">{pick(text.linesTotal, { total: data.total })}</Typography.Text>}
          </Space>
          {error && <Alert type="error" showIcon message={error} />}
          <Table<DrillDownLine>
            size="small"
            rowKey={(row) => `${row.customerId}-${row.stepId ?? ''}-${row.policyNo ?? ''}`}
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          />
        </Space>
      )}
    </Drawer>
  );
}
