import { Card, Table } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { BUDGET_APPROVERS, budgetApi, type RaiseRequest } from './budget-api';
import { budgetText as text } from './budget-text';
import { displayYuan } from './money';
import { RaiseDecision } from './raise-decision';

/** The raises waiting for a reviewer, across the campaigns of their subtree; nothing for other roles or when none waits. */
export function PendingRaisesCard({ campaignName }: { campaignName: (id: number) => string }) {
  const { pick } = useI18n();
  const { hasAnyRole } = useSession();
  const isApprover = hasAnyRole(BUDGET_APPROVERS);
  const showError = useShowError();
  const [pending, setPending] = useState<RaiseRequest[]>([]);
  const load = useCallback(() => {
    if (isApprover) budgetApi.pendingRaises().then(setPending, showError);
  }, [isApprover, showError]);
  useEffect(load, [load]);
  if (pending.length === 0) return null;
  return (
    <Card title={pick(text.pendingRaises)} data-testid="pending-raises">
      <Table<RaiseRequest>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pending}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'campaign', title: pick(text.campaign), render: (_, r) => <Link to={`/budgets/campaigns/${r.campaignId}`}>{campaignName(r.campaignId)}</Link> },
          { key: 'amount', title: pick(text.amount), align: 'right', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{displayYuan(r.amount)}</span> },
          { key: 'reason', title: pick(text.reason), dataIndex: 'reason' },
          { key: 'requestedAt', title: pick(text.requestedAt), render: (_, r) => dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm') },
          { key: 'actions', title: pick(text.actions), render: (_, r) => <RaiseDecision request={r} onDecided={load} /> },
        ]}
      />
    </Card>
  );
}
