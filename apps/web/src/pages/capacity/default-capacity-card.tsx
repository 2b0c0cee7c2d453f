import { App, Button, Card, Form, InputNumber, Radio, Space, Table, Typography } from 'antd';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { useEffect, useState } from 'react';
import { useFormErrors } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { capacityApi, type CapacityDefault } from './capacity-api';
import { capacityText as text } from './capacity-text';

interface DefaultFields {
  mode: 'seats' | 'daily';
  seats?: number;
  contactsPerSeat?: number;
  dailyCapacity?: number;
}

/**
 * A channel's default daily capacity at the chosen branch — seats × contacts per seat
 * for the call centre, a daily count for agent visits — and the defaults of every branch.
 */
export function DefaultCapacityCard({
  channel,
  branchId,
  defaults,
  canEdit,
  onSaved,
  onChooseBranch,
  branchLabel,
}: {
  channel: StepChannel;
  branchId: number | undefined;
  defaults: CapacityDefault[];
  canEdit: boolean;
  onSaved: () => void;
  onChooseBranch: (branchId: number) => void;
  /** The branch's name in the reader's language. */
  branchLabel: (branchId: number, fallback: string) => string;
}) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const formErrors = useFormErrors();
  const [form] = Form.useForm<DefaultFields>();
  const [saving, setSaving] = useState(false);
  const mode = Form.useWatch('mode', form);
  const current = defaults.find((d) => d.branchId === branchId);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(
      current
        ? { mode: current.seats !== null ? 'seats' : 'daily', seats: current.seats ?? undefined, contactsPerSeat: current.contactsPerSeat ?? undefined, dailyCapacity: current.dailyCapacity }
        : { mode: channel === 'phone' ? 'seats' : 'daily' },
    );
  }, [form, current, channel, branchId]);

  const save = async ({ mode: chosen, seats, contactsPerSeat, dailyCapacity }: DefaultFields) => {
    if (branchId === undefined) return;
    setSaving(true);
    try {
      await capacityApi.setDefault(channel, branchId, chosen === 'seats' ? { seats, contactsPerSeat } : { dailyCapacity });
      message.success(pick(text.saved));
      onSaved();
    } catch (error) {
      message.error(formErrors(form, error), 6);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={pick(text.defaultTitle)} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{pick(text.defaultHint)}</Typography.Paragraph>
      {branchId !== undefined && (
        <Form form={form} layout="vertical" onFinish={save} disabled={!canEdit}>
          <Form.Item label={pick(text.current)}>
            <Typography.Text strong data-testid="current-default">
              {current ? current.dailyCapacity.toLocaleString() : pick(text.notLimited)}
            </Typography.Text>
          </Form.Item>
          <Form.Item name="mode" label={pick(text.mode)}>
            <Radio.Group
              options={[
                { value: 'seats', label: pick(text.bySeats) },
                { value: 'daily', label: pick(text.byDay) },
              ]}
            />
          </Form.Item>
          {mode === 'seats' ? (
            <Space wrap>
              <Form.Item name="seats" label={pick(text.seats)} rules={[{ required: true, message: pick(text.required) }]}>
                <InputNumber min={0} max={1_000_000} precision={0} data-testid="default-seats" />
              </Form.Item>
              <Form.Item name="contactsPerSeat" label={pick(text.contactsPerSeat)} rules={[{ required: true, message: pick(text.required) }]}>
                <InputNumber min={0} max={1_000_000} precision={0} data-testid="default-per-seat" />
              </Form.Item>
            </Space>
          ) : (
            <Form.Item name="dailyCapacity" label={pick(text.dailyCapacity)} rules={[{ required: true, message: pick(text.required) }]}>
              <InputNumber min={0} max={1_000_000} precision={0} data-testid="default-daily" />
            </Form.Item>
          )}
          {canEdit && (
            <div>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="save-default">
                {pick(text.save)}
              </Button>
            </div>
          )}
        </Form>
      )}
      <Typography.Title level={2} style={{ fontSize: 15, marginTop: 24 }}>
        {pick(text.defaultsOfChannel)}
      </Typography.Title>
      <Table<CapacityDefault>
        rowKey="branchId"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={defaults}
        locale={{ emptyText: pick(text.noDefaults) }}
        columns={[
          {
            key: 'branch',
            title: pick(text.branch),
            render: (_, d) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onChooseBranch(d.branchId)}>
                {branchLabel(d.branchId, d.branchName)}
              </Button>
            ),
          },
          { key: 'seats', title: pick(text.bySeats), align: 'right', render: (_, d) => (d.seats !== null ? `${d.seats} × ${d.contactsPerSeat}` : '—') },
          { key: 'daily', title: pick(text.dailyCapacity), align: 'right', render: (_, d) => d.dailyCapacity.toLocaleString() },
        ]}
      />
    </Card>
  );
}
