import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { NumberWithUnit } from '../../components/number-with-unit';
import { channelLabels } from '../../components/rule-builder/labels';
import { useShowError } from '../../components/errors';
import { useI18n, type Text } from '../../i18n/i18n';
import { CHANNELS, contactApi, type Channel, type ContactPolicy, type ContactPolicyDraft } from './contact-api';
import { contactText as text } from './contact-text';

/** The form's shape: times and dates as dayjs for the pickers. */
interface PolicyForm extends Omit<ContactPolicyDraft, 'quietHours' | 'holidays'> {
  quietHours: Partial<Record<Channel, [Dayjs, Dayjs]>>;
  holidays: Dayjs[];
}

const TIME = 'HH:mm';
const DATE = 'YYYY-MM-DD';

export const NEW_POLICY: ContactPolicyDraft = {
  name: '',
  maxPer7Days: 2,
  maxPer30Days: 4,
  perChannel: {},
  minGapHours: 48,
  quietHours: { phone: { start: '21:00', end: '09:00' }, agent_visit: { start: '21:00', end: '09:00' } },
  holidays: [],
  holidayChannels: ['phone', 'agent_visit'],
  refusalBlockDays: 180,
  renewalEarliestDays: 40,
  requireConsent: true,
};

function toForm(policy: ContactPolicyDraft): PolicyForm {
  const quietHours: PolicyForm['quietHours'] = {};
  for (const channel of CHANNELS) {
    const hours = policy.quietHours[channel];
    if (hours) quietHours[channel] = [dayjs(hours.start, TIME), dayjs(hours.end, TIME)];
  }
  const perChannel: ContactPolicyDraft['perChannel'] = {};
  for (const channel of CHANNELS) perChannel[channel] = policy.perChannel[channel] ?? { maxPer7Days: null, maxPer30Days: null };
  return { ...policy, perChannel, quietHours, holidays: policy.holidays.map((d) => dayjs(d, DATE)) };
}

function fromForm(values: PolicyForm): ContactPolicyDraft {
  const quietHours: ContactPolicyDraft['quietHours'] = {};
  for (const channel of CHANNELS) {
    const range = values.quietHours[channel];
    if (range) quietHours[channel] = { start: range[0].format(TIME), end: range[1].format(TIME) };
  }
  const perChannel: ContactPolicyDraft['perChannel'] = {};
  for (const channel of CHANNELS) {
    const limits = values.perChannel[channel];
    if (limits && (limits.maxPer7Days != null || limits.maxPer30Days != null)) {
      perChannel[channel] = { maxPer7Days: limits.maxPer7Days ?? null, maxPer30Days: limits.maxPer30Days ?? null };
    }
  }
  return {
    name: values.name,
    maxPer7Days: values.maxPer7Days,
    maxPer30Days: values.maxPer30Days,
    perChannel,
    minGapHours: values.minGapHours,
    quietHours,
    holidays: [...new Set(values.holidays.map((d) => d.format(DATE)))].sort(),
    holidayChannels: values.holidayChannels,
    refusalBlockDays: values.refusalBlockDays,
    renewalEarliestDays: values.renewalEarliestDays,
    requireConsent: values.requireConsent,
  };
}

/** Edits one contact policy (or a new one when `policy` has no id); 400 details are shown on their fields. */
export function PolicyEditor({ policy, canWrite, onSaved }: { policy: ContactPolicy | ContactPolicyDraft; canWrite: boolean; onSaved: (saved: ContactPolicy) => void }) {
  const { pick, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const id = 'id' in policy ? policy.id : undefined;

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(policy));
  }, [policy, form]);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const body = fromForm(values);
      const saved = id ? await contactApi.update(id, body) : await contactApi.create(body);
      message.success(pick(text.saved));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        form.setFields(error.details.map((d) => ({ name: fieldName(d.field) as never, errors: [d.problem] })));
      }
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const channelName = (channel: string) => label(channelLabels, channel);
  const suffix = (unit: Text) => <span style={{ color: '#595959' }}>{pick(unit)}</span>;

  return (
    <Card
      title={'id' in policy ? policy.name : pick(text.newPolicy)}
      extra={canWrite && <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-policy">{pick(text.save)}</Button>}
    >
      <Form form={form} layout="vertical" disabled={!canWrite} className={canWrite ? undefined : 'read-only-form'} requiredMark={false}>
        <Form.Item name="name" label={pick(text.name)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
          <Input maxLength={100} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Divider orientation="left" plain>{pick(text.frequency)}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="maxPer7Days" label={pick(text.maxPer7Days)} rules={[{ required: true, message: pick(text.required) }]}>
              <NumberWithUnit min={0} precision={0} unit={suffix(text.times)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="maxPer30Days" label={pick(text.maxPer30Days)} rules={[{ required: true, message: pick(text.required) }]}>
              <NumberWithUnit min={0} precision={0} unit={suffix(text.times)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="minGapHours" label={pick(text.minGapHours)} rules={[{ required: true, message: pick(text.required) }]}>
              <NumberWithUnit min={0} precision={0} unit={suffix(text.hours)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>{pick(text.perChannel)} / {pick(text.quietHours)}</Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>{pick(text.quietHoursHint)}</Typography.Paragraph>
        <div>
          <Row gutter={12} style={{ fontWeight: 500, marginBottom: 8 }}>
            <Col span={4}>{pick(text.channel)}</Col>
            <Col span={5}>{pick(text.maxPer7Days)}</Col>
            <Col span={5}>{pick(text.maxPer30Days)}</Col>
            <Col span={10}>{pick(text.quietHours)}</Col>
          </Row>
          {CHANNELS.map((channel) => (
            <Row gutter={12} key={channel} align="middle">
              <Col span={4}><Typography.Text>{channelName(channel)}</Typography.Text></Col>
              <Col span={5}>
                <Form.Item name={['perChannel', channel, 'maxPer7Days']} style={{ marginBottom: 8 }}>
                  <InputNumber min={0} precision={0} placeholder={pick(text.unlimited)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name={['perChannel', channel, 'maxPer30Days']} style={{ marginBottom: 8 }}>
                  <InputNumber min={0} precision={0} placeholder={pick(text.unlimited)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name={['quietHours', channel]} style={{ marginBottom: 8 }}>
                  <TimePicker.RangePicker format={TIME} order={false} minuteStep={15} placeholder={[pick(text.none), pick(text.none)]}
                    style={{ width: '100%' }} data-testid={`quiet-hours-${channel}`} />
                </Form.Item>
              </Col>
            </Row>
          ))}
        </div>
        <Divider orientation="left" plain>{pick(text.holidays)}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="holidays" label={pick(text.holidays)}>
              <DatePicker multiple maxTagCount="responsive" format={DATE} placeholder={pick(text.pickDates)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="holidayChannels" label={pick(text.holidayChannels)}>
              <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: channelName(c) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>{pick(text.otherRules)}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="refusalBlockDays" label={pick(text.refusalBlockDays)} extra={pick(text.refusalHint)}
              rules={[{ required: true, type: 'number', min: 180, message: pick(text.refusalHint) }]}>
              <NumberWithUnit min={180} precision={0} unit={suffix(text.days)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="renewalEarliestDays" label={pick(text.renewalEarliestDays)} rules={[{ required: true, message: pick(text.required) }]}>
              <NumberWithUnit min={0} precision={0} unit={suffix(text.daysBeforeExpiry)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="requireConsent" label={pick(text.requireConsent)} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Alert type="warning" showIcon message={pick(text.doNotContactWins)} />
      </Form>
      {'updatedAt' in policy && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
          {pick(text.updatedAt)}: {dayjs(policy.updatedAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
      )}
    </Card>
  );
}

/** `perChannel.phone.maxPer7Days` or `holidays[2]` → the form's name path. */
function fieldName(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const match = /^(\w+)\[(\d+)\]$/.exec(part);
    return match ? [match[1]] : [part];
  });
}
