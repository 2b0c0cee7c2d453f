import { Form, Input, Select, Switch } from 'antd';
import { ALL_ROLES, type RoleName } from '@lib/auth/role';
import type { Serialized } from '@lib/common/serialized';
import type { UserChanges, UserInput, UserView } from '@lib/org/user.view';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { OrgUnitSelect } from '../../components/org-units';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { L } from './labels';

/** A user as the pages hold it. */
export type UserRow = Serialized<UserView>;

interface UserFields {
  username: string;
  displayName: string;
  password?: string;
  orgUnitId: number;
  roles: RoleName[];
  active: boolean;
}

const PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{8,72}$/;

/** Creates a user (`user` absent) or edits one; the password is required on create and optional on edit. */
export function UserForm({ user, onClose, onSaved }: { user?: UserRow; onClose: () => void; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<UserFields>();

  useEffect(() => {
    form.setFieldsValue(
      user
        ? { username: user.username, displayName: user.displayName, orgUnitId: user.orgUnitId, roles: user.roles, active: user.active }
        : { roles: [], active: true },
    );
  }, [user, form]);

  const save = async ({ username, password, active, ...rest }: UserFields) => {
    if (user) await api.patch(`/users/${user.id}`, { ...rest, active, ...(password ? { password } : {}) } satisfies Serialized<UserChanges>);
    else await api.post('/users', { username, password: password ?? '', ...rest } satisfies Serialized<UserInput>);
    onSaved();
  };

  return (
    <FormModal title={pick(user ? L.editUser : L.newUser)} form={form} save={save} onClose={onClose}>
      <Form.Item
        name="username"
        label={pick(L.username)}
        extra={user ? undefined : pick(L.usernameRule)}
        rules={[
          { required: true, message: pick(L.required) },
          { pattern: /^[A-Za-z0-9._-]{3,50}$/, message: pick(L.usernameRule) },
        ]}
      >
        <Input disabled={!!user} maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={pick(L.displayName)} rules={[{ required: true, message: pick(L.required) }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="password"
        label={pick(user ? L.newPassword : L.password)}
        extra={pick(L.passwordRule)}
        rules={[{ required: !user, message: pick(L.required) }, { pattern: PASSWORD, message: pick(L.passwordRule) }]}
      >
        <Input.Password maxLength={72} autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="orgUnitId" label={pick(L.orgUnit)} rules={[{ required: true, message: pick(L.required) }]}>
        <OrgUnitSelect allowClear={false} />
      </Form.Item>
      {/* A validator rather than `required`: antd puts aria-required on the Select's wrapper div, which no screen reader may read. */}
      <Form.Item
        name="roles"
        label={pick(L.roles)}
        rules={[{ validator: (_, roles?: string[]) => (roles?.length ? Promise.resolve() : Promise.reject(new Error(pick(L.required)))) }]}
      >
        <Select mode="multiple" options={ALL_ROLES.map((role) => ({ value: role, label: t(`role.${role}` as MessageKey) }))} />
      </Form.Item>
      {user && (
        <Form.Item name="active" label={pick(L.active)} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </FormModal>
  );
}
