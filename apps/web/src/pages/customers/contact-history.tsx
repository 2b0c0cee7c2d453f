import { HistoryOutlined } from '@ant-design/icons';
import { Card, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { Serialized } from '@lib/common/serialized';
import type { ContactHistory, ContactHistoryEntry } from '@lib/tracking/contact-history.view';
import { api } from '../../api/client';
import type { CodeLabels } from '../../components/code-tag';
import { CodeTag } from '../../components/code-tag';
import { contactReason } from './contact-reasons';
import type { Text } from '../../i18n/text';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 10;

const T = {
  title: { zh: '接触记录', en: 'Contact history' },
  when: { zh: '时间', en: 'When' },
  event: { zh: '事件', en: 'Event' },
  campaign: { zh: '活动', en: 'Campaign' },
  step: { zh: '步骤', en: 'Step' },
  channel: { zh: '渠道', en: 'Channel' },
  branch: { zh: '机构', en: 'Branch' },
  detail: { zh: '说明', en: 'Detail' },
  proxied: { zh: '代理打开', en: 'Proxy open' },
  proxiedHint: { zh: '由邮件隐私保护或图片代理加载，未必是客户本人打开', en: 'Loaded by a privacy or image proxy, not necessarily by the customer' },
  none: { zh: '暂无接触记录', en: 'No contacts yet' },
} satisfies Record<string, Text>;

const EVENT: CodeLabels = {
  queued: { label: { zh: '已排队', en: 'Queued' }, color: 'default' },
  sent: { label: { zh: '已发送', en: 'Sent' }, color: 'blue' },
  delivered: { label: { zh: '已送达', en: 'Delivered' }, color: 'blue' },
  bounced: { label: { zh: '退信', en: 'Bounced' }, color: 'red' },
  failed: { label: { zh: '失败', en: 'Failed' }, color: 'red' },
  skipped: { label: { zh: '已跳过', en: 'Skipped' }, color: 'orange' },
  opened: { label: { zh: '已打开', en: 'Opened' }, color: 'cyan' },
  clicked: { label: { zh: '已点击', en: 'Clicked' }, color: 'geekblue' },
  unsubscribed: { label: { zh: '已退订', en: 'Unsubscribed' }, color: 'volcano' },
  called: { label: { zh: '已呼叫', en: 'Called' }, color: 'blue' },
  connected: { label: { zh: '已接通', en: 'Connected' }, color: 'cyan' },
  visited: { label: { zh: '已拜访', en: 'Visited' }, color: 'cyan' },
  responded: { label: { zh: '已响应', en: 'Responded' }, color: 'green' },
  converted: { label: { zh: '已成交', en: 'Converted' }, color: 'gold' },
};

const CONTACT_CHANNEL: Record<string, Text> = {
  email: { zh: '邮件', en: 'Email' },
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'SMS' },
  web: { zh: '网站', en: 'Web' },
  agent_visit: { zh: '代理人拜访', en: 'Agent visit' },
};

type Entry = Serialized<ContactHistoryEntry>;

/** Every contact of the customer across campaigns and channels, newest first; hidden while the history does not answer. */
export function ContactHistoryCard({ customerId }: { customerId: number }) {
  const { pick, label, localName } = useI18n();
  const [page, setPage] = useState(1);
  const [history, setHistory] = useState<Serialized<ContactHistory> | null>(null);

  useEffect(() => {
    let live = true;
    api.get<ContactHistory>(`/customers/${customerId}/contact-history`, { page, pageSize: PAGE_SIZE }).then(
      (answer) => live && setHistory(answer),
      () => live && setHistory(null),
    );
    return () => {
      live = false;
    };
  }, [customerId, page]);

  if (!history) return null;
  const columns: ColumnsType<Entry> = [
    { title: pick(T.when), dataIndex: 'occurredAt', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
    {
      title: pick(T.event),
      dataIndex: 'eventType',
      render: (type: string, entry) => (
        <Space size={4}>
          <CodeTag code={type} labels={EVENT} />
          {entry.openProxy && (
            <Tooltip title={pick(T.proxiedHint)}>
              <Tag>{pick(T.proxied)}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: pick(T.campaign), key: 'campaign', render: (_, entry) => entry.campaignName ?? entry.campaignCode },
    { title: pick(T.step), dataIndex: 'stepPosition', render: (position: number | null) => position ?? '—' },
    { title: pick(T.channel), dataIndex: 'channel', render: (channel: string | null) => (channel ? label(CONTACT_CHANNEL, channel) : '—') },
    { title: pick(T.branch), key: 'branch', render: (_, entry) => localName(entry.orgUnitName, entry.orgUnitNameEn) },
    {
      title: pick(T.detail),
      key: 'detail',
      render: (_, entry) => [entry.reason && contactReason(pick, entry.reason), entry.policyNo, entry.premium && `¥${entry.premium}`].filter(Boolean).join(' · ') || '—',
    },
  ];
  return (
    <Card
      title={
        <Space>
          <HistoryOutlined />
          {`${pick(T.title)} (${history.total})`}
        </Space>
      }
      data-testid="contact-history"
    >
      <Table<Entry>
        rowKey={(entry) => `${entry.occurredAt}-${entry.eventType}-${entry.campaignId}-${entry.stepId ?? ''}`}
        size="small"
        columns={columns}
        dataSource={history.items}
        locale={{ emptyText: pick(T.none) }}
        pagination={history.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: history.total, onChange: setPage, showSizeChanger: false } : false}
      />
    </Card>
  );
}
