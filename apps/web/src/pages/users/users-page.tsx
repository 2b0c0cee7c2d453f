import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { ALL_ROLES, type RoleName } from '@lib/auth/role';
import type { UserView } from '@lib/org/user.view';
import { useState } from 'react';
import { OrgUnitSelect } from '../../components/org-units';
import { PageContainer } from '../../components/page-container';
import { PagedTable, SearchButtons, usePagedRows } from '../../components/paged-search';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { L } from './labels';
import { UserForm, type UserRow } from './user-form';

interface Filters {
  q?: string;
  orgUnitId?: number;
  role?: RoleName;
  active?: 'true' | 'false';
}

/** Users of the admin's subtree: search, create, edit roles, unit and status, reset a password. */
export default function UsersPage() {
  const { t, pick, localName } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [form] = Form.useForm<Filters>();
  const { result, loading, error, reload } = usePagedRows<UserView>('/users', { ...filters, page, pageSize });

  const columns: ColumnsType<UserRow> = [
    { title: pick(L.username), dataIndex: 'username' },
    { title: pick(L.displayName), dataIndex: 'displayName' },
    {
      title: pick(L.roles),
      dataIndex: 'roles',
      render: (roles: RoleName[]) => roles.map((role) => <Tag key={role}>{t(`role.${role}` as MessageKey)}</Tag>),
    },
    { title: pick(L.orgUnit), dataIndex: 'orgUnitName', render: (name: string, row) => localName(name, row.orgUnitNameEn) },
    {
      title: pick(L.status),
      dataIndex: 'active',
      render: (active: boolean) => (active ? <Tag color="green">{pick(L.active)}</Tag> : <Tag>{pick(L.inactive)}</Tag>),
    },
    { title: pick(L.lastLogin), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : pick(L.never)) },
    { title: pick(L.createdAt), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, user) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(user)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={pick(L.title)}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {pick(L.newUser)}
        </Button>
      }
    >
      <Card>
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 12 }}
          onFinish={(values) => {
            setPage(1);
            setFilters({ ...values, q: values.q?.trim() || undefined });
          }}
        >
          <Form.Item name="q">
            <Input allowClear placeholder={pick(L.query)} aria-label={pick(L.query)} style={{ width: 200 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="orgUnitId">
            <OrgUnitSelect placeholder={pick(L.allUnits)} />
          </Form.Item>
          <Form.Item name="role">
            <Select
              allowClear
              placeholder={pick(L.allRoles)}
              aria-label={pick(L.allRoles)}
              style={{ width: 160 }}
              options={ALL_ROLES.map((role) => ({ value: role, label: t(`role.${role}` as MessageKey) }))}
            />
          </Form.Item>
          <Form.Item name="active">
            <Select
              allowClear
              placeholder={pick(L.status)}
              aria-label={pick(L.status)}
              style={{ width: 110 }}
              options={[
                { value: 'true', label: pick(L.active) },
                { value: 'false', label: pick(L.inactive) },
              ]}
            />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              form.resetFields();
              setPage(1);
              setFilters({});
            }}
          />
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      <Card>
        <PagedTable<UserRow>
          columns={columns}
          result={result}
          loading={loading}
          page={page}
          pageSize={pageSize}
          onPage={(nextPage, nextSize) => {
            setPage(nextPage);
            setPageSize(nextSize);
          }}
        />
      </Card>
      {editing && (
        <UserForm
          user={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            message.success(t('common.saved'));
            setEditing(null);
            reload();
          }}
        />
      )}
    </PageContainer>
  );
}
