/**
 * The checks of an evaluation form, shared by the API (saving, submitting, publishing)
 * and the browser (as the user types): one implementation, so that both sides list the
 * same problems. A pure file — no Nest, no Node — that the web imports as it is.
 *
 * Numbers are decimal strings and are compared as scaled BigInts, so that money adds up
 * exactly (0.1 + 0.2 is 0.3 here).
 */
import type { FieldProblem } from '../common/domain-error';
import type { LocalText } from '../common/error-messages';
import {
  COUNT_FIGURES,
  FORM_FIELD_TYPES,
  SYSTEM_FIGURES,
  type ChoiceOption,
  type FormAnswers,
  type FormDefinition,
  type FormField,
  type FormFieldType,
  type FormRule,
  type FormValue,
  type TableColumn,
} from './form-schema';

export type AnswerStage = 'draft' | 'submit';

/** What a field or a table column is checked against: the parts both have. */
type ValueSpec = Pick<FormField, 'type' | 'label' | 'required' | 'min' | 'max' | 'wholeNumber' | 'binding' | 'options' | 'pattern' | 'patternMessage'>;

export const FORM_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** Up to 18 digits before the point and 12 after: more than any figure of a report, and bounded work for the checks. */
const DECIMAL_PATTERN = /^-?\d{1,18}(\.\d{1,12})?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const RATING_MIN = 1;
const RATING_MAX = 5;
const MONEY_PLACES = 2;
/**
 * The most an answer may hold whatever its field says, so that a report stays a report
 * (and a designer's pattern runs on bounded text): characters of a text and a long
 * text, rows of a table. A definition's `max` may only lower them.
 */
export const ANSWER_LIMITS = { text: 500, long_text: 10_000, table: 200 } as const;
/** The types a rule may compare or add up. */
export const NUMERIC_FIELD_TYPES: readonly FormFieldType[] = ['number', 'money', 'percent'];
const BINDABLE_FIELD_TYPES: readonly FormFieldType[] = ['number', 'money'];
const CHOICE_TYPES: readonly FormFieldType[] = ['single_choice', 'multiple_choice'];
const COLUMN_TYPES = FORM_FIELD_TYPES.filter((type) => type !== 'table' && type !== 'long_text');
const RULE_OPS = ['<', '<=', '=', '>=', '>'] as const;

/** The field types' names, as the designer and the problems name them. */
export const FORM_FIELD_TYPE_NAMES: Record<FormFieldType, LocalText> = {
  text: { zh: '文本', en: 'text' },
  long_text: { zh: '长文本', en: 'long text' },
  number: { zh: '数字', en: 'number' },
  money: { zh: '金额', en: 'money' },
  percent: { zh: '百分比', en: 'percent' },
  date: { zh: '日期', en: 'date' },
  single_choice: { zh: '单选', en: 'single choice' },
  multiple_choice: { zh: '多选', en: 'multiple choice' },
  rating: { zh: '评分', en: 'rating' },
  table: { zh: '表格', en: 'table' },
};

// ---------------------------------------------------------------------------------------
// Exact decimals

/** A decimal as an integer and the number of places it is scaled by: 12.50 is (1250n, 2). */
interface Decimal {
  units: bigint;
  places: number;
}

/** The decimal a well-formed string holds, or undefined (no exponent, no grouping, no '+'). */
export function parseDecimal(text: string): Decimal | undefined {
  if (!DECIMAL_PATTERN.test(text)) return undefined;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, places: fraction.length };
}

function rescale(value: Decimal, places: number): bigint {
  return value.units * 10n ** BigInt(places - value.places);
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const places = Math.max(a.places, b.places);
  const left = rescale(a, places);
  const right = rescale(b, places);
  return left < right ? -1 : left > right ? 1 : 0;
}

function addDecimals(values: Decimal[]): Decimal {
  const places = Math.max(0, ...values.map((value) => value.places));
  return { units: values.reduce((sum, value) => sum + rescale(value, places), 0n), places };
}

function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.places + 1, '0');
  const whole = digits.slice(0, digits.length - value.places);
  const fraction = digits.slice(digits.length - value.places);
  return (negative ? '-' : '') + whole + (value.places > 0 ? `.${fraction}` : '');
}

/** A definition's bound (a JSON number) as a decimal, written out without an exponent. */
function decimalOfNumber(value: number): Decimal | undefined {
  return Number.isFinite(value) ? parseDecimal(value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })) : undefined;
}

/** Whether two decimal strings hold the same number ("12.5" and "12.50" do); false when either is not a decimal. */
export function sameDecimal(a: string, b: string): boolean {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  return left !== undefined && right !== undefined && compareDecimal(left, right) === 0;
}

// ---------------------------------------------------------------------------------------
// Answers

/** Nothing given: the field is left for a draft and missing for a submission. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Every field of a definition, in the order the form shows them. */
export function formFields(definition: FormDefinition): FormField[] {
  return definition.sections.flatMap((section) => section.fields);
}

/**
 * A problem of the answers, and whether it keeps a draft from being saved. A draft
 * is refused only what cannot be stored as the form's answers — a value of the wrong
 * type, an unknown field, more than ANSWER_LIMITS allow; what is merely unfinished
 * (a required field left empty, a bound, a pattern, a rule across fields) is saved,
 * shown as a warning while drafting, and refused at submission.
 */
export interface AnswerFinding {
  problem: FieldProblem;
  blocksDraft: boolean;
}

/**
 * The problems of a report's answers: at 'draft' those that keep it from being saved,
 * at 'submit' every one (answerFindings tells them apart).
 */
export function validateAnswers(definition: FormDefinition, answers: FormAnswers, stage: AnswerStage): FieldProblem[] {
  return answerFindings(definition, answers)
    .filter((finding) => stage === 'submit' || finding.blocksDraft)
    .map((finding) => finding.problem);
}

/**
 * Every problem of the answers, in the form's order, each marked with whether it
 * blocks a draft. Cross-field rules are checked only where all their figures are given
 * and well-formed, so that a field never shows a rule's problem on top of its own.
 */
export function answerFindings(definition: FormDefinition, answers: FormAnswers): AnswerFinding[] {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return [blocking({ field: 'answers', code: 'not_object' })];
  const findings: AnswerFinding[] = [];
  const fields = formFields(definition);
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) findings.push(blocking({ field: `answers.${key}`, code: 'unknown_field' }));
  }
  for (const field of fields) {
    const value = answers[field.key];
    const path = `answers.${field.key}`;
    if (field.type === 'table') findings.push(...tableProblems(field, value, path));
    else findings.push(...valueProblems(field, value, path));
  }
  const troubled = new Set(findings.map((finding) => finding.problem.field));
  for (const rule of definition.rules) {
    const problem = ruleProblem(definition, rule, answers, troubled);
    if (problem) findings.push(unfinished(problem));
  }
  return findings;
}

function blocking(problem: FieldProblem): AnswerFinding {
  return { problem, blocksDraft: true };
}

function unfinished(problem: FieldProblem): AnswerFinding {
  return { problem, blocksDraft: false };
}

/**
 * Whether a number field or column takes whole numbers only: the designer says so, or
 * it is bound to a figure that counts (COUNT_FIGURES).
 */
export function takesWholeNumbers(spec: Pick<FormField, 'type' | 'wholeNumber' | 'binding'>): boolean {
  return spec.type === 'number' && (spec.wholeNumber === true || (spec.binding !== undefined && COUNT_FIGURES.includes(spec.binding)));
}

function valueProblems(spec: ValueSpec, value: FormValue | undefined, field: string): AnswerFinding[] {
  if (isEmptyAnswer(value)) return spec.required ? [unfinished({ field, code: 'required' })] : [];
  switch (spec.type) {
    case 'text':
    case 'long_text':
      return textProblems(spec, value, field);
    case 'number':
    case 'money':
    case 'percent':
      return numberProblems(spec, value, field);
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? [] : [blocking({ field, code: 'not_a_date' })];
    case 'rating':
      return ratingProblems(spec, value, field);
    case 'single_choice':
      return typeof value === 'string' && optionValues(spec.options).includes(value)
        ? []
        : [blocking({ field, code: 'not_one_of', params: { values: optionValues(spec.options) } })];
    case 'multiple_choice':
      return multipleChoiceProblems(spec, value, field);
    case 'table':
      return [];
  }
}

function textProblems(spec: ValueSpec, value: FormValue | undefined, field: string): AnswerFinding[] {
  if (typeof value !== 'string') return [blocking({ field, code: 'not_text' })];
  const length = [...value].length;
  const cap = spec.type === 'long_text' ? ANSWER_LIMITS.long_text : ANSWER_LIMITS.text;
  if (length > cap) return [blocking({ field, code: 'too_long', params: { max: cap } })];
  if (spec.min !== undefined && length < spec.min) return [unfinished({ field, code: 'too_short', params: { min: spec.min } })];
  if (spec.max !== undefined && length > spec.max) return [unfinished({ field, code: 'too_long', params: { max: spec.max } })];
  if (spec.pattern !== undefined && !wholeMatch(spec.pattern, value)) {
    return [unfinished(spec.patternMessage ? { field, code: 'form_field_message', params: { message: spec.patternMessage } } : { field, code: 'wrong_format' })];
  }
  return [];
}

function wholeMatch(pattern: string, value: string): boolean {
  const expression = compilePattern(pattern);
  return expression !== undefined && expression.test(value);
}

/** The pattern as it must match: the whole answer, in Unicode mode (so that 中文 counts as characters). */
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function numberProblems(spec: ValueSpec, value: FormValue | undefined, field: string): AnswerFinding[] {
  const decimal = typeof value === 'string' ? parseDecimal(value) : undefined;
  if (!decimal) return [blocking({ field, code: 'not_number' })];
  // A count is written without a point: "12.0" is refused as "12.5" is, so no report holds a count with decimals.
  if (takesWholeNumbers(spec) && decimal.places > 0) return [blocking({ field, code: 'not_whole_number' })];
  if (spec.type === 'money' && decimal.places > MONEY_PLACES) return [blocking({ field, code: 'too_many_decimals', params: { places: MONEY_PLACES } })];
  const min = spec.type === 'percent' ? Math.max(spec.min ?? 0, 0) : spec.min;
  const max = spec.type === 'percent' ? Math.min(spec.max ?? 100, 100) : spec.max;
  return boundProblems(decimal, min, max, field).map(unfinished);
}

function boundProblems(value: Decimal, min: number | undefined, max: number | undefined, field: string): FieldProblem[] {
  const low = min === undefined ? undefined : decimalOfNumber(min);
  const high = max === undefined ? undefined : decimalOfNumber(max);
  if (low && compareDecimal(value, low) < 0) return [{ field, code: 'below_min', params: { min: formatDecimal(low) } }];
  if (high && compareDecimal(value, high) > 0) return [{ field, code: 'above_max', params: { max: formatDecimal(high) } }];
  return [];
}

function ratingProblems(spec: ValueSpec, value: FormValue | undefined, field: string): AnswerFinding[] {
  const whole = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : undefined;
  if (whole === undefined || whole < RATING_MIN || whole > RATING_MAX) {
    return [blocking({ field, code: 'not_whole_number_in_range', params: { min: RATING_MIN, max: RATING_MAX } })];
  }
  const min = Math.max(spec.min ?? RATING_MIN, RATING_MIN);
  const max = Math.min(spec.max ?? RATING_MAX, RATING_MAX);
  return whole >= min && whole <= max ? [] : [unfinished({ field, code: 'not_whole_number_in_range', params: { min, max } })];
}

function multipleChoiceProblems(spec: ValueSpec, value: FormValue | undefined, field: string): AnswerFinding[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return [blocking({ field, code: 'not_list' })];
  const chosen = value as string[];
  const values = optionValues(spec.options);
  const findings: AnswerFinding[] = [];
  chosen.forEach((item, index) => {
    if (!values.includes(item)) findings.push(blocking({ field: `${field}[${index}]`, code: 'not_one_of', params: { values } }));
  });
  if (new Set(chosen).size !== chosen.length) findings.push(blocking({ field, code: 'items_not_unique' }));
  else if (spec.min !== undefined && chosen.length < spec.min) findings.push(unfinished({ field, code: 'too_few_items', params: { min: spec.min } }));
  else if (spec.max !== undefined && chosen.length > spec.max) findings.push(unfinished({ field, code: 'too_many_items', params: { max: spec.max } }));
  return findings;
}

function tableProblems(field: FormField, value: FormValue | undefined, path: string): AnswerFinding[] {
  if (isEmptyAnswer(value)) return field.required ? [unfinished({ field: path, code: 'required' })] : [];
  if (!Array.isArray(value)) return [blocking({ field: path, code: 'not_list' })];
  const findings: AnswerFinding[] = [];
  const columns = field.columns ?? [];
  const known = new Set(columns.map((column) => column.key));
  value.forEach((row, index) => {
    const rowPath = `${path}[${index}]`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      findings.push(blocking({ field: rowPath, code: 'not_object' }));
      return;
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) findings.push(blocking({ field: `${rowPath}.${key}`, code: 'unknown_field' }));
    }
    for (const column of columns) findings.push(...valueProblems(column, row[column.key], `${rowPath}.${column.key}`));
  });
  if (field.min !== undefined && value.length < field.min) findings.push(unfinished({ field: path, code: 'too_few_items', params: { min: field.min } }));
  if (value.length > ANSWER_LIMITS.table) findings.push(blocking({ field: path, code: 'too_many_items', params: { max: ANSWER_LIMITS.table } }));
  else if (field.max !== undefined && value.length > field.max) findings.push(unfinished({ field: path, code: 'too_many_items', params: { max: field.max } }));
  return findings;
}

function optionValues(options: ChoiceOption[] | undefined): string[] {
  return (options ?? []).map((option) => option.value);
}

function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------
// Cross-field rules

/** A figure a rule names, resolved: its value and how the problem text names it. */
interface Operand {
  value: Decimal;
  name: LocalText;
}

/** The field a rule's problem is shown at: `field`, else the compared or the total field. */
export function ruleFieldKey(rule: FormRule): string {
  const reference = rule.field ?? (rule.kind === 'compare' ? rule.left : rule.total);
  return reference.split('.')[0];
}

function ruleProblem(definition: FormDefinition, rule: FormRule, answers: FormAnswers, troubled: Set<string>): FieldProblem | undefined {
  const field = `answers.${ruleFieldKey(rule)}`;
  const fields = new Map(formFields(definition).map((each) => [each.key, each]));
  const resolve = (reference: string | number) => operandOf(fields, answers, reference, troubled);
  const custom = (fallback: FieldProblem): FieldProblem => (rule.message ? { field, code: 'form_field_message', params: { message: rule.message } } : fallback);
  if (rule.kind === 'compare') {
    const left = resolve(rule.left);
    const right = resolve(rule.right);
    if (!left || !right) return undefined;
    const order = compareDecimal(left.value, right.value);
    const holds = { '<': order < 0, '<=': order <= 0, '=': order === 0, '>=': order >= 0, '>': order > 0 }[rule.op];
    if (holds) return undefined;
    return custom({ field, code: COMPARE_CODES[rule.op], params: { other: right.name } });
  }
  const parts = rule.parts.map(resolve);
  const total = resolve(rule.total);
  if (!total || parts.some((part) => !part)) return undefined;
  const sum = addDecimals((parts as Operand[]).map((part) => part.value));
  if (compareDecimal(sum, total.value) === 0) return undefined;
  return custom({
    field,
    code: 'form_sum_mismatch',
    params: { total: total.name, parts: joinNames((parts as Operand[]).map((part) => part.name)), sum: formatDecimal(sum) },
  });
}

const COMPARE_CODES = {
  '<': 'form_must_be_less',
  '<=': 'form_must_not_exceed',
  '=': 'form_must_equal',
  '>=': 'form_must_not_be_less',
  '>': 'form_must_be_greater',
} as const;

/**
 * A rule's figure: a constant, a field's value, or a table column's sum (0 for a table
 * without rows: "the items add up to the total" holds for no items only if the total is
 * 0). Undefined when it cannot be told yet — a field not filled, or a value not
 * well-formed (that field has its own problem).
 */
function operandOf(fields: Map<string, FormField>, answers: FormAnswers, reference: string | number, troubled: Set<string>): Operand | undefined {
  if (typeof reference === 'number') {
    const value = decimalOfNumber(reference);
    return value && { value, name: { zh: formatDecimal(value), en: formatDecimal(value) } };
  }
  const [key, columnKey] = reference.split('.');
  const field = fields.get(key);
  if (!field) return undefined;
  const answer = answers[key];
  if (columnKey === undefined) {
    if (typeof answer !== 'string' || troubled.has(`answers.${key}`)) return undefined;
    const value = parseDecimal(answer);
    return value && { value, name: figureName(field.label, formatDecimal(value)) };
  }
  const column = field.columns?.find((each) => each.key === columnKey);
  if (!column || troubled.has(`answers.${key}`) || (!isEmptyAnswer(answer) && !Array.isArray(answer))) return undefined;
  const cells: Decimal[] = [];
  for (const [index, row] of (Array.isArray(answer) ? answer : []).entries()) {
    const cell = typeof row === 'object' && row !== null && !Array.isArray(row) ? row[columnKey] : undefined;
    if (isEmptyAnswer(cell)) continue;
    const value = typeof cell === 'string' && !troubled.has(`answers.${key}[${index}].${columnKey}`) ? parseDecimal(cell) : undefined;
    if (!value) return undefined;
    cells.push(value);
  }
  const sum = addDecimals(cells);
  return {
    value: sum,
    name: figureName({ zh: `${field.label.zh}·${column.label.zh}合计`, en: `${field.label.en} · ${column.label.en} total` }, formatDecimal(sum)),
  };
}

function joinNames(names: LocalText[]): LocalText {
  return { zh: names.map((name) => name.zh).join('、'), en: names.map((name) => name.en).join(', ') };
}

function figureName(label: LocalText, value: string): LocalText {
  return { zh: `${label.zh}（${value}）`, en: `${label.en} (${value})` };
}

// ---------------------------------------------------------------------------------------
// Definitions

/**
 * The problems of a form definition, as publishing refuses it: keys unique and
 * well-formed, both languages' labels, options for choices, columns for tables, bounds
 * that fit the type, patterns that compile, bindings only on number and money fields,
 * and rules that name number, money or percent fields (or a numeric table column).
 * Field names are paths into the definition (`sections[0].fields[2].options`).
 */
export function validateDefinition(definition: FormDefinition): FieldProblem[] {
  const shape = definitionShapeProblems(definition);
  if (shape.length > 0) return shape;
  const problems: FieldProblem[] = [];
  if (definition.sections.length === 0) problems.push({ field: 'sections', code: 'too_few_items', params: { min: 1 } });
  const sectionKeys = new Set<string>();
  const fieldKeys = new Set<string>();
  definition.sections.forEach((section, sectionIndex) => {
    const path = `sections[${sectionIndex}]`;
    problems.push(...keyProblems(section.key, `${path}.key`, sectionKeys));
    problems.push(...localTextProblems(section.title, `${path}.title`, true));
    problems.push(...localTextProblems(section.description, `${path}.description`, false));
    if (section.fields.length === 0) {
      problems.push({ field: `${path}.fields`, code: 'too_few_items', params: { min: 1 } });
      return;
    }
    section.fields.forEach((field, fieldIndex) => problems.push(...fieldDefinitionProblems(field, `${path}.fields[${fieldIndex}]`, fieldKeys)));
  });
  const fields = new Map(formFields(definition).map((field) => [field.key, field]));
  definition.rules.forEach((rule, index) => problems.push(...ruleDefinitionProblems(rule, `rules[${index}]`, fields)));
  return problems;
}

/**
 * Whether a definition has the shape the designer and the renderer walk: lists where
 * lists belong, objects in them. A draft is saved only in this shape; what else is
 * wrong with it (a key, a label) is shown to its designer and stops it from publishing.
 */
export function definitionShapeProblems(definition: unknown): FieldProblem[] {
  if (!isObject(definition)) return [{ field: 'definition', code: 'not_object' }];
  const problems: FieldProblem[] = [];
  const objects = (value: unknown, path: string, optional: boolean, inner?: (item: Record<string, unknown>, path: string) => void) => {
    if (value === undefined && optional) return;
    if (!Array.isArray(value)) {
      problems.push({ field: path, code: 'not_list' });
      return;
    }
    value.forEach((item, index) => {
      if (!isObject(item)) problems.push({ field: `${path}[${index}]`, code: 'not_object' });
      else inner?.(item, `${path}[${index}]`);
    });
  };
  objects(definition.sections, 'sections', false, (section, path) =>
    objects(section.fields, `${path}.fields`, false, (field, fieldPath) => {
      objects(field.options, `${fieldPath}.options`, true);
      objects(field.columns, `${fieldPath}.columns`, true, (column, columnPath) => objects(column.options, `${columnPath}.options`, true));
    }),
  );
  objects(definition.rules, 'rules', false);
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyProblems(key: unknown, path: string, taken: Set<string>): FieldProblem[] {
  if (typeof key !== 'string' || !FORM_KEY_PATTERN.test(key)) return [{ field: path, code: 'form_key_format' }];
  if (taken.has(key)) return [{ field: path, code: 'form_key_taken', params: { key } }];
  taken.add(key);
  return [];
}

function localTextProblems(text: LocalText | undefined, path: string, required: boolean): FieldProblem[] {
  if (text === undefined) return required ? [{ field: path, code: 'required' }] : [];
  if (typeof text !== 'object' || text === null) return [{ field: path, code: 'not_object' }];
  return (['zh', 'en'] as const).flatMap((language): FieldProblem[] => {
    const value = text[language];
    if (typeof value !== 'string') return [{ field: `${path}.${language}`, code: value === undefined ? 'required' : 'not_text' }];
    return value.trim() === '' ? [{ field: `${path}.${language}`, code: 'required' }] : [];
  });
}

function fieldDefinitionProblems(field: FormField, path: string, taken: Set<string>): FieldProblem[] {
  const problems = keyProblems(field.key, `${path}.key`, taken);
  if (!FORM_FIELD_TYPES.includes(field.type)) return [...problems, { field: `${path}.type`, code: 'not_one_of', params: { values: [...FORM_FIELD_TYPES] } }];
  problems.push(...localTextProblems(field.label, `${path}.label`, true));
  problems.push(...localTextProblems(field.help, `${path}.help`, false));
  problems.push(...specProblems(field, path));
  if (field.type === 'table') {
    if (!Array.isArray(field.columns) || field.columns.length === 0) problems.push({ field: `${path}.columns`, code: 'required' });
    else {
      const columnKeys = new Set<string>();
      field.columns.forEach((column, index) => problems.push(...columnProblems(column, `${path}.columns[${index}]`, columnKeys)));
    }
  } else if (field.columns !== undefined) problems.push(notForType(`${path}.columns`, field.type));
  if (field.pattern !== undefined) {
    if (field.type !== 'text') problems.push(notForType(`${path}.pattern`, field.type));
    else if (typeof field.pattern !== 'string' || !compilePattern(field.pattern)) problems.push({ field: `${path}.pattern`, code: 'form_pattern_invalid' });
  }
  if (field.patternMessage !== undefined) {
    if (field.pattern === undefined) problems.push({ field: `${path}.patternMessage`, code: 'form_message_without_pattern' });
    else problems.push(...localTextProblems(field.patternMessage, `${path}.patternMessage`, true));
  }
  if (field.binding !== undefined) {
    if (!SYSTEM_FIGURES.includes(field.binding)) problems.push({ field: `${path}.binding`, code: 'not_one_of', params: { values: [...SYSTEM_FIGURES] } });
    else if (!BINDABLE_FIELD_TYPES.includes(field.type)) problems.push({ field: `${path}.binding`, code: 'form_binding_type' });
    else if (COUNT_FIGURES.includes(field.binding) && field.type !== 'number') problems.push({ field: `${path}.binding`, code: 'form_count_binding_type' });
  }
  return problems;
}

function columnProblems(column: TableColumn, path: string, taken: Set<string>): FieldProblem[] {
  const problems = keyProblems(column.key, `${path}.key`, taken);
  if (!COLUMN_TYPES.includes(column.type)) return [...problems, { field: `${path}.type`, code: 'not_one_of', params: { values: COLUMN_TYPES } }];
  problems.push(...localTextProblems(column.label, `${path}.label`, true));
  problems.push(...specProblems(column, path));
  return problems;
}

/** What a field and a column share: options for choices, and bounds that fit the type. */
function specProblems(spec: FormField | TableColumn, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (CHOICE_TYPES.includes(spec.type)) {
    if (!Array.isArray(spec.options) || spec.options.length === 0) problems.push({ field: `${path}.options`, code: 'required' });
    else {
      const values = new Set<string>();
      spec.options.forEach((option, index) => {
        const optionPath = `${path}.options[${index}]`;
        if (typeof option.value !== 'string' || option.value.trim() === '') problems.push({ field: `${optionPath}.value`, code: 'required' });
        else if (values.has(option.value)) problems.push({ field: `${optionPath}.value`, code: 'items_not_unique' });
        else values.add(option.value);
        problems.push(...localTextProblems(option.label, `${optionPath}.label`, true));
      });
    }
  } else if (spec.options !== undefined) problems.push(notForType(`${path}.options`, spec.type));
  if (spec.wholeNumber !== undefined) {
    if (spec.type !== 'number') problems.push(notForType(`${path}.wholeNumber`, spec.type));
    else if (typeof spec.wholeNumber !== 'boolean') problems.push({ field: `${path}.wholeNumber`, code: 'not_boolean' });
  }
  for (const bound of ['min', 'max'] as const) {
    const value = spec[bound];
    if (value === undefined) continue;
    if (spec.type === 'date' || spec.type === 'single_choice') problems.push(notForType(`${path}.${bound}`, spec.type));
    else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ field: `${path}.${bound}`, code: 'not_number' });
    else if (takesWholeNumbers(spec) && !Number.isInteger(value)) problems.push({ field: `${path}.${bound}`, code: 'not_whole_number' });
    else if (COUNTED_TYPES.includes(spec.type) && (!Number.isInteger(value) || value < 0)) {
      problems.push({ field: `${path}.${bound}`, code: 'not_whole_number_in_range', params: { min: 0, max: Number.MAX_SAFE_INTEGER } });
    } else if (spec.type === 'rating' && (!Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX)) {
      problems.push({ field: `${path}.${bound}`, code: 'not_whole_number_in_range', params: { min: RATING_MIN, max: RATING_MAX } });
    } else if (spec.type === 'percent' && (value < 0 || value > 100)) {
      problems.push({ field: `${path}.${bound}`, code: 'not_in_range', params: { min: 0, max: 100 } });
    }
  }
  const cap = spec.type in ANSWER_LIMITS ? ANSWER_LIMITS[spec.type as keyof typeof ANSWER_LIMITS] : undefined;
  if (cap !== undefined && typeof spec.max === 'number' && spec.max > cap) problems.push({ field: `${path}.max`, code: 'above_max', params: { max: cap } });
  if (typeof spec.min === 'number' && typeof spec.max === 'number' && spec.min > spec.max) {
    problems.push({ field: `${path}.min`, code: 'above_max', params: { max: spec.max } });
  }
  return problems;
}

/** Types whose bounds count characters, choices or rows. */
const COUNTED_TYPES: readonly FormFieldType[] = ['text', 'long_text', 'multiple_choice', 'table'];

function notForType(field: string, type: FormFieldType): FieldProblem {
  return { field, code: 'form_not_for_type', params: { type: FORM_FIELD_TYPE_NAMES[type] } };
}

function ruleDefinitionProblems(rule: FormRule, path: string, fields: Map<string, FormField>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reference = (value: unknown, at: string) => {
    if (typeof value !== 'string' || !isNumericReference(fields, value)) problems.push({ field: at, code: 'form_rule_unknown_figure', params: { ref: String(value) } });
  };
  if (rule.kind === 'compare') {
    reference(rule.left, `${path}.left`);
    if (!RULE_OPS.includes(rule.op)) problems.push({ field: `${path}.op`, code: 'not_one_of', params: { values: [...RULE_OPS] } });
    if (typeof rule.right === 'number') {
      if (!Number.isFinite(rule.right)) problems.push({ field: `${path}.right`, code: 'not_number' });
    } else reference(rule.right, `${path}.right`);
  } else if (rule.kind === 'sum') {
    if (!Array.isArray(rule.parts) || rule.parts.length === 0) problems.push({ field: `${path}.parts`, code: 'too_few_items', params: { min: 1 } });
    else rule.parts.forEach((part, index) => reference(part, `${path}.parts[${index}]`));
    reference(rule.total, `${path}.total`);
  } else {
    return [{ field: `${path}.kind`, code: 'not_one_of', params: { values: ['compare', 'sum'] } }];
  }
  if (rule.field !== undefined && (typeof rule.field !== 'string' || !fields.has(rule.field.split('.')[0]))) {
    problems.push({ field: `${path}.field`, code: 'form_rule_unknown_figure', params: { ref: String(rule.field) } });
  }
  problems.push(...localTextProblems(rule.message, `${path}.message`, false));
  return problems;
}

/** A key of a number, money or percent field, or "table.column" of such a column. */
function isNumericReference(fields: Map<string, FormField>, reference: string): boolean {
  const [key, columnKey, ...rest] = reference.split('.');
  const field = fields.get(key);
  if (!field || rest.length > 0) return false;
  if (columnKey === undefined) return NUMERIC_FIELD_TYPES.includes(field.type);
  const column = field.type === 'table' ? field.columns?.find((each) => each.key === columnKey) : undefined;
  return column !== undefined && NUMERIC_FIELD_TYPES.includes(column.type);
}

