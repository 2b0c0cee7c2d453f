import { Alert, Card, Descriptions, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { CampaignConversions } from '@lib/attribution/campaign-conversions.view';
import type { ContactStatus } from '@lib/contact-rules/contact-status';
import type { CampaignProgress, StatusCounts, StepDispatchState } from '@lib/dispatch/progress.view';
import { api } from '../../api/client';
import { useErrorText } from '../../components/errors';
import { displayYuan } from '../budgets/money';
import { useI18n, type Text } from '../../i18n/i18n';
import { reasonLabels } from '../contact-policies/contact-text';
import { CHANNEL_LABELS } from './campaign-text';

/** How often a running campaign's figures are read again. */
const REFRESH_MS = 3000;

/** The statuses shown, in the order a contact passes them. */
const SHOWN: ContactStatus[] = ['planned', 'queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'skipped', 'bounced', 'failed', 'dead', 'cancelled'];

/** Each contact status in words; the drill-down lists show them too. */
export const STATUS_TEXT: Record<ContactStatus, Text> = {
  planned: { zh: '待发送', en: 'Waiting' },
  queued: { zh: '已排队', en: 'Queued' },
  sending: { zh: '发送中', en: 'Sending' },
  sent: { zh: '已发送', en: 'Sent' },
  delivered: { zh: '已送达', en: 'Delivered' },
  opened: { zh: '已打开', en: 'Opened' },
  clicked: { zh: '已点击', en: 'Clicked' },
  called: { zh: '已呼叫', en: 'Called' },
  connected: { zh: '已接通', en: 'Connected' },
  visited: { zh: '已拜访', en: 'Visited' },
  failed: { zh: '失败', en: 'Failed' },
  skipped: { zh: '发送时跳过', en: 'Skipped at send time' },
  bounced: { zh: '退信', en: 'Bounced' },
  dead: { zh: '多次失败待处理', en: 'Dead letter' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

const STATE_TEXT: Record<StepDispatchState, { text: Text; color: string }> = {
  waiting: { text: { zh: '等待发送时间', en: 'Waiting for its time' }, color: 'default' },
  sending: { text: { zh: '发送中', en: 'Sending' }, color: 'processing' },
  budget_exhausted: { text: { zh: '预算用尽，已停止', en: 'Stopped: budget exhausted' }, color: 'error' },
  done: { text: { zh: '已完成', en: 'Done' }, color: 'success' },
};

const TEXT = {
  audience: { zh: '冻结受众', en: 'Frozen audience' },
  control: { zh: '对照组（不接触）', en: 'Control group (not contacted)' },
  step: { zh: '步骤 {n}', en: 'Step {n}' },
  branch: { zh: '机构', en: 'Branch' },
  skippedReasons: { zh: '发送时跳过原因', en: 'Skipped at send time, by reason' },
  leftOut: { zh: '启动时排除', en: 'Left out at launch' },
  engaged: { zh: '互动（每个联系人计一次）', en: 'Engagement (each contact once)' },
  opened: { zh: '打开', en: 'Opened' },
  openedDirectly: { zh: '非代理打开', en: 'Opened, not by a proxy' },
  clicked: { zh: '点击', en: 'Clicked' },
  unsubscribed: { zh: '退订', en: 'Unsubscribed' },
  none: { zh: '无', en: 'None' },
  notLaunched: { zh: '活动尚未启动。', en: 'The campaign has not been launched yet.' },
  conversions: { zh: '成交（按归因规则）', en: 'Conversions (by the attribution rule)' },
  group: { zh: '组别', en: 'Group' },
  treatment: { zh: '营销组', en: 'Treatment' },
  controlGroup: { zh: '对照组', en: 'Control' },
  members: { zh: '成员', en: 'Members' },
  converters: { zh: '成交客户', en: 'Converters' },
  rate: { zh: '成交率', en: 'Conversion rate' },
  premium: { zh: '保费（元）', en: 'Premium (yuan)' },
} satisfies Record<string, Text>;

type Progress = Awaited<ReturnType<typeof api.get<CampaignProgress>>>;
type Conversions = Awaited<ReturnType<typeof api.get<CampaignConversions>>>;

/** Live figures of a launched campaign per step and branch, read again every few seconds while it runs. */
export function CampaignProgressCard({ campaignId, live }: { campaignId: number; live: boolean }) {
  const { pick, label, localName } = useI18n();
  const errorText = useErrorText();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [conversions, setConversions] = useState<Conversions>();

  useEffect(() => {
    let stopped = false;
    const read = () =>
      Promise.all([api.get<CampaignProgress>(`/campaigns/${campaignId}/progress`), api.get<CampaignConversions>(`/campaigns/${campaignId}/conversions`)]).then(
        ([answer, converted]) => !stopped && (setProgress(answer), setConversions(converted), setError(undefined)),
        (e: { status?: number }) => !stopped && (e.status === 404 ? setMissing(true) : setError(errorText(e))),
      );
    void read();
    const timer = live ? setInterval(read, REFRESH_MS) : undefined;
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
    };
  }, [campaignId, live, errorText]);

  if (missing) return <Alert type="info" showIcon message={pick(TEXT.notLaunched)} />;
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!progress) return <Card size="small" loading />;

  const reason = (code: string) => (reasonLabels[code] ? pick(reasonLabels[code]) : code);
  const countsOf = (counts: StatusCounts) => SHOWN.filter((status) => counts[status]);

  return (
    <Flex vertical gap={16} data-testid="campaign-progress">
      <Flex gap={32} wrap>
        <Statistic title={pick(TEXT.audience)} value={progress.audience} />
        <Statistic title={pick(TEXT.control)} value={progress.control} />
      </Flex>
      {conversions && (
        <Card size="small" title={pick(TEXT.conversions)} data-testid="campaign-conversions">
          <Table
            size="small"
            rowKey="group"
            pagination={false}
            dataSource={[
              { group: pick(TEXT.treatment), ...conversions.treatment },
              { group: pick(TEXT.controlGroup), ...conversions.control },
            ]}
            columns={[
              { title: pick(TEXT.group), dataIndex: 'group' },
              { title: pick(TEXT.members), dataIndex: 'members', align: 'right' },
              { title: pick(TEXT.converters), dataIndex: 'converters', align: 'right' },
              { title: pick(TEXT.rate), align: 'right', render: (_, row) => (row.members ? `${((100 * row.converters) / row.members).toFixed(1)}%` : '—') },
              { title: pick(TEXT.premium), align: 'right', render: (_, row) => displayYuan(row.premium) },
            ]}
          />
        </Card>
      )}
      {progress.steps.map((step) => (
        <Card
          key={step.stepId}
          size="small"
          data-testid={`progress-step-${step.position}`}
          title={
            <Flex gap={8} align="center" wrap>
              <span>{pick(TEXT.step, { n: step.position })} · {label(CHANNEL_LABELS, step.channel)}</span>
              <Tag color={STATE_TEXT[step.state].color} data-testid="step-state">{pick(STATE_TEXT[step.state].text)}</Tag>
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <Flex gap={24} wrap>
              {countsOf(step.counts).map((status) => (
                <Statistic key={status} title={pick(STATUS_TEXT[status])} value={step.counts[status]} data-testid={`count-${status}`} />
              ))}
            </Flex>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={pick(TEXT.skippedReasons)}>
                {step.skipped.length === 0 ? pick(TEXT.none) : step.skipped.map((row) => `${reason(row.reason)} ${row.count}`).join('，')}
              </Descriptions.Item>
              <Descriptions.Item label={pick(TEXT.leftOut)}>
                {step.leftOut.length === 0 ? pick(TEXT.none) : step.leftOut.map((row) => `${reason(row.reason)} ${row.count}`).join('，')}
              </Descriptions.Item>
              {step.channel === 'email' && (
                <Descriptions.Item label={pick(TEXT.engaged)}>
                  {pick(TEXT.opened)} {step.engaged.opened} · {pick(TEXT.openedDirectly)} {step.engaged.openedDirectly} · {pick(TEXT.clicked)}{' '}
                  {step.engaged.clicked} · {pick(TEXT.unsubscribed)} {step.engaged.unsubscribed}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Table
              size="small"
              rowKey="orgUnitId"
              pagination={false}
              dataSource={step.byBranch}
              columns={[
                { title: pick(TEXT.branch), render: (_, row) => localName(row.orgUnitName, row.orgUnitNameEn) },
                ...countsOf(step.counts).map((status) => ({
                  title: <Typography.Text style={{ whiteSpace: 'nowrap' }}>{pick(STATUS_TEXT[status])}</Typography.Text>,
                  align: 'right' as const,
                  render: (_: unknown, row: (typeof step.byBranch)[number]) => row.counts[status] ?? 0,
                })),
              ]}
            />
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
