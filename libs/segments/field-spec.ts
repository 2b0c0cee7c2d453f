/** The rule fields as GET /segments/fields describes them to the rule builder; a pure file, shared with the web (`@lib/segments/field-spec`). */
export interface Label {
  zh: string;
  en: string;
}

export interface ValueOption {
  value: string;
  label: Label;
}

export interface FieldParam {
  name: string;
  /** product_code: a code of the product catalogue (its values come with GET /api/segments/fields). */
  type: 'enum' | 'integer' | 'product_code';
  required: boolean;
  values?: string[];
  min?: number;
  max?: number;
}

/**
 * What `value` must be: a number (`between` takes [low, high]), one of `values`
 * (`in` takes a list), a string (`in` takes a list), a boolean, an org unit id, or a
 * number of days (1..RULE_LIMITS.maxDays).
 */
export type ValueType = 'integer' | 'number' | 'enum' | 'string' | 'boolean' | 'org_unit_id' | 'days' | 'product_code';

export interface FieldSpec {
  field: string;
  label: Label;
  /** The kind of editor the UI shows. */
  type: 'number' | 'enum' | 'string' | 'boolean' | 'org_unit' | 'holding' | 'event';
  operators: string[];
  valueType: ValueType;
  values?: ValueOption[];
  params?: FieldParam[];
  min?: number;
  max?: number;
}
