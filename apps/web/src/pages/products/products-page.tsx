import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ProductView } from '@lib/customers/product.view';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { CodeTag } from '../../components/code-tag';
import { useErrorText } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { L, LINES } from './labels';
import { ProductForm, type Product } from './product-form';

/** The province-wide product catalogue for admins: every product with create and edit. */
export default function ProductsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [products, setProducts] = useState<Product[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);

  const reload = useCallback(() => {
    setLoading(true);
    api
      .get<ProductView[]>('/products')
      .then((list) => {
        setProducts(list);
        setError(undefined);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [errorText]);
  useEffect(reload, [reload]);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return products;
    return products.filter((p) => [p.code, p.name, p.nameEn ?? ''].some((text) => text.toLowerCase().includes(needle)));
  }, [products, filter]);

  const columns: ColumnsType<Product> = [
    { title: pick(L.code), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: pick(L.name), dataIndex: 'name' },
    { title: pick(L.nameEn), dataIndex: 'nameEn', render: (nameEn: string | null) => nameEn || '—' },
    { title: pick(L.line), dataIndex: 'line', render: (line: string) => <CodeTag code={line} labels={LINES} /> },
    {
      title: pick(L.status),
      dataIndex: 'active',
      render: (active: boolean) => (active ? <Tag color="green">{pick(L.active)}</Tag> : <Tag>{pick(L.inactive)}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, product) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(product)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={pick(L.title)}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {pick(L.newProduct)}
        </Button>
      }
    >
      <Alert type="info" showIcon message={pick(L.hint)} />
      {error && <Alert type="error" showIcon message={error} />}
      <Card>
        <Input.Search allowClear placeholder={pick(L.search)} onChange={(e) => setFilter(e.target.value)} style={{ width: 260, marginBottom: 16 }} />
        <Table<Product> rowKey="code" columns={columns} dataSource={shown} loading={loading} pagination={false} size="middle" />
      </Card>
      {editing && (
        <ProductForm
          product={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            message.success(t('common.saved'));
            setEditing(null);
            reload();
          }}
        />
      )}
    </PageContainer>
  );
}
