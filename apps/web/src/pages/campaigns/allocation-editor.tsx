import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useShowError } from '../../components/errors';
import { useOrgUnits } from '../../components/org-units';
import { useI18n } from '../../i18n/i18n';
import { campaignApi, type Allocation, type StepChannel } from './campaign-api';
import { campaignText as text, CHANNEL_LABELS } from './campaign-text';

interface SplitForm {
  branches: Record<string, string | null | undefined>;
  channels: Record<string, string | null | undefined>;
}

const filled = (entries: Record<string, string | null | undefined>) =>
  Object.entries(entries ?? {}).filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '');

/** The split of a revision's budget by participating branch and by channel (budgets API); a split not saved yet shows the approved revision's. */
export function AllocationEditor({ campaignId, revisionId, editable, branchIds, channels }: {
  campaignId: number;
  revisionId: number;
  editable: boolean;
  branchIds: number[];
  channels: StepChannel[];
}) {
  const { pick, label, localName } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { units } = useOrgUnits();
  const [form] = Form.useForm<SplitForm>();
  const [allocation, setAllocation] = useState<Allocation>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    campaignApi.allocations(campaignId, revisionId).then(setAllocation, showError);
  }, [campaignId, revisionId, showError]);
  useEffect(() => {
    if (!allocation) return;
    form.setFieldsValue({
      branches: Object.fromEntries(allocation.branches.map((b) => [String(b.branchId), b.amount])),
      channels: Object.fromEntries(allocation.channels.map((c) => [c.channel, c.amount])),
    });
  }, [allocation, form]);

  const save = async () => {
    const values = form.getFieldsValue(true) as SplitForm;
    setSaving(true);
    try {
      const saved = await campaignApi.setAllocations(campaignId, revisionId, {
        branches: filled(values.branches).filter(([branchId]) => branchIds.includes(Number(branchId))).map(([branchId, amount]) => ({ branchId: Number(branchId), amount })),
        channels: filled(values.channels).filter(([channel]) => channels.includes(channel as StepChannel)).map(([channel, amount]) => ({ channel: channel as StepChannel, amount })),
      });
      setAllocation(saved);
      message.success(pick(text.allocationSaved));
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const unitName = (id: number) => {
    const unit = units.find((u) => u.id === id);
    return unit ? localName(unit.name, unit.nameEn) : String(id);
  };

  return (
    <Card title={pick(text.budgetSection)} size="small" data-testid="allocation-editor"
      extra={editable && <Button size="small" loading={saving} onClick={save} data-testid="save-allocation">{pick(text.saveAllocation)}</Button>}>
      {allocation?.inheritedFromRevisionId && <Alert type="info" showIcon message={pick(text.allocationInherited)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" disabled={!editable}>
        <Row gutter={16}>
          <Col span={12}>
            <Typography.Title level={2} style={{ fontSize: 14 }}>{pick(text.allocationByBranch)}</Typography.Title>
            {branchIds.map((id) => (
              <Form.Item key={id} name={['branches', String(id)]} label={unitName(id)}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} />
              </Form.Item>
            ))}
          </Col>
          <Col span={12}>
            <Typography.Title level={2} style={{ fontSize: 14 }}>{pick(text.allocationByChannel)}</Typography.Title>
            {channels.map((channel) => (
              <Form.Item key={channel} name={['channels', channel]} label={label(CHANNEL_LABELS, channel)}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} />
              </Form.Item>
            ))}
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
