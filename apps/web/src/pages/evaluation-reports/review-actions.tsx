import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import type { ComparedField, ReportDetail } from '@lib/evaluation/reports/evaluation-report.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { FormModal } from '../../components/form-modal';
import { useI18n } from '../../i18n/i18n';
import { REPORT_TEXT as TEXT } from './report-labels';

interface ReturnForm {
  comment?: string;
  fieldComments?: { field?: string; text?: string }[];
}

/**
 * The reviewer's decision on one report: return it with an overall comment and comments
 * on fields, or approve it. `onDecided` gets the report as the API answers after it.
 */
export function ReviewActions({ reportId, label, fields, onDecided }: {
  reportId: number;
  /** Names the report in the buttons' accessible names, where several are on one page. */
  label?: string;
  fields: ComparedField[];
  onDecided: (report: ReportDetail) => Promise<void> | void;
}) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<ReturnForm>();
  const [returning, setReturning] = useState(false);
  const [approving, setApproving] = useState(false);
  const named = (text: string) => (label ? `${text} ${label}` : text);

  const approve = async () => {
    setApproving(true);
    try {
      const decided = await api.post<ReportDetail>(`/evaluation-reports/${reportId}/approve`, {});
      message.success(pick(TEXT.approved));
      await onDecided(decided);
    } catch (e) {
      showError(e);
    } finally {
      setApproving(false);
    }
  };

  const sendBack = async (values: ReturnForm) => {
    const fieldComments = Object.fromEntries(
      (values.fieldComments ?? []).filter((row) => row.field && row.text?.trim()).map((row) => [row.field as string, (row.text as string).trim()]),
    );
    const decided = await api.post<ReportDetail>(`/evaluation-reports/${reportId}/return`, { comment: values.comment ?? '', fieldComments });
    setReturning(false);
    message.success(pick(TEXT.returned));
    await onDecided(decided);
  };

  return (
    <Space>
      <Button size="small" onClick={() => { form.resetFields(); setReturning(true); }} aria-label={named(pick(TEXT.returnReport))} data-testid="return-report">
        {pick(TEXT.returnReport)}
      </Button>
      <Button size="small" type="primary" loading={approving} onClick={() => void approve()} aria-label={named(pick(TEXT.approve))} data-testid="approve-report">
        {pick(TEXT.approve)}
      </Button>
      {returning && (
        <FormModal<ReturnForm> title={named(pick(TEXT.returnReport))} form={form} save={sendBack} onClose={() => setReturning(false)}>
          <Form.Item name="comment" label={pick(TEXT.overallComment)}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.List name="fieldComments">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, index) => (
                  <Space key={row.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[row.name, 'field']} style={{ minWidth: 180 }}>
                      <Select
                        aria-label={`${pick(TEXT.field)} ${index + 1}`}
                        placeholder={pick(TEXT.field)}
                        options={fields.map((field) => ({ value: field.key, label: pick(field.label) }))}
                        showSearch
                        optionFilterProp="label"
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'text']} style={{ flex: 1 }}>
                      <Input aria-label={`${pick(TEXT.fieldComments)} ${index + 1}`} maxLength={2000} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(TEXT.removeFieldComment)} onClick={() => remove(row.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-field-comment">
                  {pick(TEXT.addFieldComment)}
                </Button>
              </>
            )}
          </Form.List>
        </FormModal>
      )}
    </Space>
  );
}
