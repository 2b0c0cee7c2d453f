import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { FormTemplateInput } from '@lib/evaluation/forms/evaluation-form.view';
import { useShowError } from '../../components/errors';
import { FormModal } from '../../components/form-modal';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { evaluationFormApi, type FormTemplateListItem } from './evaluation-form-api';
import { formText as text } from './evaluation-form-text';
import type { Serialized } from '@lib/common/serialized';

/** Campaign planners and admins design forms (the API also asks for a province or head-office unit). */
const FORM_DESIGNERS = ['campaign_manager', 'admin'] as const;

/**
 * The evaluation forms of the user's unit and the units above it, with their version in
 * force and draft, and which one is the default that plans naming none are pinned to.
 */
export default function EvaluationFormsPage() {
  const { pick, localName } = useI18n();
  const { user, hasAnyRole } = useSession();
  const navigate = useNavigate();
  const showError = useShowError();
  const { message } = App.useApp();
  const [items, setItems] = useState<Serialized<FormTemplateListItem>[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<FormTemplateInput>();
  const canDesign = hasAnyRole(FORM_DESIGNERS) && (user?.orgLevel ?? 9) <= 2;

  const load = useCallback(
    () =>
      evaluationFormApi
        .list()
        .then((list) => setItems(list.items), showError)
        .finally(() => setLoading(false)),
    [showError],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const setDefault = async (row: Serialized<FormTemplateListItem>, isDefault: boolean) => {
    try {
      await (isDefault ? evaluationFormApi.makeDefault(row.id) : evaluationFormApi.clearDefault(row.id));
      message.success(isDefault ? pick(text.madeDefault, { name: pick(row.name) }) : pick(text.clearedDefault));
      await load();
    } catch (error) {
      showError(error);
    }
  };

  const create = async (fields: FormTemplateInput) => {
    const draft = await evaluationFormApi.create(fields);
    navigate(`/evaluation-forms/${draft.templateId}`);
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
        {canDesign && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-form">
            {pick(text.newForm)}
          </Button>
        )}
      </Flex>
      <Card>
        <Table<Serialized<FormTemplateListItem>>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: pick(text.noForms) }}
          columns={[
            { title: pick(text.code), dataIndex: 'code', render: (code: string, row) => <Link to={`/evaluation-forms/${row.id}`}>{code}</Link> },
            {
              title: pick(text.name),
              key: 'name',
              render: (_, row) => (
                <Space size={8}>
                  {pick(row.name)}
                  {row.isDefault && (
                    <Tooltip title={pick(text.defaultHint)}>
                      <Tag color="blue" data-testid="default-form">
                        {pick(text.isDefault)}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: pick(text.owner), key: 'owner', render: (_, row) => localName(row.ownerOrgUnitName, row.ownerOrgUnitNameEn) },
            {
              title: pick(text.published),
              dataIndex: 'publishedVersion',
              className: 'no-wrap',
              render: (version: number | null) => (version === null ? pick(text.none) : <Tag color="green">{pick(text.versionN, { version })}</Tag>),
            },
            {
              title: pick(text.draft),
              dataIndex: 'draftVersion',
              className: 'no-wrap',
              render: (version: number | null) => (version === null ? '—' : <Tag color="gold">{pick(text.versionN, { version })}</Tag>),
            },
            { title: pick(text.updated), dataIndex: 'updatedAt', className: 'no-wrap', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
            ...(canDesign
              ? [
                  {
                    title: pick(text.actions),
                    key: 'actions',
                    className: 'no-wrap',
                    render: (_: unknown, row: Serialized<FormTemplateListItem>) =>
                      row.editable && (row.isDefault || row.publishedVersion !== null) ? (
                        <Button size="small" onClick={() => void setDefault(row, !row.isDefault)} data-testid={`default-${row.code}`}>
                          {pick(row.isDefault ? text.clearDefault : text.makeDefault)}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {creating && (
        <FormModal<FormTemplateInput> title={pick(text.newForm)} form={form} save={create} onClose={() => setCreating(false)}>
          <Form.Item name="code" label={pick(text.code)} extra={pick(text.codeHint)} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name={['name', 'zh']} label={pick(text.nameZh)} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name={['name', 'en']} label={pick(text.nameEn)} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </FormModal>
      )}
    </Space>
  );
}
