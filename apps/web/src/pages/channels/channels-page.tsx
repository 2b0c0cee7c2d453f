import { Alert, Card, DatePicker, Descriptions, Empty, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ChannelLoadView, ChannelOverviewView, ChannelsOverviewView, RunningStepCostView } from '@lib/channels/channel-overview.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n, type Text } from '../../i18n/i18n';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';

const TEXT = {
  title: { zh: '渠道总览', en: 'Channels' },
  intro: {
    zh: '各渠道在所选日期内各机构的已预订容量与接触量、接触规则中的免打扰时段和节假日、进行中活动的单次接触成本，以及模板和发送失败列表。',
    en: 'For each channel over the dates chosen: capacity booked and contacts by day and branch, the quiet hours and holidays of the contact rules, the cost per contact of running campaigns, and its templates and dead letters.',
  },
  range: { zh: '日期范围', en: 'Dates' },
  day: { zh: '日期', en: 'Day' },
  branch: { zh: '机构', en: 'Branch' },
  booked: { zh: '已预订容量', en: 'Booked' },
  planned: { zh: '待接触', en: 'Still to make' },
  made: { zh: '已接触', en: 'Made' },
  use: { zh: '占用', en: 'Use of booked' },
  noLoad: { zh: '所选日期内没有预订或接触。', en: 'Nothing booked or due on these days.' },
  quietHours: { zh: '免打扰时段', en: 'Quiet hours' },
  none: { zh: '无', en: 'None' },
  holidays: { zh: '不接触的节假日', en: 'Holidays without contacts' },
  defaultCost: { zh: '默认单次接触成本', en: 'Default cost per contact' },
  notSet: { zh: '未设置', en: 'Not set' },
  deadLetters: { zh: '发送失败待处理', en: 'Dead letters' },
  templates: { zh: '消息模板', en: 'Templates' },
  openTemplates: { zh: '查看与预览模板', en: 'See and preview the templates' },
  openDeadLetters: { zh: '{n} 个，查看', en: '{n}, see the list' },
  steps: { zh: '进行中活动的步骤', en: 'Steps of running campaigns' },
  campaign: { zh: '活动', en: 'Campaign' },
  step: { zh: '步骤', en: 'Step' },
  cost: { zh: '单次接触成本', en: 'Cost per contact' },
  noSteps: { zh: '没有进行中的步骤。', en: 'No running step on this channel.' },
} satisfies Record<string, Text>;

type Overview = Awaited<ReturnType<typeof api.get<ChannelsOverviewView>>>;
type Channel = Overview['channels'][number];

/** The channel manager's screen: every channel's capacity and load, rules, costs, templates and dead letters, in the reader's scope. */
export default function ChannelsPage() {
  const { pick } = useI18n();
  const showError = useShowError();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('day'), dayjs().startOf('day').add(13, 'day')]);
  const [overview, setOverview] = useState<Overview>();

  useEffect(() => {
    setOverview(undefined);
    api.get<ChannelsOverviewView>('/channels/overview', { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }).then(setOverview, showError);
  }, [range, showError]);

  return (
    <PageContainer
      title={pick(TEXT.title)}
      extra={
        <DatePicker.RangePicker
          aria-label={pick(TEXT.range)}
          allowClear={false}
          value={range}
          maxDate={range[0].add(61, 'day')}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
        />
      }
    >
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary">{pick(TEXT.intro)}</Typography.Paragraph>
        <Tabs
          items={(overview?.channels ?? []).map((channel) => ({
            key: channel.channel,
            label: pick(CHANNEL_LABELS[channel.channel]),
            children: <ChannelPanel channel={channel} />,
          }))}
        />
        {!overview && <Card loading />}
      </Flex>
    </PageContainer>
  );
}

function ChannelPanel({ channel }: { channel: Channel }) {
  const { pick, localName } = useI18n();
  const use = (row: ChannelLoadView) => (row.booked > 0 ? Math.round(((row.planned + row.made) / row.booked) * 100) : null);
  return (
    <Flex vertical gap={16} data-testid={`channel-${channel.channel}`}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={pick(TEXT.quietHours)}>{channel.quietHours ? `${channel.quietHours.start}–${channel.quietHours.end}` : pick(TEXT.none)}</Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.defaultCost)}>{channel.defaultCostPerContact ? `¥${channel.defaultCostPerContact}` : pick(TEXT.notSet)}</Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.holidays)}>
          {channel.holidays.length === 0 ? pick(TEXT.none) : <Space wrap size={4}>{channel.holidays.map((day) => <Tag key={day}>{day}</Tag>)}</Space>}
        </Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.templates)}>
          <Link to="/templates">{pick(TEXT.openTemplates)}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={pick(TEXT.deadLetters)}>
          <Link to="/dead-letters">{pick(TEXT.openDeadLetters, { n: channel.deadLetters })}</Link>
        </Descriptions.Item>
      </Descriptions>
      <Table<ChannelOverviewView['load'][number]>
        rowKey={(row) => `${row.day}:${row.branchId}`}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={channel.load}
        locale={{ emptyText: <Empty description={pick(TEXT.noLoad)} /> }}
        columns={[
          { title: pick(TEXT.day), dataIndex: 'day' },
          { title: pick(TEXT.branch), render: (_, row) => localName(row.branchName, row.branchNameEn) },
          { title: pick(TEXT.booked), dataIndex: 'booked', align: 'right' },
          { title: pick(TEXT.planned), dataIndex: 'planned', align: 'right' },
          { title: pick(TEXT.made), dataIndex: 'made', align: 'right' },
          {
            title: pick(TEXT.use),
            align: 'right',
            render: (_, row) => {
              const pct = use(row);
              return pct === null ? '—' : <Typography.Text type={pct > 100 ? 'danger' : undefined}>{pct}%</Typography.Text>;
            },
          },
        ]}
      />
      <Card size="small" title={pick(TEXT.steps)}>
        {channel.runningSteps.length === 0 ? (
          <Alert type="info" message={pick(TEXT.noSteps)} />
        ) : (
          <Table<RunningStepCostView>
            rowKey="stepId"
            size="small"
            pagination={false}
            dataSource={channel.runningSteps}
            columns={[
              { title: pick(TEXT.campaign), render: (_, row) => <Link to={`/analytics/campaigns/${row.campaignId}`}>{`${row.campaignCode} ${row.campaignName}`}</Link> },
              { title: pick(TEXT.step), dataIndex: 'position', align: 'right' },
              { title: pick(TEXT.cost), align: 'right', render: (_, row) => `¥${row.costPerContact}` },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
