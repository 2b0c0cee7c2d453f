import type { FormDefinition } from '../form-schema';
import type { ComparedField } from './evaluation-report.view';

/** A form's fields flat, in its order, each with its section: the columns of reports side by side. A pure file, shared with the web. */
export function comparedFields(form: FormDefinition): ComparedField[] {
  return form.sections.flatMap((section) =>
    section.fields.map((field) => ({ key: field.key, label: field.label, section: section.title, type: field.type, binding: field.binding ?? null })),
  );
}
