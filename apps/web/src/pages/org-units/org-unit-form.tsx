import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { OrgUnit } from '../../api/types';
import { useFormErrors } from '../../components/errors';
import { OrgUnitSelect } from '../../components/org-units';
import { useI18n } from '../../i18n/i18n';
import { L } from './labels';

interface UnitFields {
  code: string;
  name: string;
  nameEn?: string;
  parentId: number;
}

/** Creates a child unit (`parent` given) or edits `unit`, including moving it under another parent. */
export function OrgUnitForm({
  unit,
  parent,
  units,
  onClose,
  onSaved,
}: {
  unit?: OrgUnit;
  parent?: OrgUnit;
  units: OrgUnit[];
  onClose: () => void;
  onSaved: (unit: OrgUnit) => void;
}) {
  const { pick, t } = useI18n();
  const formErrors = useFormErrors();
  const [form] = Form.useForm<UnitFields>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    form.setFieldsValue(
      unit
        ? { code: unit.code, name: unit.name, nameEn: unit.nameEn ?? '', parentId: unit.parentId ?? undefined }
        : { code: '', name: '', nameEn: '', parentId: parent?.id },
    );
  }, [unit, parent, form]);

  // A unit cannot move under itself or its own descendants.
  const ownSubtree = useMemo(
    () => new Set(unit ? units.filter((u) => u.path.startsWith(unit.path)).map((u) => u.id) : []),
    [unit, units],
  );

  const save = async (fields: UnitFields) => {
    setSaving(true);
    setError(undefined);
    const body = { ...fields, nameEn: fields.nameEn?.trim() || undefined };
    try {
      const saved = unit ? await api.patch<OrgUnit>(`/org-units/${unit.id}`, body) : await api.post<OrgUnit>('/org-units', body);
      onSaved(saved);
    } catch (e) {
      setError(formErrors(form, e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={pick(unit ? L.editUnit : L.addChild)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="parentId" label={pick(L.parent)} rules={[{ required: !unit || unit.parentId !== null, message: pick(L.required) }]}>
          <OrgUnitSelect allowClear={false} disabledIds={ownSubtree} />
        </Form.Item>
        <Form.Item
          name="code"
          label={pick(L.code)}
          rules={[
            { required: true, message: pick(L.required) },
            { pattern: /^[A-Za-z0-9_-]+$/, message: pick(L.codeRule) },
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={pick(L.name)} rules={[{ required: true, message: pick(L.required) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={pick(L.nameEn)}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
