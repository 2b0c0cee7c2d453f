import { Alert, App, Button, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Lead, LeadStatus } from '@lib/channels/web/web-offer.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { usePagedRows } from '../../components/paged-search';
import { useI18n, type Text } from '../../i18n/i18n';
import { useSession } from '../../session/session';

const TEXT = {
  title: { zh: '网站线索', en: 'Web leads' },
  intro: {
    zh: '客户在网站或 App 上确认办理推荐的组合后，线索交给客户所属的机构跟进。',
    en: 'A customer who accepts an offer on the website or app becomes a lead of the branch that owns the customer, to follow up.',
  },
  status: { zh: '状态', en: 'Status' },
  allStatuses: { zh: '全部状态', en: 'All statuses' },
  customer: { zh: '客户', en: 'Customer' },
  mobile: { zh: '手机', en: 'Mobile' },
  campaign: { zh: '活动', en: 'Campaign' },
  branch: { zh: '机构', en: 'Branch' },
  createdAt: { zh: '确认时间', en: 'Accepted' },
  empty: { zh: '暂无线索。', en: 'No leads.' },
  moveOn: { zh: '跟进', en: 'Follow-up' },
  moveTo: { zh: '将 {customer} 的线索标为{status}', en: 'Mark the lead of {customer} {status}' },
} satisfies Record<string, Text>;

const STATUS_TEXT: Record<LeadStatus, Text> = {
  new: { zh: '新线索', en: 'New' },
  contacted: { zh: '已联系', en: 'Contacted' },
  closed: { zh: '已结束', en: 'Closed' },
};

/** Where a lead may go from each status. */
const NEXT: Record<LeadStatus, LeadStatus[]> = { new: ['contacted', 'closed'], contacted: ['closed'], closed: [] };

/** The leads of accepted web offers for the branches of the user's scope; branch executors move them on. */
export default function LeadsPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { hasAnyRole } = useSession();
  const [status, setStatus] = useState<LeadStatus>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { result, loading, error, reload } = usePagedRows<Lead>('/leads', { status, ...page });
  const mayMove = hasAnyRole(['branch_executor']);
  const statusOptions = (Object.keys(STATUS_TEXT) as LeadStatus[]).map((value) => ({ value, label: pick(STATUS_TEXT[value]) }));

  const move = async (lead: Lead, next: LeadStatus) => {
    try {
      await api.patch<Lead>(`/leads/${lead.id}`, { status: next });
      message.success(pick(STATUS_TEXT[next]));
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <PageContainer title={pick(TEXT.title)}>
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary">{pick(TEXT.intro)}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} />}
        <Select
          aria-label={pick(TEXT.status)}
          style={{ width: 200 }}
          allowClear
          placeholder={pick(TEXT.allStatuses)}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage({ ...page, page: 1 });
          }}
          options={statusOptions}
        />
        <Table<Lead>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={result?.items ?? []}
          locale={{ emptyText: pick(TEXT.empty) }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: result?.total ?? 0, onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }) }}
          columns={[
            { title: pick(TEXT.customer), render: (_, lead) => <Link to={`/customers/${lead.customer.id}`}>{lead.customer.name}</Link> },
            { title: pick(TEXT.mobile), render: (_, lead) => lead.customer.mobile ?? '—' },
            { title: pick(TEXT.campaign), render: (_, lead) => <Link to={`/campaigns/${lead.campaign.id}`}>{lead.campaign.name}</Link> },
            { title: pick(TEXT.branch), render: (_, lead) => lead.branch.name },
            { title: pick(TEXT.createdAt), render: (_, lead) => new Date(lead.createdAt).toLocaleString() },
            { title: pick(TEXT.status), render: (_, lead) => pick(STATUS_TEXT[lead.status]) },
            ...(mayMove
              ? [
                  {
                    title: pick(TEXT.moveOn),
                    render: (_: unknown, lead: Lead) => (
                      <Flex gap={8}>
                        {NEXT[lead.status].map((next) => (
                          <Button key={next} size="small" onClick={() => move(lead, next)} aria-label={pick(TEXT.moveTo, { customer: lead.customer.name, status: pick(STATUS_TEXT[next]) })}>
                            {pick(STATUS_TEXT[next])}
                          </Button>
                        ))}
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </PageContainer>
  );
}
