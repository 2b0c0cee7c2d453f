import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { DISPOSITIONS } from '@lib/channels/call-centre/call-centre.view';
import type { CallbackView, CallView, Disposition, DispositionRecordedView, NextCallView } from '@lib/channels/call-centre/call-centre.view';
import { api } from '../../api/client';
import { useFormErrors, useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n, type Text } from '../../i18n/i18n';

const TEXT = {
  title: { zh: '坐席工作台', en: 'Call desk' },
  next: { zh: '下一通电话', en: 'Next call' },
  noCall: { zh: '现在没有可拨打的电话。', en: 'There is no call to make now.' },
  skipped: { zh: '已跳过 {n} 通不允许拨打的电话（{reasons}）', en: '{n} calls that may not be made were skipped ({reasons})' },
  customer: { zh: '客户', en: 'Customer' },
  phone: { zh: '电话', en: 'Phone' },
  city: { zh: '城市', en: 'City' },
  branch: { zh: '所属机构', en: 'Branch' },
  campaign: { zh: '活动', en: 'Campaign' },
  previousCalls: { zh: '此前拨打次数', en: 'Calls before' },
  callbackDue: { zh: '约定回拨', en: 'Agreed callback' },
  holdings: { zh: '持有保单', en: 'Holdings' },
  claims: { zh: '理赔', en: 'Claims' },
  policyNo: { zh: '保单号', en: 'Policy no.' },
  product: { zh: '产品', en: 'Product' },
  status: { zh: '状态', en: 'Status' },
  period: { zh: '保险期间', en: 'Period' },
  premium: { zh: '保费（元）', en: 'Premium (yuan)' },
  claimNo: { zh: '赔案号', en: 'Claim no.' },
  claimDate: { zh: '出险日期', en: 'Date' },
  amount: { zh: '金额（元）', en: 'Amount (yuan)' },
  bundle: { zh: '推荐组合', en: 'Bundle' },
  price: { zh: '组合价格', en: 'Price' },
  script: { zh: '话术', en: 'Script' },
  none: { zh: '无', en: 'None' },
  disposition: { zh: '呼叫结果', en: 'Disposition' },
  callbackAt: { zh: '回拨时间', en: 'Call back at' },
  note: { zh: '备注', en: 'Note' },
  record: { zh: '记录结果', en: 'Record' },
  chooseDisposition: { zh: '请选择呼叫结果', en: 'Choose the disposition' },
  recorded: { zh: '已记录：{disposition}', en: 'Recorded: {disposition}' },
  callbacks: { zh: '我的回拨', en: 'My callbacks' },
  noCallbacks: { zh: '没有待回拨的电话。', en: 'No callbacks to make.' },
} satisfies Record<string, Text>;

/** The documented disposition codes (docs/call-centre.md), as the agent reads them. */
const DISPOSITION_LABELS: Record<Disposition, Text> = {
  no_answer: { zh: '无人接听', en: 'No answer' },
  busy: { zh: '占线', en: 'Busy' },
  wrong_number: { zh: '号码错误', en: 'Wrong number' },
  callback: { zh: '约定回拨', en: 'Call back at a time' },
  not_interested: { zh: '不感兴趣', en: 'Not interested' },
  interested: { zh: '有意向', en: 'Interested' },
  converted: { zh: '成交（填写保单号）', en: 'Converted (with the policy number)' },
  do_not_call_again: { zh: '不再致电', en: 'Do not call again' },
};

const WAITING_LABELS: Record<string, Text> = {
  quiet_hours: { zh: '现在是免打扰时段，暂停外呼。', en: 'It is quiet hours: no calls now.' },
  holiday: { zh: '今天是节假日，暂停外呼。', en: 'It is a holiday: no calls today.' },
  list_empty: { zh: '现在没有可拨打的电话。', en: 'There is no call to make now.' },
};

interface DispositionForm {
  disposition: Disposition;
  callbackAt?: string;
  policyNo?: string;
  note?: string;
}

/** The call agent's workspace: the next call with customer, holdings, claims, bundle and script, the disposition form, and the agent's callbacks. */
export default function CallWorkspacePage() {
  const { pick, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const formErrors = useFormErrors();
  const [form] = Form.useForm<DispositionForm>();
  const [call, setCall] = useState<CallView | null>(null);
  const [answer, setAnswer] = useState<NextCallView | null>(null);
  const [callbacks, setCallbacks] = useState<CallbackView[]>([]);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();
  const disposition = Form.useWatch('disposition', form);

  const loadCallbacks = useCallback(async () => {
    try {
      setCallbacks((await api.get<CallbackView[]>('/calls/callbacks')));
    } catch (e) {
      showError(e);
    }
  }, [showError]);

  useEffect(() => {
    void loadCallbacks();
  }, [loadCallbacks]);

  const next = async () => {
    setBusy(true);
    try {
      const got = (await api.post<NextCallView>('/calls/next'));
      setAnswer(got);
      setCall(got.call);
      form.resetFields();
      setFormError(undefined);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const record = async (values: DispositionForm) => {
    if (!call) return;
    setBusy(true);
    try {
      const body = { ...values, callbackAt: values.callbackAt ? new Date(values.callbackAt).toISOString() : undefined };
      const recorded = (await api.post<DispositionRecordedView>(`/calls/${call.contactId}/disposition`, body));
      message.success(pick(TEXT.recorded, { disposition: label(DISPOSITION_LABELS, recorded.disposition) }));
      setCall(null);
      setAnswer(null);
      await loadCallbacks();
    } catch (e) {
      setFormError(formErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  const skipped = answer?.skipped ?? [];
  return (
    <PageContainer title={pick(TEXT.title)}>
      <Flex gap={16} align="start" wrap>
        <Flex vertical gap={16} style={{ flex: '2 1 560px', minWidth: 0 }}>
          <Space>
            <Button type="primary" onClick={next} loading={busy} disabled={call !== null} data-testid="next-call">
              {pick(TEXT.next)}
            </Button>
          </Space>
          {skipped.length > 0 && (
            <Alert type="info" showIcon message={pick(TEXT.skipped, { n: skipped.length, reasons: [...new Set(skipped.map((s) => s.reason))].join(', ') })} />
          )}
          {answer && !answer.call && <Empty description={answer.waitingFor ? label(WAITING_LABELS, answer.waitingFor) : pick(TEXT.noCall)} />}
          {call && (
            <>
              <Card title={`${pick(TEXT.customer)}：${call.customer.name}`} data-testid="call-customer">
                <Descriptions size="small" column={2}>
                  <Descriptions.Item label={pick(TEXT.phone)}>{call.customer.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={pick(TEXT.city)}>{call.customer.city ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={pick(TEXT.branch)}>{call.customer.orgUnitName}</Descriptions.Item>
                  <Descriptions.Item label={pick(TEXT.campaign)}>{call.campaignName}</Descriptions.Item>
                  <Descriptions.Item label={pick(TEXT.previousCalls)}>{call.previousCalls}</Descriptions.Item>
                  {call.callbackAt && <Descriptions.Item label={pick(TEXT.callbackDue)}>{new Date(call.callbackAt).toLocaleString()}</Descriptions.Item>}
                </Descriptions>
              </Card>
              <Card title={pick(TEXT.holdings)} size="small">
                <Table
                  rowKey="policyNo"
                  size="small"
                  pagination={false}
                  dataSource={call.holdings}
                  locale={{ emptyText: pick(TEXT.none) }}
                  columns={[
                    { title: pick(TEXT.policyNo), dataIndex: 'policyNo' },
                    { title: pick(TEXT.product), dataIndex: 'productName' },
                    { title: pick(TEXT.status), dataIndex: 'status' },
                    { title: pick(TEXT.period), render: (_, row) => `${row.startDate} – ${row.endDate}` },
                    { title: pick(TEXT.premium), dataIndex: 'premium', align: 'right' },
                  ]}
                />
              </Card>
              <Card title={pick(TEXT.claims)} size="small">
                <Table
                  rowKey="claimNo"
                  size="small"
                  pagination={false}
                  dataSource={call.claims}
                  locale={{ emptyText: pick(TEXT.none) }}
                  columns={[
                    { title: pick(TEXT.claimNo), dataIndex: 'claimNo' },
                    { title: pick(TEXT.policyNo), dataIndex: 'policyNo' },
                    { title: pick(TEXT.claimDate), dataIndex: 'claimDate' },
                    { title: pick(TEXT.amount), dataIndex: 'amount', align: 'right' },
                    { title: pick(TEXT.status), dataIndex: 'status' },
                  ]}
                />
              </Card>
              {call.bundle && (
                <Card title={`${pick(TEXT.bundle)}：${call.bundle.name}`} size="small">
                  <Typography.Paragraph>{call.bundle.shortText}</Typography.Paragraph>
                  <Typography.Text strong>
                    {pick(TEXT.price)}：{call.bundle.price}
                  </Typography.Text>
                </Card>
              )}
              <Card title={pick(TEXT.script)} size="small">
                <Typography.Paragraph data-testid="call-script" style={{ whiteSpace: 'pre-wrap' }}>
                  {call.script}
                </Typography.Paragraph>
              </Card>
              <Card title={pick(TEXT.disposition)} size="small">
                {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
                <Form form={form} layout="vertical" onFinish={record}>
                  {/* A validator rather than `required`: antd puts aria-required on the Select's wrapper div, which no screen reader may read. */}
                  <Form.Item
                    name="disposition"
                    label={pick(TEXT.disposition)}
                    rules={[{ validator: (_, value?: string) => (value ? Promise.resolve() : Promise.reject(new Error(pick(TEXT.chooseDisposition)))) }]}
                  >
                    <Select
                      data-testid="disposition"
                      options={DISPOSITIONS.map((code) => ({ value: code, label: label(DISPOSITION_LABELS, code) }))}
                    />
                  </Form.Item>
                  {disposition === 'callback' && (
                    <Form.Item name="callbackAt" label={pick(TEXT.callbackAt)} rules={[{ required: true }]}>
                      <Input type="datetime-local" data-testid="callback-at" />
                    </Form.Item>
                  )}
                  {disposition === 'converted' && (
                    <Form.Item name="policyNo" label={pick(TEXT.policyNo)} rules={[{ required: true }]}>
                      <Input maxLength={40} data-testid="policy-no" />
                    </Form.Item>
                  )}
                  <Form.Item name="note" label={pick(TEXT.note)}>
                    <Input.TextArea maxLength={500} rows={2} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="record-disposition">
                    {pick(TEXT.record)}
                  </Button>
                </Form>
              </Card>
            </>
          )}
        </Flex>
        <Card title={pick(TEXT.callbacks)} style={{ flex: '1 1 280px' }} data-testid="callbacks">
          <List
            dataSource={callbacks}
            locale={{ emptyText: pick(TEXT.noCallbacks) }}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={item.customerName}
                  description={
                    <Space direction="vertical" size={0}>
                      <Tag>{new Date(item.callbackAt).toLocaleString()}</Tag>
                      <Typography.Text type="secondary">{item.campaignName}</Typography.Text>
                      {item.note && <Typography.Text>{item.note}</Typography.Text>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Flex>
    </PageContainer>
  );
}
