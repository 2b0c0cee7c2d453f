import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { VISIT_OUTCOMES } from '@lib/channels/field-tasks/field-tasks.view';
import type { DailyView, FieldAgentView, FieldTaskView, OutcomeRecordedView, TaskFilter, VisitOutcome } from '@lib/channels/field-tasks/field-tasks.view';
import { api } from '../../api/client';
import { useFormErrors, useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n, type Text } from '../../i18n/i18n';
import { yuan } from '../bundles/bundles-page';

const TEXT = {
  title: { zh: '走访任务', en: 'Field tasks' },
  today: { zh: '今天', en: 'Today' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  all: { zh: '全部', en: 'All' },
  myToday: { zh: '我今天的任务', en: 'My tasks today' },
  overdueCount: { zh: '逾期任务', en: 'Overdue tasks' },
  customer: { zh: '客户', en: 'Customer' },
  campaign: { zh: '活动', en: 'Campaign' },
  dueDate: { zh: '截止日期', en: 'Due' },
  agent: { zh: '走访人员', en: 'Agent' },
  state: { zh: '状态', en: 'State' },
  chooseAgent: { zh: '分配给…', en: 'Assign to…' },
  record: { zh: '记录结果', en: 'Record outcome' },
  outcome: { zh: '走访结果', en: 'Outcome' },
  chooseOutcome: { zh: '请选择走访结果', en: 'Choose the outcome' },
  policyNo: { zh: '保单号', en: 'Policy no.' },
  premium: { zh: '保费（元）', en: 'Premium (yuan)' },
  note: { zh: '备注', en: 'Note' },
  script: { zh: '话术', en: 'Script' },
  recorded: { zh: '已记录', en: 'Recorded' },
  skippedNow: { zh: '此客户现在不允许走访，任务已跳过（{reason}）', en: 'The customer may not be visited now; the task is skipped ({reason})' },
  assigned: { zh: '已分配', en: 'Assigned' },
  results: { zh: '本机构的活动成果', en: 'Results of your branch' },
  share: { zh: '份额', en: 'Share' },
  visits: { zh: '走访', en: 'Visits' },
  conversions: { zh: '成交', en: 'Conversions' },
  target: { zh: '{value} / 目标 {target}', en: '{value} / target {target}' },
  none: { zh: '没有任务。', en: 'No tasks.' },
} satisfies Record<string, Text>;

const OUTCOME_LABELS: Record<VisitOutcome, Text> = {
  visited: { zh: '已走访', en: 'Visited' },
  quoted: { zh: '已报价', en: 'Quoted' },
  sold: { zh: '成交', en: 'Sold' },
  declined: { zh: '客户拒绝', en: 'Declined' },
  unreachable: { zh: '未见到客户', en: 'Unreachable' },
};

const STATE_LABELS: Record<string, Text> = {
  open: { zh: '待走访', en: 'Open' },
  done: { zh: '已完成', en: 'Done' },
  skipped: { zh: '已跳过', en: 'Skipped' },
};

interface OutcomeForm {
  outcome: VisitOutcome;
  policyNo?: string;
  premium?: number;
  note?: string;
}

/** The branch task board (docs/field-tasks.md): the daily view, the tasks by filter, assigning, and the outcome form. */
export default function TaskBoardPage() {
  const { pick, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const formErrors = useFormErrors();
  const [form] = Form.useForm<OutcomeForm>();
  const [filter, setFilter] = useState<TaskFilter>('all');
  const [tasks, setTasks] = useState<FieldTaskView[]>([]);
  const [daily, setDaily] = useState<DailyView | null>(null);
  const [agents, setAgents] = useState<Record<number, FieldAgentView[]>>({});
  const [visiting, setVisiting] = useState<FieldTaskView | null>(null);
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form);

  const load = useCallback(async () => {
    try {
      const [list, day] = await Promise.all([api.get<FieldTaskView[]>('/field-tasks', { filter }), api.get<DailyView>('/field-tasks/daily')]);
      setTasks(list);
      setDaily(day);
      const branches = [...new Set(list.map((task) => task.branchId))];
      const found = await Promise.all(branches.map((id) => api.get<FieldAgentView[]>(`/branches/${id}/field-agents`)));
      setAgents(Object.fromEntries(branches.map((id, i) => [id, found[i]])));
    } catch (e) {
      showError(e);
    }
  }, [filter, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const assign = async (task: FieldTaskView, agentId: number) => {
    try {
      await api.put<FieldTaskView>(`/field-tasks/${task.contactId}/agent`, { agentId });
      message.success(pick(TEXT.assigned));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const record = async (values: OutcomeForm) => {
    if (!visiting) return;
    setBusy(true);
    try {
      const recorded = await api.post<OutcomeRecordedView>(`/field-tasks/${visiting.contactId}/outcome`, values);
      if (recorded.state === 'skipped') message.warning(pick(TEXT.skippedNow, { reason: recorded.skipReason ?? '' }));
      else message.success(pick(TEXT.recorded));
      setVisiting(null);
      await load();
    } catch (e) {
      setFormError(formErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer title={pick(TEXT.title)}>
      <Flex vertical gap={16}>
        {daily && (
          <Card size="small" data-testid="daily-view">
            <Flex gap={32} wrap>
              <Statistic title={pick(TEXT.myToday)} value={daily.myTasksToday.length} />
              <Statistic title={pick(TEXT.overdueCount)} value={daily.overdue.length} />
            </Flex>
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              {pick(TEXT.results)}
            </Typography.Title>
            <Table
              rowKey="campaignId"
              size="small"
              pagination={false}
              dataSource={daily.results}
              columns={[
                { title: pick(TEXT.campaign), dataIndex: 'campaignName' },
                { title: pick(TEXT.share), render: (_, row) => `${Math.round(row.share * 100)}%` },
                { title: pick(TEXT.visits), render: (_, row) => pick(TEXT.target, { value: row.visits, target: row.targetContacts ?? '—' }) },
                { title: pick(TEXT.conversions), render: (_, row) => pick(TEXT.target, { value: row.conversions, target: row.targetConversions ?? '—' }) },
                { title: pick(TEXT.premium), render: (_, row) => pick(TEXT.target, { value: yuan(row.premium), target: row.targetPremium === null ? '—' : yuan(row.targetPremium) }) },
              ]}
            />
          </Card>
        )}
        <Segmented<TaskFilter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'today', label: pick(TEXT.today) },
            { value: 'overdue', label: pick(TEXT.overdue) },
            { value: 'all', label: pick(TEXT.all) },
          ]}
          data-testid="task-filter"
        />
        <Table
          rowKey="contactId"
          size="small"
          dataSource={tasks}
          locale={{ emptyText: pick(TEXT.none) }}
          data-testid="task-board"
          columns={[
            { title: pick(TEXT.customer), render: (_, task) => `${task.customer.name}（${task.customer.customerNo}）` },
            { title: pick(TEXT.campaign), dataIndex: 'campaignName' },
            {
              title: pick(TEXT.dueDate),
              render: (_, task) => (
                <>
                  {task.dueDate} {task.overdue && <Tag color="red">{pick(TEXT.overdue)}</Tag>}
                </>
              ),
            },
            { title: pick(TEXT.state), render: (_, task) => label(STATE_LABELS, task.state) + (task.outcome ? `：${label(OUTCOME_LABELS, task.outcome)}` : '') },
            {
              title: pick(TEXT.agent),
              render: (_, task) =>
                task.state === 'open' ? (
                  <Select
                    aria-label={`${pick(TEXT.agent)} ${task.customer.name}`}
                    placeholder={pick(TEXT.chooseAgent)}
                    value={task.agent?.id}
                    style={{ minWidth: 140 }}
                    onChange={(agentId: number) => void assign(task, agentId)}
                    options={(agents[task.branchId] ?? []).map((agent) => ({ value: agent.id, label: agent.name }))}
                    data-testid={`assign-${task.contactId}`}
                  />
                ) : (
                  (task.agent?.name ?? '—')
                ),
            },
            {
              title: pick(TEXT.record),
              render: (_, task) =>
                task.state === 'open' && task.agent ? (
                  <Button
                    size="small"
                    onClick={() => {
                      form.resetFields();
                      setFormError(undefined);
                      setVisiting(task);
                    }}
                    data-testid={`record-${task.contactId}`}
                  >
                    {pick(TEXT.record)}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Flex>
      <Modal open={visiting !== null} title={visiting ? `${pick(TEXT.record)}：${visiting.customer.name}` : ''} onCancel={() => setVisiting(null)} footer={null} destroyOnClose>
        {visiting && (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="visit-script">
              {visiting.script}
            </Typography.Paragraph>
            {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
            <Form form={form} layout="vertical" onFinish={record}>
              {/* A validator rather than `required`: antd puts aria-required on the Select's wrapper div, which no screen reader may read. */}
              <Form.Item
                name="outcome"
                label={pick(TEXT.outcome)}
                rules={[{ validator: (_, value?: string) => (value ? Promise.resolve() : Promise.reject(new Error(pick(TEXT.chooseOutcome)))) }]}
              >
                <Select data-testid="visit-outcome" options={VISIT_OUTCOMES.map((code) => ({ value: code, label: label(OUTCOME_LABELS, code) }))} />
              </Form.Item>
              {outcome === 'sold' && (
                <>
                  <Form.Item name="policyNo" label={pick(TEXT.policyNo)} rules={[{ required: true }]}>
                    <Input maxLength={40} data-testid="visit-policy-no" />
                  </Form.Item>
                  <Form.Item name="premium" label={pick(TEXT.premium)} rules={[{ required: true }]}>
                    <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="visit-premium" />
                  </Form.Item>
                </>
              )}
              <Form.Item name="note" label={pick(TEXT.note)}>
                <Input.TextArea maxLength={500} rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="record-visit">
                {pick(TEXT.record)}
              </Button>
            </Form>
          </>
        )}
      </Modal>
    </PageContainer>
  );
}
