import { UploadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { SpendCategory } from '@lib/budgets/budget.view';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useShowError } from '../../components/errors';
import { FormModal } from '../../components/form-modal';
import { useI18n } from '../../i18n/i18n';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { AmountItem } from './amount-input';
import { budgetApi, type SpendLine } from './budget-api';
import { budgetText as text, SPEND_CATEGORY_LABELS } from './budget-text';

interface SpendFields {
  branchId: number;
  category: SpendCategory;
  amount: string;
  spentOn: Dayjs;
  reference?: string;
  channel?: StepChannel;
  note?: string;
}

/**
 * A branch executor's manual spend: category, amount, date, reference and an optional
 * receipt. The line is written first and the receipt attached to it, so a refused
 * upload never loses the spend.
 */
export function SpendEntryModal({
  campaignId,
  branches,
  channels,
  onClose,
  onSaved,
}: {
  campaignId: number;
  branches: { id: number; name: string }[];
  channels: StepChannel[];
  onClose: () => void;
  onSaved: (line: SpendLine) => void;
}) {
  const { pick, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<SpendFields>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <FormModal
      title={pick(text.addSpendTitle)}
      form={form}
      onClose={onClose}
      save={async ({ spentOn, ...fields }) => {
        const line = await budgetApi.addSpend(campaignId, { ...fields, spentOn: spentOn.format('YYYY-MM-DD') });
        message.success(pick(text.spendSaved));
        const file = files[0]?.originFileObj;
        // The spend stands even when its receipt is refused; it can be attached again from the list.
        const saved = file ? await budgetApi.attach(campaignId, line.id, file).catch((error) => (showError(error), line)) : line;
        onSaved(saved);
      }}
    >
      <Form.Item name="branchId" label={pick(text.branch)} initialValue={branches.length === 1 ? branches[0].id : undefined} rules={[{ required: true, message: pick(text.required) }]}>
        <Select options={branches.map((b) => ({ value: b.id, label: b.name }))} data-testid="spend-branch" />
      </Form.Item>
      <Form.Item name="category" label={pick(text.category)} rules={[{ required: true, message: pick(text.required) }]}>
        <Select options={Object.keys(SPEND_CATEGORY_LABELS).map((code) => ({ value: code, label: label(SPEND_CATEGORY_LABELS, code) }))} data-testid="spend-category" />
      </Form.Item>
      <AmountItem testId="spend-amount" />
      <Form.Item name="spentOn" label={pick(text.spentOn)} initialValue={dayjs()} rules={[{ required: true, message: pick(text.required) }]}>
        <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="spend-date" />
      </Form.Item>
      <Form.Item name="reference" label={pick(text.reference)}>
        <Input maxLength={100} placeholder={pick(text.referencePlaceholder)} data-testid="spend-reference" />
      </Form.Item>
      {channels.length > 0 && (
        <Form.Item name="channel" label={pick(text.spendChannel)}>
          <Select allowClear options={channels.map((c) => ({ value: c, label: label(CHANNEL_LABELS, c) }))} />
        </Form.Item>
      )}
      <Form.Item name="note" label={pick(text.note)}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item label={pick(text.attachment)}>
        <Upload fileList={files} maxCount={1} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(-1))}>
          <Button icon={<UploadOutlined />} data-testid="spend-file">{pick(text.chooseFile)}</Button>
        </Upload>
      </Form.Item>
    </FormModal>
  );
}
