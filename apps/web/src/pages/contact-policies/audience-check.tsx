import { SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, DatePicker, Empty, Flex, Form, InputNumber, Radio, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import type { ContactCheckResult } from '@lib/contact-rules/contact-policy.view';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { EChart, type ChartOption } from '../../components/rule-builder/echart';
import { channelLabels } from '../../components/rule-builder/labels';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { useSegmentOptions } from '../segments/use-segment-options';
import { CHANNELS, contactApi, type Channel, type ContactPolicy } from './contact-api';
import { contactText as text, reasonLabels } from './contact-text';

interface CheckForm {
  policyId: number;
  segmentId: number;
  channels: Channel[];
  at?: Dayjs;
  purpose: 'sales' | 'renewal';
  campaignId?: number;
  priority?: number;
}

const REASON_COLORS = ['#c0504d', '#f28e2b', '#edc948', '#b07aa1', '#76b7b2', '#9c755f', '#ff9da7', '#bab0ac', '#59a14f', '#e15759', '#4e79a7', '#af7aa1', '#86bcb6'];

/** Who in a segment may be contacted on which channel under a policy, and why the others may not. */
export function AudienceCheck({ policies }: { policies: ContactPolicy[] }) {
  const { pick, label, locale } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<CheckForm>();
  const segmentOptions = useSegmentOptions();
  const [result, setResult] = useState<ContactCheckResult>();
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const preferred = policies.find((p) => p.isDefault) ?? policies[0];
    if (preferred && !form.getFieldValue('policyId')) form.setFieldValue('policyId', preferred.id);
  }, [policies, form]);

  const run = async () => {
    const values = await form.validateFields();
    setChecking(true);
    try {
      setResult(
        await contactApi.check(values.policyId, {
          segmentId: values.segmentId,
          channels: values.channels,
          purpose: values.purpose,
          ...(values.at ? { at: values.at.toISOString() } : {}),
          ...(values.campaignId ? { campaignId: values.campaignId } : {}),
          ...(values.priority != null ? { priority: values.priority } : {}),
        }),
      );
    } catch (error) {
      showError(error);
    } finally {
      setChecking(false);
    }
  };

  const channelName = (channel: string) => label(channelLabels, channel);
  const reasonName = (reason: string) => label(reasonLabels, reason);
  const reasons = useMemo(() => [...new Set((result?.byChannel ?? []).flatMap((c) => c.excluded.map((e) => e.reason)))], [result]);
  const chart = useMemo<ChartOption>(() => {
    const channels = result?.byChannel ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: channels.map((c) => channelName(c.channel)) },
      series: [
        { name: pick(text.contactable), type: 'bar', stack: 'all', itemStyle: { color: '#52c41a' }, data: channels.map((c) => c.contactable) },
        ...reasons.map((reason, i) => ({
          name: reasonName(reason),
          type: 'bar',
          stack: 'all',
          itemStyle: { color: REASON_COLORS[i % REASON_COLORS.length] },
          data: channels.map((c) => c.excluded.find((e) => e.reason === reason)?.count ?? 0),
        })),
      ],
    };
  }, [result, reasons, locale]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={8}>
        <Card title={pick(text.check)}>
          <Form form={form} layout="vertical" initialValues={{ channels: ['phone', 'sms', 'email'], purpose: 'sales' }} requiredMark={false}>
            <Form.Item name="policyId" label={pick(text.policy)} rules={[{ required: true, message: pick(text.required) }]}>
              <Select options={policies.map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
            <Form.Item name="segmentId" label={pick(text.segment)} rules={[{ required: true, message: pick(text.chooseSegment) }]}>
              <Select showSearch optionFilterProp="label" options={segmentOptions} data-testid="check-segment" />
            </Form.Item>
            <Form.Item name="channels" label={pick(text.channels)} rules={[{ required: true, type: 'array', min: 1, message: pick(text.chooseChannels) }]}>
              <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: channelName(c) }))} />
            </Form.Item>
            <Form.Item name="at" label={pick(text.at)}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={pick(text.now)} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="purpose" label={pick(text.purpose)}>
              <Radio.Group optionType="button" options={[{ value: 'sales', label: pick(text.sales) }, { value: 'renewal', label: pick(text.renewal) }]} />
            </Form.Item>
            <Space>
              <Form.Item name="campaignId" label={pick(text.campaignId)}>
                <InputNumber min={1} precision={0} />
              </Form.Item>
              <Form.Item name="priority" label={pick(text.priority)}>
                <InputNumber min={0} max={100} precision={0} />
              </Form.Item>
            </Space>
            <Button type="primary" block icon={<SafetyOutlined />} loading={checking} onClick={run} data-testid="run-check">
              {pick(text.runCheck)}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        {!result ? (
          <Card><Empty description={pick(text.check)} /></Card>
        ) : (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Flex gap={48}>
                <Statistic title={pick(text.audience)} value={result.audience} groupSeparator="," />
                <Statistic title={pick(text.contactableAny)} value={result.contactableAnyChannel} groupSeparator="," valueStyle={{ color: '#389e0d' }}
                  suffix={result.audience ? <span style={{ fontSize: 14, color: '#595959' }}>({((result.contactableAnyChannel / result.audience) * 100).toFixed(1)}%)</span> : undefined} />
              </Flex>
            </Card>
            <Card>
              <EChart option={chart} height={Math.max(220, result.byChannel.length * 48 + 80)} testId="check-chart" />
            </Card>
            <Card>
              <Table
                size="small"
                rowKey="channel"
                pagination={false}
                dataSource={result.byChannel}
                data-testid="check-table"
                columns={[
                  { title: pick(text.channel), dataIndex: 'channel', render: channelName },
                  { title: pick(text.contactable), dataIndex: 'contactable', align: 'right', render: (n: number) => n.toLocaleString() },
                  {
                    title: pick(text.excluded),
                    dataIndex: 'excluded',
                    render: (excluded: ContactCheckResult['byChannel'][number]['excluded']) => (
                      <Flex wrap gap={4}>
                        {excluded.filter((e) => e.count > 0).map((e) => <Tag key={e.reason}>{reasonName(e.reason)} · {e.count.toLocaleString()}</Tag>)}
                      </Flex>
                    ),
                  },
                ]}
              />
            </Card>
          </Space>
        )}
      </Col>
    </Row>
  );
}
