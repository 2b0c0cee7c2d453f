import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Serialized } from '@lib/common/serialized';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { evaluationFormApi, type FormTemplateListItem } from './evaluation-form-api';
import { formText as text } from './evaluation-form-text';

/**
 * Chooses the evaluation form a campaign plan names: the forms with a published version,
 * by code. A code the list does not hold (a form of another unit) is kept and shown as it is.
 * Left empty, the plan gets the default form, which the placeholder names.
 */
export function EvaluationFormSelect({ id, value, onChange }: { id?: string; value?: string | null; onChange?: (code: string | null) => void }) {
  const { pick } = useI18n();
  const showError = useShowError();
  const [forms, setForms] = useState<Serialized<FormTemplateListItem>[]>([]);

  useEffect(() => {
    evaluationFormApi.list({ published: 'true' }).then((list) => setForms(list.items), showError);
  }, [showError]);

  const options = forms.map((form) => ({ value: form.code, label: `${pick(form.name)}（${form.code} · ${pick(text.versionN, { version: form.publishedVersion ?? 0 })}）` }));
  if (value && !forms.some((form) => form.code === value)) options.push({ value, label: value });
  const fallback = forms.find((form) => form.isDefault);
  const placeholder = fallback ? pick(text.defaultPlaceholder, { name: pick(fallback.name) }) : pick(text.none);
  return <Select id={id} allowClear showSearch optionFilterProp="label" placeholder={placeholder} value={value ?? undefined} options={options} onChange={(code?: string) => onChange?.(code ?? null)} />;
}
