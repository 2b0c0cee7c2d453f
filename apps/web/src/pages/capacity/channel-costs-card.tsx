import { App, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { useState } from 'react';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { displayYuan } from '../budgets/money';
import { capacityApi, type ChannelSetting } from './capacity-api';
import { capacityText as text } from './capacity-text';

const YUAN = /^\d{1,6}(\.\d{1,2})?$/;

/** Each channel's default cost per contact; the province sets it for everyone, as text so the amount stays exact. */
export function ChannelCostsCard({ settings, canEdit, onSaved }: { settings: ChannelSetting[]; canEdit: boolean; onSaved: (setting: ChannelSetting) => void }) {
  const { pick, label, t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState<StepChannel>();
  const [form] = Form.useForm<{ cost: string }>();

  const save = async ({ cost }: { cost: string }) => {
    if (!editing) return;
    try {
      onSaved(await capacityApi.setCost(editing, cost));
      setEditing(undefined);
      message.success(pick(text.saved));
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Card title={pick(text.costsTitle)} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{pick(text.costsHint)}</Typography.Paragraph>
      <Form form={form} onFinish={save} component={false}>
        <Table<ChannelSetting>
          rowKey="channel"
          size="small"
          pagination={false}
          dataSource={settings}
          columns={[
            { key: 'channel', title: pick(text.channel), render: (_, s) => label(CHANNEL_LABELS, s.channel) },
            {
              key: 'cost',
              title: pick(text.cost),
              align: 'right',
              render: (_, s) =>
                editing === s.channel ? (
                  <Form.Item name="cost" noStyle rules={[{ required: true, pattern: YUAN, message: pick(text.costFormat) }]}>
                    <Input aria-label={`${label(CHANNEL_LABELS, s.channel)} ${pick(text.cost)}`} inputMode="decimal" prefix="¥" style={{ width: 120 }} data-testid={`cost-input-${s.channel}`} />
                  </Form.Item>
                ) : (
                  <span style={{ whiteSpace: 'nowrap' }} data-testid={`cost-${s.channel}`}>{s.defaultCostPerContact === null ? pick(text.notSet) : displayYuan(s.defaultCostPerContact)}</span>
                ),
            },
            ...(canEdit
              ? [
                  {
                    key: 'actions',
                    title: pick(text.actions),
                    render: (_: unknown, s: ChannelSetting) =>
                      editing === s.channel ? (
                        <Space size="small">
                          <Button size="small" type="primary" onClick={() => form.submit()} data-testid={`save-cost-${s.channel}`}>{pick(text.save)}</Button>
                          <Button size="small" onClick={() => setEditing(undefined)}>{t('common.cancel')}</Button>
                        </Space>
                      ) : (
                        <Button
                          size="small"
                          onClick={() => {
                            form.setFieldsValue({ cost: s.defaultCostPerContact ?? '' });
                            setEditing(s.channel);
                          }}
                          data-testid={`edit-cost-${s.channel}`}
                        >
                          {pick(text.edit)}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Form>
    </Card>
  );
}
