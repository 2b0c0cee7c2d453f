import type { OrgUnitChanges, OrgUnitInput, OrgUnitView } from '@lib/org/org-unit.view';
import { Form, Input } from 'antd';
import { useEffect, useMemo } from 'react';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';
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
  unit?: OrgUnitView;
  parent?: OrgUnitView;
  units: OrgUnitView[];
  onClose: () => void;
  onSaved: (unit: OrgUnitView) => void;
}) {
  const { pick } = useI18n();
  const [form] = Form.useForm<UnitFields>();

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
    const body = { ...fields, nameEn: fields.nameEn?.trim() || undefined } satisfies OrgUnitInput & OrgUnitChanges;
    onSaved(unit ? await api.patch<OrgUnitView>(`/org-units/${unit.id}`, body) : await api.post<OrgUnitView>('/org-units', body));
  };

  return (
    <FormModal title={pick(unit ? L.editUnit : L.addChild)} form={form} save={save} onClose={onClose}>
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
    </FormModal>
  );
}
