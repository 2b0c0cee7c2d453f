import type { Page } from '@lib/common/page';
import { Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { TierTag } from '../../components/rule-builder/audience-preview';
import type { PreviewSample } from '../../components/rule-builder/use-live-preview';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { segmentText as text } from './segment-text';

/** A paged table of customers from any paged members endpoint; `version` reloads it. */
export function MemberTable({ load, version = 0 }: { load: (page: number, pageSize: number) => Promise<Page<PreviewSample>>; version?: number }) {
  const { pick, locale, localName } = useI18n();
  const showError = useShowError();
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const [data, setData] = useState<Page<PreviewSample>>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setLoading(true);
    load(paging.page, paging.pageSize)
      .then(setData, showError)
      .finally(() => setLoading(false));
  }, [load, paging, version, showError]);

  return (
    <Table<PreviewSample>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={data?.items ?? []}
      scroll={{ x: true }}
      columns={[
        { title: pick(text.customerNo), dataIndex: 'customerNo', render: (no: string, row) => <Link to={`/customers/${row.id}`}>{no}</Link> },
        { title: pick(text.customerName), dataIndex: 'name' },
        { title: pick(text.mobile), dataIndex: 'mobile' },
        { title: pick(text.owner), dataIndex: 'orgUnitName', render: (name: string, row) => localName(name, row.orgUnitNameEn) },
        { title: pick(text.tier), dataIndex: 'valueTier', render: (tier: string | null) => <TierTag tier={tier} lang={locale} /> },
      ]}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: data?.total ?? 0,
        size: 'small',
        showTotal: (total) => pick(text.total, { total }),
        onChange: (page, pageSize) => setPaging({ page, pageSize }),
      }}
    />
  );
}
