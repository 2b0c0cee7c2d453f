import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { FormModal } from '../../components/form-modal';
import { OrgUnitSelect, useOrgUnits } from '../../components/org-units';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { BUDGET_APPROVERS, budgetApi, type Pool, type PoolDetail } from './budget-api';
import { FiguresChart, useFigureColumns } from './budget-figures';
import { budgetText as text } from './budget-text';
import { AmountItem } from './amount-input';
import { displayYuan } from './money';

interface PoolNode extends Pool {
  children?: PoolNode[];
}

/** Nests the pools by their parent pool: province → city → county. */
function poolTree(pools: Pool[]): PoolNode[] {
  const nodes = new Map<number, PoolNode>(pools.map((p) => [p.id, { ...p }]));
  const roots: PoolNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentPoolId === null ? undefined : nodes.get(node.parentPoolId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** The tree's rows top to bottom, as the chart lists them. */
function flatten(nodes: PoolNode[]): PoolNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

type Movement = { kind: 'fund' | 'allocate'; pool: Pool };

const THIS_YEAR = new Date().getFullYear();
const YEARS = [THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1];

/** The pools of a fiscal year as a tree with their five figures; reviewers open, fund and allocate them. */
export default function BudgetPoolsPage() {
  const { pick, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const canManage = hasAnyRole(BUDGET_APPROVERS);
  const { message } = App.useApp();
  const showError = useShowError();
  const { units } = useOrgUnits();
  const [fiscalYear, setFiscalYear] = useState(THIS_YEAR);
  const [pools, setPools] = useState<Pool[]>();
  const [expanded, setExpanded] = useState<number[]>([]);
  const [selected, setSelected] = useState<PoolDetail>();
  const [campaignNames, setCampaignNames] = useState<Map<number, { code: string; name: string }>>(new Map());
  const [creating, setCreating] = useState(false);
  const [movement, setMovement] = useState<Movement>();
  const [createForm] = Form.useForm<{ orgUnitId: number; amount: string; note?: string }>();
  const [moveForm] = Form.useForm<{ amount: string; note?: string }>();

  const unitName = useCallback(
    (id: number, fallback: string) => {
      const unit = units.find((u) => u.id === id);
      return unit ? localName(unit.name, unit.nameEn) : fallback;
    },
    [units, localName],
  );

  const load = useCallback(() => {
    budgetApi.pools(fiscalYear).then((list) => {
      setPools(list);
      setExpanded(list.map((p) => p.id));
    }, showError);
  }, [fiscalYear, showError]);
  useEffect(load, [load]);
  useEffect(() => {
    budgetApi.campaignNames().then(setCampaignNames, showError);
  }, [showError]);

  const openPool = useCallback((id: number) => budgetApi.pool(id).then(setSelected, showError), [showError]);
  useEffect(() => setSelected(undefined), [fiscalYear]);

  const tree = useMemo(() => poolTree(pools ?? []), [pools]);
  const chartRows = useMemo(() => flatten(tree).map((p) => ({ label: unitName(p.orgUnitId, p.orgUnitName), figures: p.figures })), [tree, unitName]);
  const figureColumns = useFigureColumns<Pool>(useCallback((p: Pool) => p.figures, []));

  const afterChange = async (pool: Pool) => {
    message.success(pick(text.saved));
    load();
    if (selected?.id === pool.id || selected?.id === pool.parentPoolId) await openPool(selected.id);
  };

  const columns: ColumnsType<PoolNode> = [
    {
      key: 'unit',
      title: pick(text.orgUnit),
      render: (_, p) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => openPool(p.id)} data-testid={`pool-${p.orgUnitId}`}>
          {unitName(p.orgUnitId, p.orgUnitName)}
        </Button>
      ),
    },
    { key: 'received', title: pick(text.received), align: 'right', render: (_, p) => <span style={{ whiteSpace: 'nowrap' }}>{displayYuan(p.received)}</span> },
    ...figureColumns,
    ...(canManage
      ? [
          {
            key: 'actions',
            title: pick(text.actions),
            // Money leaves the pool it comes from: a top pool is funded, a sub-pool is allocated to from a parent the user holds.
            render: (_: unknown, p: PoolNode) =>
              (p.parentPoolId === null || pools?.some((parent) => parent.id === p.parentPoolId)) && (
                <Button
                  size="small"
                  onClick={() => {
                    moveForm.resetFields();
                    setMovement({ kind: p.parentPoolId === null ? 'fund' : 'allocate', pool: p });
                  }}
                  data-testid={`move-${p.orgUnitId}`}
                >
                  {pick(p.parentPoolId === null ? text.fund : text.allocate)}
                </Button>
              ),
          },
        ]
      : []),
  ];

  const campaignColumns = useFigureColumns<PoolDetail['campaigns'][number]>(useCallback((c) => c.figures, []));

  return (
    <PageContainer
      title={pick(text.poolsTitle)}
      extra={
        <Space>
          <Select
            aria-label={pick(text.fiscalYear)}
            value={fiscalYear}
            onChange={setFiscalYear}
            options={YEARS.map((year) => ({ value: year, label: `${pick(text.fiscalYear)} ${year}` }))}
            style={{ width: 160 }}
            data-testid="fiscal-year"
          />
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                createForm.resetFields();
                setCreating(true);
              }}
              data-testid="new-pool"
            >
              {pick(text.newPool)}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Text type="secondary">{pick(text.poolsSubtitle)}</Typography.Text>
      <Card>
        <Table<PoolNode>
          rowKey="id"
          size="small"
          loading={!pools}
          dataSource={tree}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as number[]) }}
          locale={{ emptyText: <Empty description={pick(text.noPools)} /> }}
          data-testid="pool-tree"
        />
      </Card>
      {chartRows.length > 0 && (
        <Card title={pick(text.chartPools)}>
          <FiguresChart rows={chartRows} testId="pool-chart" />
        </Card>
      )}
      {pools && pools.length > 0 && (
        <Card title={selected ? pick(text.poolCampaigns, { unit: unitName(selected.orgUnitId, selected.orgUnitName) }) : pick(text.choosePool)} data-testid="pool-campaigns">
          {selected && (
            <Table
              rowKey="campaignId"
              size="small"
              dataSource={selected.campaigns}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  key: 'campaign',
                  title: pick(text.campaign),
                  render: (_, c) => {
                    const named = campaignNames.get(c.campaignId);
                    return <Link to={`/budgets/campaigns/${c.campaignId}`}>{named ? `${named.code} ${named.name}` : `#${c.campaignId}`}</Link>;
                  },
                },
                ...campaignColumns,
              ]}
            />
          )}
        </Card>
      )}
      {creating && (
        <FormModal
          title={pick(text.newPool)}
          form={createForm}
          onClose={() => setCreating(false)}
          save={async (fields) => {
            const pool = await budgetApi.createPool({ fiscalYear, ...fields });
            setCreating(false);
            await afterChange(pool);
          }}
        >
          <Form.Item label={pick(text.fiscalYear)}>
            <Typography.Text>{fiscalYear}</Typography.Text>
          </Form.Item>
          <Form.Item name="orgUnitId" label={pick(text.orgUnit)} rules={[{ required: true, message: pick(text.required) }]}>
            <OrgUnitSelect placeholder={pick(text.orgUnit)} allowClear={false} />
          </Form.Item>
          <AmountItem extra={pick(text.poolAmountHint)} testId="pool-amount" />
          <Form.Item name="note" label={pick(text.note)}>
            <Input maxLength={300} />
          </Form.Item>
        </FormModal>
      )}
      {movement && (
        <FormModal
          title={pick(movement.kind === 'fund' ? text.fundTitle : text.allocateTitle, { unit: unitName(movement.pool.orgUnitId, movement.pool.orgUnitName) })}
          form={moveForm}
          onClose={() => setMovement(undefined)}
          save={async (fields) => {
            const pool = await (movement.kind === 'fund' ? budgetApi.fund : budgetApi.allocate)(movement.pool.id, fields);
            setMovement(undefined);
            await afterChange(pool);
          }}
        >
          <AmountItem signed extra={pick(text.signedAmountHint)} testId="movement-amount" />
          <Form.Item name="note" label={pick(text.note)}>
            <Input maxLength={300} />
          </Form.Item>
        </FormModal>
      )}
    </PageContainer>
  );
}
