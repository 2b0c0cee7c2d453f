import { Alert, Card, Flex } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { CampaignSummary } from '@lib/campaigns/campaign.view';
import { CodeTag } from '../../components/code-tag';
import { PageTitle } from '../../components/page-container';
import { PagedTable, usePagedRows } from '../../components/paged-search';
import { useI18n } from '../../i18n/i18n';
import { yuan } from '../bundles/bundles-page';
import type { CampaignRow } from './campaign-api';
import { campaignText as text, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-text';

/**
 * The reviewer's approval inbox: the submitted campaigns of the reviewer's subtree
 * (the list's status filter); each opens on its page, where the reviewer approves or
 * returns it with comments on fields once the approval route reaches their level.
 */
export default function ApprovalInboxPage() {
  const { pick, label } = useI18n();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const { result, loading, error, reload } = usePagedRows<CampaignSummary>('/campaigns', { status: 'submitted', ...paging });
  // Another reviewer may decide meanwhile: coming back to the tab shows the inbox as it is now.
  useEffect(() => {
    const refresh = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, [reload]);

  const columns: ColumnsType<CampaignRow> = [
    { title: pick(text.code), dataIndex: 'code', width: 110 },
    { title: pick(text.name), dataIndex: 'name', render: (name: string, row) => <Link to={`/campaigns/${row.id}`}>{name}</Link> },
    { title: pick(text.objective), dataIndex: 'objective', render: (code: string) => label(OBJECTIVE_LABELS, code) },
    { title: pick(text.status), dataIndex: 'status', render: (status: string) => <CodeTag code={status} labels={STATUS_LABELS} /> },
    { title: pick(text.period), render: (_, row) => (row.startDate ? `${row.startDate} ~ ${row.endDate ?? ''}` : '—') },
    { title: pick(text.budget), dataIndex: 'budget', align: 'right', render: (budget: string | null) => (budget ? yuan(budget) : '—') },
    { title: pick(text.owner), dataIndex: 'ownerName' },
    { title: pick(text.owningUnit), dataIndex: 'owningOrgUnitName' },
    { title: pick(text.actions), key: 'review', render: (_, row) => <Link to={`/campaigns/${row.id}`} data-testid={`review-${row.id}`}>{pick(text.review)}</Link> },
  ];

  return (
    <Flex vertical gap={16}>
      <PageTitle title={pick(text.inbox)} subtitle={pick(text.inboxSubtitle)} />
      <Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <PagedTable<CampaignRow> columns={columns} result={result} loading={loading} page={paging.page} pageSize={paging.pageSize}
          onPage={(page, pageSize) => setPaging({ page, pageSize })} />
      </Card>
    </Flex>
  );
}
