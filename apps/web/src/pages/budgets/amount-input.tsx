import { Form, Input } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { budgetText as text } from './budget-text';

const YUAN = /^\d{1,12}(\.\d{1,2})?$/;
const SIGNED_YUAN = /^-?\d{1,12}(\.\d{1,2})?$/;

/**
 * An amount in yuan typed as text and sent as the same text, so it reaches the API
 * exactly as entered (the API refuses more than two decimals rather than rounding).
 */
export function AmountItem({ name = 'amount', signed = false, extra, testId }: { name?: string; signed?: boolean; extra?: string; testId?: string }) {
  const { pick } = useI18n();
  return (
    <Form.Item
      name={name}
      label={pick(text.amount)}
      extra={extra}
      rules={[
        { required: true, message: pick(text.amountRequired) },
        { pattern: signed ? SIGNED_YUAN : YUAN, message: pick(text.amountFormat) },
      ]}
    >
      <Input inputMode="decimal" prefix="¥" placeholder="50000.00" data-testid={testId} />
    </Form.Item>
  );
}
