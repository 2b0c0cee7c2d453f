/**
 * The designer's edits of a form definition, as pure functions from one definition to
 * the next, so that every change is one immutable step the preview follows.
 */
import type { FormDefinition, FormField, FormFieldType, FormRule, FormSection, TableColumn } from '@lib/evaluation/form-schema';
import { formFields, NUMERIC_FIELD_TYPES } from '@lib/evaluation/form-validation';

const CHOICES: readonly FormFieldType[] = ['single_choice', 'multiple_choice'];
const BOUNDLESS: readonly FormFieldType[] = ['date', 'single_choice'];

/** A key not used yet: `field_3`, `section_2`. */
export function freshKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) if (!used.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
}

export function newSection(definition: FormDefinition): FormSection {
  const n = definition.sections.length + 1;
  return { key: freshKey('section', definition.sections.map((s) => s.key)), title: { zh: `第 ${n} 部分`, en: `Part ${n}` }, fields: [newField(definition)] };
}

export function newField(definition: FormDefinition): FormField {
  return { key: freshKey('field', formFields(definition).map((f) => f.key)), type: 'text', label: { zh: '新字段', en: 'New field' } };
}

export function newOption(taken: { value: string }[]): { value: string; label: { zh: string; en: string } } {
  const value = freshKey('option', taken.map((o) => o.value));
  const n = value.slice('option_'.length);
  return { value, label: { zh: `选项 ${n}`, en: `Option ${n}` } };
}

export function newColumn(taken: TableColumn[]): TableColumn {
  const key = freshKey('column', taken.map((c) => c.key));
  return { key, type: 'text', label: { zh: '新列', en: 'New column' } };
}

/**
 * A field (or column) of another type keeps what still applies: options only for
 * choices (one to start with), columns only for tables, a pattern only for text,
 * a binding only for number and money, whole numbers only for number, bounds except
 * for dates and single choices.
 */
export function withType<T extends FormField | TableColumn>(spec: T, type: T['type']): T {
  const next = { ...spec, type } as T & Partial<FormField>;
  if (CHOICES.includes(type)) next.options = spec.options?.length ? spec.options : [newOption([])];
  else delete next.options;
  if (type === 'table') next.columns = (spec as FormField).columns?.length ? (spec as FormField).columns : [newColumn([])];
  else delete next.columns;
  if (type !== 'text') {
    delete next.pattern;
    delete next.patternMessage;
  }
  if (type !== 'number' && type !== 'money') delete next.binding;
  if (type !== 'number') delete next.wholeNumber;
  if (BOUNDLESS.includes(type)) {
    delete next.min;
    delete next.max;
  }
  return next;
}

/** A list with the item at `index` moved by `by` places (−1 up, +1 down), unchanged past either end. */
export function moved<T>(items: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return items;
  const next = [...items];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

export function replaced<T>(items: T[], index: number, item: T): T[] {
  return items.map((each, at) => (at === index ? item : each));
}

export function removed<T>(items: T[], index: number): T[] {
  return items.filter((_each, at) => at !== index);
}

/** The figures a rule may name: number, money and percent fields, and numeric table columns ("table.column"). */
export function ruleReferences(definition: FormDefinition): { value: string; field: FormField; column?: TableColumn }[] {
  return formFields(definition).flatMap((field) => {
    if (NUMERIC_FIELD_TYPES.includes(field.type)) return [{ value: field.key, field }];
    if (field.type !== 'table') return [];
    return (field.columns ?? []).filter((c) => NUMERIC_FIELD_TYPES.includes(c.type)).map((column) => ({ value: `${field.key}.${column.key}`, field, column }));
  });
}

export function newRule(kind: FormRule['kind'], definition: FormDefinition): FormRule {
  const [first = '', second = first] = ruleReferences(definition).map((r) => r.value);
  return kind === 'compare' ? { kind, left: first, op: '<=', right: second } : { kind, parts: first ? [first] : [], total: second };
}

/** Empty optional texts leave the definition rather than stay as blanks. */
export function optionalText(zh: string, en: string): { zh: string; en: string } | undefined {
  return zh === '' && en === '' ? undefined : { zh, en };
}
