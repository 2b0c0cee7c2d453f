/**
 * The definition of a standard evaluation form (BRIEF.md G7): sections of fields, their
 * rules, and the system figures a field may be bound to. A pure file: the API validates
 * a report with it when saving and submitting, and the web validates the same answers
 * as the user types, so both sides read one definition and cannot drift.
 */
import type { LocalText } from '../common/error-messages';

export const FORM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'percent',
  'date',
  'single_choice',
  'multiple_choice',
  'rating',
  'table',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/**
 * Figures the system knows for one branch of one campaign (docs/figures.md says how each
 * is counted). A field bound to one is prefilled; a branch may change it only with an
 * explanation, and the reviewer sees the difference.
 */
export const SYSTEM_FIGURES = ['contacts', 'delivered', 'responses', 'conversions', 'premium_written', 'spend'] as const;
export type SystemFigure = (typeof SYSTEM_FIGURES)[number];

/** The figures that count things: a number field bound to one takes whole numbers only, whatever its `wholeNumber` says. */
export const COUNT_FIGURES: readonly SystemFigure[] = ['contacts', 'delivered', 'responses', 'conversions'];

export interface ChoiceOption {
  /** Stored in the answers; stable across versions so that reports compare. */
  value: string;
  label: LocalText;
}

/** A column of a repeating table; a column is a field of a scalar type (not a table). */
export interface TableColumn {
  key: string;
  label: LocalText;
  type: Exclude<FormFieldType, 'table' | 'long_text'>;
  required?: boolean;
  min?: number;
  max?: number;
  /** number: only whole numbers (a count of policies, visits). */
  wholeNumber?: boolean;
  options?: ChoiceOption[];
}

export interface FormField {
  /** Unique in the form: [a-z][a-z0-9_]*; the answers are keyed by it. */
  key: string;
  type: FormFieldType;
  label: LocalText;
  help?: LocalText;
  required?: boolean;
  /** number, money, percent, rating: the value's bounds; text: its length; multiple_choice, table: how many. */
  min?: number;
  max?: number;
  /** number: only whole numbers (contacts, visits); implied by a binding to one of COUNT_FIGURES. */
  wholeNumber?: boolean;
  /** text: a regular expression the whole answer must match, with what to say when it does not. */
  pattern?: string;
  patternMessage?: LocalText;
  /** single_choice, multiple_choice. */
  options?: ChoiceOption[];
  /** table. */
  columns?: TableColumn[];
  /** number, money: prefilled with this figure of the report's branch. */
  binding?: SystemFigure;
}

export interface FormSection {
  key: string;
  title: LocalText;
  description?: LocalText;
  fields: FormField[];
}

/**
 * A rule over several fields, checked after each field's own rules. Structured rather
 * than an expression language, so that the designer can build it and both sides check
 * it the same way.
 * - compare: `left op right`, each a field key (number, money, percent) or a constant.
 * - sum: the fields listed (or a table column, as "table_key.column_key") add up to `total`.
 */
export type FormRule =
  | {
      kind: 'compare';
      left: string;
      op: '<' | '<=' | '=' | '>=' | '>';
      right: string | number;
      /** The field the problem is shown at; `left` when not given. */
      field?: string;
      message?: LocalText;
    }
  | {
      kind: 'sum';
      parts: string[];
      total: string;
      field?: string;
      message?: LocalText;
    };

export interface FormDefinition {
  sections: FormSection[];
  rules: FormRule[];
}

/**
 * The answers of one report: a field's key to its value. Numbers, money and percents are
 * decimal strings (money is exact), dates are YYYY-MM-DD, a multiple choice is a list of
 * option values, a table is a list of rows keyed by column.
 */
export type FormValue = string | string[] | Record<string, string | string[]>[] | null;
export type FormAnswers = Record<string, FormValue>;

/**
 * Why a branch changed a prefilled figure: the field's key to the explanation. The
 * system figure itself is kept beside the report, so the reviewer sees both.
 */
export type FigureExplanations = Record<string, string>;
