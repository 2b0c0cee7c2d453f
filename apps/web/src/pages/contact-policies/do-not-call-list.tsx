import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Page } from '@lib/common/page';
import type { CustomerListItem } from '@lib/customers/customer.view';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { contactApi, type DoNotCallEntry } from './contact-api';
import { contactText as text } from './contact-text';

const DNC_WRITERS = ['segment_manager', 'admin', 'branch_executor'] as const;

/** Customers who must not be called (refusals block for at least six months); add and remove by hand. */
export function DoNotCallList() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(DNC_WRITERS);
  const showError = useShowError();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<DoNotCallEntry>>();
  const [adding, setAdding] = useState(false);

  const reload = useCallback(() => {
    contactApi.doNotCall(paging.page, paging.pageSize).then(setData, showError);
  }, [paging, showError]);
  useEffect(reload, [reload]);

  const remove = async (customerId: number) => {
    try {
      await contactApi.removeDoNotCall(customerId);
      reload();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Card
      title={pick(text.doNotCall)}
      extra={canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{pick(text.add)}</Button>}
    >
      <Table<DoNotCallEntry>
        size="small"
        rowKey="customerId"
        dataSource={data?.items ?? []}
        columns={[
          { title: pick(text.customerNo), dataIndex: 'customerNo' },
          { title: pick(text.customerName), dataIndex: 'name' },
          { title: pick(text.reason), dataIndex: 'reason' },
          { title: pick(text.since), dataIndex: 'since', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
          { title: pick(text.until), dataIndex: 'until', render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD') : pick(text.forever)) },
          ...(canWrite
            ? [{
                title: '',
                key: 'remove',
                width: 80,
                render: (_: unknown, row: DoNotCallEntry) => (
                  <Popconfirm title={pick(text.confirmRemove)} onConfirm={() => remove(row.customerId)}>
                    <Button type="link" danger size="small">{pick(text.remove)}</Button>
                  </Popconfirm>
                ),
              }]
            : []),
        ]}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => pick(text.total, { total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
      <AddDoNotCall
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          message.success(pick(text.add));
          reload();
        }}
      />
    </Card>
  );
}

function AddDoNotCall({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: () => void }) {
  const { pick } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<{ customerId: number; reason: string; until?: Dayjs }>();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      api.get<Page<CustomerListItem>>('/customers', { q, page: 1, pageSize: 20 }).then(
        (page) => setOptions(page.items.map((c) => ({ value: c.id, label: `${c.customerNo} ${c.name} ${c.mobile ?? ''}` }))),
        showError,
      );
    }, 300);
  };

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await contactApi.addDoNotCall({
        customerId: values.customerId,
        reason: values.reason,
        ...(values.until ? { until: values.until.format('YYYY-MM-DD') } : {}),
      });
      form.resetFields();
      onAdded();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Modal open={open} title={pick(text.add)} onCancel={onClose} onOk={submit} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="customerId" label={pick(text.customer)} rules={[{ required: true, message: pick(text.required) }]}>
          <Select showSearch filterOption={false} onSearch={search} options={options} placeholder={pick(text.searchCustomer)} />
        </Form.Item>
        <Form.Item name="reason" label={pick(text.reason)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="until" label={pick(text.until)}>
          <DatePicker style={{ width: '100%' }} placeholder={pick(text.forever)} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
