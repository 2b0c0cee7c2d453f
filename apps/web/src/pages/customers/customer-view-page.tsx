import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { Serialized } from '@lib/common/serialized';
import type { CustomerClaim, CustomerPolicy, CustomerProfile, CustomerView } from '@lib/customers/customer.view';
import { api, ApiError } from '../../api/client';
import { CodeTag } from '../../components/code-tag';
import { useErrorText } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { ValueTierTag } from './customer-tags';
import { CHANNEL, CLAIM_STATUS, CONSENT, GENDER, L, POLICY_STATUS } from './labels';
import { ContactHistoryCard } from './contact-history';
import { NextBestOffers } from './next-best-offers';
import { PageHeading } from '../../components/page-container';

function money(value: number): string {
  return value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

type Customer = Serialized<CustomerProfile>;

function Consents({ customer }: { customer: Customer }) {
  const { pick } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {(Object.keys(CONSENT) as (keyof typeof CONSENT)[]).map((channel) =>
        customer.consents[channel] ? (
          <Tag key={channel} color="green" icon={<CheckCircleFilled />}>
            {pick(CONSENT[channel])}
          </Tag>
        ) : (
          <Tag key={channel} icon={<CloseCircleOutlined />} style={{ color: '#595959', textDecoration: 'line-through' }}>
            {pick(CONSENT[channel])}
          </Tag>
        ),
      )}
    </Space>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const { pick, localName } = useI18n();
  const dash = (v: string | number | null) => (v === null || v === '' ? '—' : v);
  return (
    <Card
      title={pick(L.profile)}
      extra={
        customer.personalDataMasked && (
          <Tag icon={<EyeInvisibleOutlined />} color="default">
            {pick(L.masked)}
          </Tag>
        )
      }
    >
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
        <Descriptions.Item label={pick(L.customerNo)}>{customer.customerNo}</Descriptions.Item>
        <Descriptions.Item label={pick(L.idNumber)}>{dash(customer.idNumber)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.gender)}>{customer.gender && GENDER[customer.gender] ? pick(GENDER[customer.gender]) : '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(L.birthDate)}>
          {dash(customer.birthDate)}
          {customer.age !== null && ` (${customer.age})`}
        </Descriptions.Item>
        <Descriptions.Item label={pick(L.mobile)}>{dash(customer.mobile)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.email)}>{dash(customer.email)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.city)}>{dash(customer.city)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.orgUnit)}>{localName(customer.orgUnitName, customer.orgUnitNameEn)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.valueScore)}>{customer.valueScore === null ? '—' : Number(customer.valueScore).toFixed(1)}</Descriptions.Item>
        <Descriptions.Item label={pick(L.consents)} span={{ xs: 1, md: 2, xl: 3 }}>
          <Consents customer={customer} />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Policies({ policies }: { policies: CustomerPolicy[] }) {
  const { pick, label, localName } = useI18n();
  const columns: ColumnsType<CustomerPolicy> = [
    { title: pick(L.policyNo), dataIndex: 'policyNo' },
    { title: pick(L.product), dataIndex: 'productName', render: (name: string, p) => <span title={p.productCode}>{localName(name, p.productNameEn)}</span> },
    { title: pick(L.premium), dataIndex: 'premium', align: 'right', render: money },
    { title: pick(L.period), key: 'period', render: (_, p) => `${p.startDate} ~ ${p.endDate}` },
    { title: pick(L.status), dataIndex: 'status', render: (s: string) => <CodeTag code={s} labels={POLICY_STATUS} /> },
    { title: pick(L.channel), dataIndex: 'channel', render: (c: string | null) => (c ? label(CHANNEL, c) : '—') },
  ];
  return (
    <Card title={`${pick(L.policies)} (${policies.length})`} data-testid="policies">
      <Table<CustomerPolicy> rowKey="id" size="small" columns={columns} dataSource={policies} pagination={false} locale={{ emptyText: pick(L.noPolicies) }} />
    </Card>
  );
}

function Claims({ claims }: { claims: CustomerClaim[] }) {
  const { pick } = useI18n();
  const columns: ColumnsType<CustomerClaim> = [
    { title: pick(L.claimNo), dataIndex: 'claimNo' },
    { title: pick(L.policyNo), dataIndex: 'policyNo' },
    { title: pick(L.claimDate), dataIndex: 'claimDate' },
    { title: pick(L.amount), dataIndex: 'amount', align: 'right', render: money },
    { title: pick(L.status), dataIndex: 'status', render: (s: string) => <CodeTag code={s} labels={CLAIM_STATUS} /> },
  ];
  return (
    <Card title={`${pick(L.claims)} (${claims.length})`} data-testid="claims">
      <Table<CustomerClaim> rowKey="id" size="small" columns={columns} dataSource={claims} pagination={false} locale={{ emptyText: pick(L.noClaims) }} />
    </Card>
  );
}

/** The single customer view: profile, consents, value tier, policies, claims and the next best offer. */
export default function CustomerViewPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { t, pick } = useI18n();
  const errorText = useErrorText();
  const [view, setView] = useState<Serialized<CustomerView>>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    setView(undefined);
    setError(undefined);
    api.get<CustomerView>(`/customers/${id}`).then(setView, (e) =>
      setError(e instanceof ApiError && e.status === 404 ? pick(L.notFound) : errorText(e)),
    );
  }, [id, errorText, pick]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      {t('common.back')}
    </Button>
  );

  if (error) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {back}
        <Alert type="error" showIcon message={error} />
      </Space>
    );
  }
  if (!view) return <Skeleton active paragraph={{ rows: 8 }} />;

  const { customer } = view;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center" size="middle" wrap>
        {back}
        <PageHeading testId="customer-name">{customer.name}</PageHeading>
        <Typography.Text type="secondary">{customer.customerNo}</Typography.Text>
        {customer.valueTier && <ValueTierTag tier={customer.valueTier} />}
        {customer.doNotContact ? (
          <Tag color="red">{customer.doNotContactAt ? pick(L.doNotContactSince, { date: customer.doNotContactAt.slice(0, 10) }) : pick(L.doNotContact)}</Tag>
        ) : (
          <Tag color="green">{pick(L.contactable)}</Tag>
        )}
      </Space>
      <Profile customer={customer} />
      <NextBestOffers customerId={customer.id} />
      <Policies policies={view.policies} />
      <Claims claims={view.claims} />
      <ContactHistoryCard customerId={customer.id} />
    </Space>
  );
}
