import { Checkbox, DatePicker, Input, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { ChoiceOption, FormFieldType, FormValue } from '@lib/evaluation/form-schema';
import { useI18n } from '../../i18n/i18n';
import { FORM_TEXT } from './labels';

type Scalar = string | string[] | null;

/** What an input needs of a field or a table column. */
export interface InputSpec {
  type: Exclude<FormFieldType, 'table'>;
  options?: ChoiceOption[];
  /** A count: the keyboard offers digits only (takesWholeNumbers). */
  wholeNumber?: boolean;
}

interface FieldInputProps {
  spec: InputSpec;
  value: FormValue | undefined;
  onChange: (value: Scalar) => void;
  id?: string;
  /** For an input without a visible label (a table cell). */
  ariaLabel?: string;
  /** How the input is marked: an error, a warning (only the submission asks for it), or neither. */
  status?: 'error' | 'warning';
  /** A table cell: compact inputs (a select rather than radio buttons). */
  compact?: boolean;
}

const DATE_FORMAT = 'YYYY-MM-DD';
const RATINGS = ['1', '2', '3', '4', '5'];

/** The antd input of one field type; numbers are typed as text, so that what the user typed is kept exactly and checked. */
export function FieldInput({ spec, value, onChange, id, ariaLabel, status, compact }: FieldInputProps): ReactNode {
  const { pick } = useI18n();
  const invalid = status === 'error';
  const text = typeof value === 'string' ? value : '';
  const options = (spec.options ?? []).map((option) => ({ value: option.value, label: pick(option.label) }));
  const common = { id, 'aria-label': ariaLabel, 'aria-invalid': invalid || undefined };
  switch (spec.type) {
    case 'text':
      return <Input {...common} status={status} value={text} onChange={(event) => onChange(event.target.value)} />;
    case 'long_text':
      return <Input.TextArea {...common} status={status} value={text} autoSize={{ minRows: 3, maxRows: 12 }} onChange={(event) => onChange(event.target.value)} />;
    case 'number':
    case 'money':
    case 'percent':
      return (
        <Input
          {...common}
          status={status}
          inputMode={spec.wholeNumber ? 'numeric' : 'decimal'}
          placeholder={spec.wholeNumber ? pick(FORM_TEXT.wholeNumber) : undefined}
          value={text}
          suffix={spec.type === 'percent' ? '%' : spec.type === 'money' ? pick(FORM_TEXT.yuan) : undefined}
          style={{ maxWidth: compact ? undefined : 260 }}
          onChange={(event) => onChange(event.target.value.trim())}
        />
      );
    case 'date': {
      const date = dayjs(text, DATE_FORMAT, true);
      return (
        <DatePicker
          {...common}
          status={status}
          format={DATE_FORMAT}
          value={date.isValid() ? date : null}
          onChange={(next) => onChange(next ? next.format(DATE_FORMAT) : null)}
        />
      );
    }
    case 'rating':
      return compact ? (
        <Select {...common} status={status} allowClear value={text || undefined} options={RATINGS.map((r) => ({ value: r, label: r }))} onChange={(next) => onChange(next ?? null)} style={{ minWidth: 80 }} />
      ) : (
        <Radio.Group {...common} optionType="button" value={text || undefined} options={RATINGS} onChange={(event) => onChange(event.target.value)} />
      );
    case 'single_choice':
      return compact ? (
        <Select {...common} status={status} allowClear placeholder={pick(FORM_TEXT.choose)} value={text || undefined} options={options} onChange={(next) => onChange(next ?? null)} style={{ minWidth: 140 }} />
      ) : (
        <Radio.Group {...common} value={text || undefined} onChange={(event) => onChange(event.target.value)}>
          <Space wrap>
            {options.map((option) => (
              <Radio key={option.value} value={option.value}>
                {option.label}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return compact ? (
        <Select {...common} status={status} mode="multiple" placeholder={pick(FORM_TEXT.choose)} value={chosen} options={options} onChange={(next: string[]) => onChange(next)} style={{ minWidth: 160 }} />
      ) : (
        <Checkbox.Group {...common} value={chosen} options={options} onChange={(next) => onChange(next as string[])} />
      );
    }
  }
}

/** A value as read-only text: choices by their labels, money with its unit. */
export function FieldValueText({ spec, value }: { spec: InputSpec; value: FormValue | undefined }): ReactNode {
  const { pick } = useI18n();
  const labelOf = (choice: string) => {
    const option = spec.options?.find((each) => each.value === choice);
    return option ? pick(option.label) : choice;
  };
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <span className="evaluation-form-empty">{pick(FORM_TEXT.empty)}</span>;
  }
  if (Array.isArray(value)) return <span>{(value as string[]).map(labelOf).join(pick({ zh: '、', en: ', ' }))}</span>;
  if (typeof value !== 'string') return null;
  switch (spec.type) {
    case 'money':
      return <span>{`${value} ${pick(FORM_TEXT.yuan)}`}</span>;
    case 'percent':
      return <span>{`${value}%`}</span>;
    case 'rating':
      return <span>{pick(FORM_TEXT.ratingOf, { value })}</span>;
    case 'single_choice':
      return <span>{labelOf(value)}</span>;
    case 'long_text':
      return <span className="evaluation-form-long-text">{value}</span>;
    default:
      return <span>{value}</span>;
  }
}
