import { Alert, Button, Card, Flex, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { SharedCustomer } from '@lib/campaigns/campaign.view';
import { CodeTag } from '../../components/code-tag';
import { useErrorText } from '../../components/errors';
import { PagedTable, usePagedRows } from '../../components/paged-search';
import { useI18n } from '../../i18n/i18n';
import { campaignApi, type Overlap } from './campaign-api';
import { campaignText as text, STATUS_LABELS } from './campaign-text';

type SharedRow = Overlap['campaigns'][number];

/** How many of the campaign's customers the scheduled, running and paused campaigns already hold, and who they are. */
export function CampaignOverlapCard({ campaignId }: { campaignId: number }) {
  const { pick } = useI18n();
  const errorText = useErrorText();
  const [overlap, setOverlap] = useState<Overlap>();
  const [error, setError] = useState<string>();
  const [other, setOther] = useState<number>();
  useEffect(() => {
    campaignApi.overlap(campaignId).then(setOverlap, (e) => setError(errorText(e)));
  }, [campaignId, errorText]);

  return (
    <Card size="small" data-testid="campaign-overlap">
      {error && <Alert type="error" showIcon message={error} />}
      {overlap && (
        <Flex vertical gap={16}>
          <Statistic title={pick(text.forecastAudience)} value={overlap.audience} />
          <Table<SharedRow>
            size="small"
            rowKey="campaignId"
            pagination={false}
            dataSource={overlap.campaigns}
            locale={{ emptyText: pick(text.noOverlap) }}
            columns={[
              { title: pick(text.code), dataIndex: 'code', width: 110 },
              { title: pick(text.name), dataIndex: 'name', render: (name: string, row) => <Link to={`/campaigns/${row.campaignId}`}>{name}</Link> },
              { title: pick(text.status), dataIndex: 'status', render: (status: string) => <CodeTag code={status} labels={STATUS_LABELS} /> },
              { title: pick(text.sharedCustomers), dataIndex: 'sharedCustomers', align: 'right' },
              {
                title: pick(text.actions),
                key: 'show',
                render: (_, row) => (
                  <Button size="small" type={other === row.campaignId ? 'primary' : 'default'} onClick={() => setOther(row.campaignId)}
                    aria-label={`${pick(text.showShared)}: ${row.name}`} data-testid={`show-shared-${row.campaignId}`}>
                    {pick(text.showShared)}
                  </Button>
                ),
              },
            ]}
          />
          {other && <SharedCustomers campaignId={campaignId} other={other} />}
        </Flex>
      )}
    </Card>
  );
}

function SharedCustomers({ campaignId, other }: { campaignId: number; other: number }) {
  const { pick } = useI18n();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const { result, loading, error } = usePagedRows<SharedCustomer>(`/campaigns/${campaignId}/overlap/customers`, { campaignId: other, ...paging });
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 15 }}>{pick(text.sharedCustomers)}</Typography.Title>
      {error && <Alert type="error" showIcon message={error} />}
      <PagedTable<SharedCustomer>
        columns={[
          { title: pick(text.customerNo), dataIndex: 'customerNo', render: (no: string, row) => <Link to={`/customers/${row.id}`}>{no}</Link> },
          { title: pick(text.customerName), dataIndex: 'name' },
          { title: pick(text.owningUnit), dataIndex: 'orgUnitName' },
        ]}
        result={result}
        loading={loading}
        page={paging.page}
        pageSize={paging.pageSize}
        onPage={(page, pageSize) => setPaging({ page, pageSize })}
      />
    </div>
  );
}
