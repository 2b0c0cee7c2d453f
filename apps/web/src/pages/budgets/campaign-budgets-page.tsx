import { Card, Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Serialized } from '@lib/common/serialized';
import type { CampaignSummary } from '@lib/campaigns/campaign.view';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { OrgUnitSelect, useOrgUnits } from '../../components/org-units';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { budgetApi, type BudgetFigures, type CampaignBudget } from './budget-api';
import { FiguresChart, useFigureColumns } from './budget-figures';
import { budgetText as text } from './budget-text';
import { PendingRaisesCard } from './pending-raises-card';

/** One line of the table: a campaign whole, or one branch's part of it. */
interface BudgetRow {
  key: string;
  campaignId: number;
  released: boolean;
  branchId: number | null;
  branchName: string | null;
  figures: BudgetFigures | null;
}

const PAGE_SIZE = 20;

/**
 * The budgets of the approved campaigns the user sees. Chosen a branch, each campaign
 * shows that branch's part: the branch's own view. A county user, who sees only its
 * branch's part, always gets that.
 */
export default function CampaignBudgetsPage() {
  const { pick, localName } = useI18n();
  const showError = useShowError();
  const { units } = useOrgUnits();
  const [branchId, setBranchId] = useState<number>();
  const [page, setPage] = useState(1);
  const [budgets, setBudgets] = useState<{ items: CampaignBudget[]; total: number }>();
  const [campaigns, setCampaigns] = useState<Map<number, Serialized<CampaignSummary>>>(new Map());

  useEffect(() => {
    budgetApi.campaignBudgets({ branchId, page, pageSize: PAGE_SIZE }).then(setBudgets, showError);
  }, [branchId, page, showError]);
  useEffect(() => {
    budgetApi.campaignNames().then(setCampaigns, showError);
  }, [showError]);

  const branchLabel = useCallback(
    (id: number, fallback: string) => {
      const unit = units.find((u) => u.id === id);
      return unit ? localName(unit.name, unit.nameEn) : fallback;
    },
    [units, localName],
  );

  const rows = useMemo<BudgetRow[]>(
    () =>
      (budgets?.items ?? []).flatMap((b): BudgetRow[] => {
        if (b.whole && branchId === undefined) {
          return [{ key: `${b.campaignId}`, campaignId: b.campaignId, released: b.released, branchId: null, branchName: null, figures: b.figures }];
        }
        return b.branches
          .filter((branch) => branchId === undefined || branch.branchId === branchId)
          .map((branch) => ({
            key: `${b.campaignId}-${branch.branchId}`,
            campaignId: b.campaignId,
            released: b.released,
            branchId: branch.branchId,
            branchName: branchLabel(branch.branchId, branch.branchName),
            figures: branch.figures,
          }));
      }),
    [budgets, branchId, branchLabel],
  );

  const campaignName = (id: number) => {
    const c = campaigns.get(id);
    return c ? `${c.code} ${c.name}` : `#${id}`;
  };
  const figureColumns = useFigureColumns<BudgetRow>(useCallback((r: BudgetRow) => r.figures, []));
  const columns: ColumnsType<BudgetRow> = [
    {
      key: 'campaign',
      title: pick(text.campaign),
      render: (_, r) => (
        <span>
          <Link to={`/budgets/campaigns/${r.campaignId}`}>{campaignName(r.campaignId)}</Link>
          {r.released && <Tag style={{ marginInlineStart: 8 }}>{pick(text.released)}</Tag>}
        </span>
      ),
    },
    { key: 'branch', title: pick(text.branch), render: (_, r) => r.branchName ?? <Typography.Text type="secondary">{pick(text.wholeCampaign)}</Typography.Text> },
    ...figureColumns,
  ];

  // Codes keep the axis short; the tooltip names the campaign (and the branch) in full.
  const chartRows = rows.map((r) => {
    const code = campaigns.get(r.campaignId)?.code ?? `#${r.campaignId}`;
    const withBranch = r.branchName && branchId === undefined;
    return {
      label: withBranch ? `${code} · ${r.branchName}` : code,
      title: withBranch ? `${campaignName(r.campaignId)} · ${r.branchName}` : campaignName(r.campaignId),
      figures: r.figures,
    };
  });

  return (
    <PageContainer
      title={pick(text.campaignsTitle)}
      extra={
        <OrgUnitSelect
          value={branchId}
          onChange={(id) => {
            setBranchId(id);
            setPage(1);
          }}
          placeholder={pick(text.branchFilter)}
        />
      }
    >
      <Typography.Text type="secondary">{pick(text.campaignsSubtitle)}</Typography.Text>
      <PendingRaisesCard campaignName={campaignName} />
      <Card>
        <Table<BudgetRow>
          rowKey="key"
          size="small"
          loading={!budgets}
          dataSource={rows}
          columns={columns}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: budgets?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          locale={{ emptyText: <Empty description={pick(text.noCampaignBudgets)} /> }}
          data-testid="campaign-budgets"
        />
      </Card>
      {chartRows.length > 0 && (
        <Card title={pick(text.chartCampaigns)}>
          <FiguresChart rows={chartRows} testId="campaign-budgets-chart" />
        </Card>
      )}
    </PageContainer>
  );
}
