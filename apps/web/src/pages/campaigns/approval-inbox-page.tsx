import { Alert, Card, Flex, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { CodeTag } from '../../components/code-tag';
import { useErrorText } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { yuan } from '../bundles/bundles-page';
import { campaignApi, type AwaitingRow } from './campaign-api';
import { campaignText as text, LEVEL_LABELS, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-text';

/**
 * The reviewer's approval inbox: the revisions under review whose next required
 * approval is the reviewer's level (GET /campaigns/awaiting-my-approval), oldest
 * submission first; each opens on its page to be approved or returned with comments.
 */
export default function ApprovalInboxPage() {
  const { pick, label, localName } = useI18n();
  const errorText = useErrorText();
  const [rows, setRows] = useState<AwaitingRow[]>();
  const [error, setError] = useState<string>();

  const reload = useCallback(() => {
    campaignApi.awaitingMyApproval().then(
      (found) => {
        setRows(found);
        setError(undefined);
      },
      (e) => setError(errorText(e)),
    );
  }, [errorText]);
  useEffect(reload, [reload]);
  // Another reviewer may decide meanwhile: coming back to the tab shows the inbox as it is now.
  useEffect(() => {
    const refresh = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, [reload]);

  const columns: ColumnsType<AwaitingRow> = [
    { title: pick(text.code), dataIndex: 'code', width: 110 },
    {
      title: pick(text.name),
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space size={4} wrap>
          <Link to={`/campaigns/${row.id}`}>{name}</Link>
          {row.reviewRevisionNumber > 1 && <Tag>{pick(text.revisionNumber, { n: row.reviewRevisionNumber })}</Tag>}
        </Space>
      ),
    },
    { title: pick(text.objective), dataIndex: 'objective', render: (code: string) => label(OBJECTIVE_LABELS, code) },
    { title: pick(text.status), dataIndex: 'status', render: (status: string) => <CodeTag code={status} labels={STATUS_LABELS} /> },
    { title: pick(text.period), render: (_, row) => (row.startDate ? `${row.startDate} ~ ${row.endDate ?? ''}` : '—') },
    { title: pick(text.budget), dataIndex: 'reviewBudget', align: 'right', render: (budget: string) => yuan(budget) },
    {
      title: pick(text.approvalRoute),
      render: (_, row) => (
        <Space size={4} wrap>
          {row.requiredApprovalLevels.map((level) => (
            <Tag key={level} color={row.givenApprovalLevels.includes(level) ? 'success' : 'default'}>{label(LEVEL_LABELS, String(level))}</Tag>
          ))}
        </Space>
      ),
    },
    { title: pick(text.owner), dataIndex: 'ownerName' },
    { title: pick(text.owningUnit), key: 'owningUnit', render: (_, row) => localName(row.owningOrgUnitName, row.owningOrgUnitNameEn) },
    { title: pick(text.actions), key: 'review', render: (_, row) => <Link to={`/campaigns/${row.id}`} aria-label={`${pick(text.review)}: ${row.name}`}>{pick(text.review)}</Link> },
  ];

  return (
    <Flex vertical gap={16}>
      <PageTitle title={pick(text.inbox)} subtitle={pick(text.inboxSubtitle)} />
      <Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Table<AwaitingRow> rowKey="id" size="middle" loading={!rows && !error} columns={columns} dataSource={rows ?? []} pagination={false} data-testid="approval-inbox" />
      </Card>
    </Flex>
  );
}
