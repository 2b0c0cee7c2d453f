import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useShowError } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS } from '../segments/segment-api';
import { bundleApi, bundlePremium, type Bundle } from './bundle-api';
import { bundleText as text } from './bundle-text';
import { displayYuan } from '../budgets/money';

/** Yuan with two decimals, as every money figure of the UI shows it (displayYuan). */
export const yuan = (n: number | string) => displayYuan(typeof n === 'number' ? n.toFixed(2) : n);

/** The cross-sell bundles the user can see, with their products, price and validity. */
export default function BundlesPage() {
  const { pick } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const navigate = useNavigate();
  const showError = useShowError();
  const [onlyActive, setOnlyActive] = useState(false);
  const [bundles, setBundles] = useState<Bundle[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setLoading(true);
    bundleApi
      .list(onlyActive ? true : undefined)
      .then(setBundles, showError)
      .finally(() => setLoading(false));
  }, [onlyActive, showError]);

  const status = (bundle: Bundle) => {
    if (!bundle.active) return <Badge status="default" text={pick(text.inactive)} />;
    if (dayjs(bundle.validTo).isBefore(dayjs(), 'day')) return <Badge status="warning" text={pick(text.expired)} />;
    return <Badge status="success" text={pick(text.active)} />;
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/bundles/new')} data-testid="new-bundle">{pick(text.newBundle)}</Button>
        )}
      </Flex>
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <Switch checked={onlyActive} onChange={setOnlyActive} size="small" id="bundles-only-active" />
          <label htmlFor="bundles-only-active">{pick(text.onlyActive)}</label>
        </Space>
        <Table<Bundle>
          rowKey="id"
          loading={loading}
          dataSource={bundles}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: pick(text.code), dataIndex: 'code', width: 120 },
            {
              title: pick(text.name),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/bundles/${row.id}`}>{name}</Link>
                  {row.guidance?.shortText && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.guidance.shortText}</Typography.Text>}
                </Space>
              ),
            },
            { title: pick(text.products), dataIndex: 'productCodes', render: (codes: string[]) => codes.map((c) => <Tag key={c}>{c}</Tag>) },
            // Amounts and dates never break inside a number; the name column takes the squeeze instead.
            { title: pick(text.price), dataIndex: 'price', align: 'right', className: 'no-wrap', render: yuan },
            { title: pick(text.discountPct), dataIndex: 'discountPct', align: 'right', className: 'no-wrap', render: (d: number | string) => `${Number(d)}%` },
            { title: pick(text.netPrice), key: 'net', align: 'right', className: 'no-wrap', render: (_, row) => <Typography.Text strong>{yuan(bundlePremium(row).toFixed(2))}</Typography.Text> },
            { title: pick(text.validity), key: 'validity', className: 'no-wrap', render: (_, row) => `${row.validFrom} ~ ${row.validTo}` },
            { title: '', key: 'status', width: 100, render: (_, row) => status(row) },
          ]}
        />
      </Card>
    </Space>
  );
}
