import { Alert, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { ReactNode, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useFormErrors } from './errors';

/**
 * A modal holding one vertical form: OK submits it, `save` sends it to the API, and a
 * failure puts the API's field problems next to their fields and the rest above the form.
 */
export function FormModal<Fields>({
  title,
  form,
  save,
  onClose,
  children,
}: {
  title: ReactNode;
  form: FormInstance<Fields>;
  save: (fields: Fields) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const formErrors = useFormErrors();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async (fields: Fields) => {
    setSaving(true);
    setError(undefined);
    try {
      await save(fields);
    } catch (e) {
      setError(formErrors(form, e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        {children}
      </Form>
    </Modal>
  );
}
