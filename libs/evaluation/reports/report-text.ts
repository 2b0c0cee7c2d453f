import type { Language } from '@lib/common/error-messages';
import type { FormField, FormValue, TableColumn } from '../form-schema';

/** A scalar answer as a reader reads it: choices by their labels, a rating out of five. */
export function scalarText(field: Pick<FormField | TableColumn, 'type' | 'options'>, value: string | string[] | undefined | null, language: Language): string {
  if (value === undefined || value === null || value === '') return '';
  const label = (option: string) => field.options?.find((o) => o.value === option)?.label[language] ?? option;
  if (Array.isArray(value)) return value.map(label).join(language === 'zh' ? '、' : ', ');
  if (field.type === 'single_choice') return label(value);
  if (field.type === 'rating') return `${value} / 5`;
  if (field.type === 'percent') return `${value}%`;
  return value;
}

/** Any answer as one text (a table as a line per row), for a spreadsheet cell. */
export function answerText(field: FormField, value: FormValue | undefined, language: Language): string {
  if (field.type !== 'table') return scalarText(field, value as string | string[] | null | undefined, language);
  const rows = Array.isArray(value) ? (value as Record<string, string | string[]>[]) : [];
  return rows
    .map((row) => (field.columns ?? []).map((column) => `${column.label[language]}: ${scalarText(column, row[column.key], language)}`).join('; '))
    .join('\n');
}
