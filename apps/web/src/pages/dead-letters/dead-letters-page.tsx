import { Alert, App, Button, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { DeadLetter, DeadLettersRetried } from '@lib/dispatch/progress.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { usePagedRows } from '../../components/paged-search';
import { useI18n, type Text } from '../../i18n/i18n';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';

const TEXT = {
  title: { zh: '发送失败待处理', en: 'Dead letters' },
  intro: {
    zh: '这些联系人多次发送失败（对方服务器暂时拒收或连接中断）。排除原因后可重新发送，重新发送前仍会检查接触规则。',
    en: 'These contacts failed every send attempt (the receiving server refused for now, or the connection was lost). Mend the cause, then send them again: the contact rules are checked again first.',
  },
  channel: { zh: '渠道', en: 'Channel' },
  all: { zh: '全部渠道', en: 'All channels' },
  campaign: { zh: '活动', en: 'Campaign' },
  customer: { zh: '客户', en: 'Customer' },
  branch: { zh: '机构', en: 'Branch' },
  attempts: { zh: '尝试次数', en: 'Attempts' },
  lastError: { zh: '最后一次错误', en: 'Last error' },
  lastTried: { zh: '最后尝试时间', en: 'Last tried' },
  retry: { zh: '重新发送所选 {n} 个', en: 'Send the {n} selected again' },
  retried: { zh: '已重新安排 {n} 个联系人', en: '{n} contacts are due again' },
  empty: { zh: '没有待处理的失败联系人。', en: 'No dead letters.' },
  select: { zh: '选择 {customer}（{campaign}）', en: 'Select {customer} ({campaign})' },
} satisfies Record<string, Text>;

type Row = Awaited<ReturnType<typeof api.get<DeadLetter>>>;

/** The channel manager's list of contacts that kept failing, with a way to send them again. */
export default function DeadLettersPage() {
  const { pick, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [channel, setChannel] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const { result, loading, error, reload } = usePagedRows<DeadLetter>('/dead-letters', { channel, ...page });

  const retry = async () => {
    setBusy(true);
    try {
      const answer = await api.post<DeadLettersRetried>('/dead-letters/retry', { contactIds: selected });
      message.success(pick(TEXT.retried, { n: answer.retried }));
      setSelected([]);
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer title={pick(TEXT.title)}>
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary">{pick(TEXT.intro)}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} />}
        <Flex gap={12} wrap>
          <Select
            aria-label={pick(TEXT.channel)}
            style={{ width: 200 }}
            allowClear
            placeholder={pick(TEXT.all)}
            value={channel}
            onChange={(value) => {
              setChannel(value);
              setPage({ ...page, page: 1 });
            }}
            options={Object.keys(CHANNEL_LABELS).map((code) => ({ value: code, label: label(CHANNEL_LABELS, code) }))}
          />
          <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={retry} data-testid="retry-dead-letters">
            {pick(TEXT.retry, { n: selected.length })}
          </Button>
        </Flex>
        <Table<Row>
          rowKey="contactId"
          size="middle"
          loading={loading}
          dataSource={result?.items ?? []}
          locale={{ emptyText: pick(TEXT.empty) }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(Number)),
            getCheckboxProps: (row) => ({ title: pick(TEXT.select, { customer: row.customerName, campaign: row.campaignCode }) }),
          }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: result?.total ?? 0, onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }) }}
          columns={[
            { title: pick(TEXT.campaign), render: (_, row) => <Link to={`/campaigns/${row.campaignId}`}>{row.campaignCode}</Link> },
            { title: pick(TEXT.channel), render: (_, row) => label(CHANNEL_LABELS, row.channel) },
            { title: pick(TEXT.customer), render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
            { title: pick(TEXT.branch), dataIndex: 'orgUnitName' },
            { title: pick(TEXT.attempts), dataIndex: 'attempts', align: 'right' },
            { title: pick(TEXT.lastError), dataIndex: 'lastError', render: (value: string | null) => <Typography.Text style={{ wordBreak: 'break-word' }}>{value ?? '—'}</Typography.Text> },
            { title: pick(TEXT.lastTried), render: (_, row) => new Date(row.lastTriedAt).toLocaleString() },
          ]}
        />
      </Flex>
    </PageContainer>
  );
}
