import { Alert, Button, Card, Form, Input, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Serialized } from '@lib/common/serialized';
import type { CustomerListItem } from '@lib/customers/customer.view';
import type { OrgUnitView } from '@lib/org/org-unit.view';
import { OrgUnitSelect, useOrgUnits } from '../../components/org-units';
import { PageContainer } from '../../components/page-container';
import { PagedTable, SearchButtons, usePagedRows } from '../../components/paged-search';
import { useI18n } from '../../i18n/i18n';
import { ValueTierTag } from './customer-tags';
import { GENDER, L } from './labels';

interface Filters {
  q?: string;
  orgUnitId?: number;
}

/** Customer search; the filters and page live in the URL, so going back from a customer keeps the results. */
export default function CustomerSearchPage() {
  const { pick, localName } = useI18n();
  const { units } = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();

  const q = params.get('q') ?? '';
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);

  const { result, loading, error } = usePagedRows<CustomerListItem>('/customers', { q, orgUnitId, page, pageSize });
  // Whenever the URL changes (back, paging), the form shows the filters the results are for.
  useEffect(() => form.setFieldsValue({ q, orgUnitId }), [params, form]);

  const search = (filters: Filters) => {
    const next: Record<string, string> = {};
    if (filters.q?.trim()) next.q = filters.q.trim();
    if (filters.orgUnitId) next.orgUnitId = String(filters.orgUnitId);
    setParams(next);
  };

  const columns: ColumnsType<Serialized<CustomerListItem>> = [
    { title: pick(L.customerNo), dataIndex: 'customerNo', render: (no: string, row) => <Link to={`/customers/${row.id}`}>{no}</Link> },
    { title: pick(L.name), dataIndex: 'name', render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link> },
    { title: pick(L.gender), dataIndex: 'gender', width: 70, render: (g: string | null) => (g && GENDER[g] ? pick(GENDER[g]) : '—') },
    { title: pick(L.birthDate), dataIndex: 'birthDate', width: 120 },
    { title: pick(L.mobile), dataIndex: 'mobile' },
    { title: pick(L.city), dataIndex: 'city' },
    { title: pick(L.orgUnit), dataIndex: 'orgUnitName', render: (name: string, row) => localName(name, row.orgUnitNameEn) },
    { title: pick(L.valueTier), dataIndex: 'valueTier', render: (tier: string | null) => <ValueTierTag tier={tier} /> },
    {
      title: pick(L.doNotContact),
      dataIndex: 'doNotContact',
      width: 90,
      render: (dnc: boolean) => (dnc ? <Tag color="red">{pick(L.doNotContact)}</Tag> : null),
    },
  ];

  return (
    <PageContainer title={pick(L.title)}>
      <Card>
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item name="q" label={pick(L.query)} tooltip={pick(L.queryHelp)}>
            <Input allowClear placeholder={pick(L.query)} style={{ width: 260 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="orgUnitId" label={pick(L.orgUnit)}>
            <OrgUnitSelect placeholder={pick(L.allUnits)} />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              form.resetFields();
              setParams({});
            }}
          />
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      {result?.total === 0 && (q || orgUnitId) && (
        <NoMatch
          q={q}
          unit={orgUnitId ? units.find((unit) => unit.id === orgUnitId) : undefined}
          unitLabel={(unit) => localName(unit.name, unit.nameEn)}
          onSearchAllUnits={() => setParams(q ? { q } : {})}
        />
      )}
      <Card>
        <PagedTable<Serialized<CustomerListItem>>
          columns={columns}
          result={result}
          loading={loading}
          page={page}
          pageSize={pageSize}
          onPage={(nextPage, nextSize) =>
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('page', String(nextPage));
              next.set('pageSize', String(nextSize));
              return next;
            })
          }
        />
      </Card>
    </PageContainer>
  );
}

/** An empty result says what was searched where, and how to find more. */
function NoMatch({ q, unit, unitLabel, onSearchAllUnits }: {
  q: string;
  unit: OrgUnitView | undefined;
  unitLabel: (unit: OrgUnitView) => string;
  onSearchAllUnits: () => void;
}) {
  const { pick } = useI18n();
  const where = unit ? unitLabel(unit) : pick(L.noMatchInUnits);
  return (
    <Alert
      type="info"
      showIcon
      data-testid="customer-search-empty"
      message={q ? pick(L.noMatch, { q }) : pick(L.noCustomerInUnit)}
      description={q ? `${pick(L.noMatchSearched, { unit: where })} ${pick(L.noMatchWiden)}` : undefined}
      action={unit && <Button size="small" onClick={onSearchAllUnits}>{pick(L.noMatchClearUnit)}</Button>}
    />
  );
}
