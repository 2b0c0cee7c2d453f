import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Popconfirm, Result, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CampaignDetail } from '@lib/campaigns/campaign.view';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { Serialized } from '@lib/common/serialized';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { CodeTag } from '../../components/code-tag';
import { useShowError } from '../../components/errors';
import { FormModal } from '../../components/form-modal';
import { LoadFailure } from '../../components/load-failure';
import { useOrgUnits } from '../../components/org-units';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { AmountItem } from './amount-input';
import { BUDGET_APPROVERS, BUDGET_PLANNERS, budgetApi, SPEND_RECORDERS, type CampaignBudget, type RaiseRequest, type SpendLine } from './budget-api';
import { FiguresChart, useFigureColumns } from './budget-figures';
import { budgetText as text, RAISE_STATUS_LABELS, SPEND_CATEGORY_LABELS, SPEND_SOURCE_LABELS } from './budget-text';
import { displayYuan } from './money';
import { RaiseDecision } from './raise-decision';
import { SpendEntryModal } from './spend-entry';

type Campaign = Serialized<CampaignDetail>;
type BranchRow = CampaignBudget['branches'][number];
type ChannelRow = CampaignBudget['channels'][number];

/**
 * One campaign's money: its five figures, the same by branch and by channel with
 * charts, its spend lines (branch executors enter and reverse manual ones) and its
 * raise requests (planners ask, reviewers decide). A county user sees its branch's part.
 */
export default function CampaignBudgetPage() {
  const campaignId = Number(useParams().id);
  const { pick, label, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const { units } = useOrgUnits();
  const [campaign, setCampaign] = useState<Campaign>();
  const [budget, setBudget] = useState<CampaignBudget | null>();
  const [failure, setFailure] = useState<unknown>();
  const [spend, setSpend] = useState<SpendLine[]>([]);
  const [raises, setRaises] = useState<RaiseRequest[]>([]);
  const [enteringSpend, setEnteringSpend] = useState(false);
  const [askingRaise, setAskingRaise] = useState(false);
  const [raiseForm] = Form.useForm<{ amount: string; reason: string }>();

  const branchName = useCallback(
    (id: number, fallback: string) => {
      const unit = units.find((u) => u.id === id);
      return unit ? localName(unit.name, unit.nameEn) : fallback;
    },
    [units, localName],
  );

  const loadMoney = useCallback(async () => {
    try {
      const loaded = await budgetApi.campaignBudget(campaignId);
      setBudget(loaded);
      // Raise requests belong to the whole campaign; a reader of some branches' part has none to see.
      const [lines, requests] = await Promise.all([budgetApi.spendLines(campaignId), loaded.whole ? budgetApi.raiseRequests(campaignId) : []]);
      setSpend(lines);
      setRaises(requests);
    } catch (error) {
      // A campaign not yet approved has no budget of its own: the page says so rather than failing.
      if (error instanceof ApiError && error.status === 404) setBudget(null);
      else showError(error);
    }
  }, [campaignId, showError]);

  useEffect(() => {
    api.get<CampaignDetail>(`/campaigns/${campaignId}`).then((loaded) => {
      setCampaign(loaded);
      void loadMoney();
    }, setFailure);
  }, [campaignId, loadMoney]);

  const channelsOfPlan = useMemo<StepChannel[]>(
    () => [...new Set((campaign?.approved ?? campaign?.open)?.steps.map((s) => s.channel) ?? [])],
    [campaign],
  );
  const branchColumns = useFigureColumns<BranchRow>(useCallback((r: BranchRow) => r.figures, []));
  const channelColumns = useFigureColumns<ChannelRow>(useCallback((r: ChannelRow) => r.figures, []));

  if (failure) return <LoadFailure error={failure} backTo="/budgets/campaigns" backLabel={pick(text.backToList)} />;
  if (!campaign || budget === undefined) return <Spin />;

  const title = pick(text.campaignBudgetTitle, { name: `${campaign.code} ${campaign.name}` });
  const extra = (
    <Space>
      <Link to="/budgets/campaigns">{pick(text.backToList)}</Link>
      <Link to={`/campaigns/${campaign.id}`}>{pick(text.openCampaign)}</Link>
    </Space>
  );
  if (budget === null) {
    return (
      <PageContainer title={title} extra={extra}>
        <Result status="info" title={pick(text.notApproved)} />
      </PageContainer>
    );
  }

  const branches = budget.branches.map((b) => ({ ...b, branchName: branchName(b.branchId, b.branchName) }));
  const splitByBranch = branches.some((b) => b.figures.planned !== null);
  const splitByChannel = budget.channels.some((c) => c.figures.planned !== null);
  const canSpend = hasAnyRole(SPEND_RECORDERS) && !budget.released;
  const canAskRaise = hasAnyRole(BUDGET_PLANNERS) && budget.whole && !budget.released;
  const canDecide = hasAnyRole(BUDGET_APPROVERS);
  // A reversal names the line it corrects by that line's reference, which the branch wrote on its receipt.
  const reversedReference = (lineId: number) => {
    const original = spend.find((l) => l.id === lineId);
    return original?.reference || (original ? `${displayYuan(original.amount)} ${original.spentOn ?? ''}`.trim() : `#${lineId}`);
  };
  const nameOfBranch = (id: number) => branches.find((b) => b.branchId === id)?.branchName ?? `#${id}`;

  const attach = async (line: SpendLine, file: File) => {
    try {
      await budgetApi.attach(campaignId, line.id, file);
      message.success(pick(text.attachmentSaved));
      await loadMoney();
    } catch (error) {
      showError(error);
    }
  };
  const reverse = async (line: SpendLine) => {
    try {
      await budgetApi.reverseSpend(campaignId, line.id);
      message.success(pick(text.spendReversed));
      await loadMoney();
    } catch (error) {
      showError(error);
    }
  };

  const spendColumns: ColumnsType<SpendLine> = [
    { key: 'spentOn', title: pick(text.spentOn), render: (_, l) => <span style={{ whiteSpace: 'nowrap' }}>{l.spentOn ?? dayjs(l.createdAt).format('YYYY-MM-DD')}</span> },
    { key: 'branch', title: pick(text.branch), render: (_, l) => nameOfBranch(l.branchId) },
    { key: 'source', title: pick(text.source), render: (_, l) => <CodeTag code={l.source} labels={SPEND_SOURCE_LABELS} /> },
    {
      key: 'category',
      title: pick(text.category),
      render: (_, l) => {
        const category = l.category ?? spend.find((o) => o.id === l.reverses)?.category;
        if (category) return label(SPEND_CATEGORY_LABELS, category);
        return l.contacts !== null ? `${pick(text.contacts)} ${l.contacts.toLocaleString()}` : '—';
      },
    },
    { key: 'channel', title: pick(text.channel), render: (_, l) => (l.channel ? label(CHANNEL_LABELS, l.channel) : '—') },
    {
      key: 'amount',
      title: pick(text.amount),
      align: 'right',
      render: (_, l) => (
        <Typography.Text delete={l.reversedBy !== null} style={{ whiteSpace: 'nowrap' }}>
          {displayYuan(l.amount)}
        </Typography.Text>
      ),
    },
    { key: 'reference', title: pick(text.reference), render: (_, l) => l.reference || '—' },
    {
      key: 'note',
      title: pick(text.note),
      render: (_, l) => (
        <Space size={4} wrap>
          {l.reverses !== null && <Tag>{pick(text.reversal, { reference: reversedReference(l.reverses) })}</Tag>}
          {l.reversedBy !== null && <Tag color="red">{pick(text.reversed)}</Tag>}
          {l.reverses === null && l.note}
        </Space>
      ),
    },
    {
      key: 'attachment',
      title: pick(text.attachment),
      render: (_, l) => (
        <Space size={4}>
          {l.attachmentName && (
            <a href={budgetApi.attachmentUrl(campaignId, l.id)} download={l.attachmentName} data-testid={`attachment-${l.id}`}>
              <PaperClipOutlined /> {l.attachmentName}
            </a>
          )}
          {canSpend && l.source === 'manual' && l.reverses === null && l.reversedBy === null && (
            <Upload showUploadList={false} beforeUpload={(file) => (void attach(l, file), false)}>
              <Button size="small" icon={<UploadOutlined />}>{pick(l.attachmentName ? text.replaceAttachment : text.attach)}</Button>
            </Upload>
          )}
        </Space>
      ),
    },
    ...(canSpend
      ? [
          {
            key: 'actions',
            title: pick(text.actions),
            render: (_: unknown, l: SpendLine) =>
              l.source === 'manual' && l.reverses === null && l.reversedBy === null ? (
                <Popconfirm title={pick(text.reverseConfirm)} onConfirm={() => reverse(l)} okText={pick(text.reverse)}>
                  <Button size="small" danger data-testid={`reverse-${l.id}`}>{pick(text.reverse)}</Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  const raiseColumns: ColumnsType<RaiseRequest> = [
    { key: 'requestedAt', title: pick(text.requestedAt), render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm')}</span> },
    { key: 'amount', title: pick(text.amount), align: 'right', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{displayYuan(r.amount)}</span> },
    { key: 'reason', title: pick(text.reason), dataIndex: 'reason' },
    { key: 'status', title: pick(text.status), render: (_, r) => <CodeTag code={r.status} labels={RAISE_STATUS_LABELS} /> },
    { key: 'comment', title: pick(text.comment), render: (_, r) => r.comment || '—' },
    ...(canDecide
      ? [{ key: 'actions', title: pick(text.actions), render: (_: unknown, r: RaiseRequest) => (r.status === 'pending' ? <RaiseDecision request={r} onDecided={() => void loadMoney()} /> : null) }]
      : []),
  ];

  return (
    <PageContainer title={title} extra={extra}>
      {!budget.whole && <Alert type="info" showIcon message={pick(text.partOnly)} />}
      {budget.released && <Alert type="warning" showIcon message={pick(text.releasedNote)} />}
      {budget.whole && budget.figures && (
        <Card title={pick(text.figures)}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3, lg: 5, xl: 5, xxl: 5 }} data-testid="campaign-figures">
            {(['planned', 'reserved', 'committed', 'actual', 'remaining'] as const).map((key) => (
              <Descriptions.Item key={key} label={pick(text[key])}>
                <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid={`figure-${key}`}>
                  {displayYuan(budget.figures?.[key])}
                </Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <Card title={pick(text.byBranch)}>
        {!splitByBranch && <Typography.Paragraph type="secondary">{pick(text.notSplit)}</Typography.Paragraph>}
        <Table<BranchRow>
          rowKey="branchId"
          size="small"
          pagination={false}
          dataSource={branches}
          scroll={{ x: 'max-content' }}
          columns={[{ key: 'branch', title: pick(text.branch), dataIndex: 'branchName' }, ...branchColumns]}
          data-testid="branch-figures"
        />
        <FiguresChart rows={branches.map((b) => ({ label: b.branchName, figures: b.figures }))} testId="branch-chart" />
      </Card>
      {budget.whole && (
        <Card title={pick(text.byChannel)}>
          {!splitByChannel && <Typography.Paragraph type="secondary">{pick(text.notSplit)}</Typography.Paragraph>}
          <Table<ChannelRow>
            rowKey="channel"
            size="small"
            pagination={false}
            dataSource={budget.channels}
            scroll={{ x: 'max-content' }}
            columns={[{ key: 'channel', title: pick(text.channel), render: (_, c) => label(CHANNEL_LABELS, c.channel) }, ...channelColumns]}
            data-testid="channel-figures"
          />
          <FiguresChart rows={budget.channels.map((c) => ({ label: label(CHANNEL_LABELS, c.channel), figures: c.figures }))} testId="channel-chart" />
        </Card>
      )}
      <Card
        title={pick(text.spendLines)}
        extra={
          canSpend && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEnteringSpend(true)} data-testid="add-spend">
              {pick(text.addSpend)}
            </Button>
          )
        }
      >
        <Table<SpendLine>
          rowKey="id"
          size="small"
          dataSource={spend}
          columns={spendColumns}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={pick(text.noSpend)} /> }}
          data-testid="spend-lines"
        />
      </Card>
      {budget.whole && (
        <Card
          title={pick(text.raiseRequests)}
          extra={
            canAskRaise && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  raiseForm.resetFields();
                  setAskingRaise(true);
                }}
                data-testid="request-raise"
              >
                {pick(text.requestRaise)}
              </Button>
            )
          }
        >
          <Table<RaiseRequest>
            rowKey="id"
            size="small"
            dataSource={raises}
            columns={raiseColumns}
            scroll={{ x: 'max-content' }}
            pagination={false}
            locale={{ emptyText: <Empty description={pick(text.noRaises)} /> }}
            data-testid="raise-requests"
          />
        </Card>
      )}
      {enteringSpend && (
        <SpendEntryModal
          campaignId={campaignId}
          branches={branches.map((b) => ({ id: b.branchId, name: b.branchName }))}
          channels={budget.whole ? budget.channels.map((c) => c.channel) : channelsOfPlan}
          onClose={() => setEnteringSpend(false)}
          onSaved={() => {
            setEnteringSpend(false);
            void loadMoney();
          }}
        />
      )}
      {askingRaise && (
        <FormModal
          title={pick(text.requestRaise)}
          form={raiseForm}
          onClose={() => setAskingRaise(false)}
          save={async (fields) => {
            await budgetApi.requestRaise(campaignId, fields);
            setAskingRaise(false);
            message.success(pick(text.raiseRequested));
            await loadMoney();
          }}
        >
          <AmountItem testId="raise-amount" />
          <Form.Item name="reason" label={pick(text.reason)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </FormModal>
      )}
    </PageContainer>
  );
}
