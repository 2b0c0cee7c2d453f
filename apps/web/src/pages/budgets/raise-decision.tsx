import { App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../components/form-modal';
import { useI18n } from '../../i18n/i18n';
import { budgetApi, type RaiseRequest } from './budget-api';
import { budgetText as text } from './budget-text';
import { displayYuan } from './money';

/** A reviewer's approve and reject of a pending raise, each with an optional comment. */
export function RaiseDecision({ request, onDecided }: { request: RaiseRequest; onDecided: (decided: RaiseRequest) => void }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const [approving, setApproving] = useState<boolean>();
  const open = (approve: boolean) => {
    form.resetFields();
    setApproving(approve);
  };
  return (
    <>
      <Space size="small">
        <Button size="small" type="primary" onClick={() => open(true)} data-testid={`approve-raise-${request.id}`}>
          {pick(text.approve)}
        </Button>
        <Button size="small" danger onClick={() => open(false)} data-testid={`reject-raise-${request.id}`}>
          {pick(text.reject)}
        </Button>
      </Space>
      {approving !== undefined && (
        <FormModal
          title={pick(approving ? text.approveTitle : text.rejectTitle, { amount: displayYuan(request.amount) })}
          form={form}
          onClose={() => setApproving(undefined)}
          save={async ({ comment }) => {
            const decided = await budgetApi.decideRaise(request.id, approving, comment || undefined);
            setApproving(undefined);
            message.success(pick(text.decided));
            onDecided(decided);
          }}
        >
          <Form.Item name="comment" label={pick(text.comment)}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
