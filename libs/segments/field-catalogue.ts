import { ErrorCode, ErrorParams, LOCAL_TIME_ZONE, LOCAL_TODAY_SQL } from '@lib/common';
import type { FieldParam, FieldSpec, Label, ValueOption } from './field-spec';
import { RULE_LIMITS } from './rule';

/**
 * The whitelist of fields a rule may use: what the UI shows (GET /api/segments/fields)
 * and the SQL each field compiles to. Nothing outside this file turns a field name
 * into SQL, and every value reaches the SQL as a bound parameter.
 */

export type { FieldParam, FieldSpec, Label, ValueOption, ValueType } from './field-spec';

/** A SQL boolean expression, and whether it can be NULL (so `not` groups can treat NULL as "no match"). */
export interface Fragment {
  sql: string;
  nullable: boolean;
}

/** Adds a value to the statement's parameters and returns its placeholder, cast to `cast`. */
export type Bind = (value: unknown, cast: string) => string;

export interface ConditionInput {
  /** Alias of the customers table. */
  c: string;
  operator: string;
  value: any;
  params: Record<string, any>;
  bind: Bind;
}

/** What is wrong with a condition, `at` relative to it (`params`, `value[1]`). */
export interface RuleProblem {
  at: string;
  code: ErrorCode;
  params?: ErrorParams;
}

export interface FieldDefinition extends FieldSpec {
  compile(input: ConditionInput): Fragment;
  /** The table other than customers the condition reads, which makes it count against RULE_LIMITS.maxRelatedConditions. */
  reads?: 'policies' | 'claims' | 'contacts';
  /** A check across value and params beyond their own types; `at` is relative to the condition. */
  check?(input: Pick<ConditionInput, 'operator' | 'value' | 'params'>): RuleProblem | undefined;
}

export const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'between'];
const EQUALITY = ['=', '!='];
const LIST = ['=', '!=', 'in'];

export const PRODUCT_LINES: ValueOption[] = [
  { value: 'motor_compulsory', label: { zh: '交强险', en: 'Compulsory motor' } },
  { value: 'motor_commercial', label: { zh: '商业车险', en: 'Commercial motor' } },
  { value: 'home', label: { zh: '家财险', en: 'Home property' } },
  { value: 'accident', label: { zh: '意外险', en: 'Personal accident' } },
  { value: 'health', label: { zh: '健康险', en: 'Short-term health' } },
  { value: 'travel', label: { zh: '旅行险', en: 'Travel' } },
  { value: 'liability', label: { zh: '责任险', en: 'Liability' } },
];

const TIERS: ValueOption[] = [
  { value: 'gold', label: { zh: '金牌客户', en: 'Gold' } },
  { value: 'silver', label: { zh: '银牌客户', en: 'Silver' } },
  { value: 'ordinary', label: { zh: '普通客户', en: 'Ordinary' } },
  { value: 'do_not_serve', label: { zh: '不服务客户', en: 'Do not serve' } },
];

const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'agent_visit'];
const CONTACT_CHANNELS = ['email', 'phone', 'sms', 'web', 'agent_visit'];
const PRODUCT_LINE_CODES = PRODUCT_LINES.map((line) => line.value);

/** Ages, expiries and windows count in local dates (libs/common/local-time.ts). */
const TODAY = LOCAL_TODAY_SQL;

/** `expr <op> value`, or `expr BETWEEN low AND high`. */
function compare(expr: string, op: string, value: any, cast: string, bind: Bind): string {
  if (op === 'between') return `${expr} BETWEEN ${bind(value[0], cast)} AND ${bind(value[1], cast)}`;
  return `${expr} ${op === '!=' ? '<>' : op} ${bind(value, cast)}`;
}

/** Whether a customer with no rows (count or sum 0) satisfies the comparison. */
function holdsAtZero(op: string, value: any): boolean {
  switch (op) {
    case '=': return value === 0;
    case '!=': return value !== 0;
    case '<': return 0 < value;
    case '<=': return 0 <= value;
    case '>': return 0 > value;
    case '>=': return 0 >= value;
    default: return value[0] <= 0 && 0 <= value[1];
  }
}

/**
 * Whole years since a date (age from birth date, tenure from first policy), compared
 * as a date range so that a plain column stays a cheap comparison and a subquery
 * appears once: years(D) >= N  <=>  D <= today - N years.
 */
function yearsSince(date: string, nullable: boolean, op: string, value: any, bind: Bind): Fragment {
  const yearsAgo = (n: number) => `(${TODAY} - make_interval(years => ${bind(n, 'int')}))::date`;
  const inYears = (low: number, high: number) => `${date} BETWEEN ${yearsAgo(high + 1)} + 1 AND ${yearsAgo(low)}`;
  const sql = {
    '>=': () => `${date} <= ${yearsAgo(value)}`,
    '>': () => `${date} <= ${yearsAgo(value + 1)}`,
    '<=': () => `${date} > ${yearsAgo(value + 1)}`,
    '<': () => `${date} > ${yearsAgo(value)}`,
    '=': () => inYears(value, value),
    '!=': () => `NOT (${inYears(value, value)})`,
    between: () => inYears(value[0], value[1]),
  }[op as '=']();
  return { sql, nullable };
}

/**
 * A comparison on a count or sum of a customer's rows in another table. Written as
 * (NOT) EXISTS over a grouped subquery so PostgreSQL can run it as one hash
 * (anti-)join instead of one lookup per customer; customers with no rows count as 0.
 */
function perCustomerTotal(
  c: string,
  from: string,
  key: string,
  where: string,
  total: string,
  input: ConditionInput,
  cast: string,
): Fragment {
  const zero = holdsAtZero(input.operator, input.value);
  const comparison = compare(total, input.operator, input.value, cast, input.bind);
  const groups = `SELECT ${key} AS customer_id FROM ${from} WHERE ${where} GROUP BY ${key} HAVING ${zero ? `NOT (${comparison})` : comparison}`;
  const exists = `EXISTS (SELECT 1 FROM (${groups}) seg_t WHERE seg_t.customer_id = ${c}.id)`;
  return { sql: zero ? `NOT ${exists}` : exists, nullable: false };
}

function column(input: ConditionInput, name: string, cast: string, nullable = true): Fragment {
  const expr = `${input.c}.${name}`;
  if (input.operator === 'in') return { sql: `${expr} = ANY(${input.bind(input.value, `${cast}[]`)})`, nullable };
  if (input.operator === 'is') return { sql: `${expr} = ${input.bind(input.value, 'boolean')}`, nullable };
  return { sql: compare(expr, input.operator, input.value, cast, input.bind), nullable };
}

/**
 * Product lines held, number of active policies, annual premium and tenure read the
 * holdings summary on the customer row (kept by triggers on policies, see
 * migrations/1763856600000-customer-holdings.ts); a product or an expiry date needs
 * the policies themselves.
 */
const ACTIVE_POLICY = `seg_p.status = 'active'`;

function productFilter(input: ConditionInput): string {
  if (input.params.product !== undefined) return ` AND seg_p.product_code = ${input.bind(input.params.product, 'text')}`;
  if (input.params.line !== undefined) {
    return ` AND seg_p.product_code IN (SELECT seg_pr.code FROM products seg_pr WHERE seg_pr.line = ${input.bind(input.params.line, 'text')})`;
  }
  return '';
}

function holding(input: ConditionInput, filter: string): Fragment {
  const exists = `EXISTS (SELECT 1 FROM policies seg_p WHERE seg_p.customer_id = ${input.c}.id AND ${ACTIVE_POLICY}${filter})`;
  return { sql: input.operator === 'lacks' ? `NOT ${exists}` : exists, nullable: false };
}

/** Contacts since Beijing midnight N days ago, optionally on one channel or of one campaign. */
function contactEvent(input: ConditionInput, timeColumn: string, negate: boolean): Fragment {
  const since = `((${TODAY} - ${input.bind(input.value, 'int')})::timestamp AT TIME ZONE '${LOCAL_TIME_ZONE}')`;
  let where = `seg_co.customer_id = ${input.c}.id AND seg_co.${timeColumn} >= ${since}`;
  if (timeColumn === 'contacted_at') where += ` AND seg_co.status NOT IN ('planned', 'failed')`;
  if (input.params.channel !== undefined) where += ` AND seg_co.channel = ${input.bind(input.params.channel, 'text')}`;
  if (input.params.campaignId !== undefined) where += ` AND seg_co.campaign_id = ${input.bind(input.params.campaignId, 'int')}`;
  const exists = `EXISTS (SELECT 1 FROM contacts seg_co WHERE ${where})`;
  return { sql: negate ? `NOT ${exists}` : exists, nullable: false };
}

const MONTHS: FieldParam = { name: 'months', type: 'integer', required: true, min: 1, max: RULE_LIMITS.maxMonths };
const CAMPAIGN: FieldParam = { name: 'campaignId', type: 'integer', required: false, min: 1, max: 2147483647 };

function claimsTotal(input: ConditionInput, total: string, cast: string): Fragment {
  const where = `seg_cl.status <> 'rejected' AND seg_cl.claim_date >= (${TODAY} - make_interval(months => ${input.bind(input.params.months, 'int')}))::date`;
  return perCustomerTotal(input.c, 'claims seg_cl', 'seg_cl.customer_id', where, total, input, cast);
}

const DEFINITIONS: FieldDefinition[] = [
  {
    field: 'age', label: { zh: '年龄', en: 'Age' }, type: 'number', valueType: 'integer', min: 0, max: 150,
    operators: NUMBER_OPERATORS,
    compile: (i) => yearsSince(`${i.c}.birth_date`, true, i.operator, i.value, i.bind),
  },
  {
    field: 'gender', label: { zh: '性别', en: 'Gender' }, type: 'enum', valueType: 'enum', operators: EQUALITY,
    values: [{ value: 'M', label: { zh: '男', en: 'Male' } }, { value: 'F', label: { zh: '女', en: 'Female' } }],
    compile: (i) => column(i, 'gender', 'text'),
  },
  {
    field: 'city', label: { zh: '城市', en: 'City' }, type: 'string', valueType: 'string', operators: LIST,
    compile: (i) => column(i, 'city', 'text'),
  },
  {
    field: 'org_unit', label: { zh: '所属机构（含下级）', en: 'Owning branch (and below)' }, type: 'org_unit',
    valueType: 'org_unit_id', operators: ['in_subtree'],
    compile: (i) => ({
      sql: `${i.c}.org_unit_id IN (SELECT seg_ou.id FROM org_units seg_ou WHERE seg_ou.path LIKE `
        + `(SELECT seg_root.path FROM org_units seg_root WHERE seg_root.id = ${i.bind(i.value, 'int')}) || '%')`,
      nullable: false,
    }),
  },
  {
    field: 'tenure_years', label: { zh: '客户年限（自首张保单）', en: 'Tenure in years (since first policy)' }, type: 'number',
    valueType: 'integer', min: 0, max: 150, operators: NUMBER_OPERATORS,
    compile: (i) => yearsSince(`${i.c}.first_policy_start`, true, i.operator, i.value, i.bind),
  },
  {
    field: 'value_tier', label: { zh: '价值等级', en: 'Value tier' }, type: 'enum', valueType: 'enum', operators: LIST, values: TIERS,
    // An unscored customer (NULL) is of no tier, so "is not gold" holds for them.
    compile: (i) => (i.operator === '!='
      ? { sql: `${i.c}.value_tier IS DISTINCT FROM ${i.bind(i.value, 'text')}`, nullable: false }
      : column(i, 'value_tier', 'text')),
  },
  {
    field: 'consent', label: { zh: '渠道授权', en: 'Consent to a channel' }, type: 'boolean', valueType: 'boolean', operators: ['is'],
    params: [{ name: 'channel', type: 'enum', required: true, values: CONSENT_CHANNELS }],
    compile: (i) => column(i, `consent_${CONSENT_CHANNELS.find((channel) => channel === i.params.channel)}`, 'boolean', false),
  },
  {
    field: 'do_not_contact', label: { zh: '禁止联系', en: 'Do not contact' }, type: 'boolean', valueType: 'boolean', operators: ['is'],
    compile: (i) => column(i, 'do_not_contact', 'boolean', false),
  },
  {
    field: 'has_mobile', label: { zh: '有手机号', en: 'Has a mobile number' }, type: 'boolean', valueType: 'boolean', operators: ['is'],
    compile: (i) => ({ sql: `(${i.c}.mobile IS NOT NULL AND ${i.c}.mobile <> '') = ${i.bind(i.value, 'boolean')}`, nullable: false }),
  },
  {
    field: 'has_email', label: { zh: '有电子邮箱', en: 'Has an email address' }, type: 'boolean', valueType: 'boolean', operators: ['is'],
    compile: (i) => ({ sql: `(${i.c}.email IS NOT NULL AND ${i.c}.email <> '') = ${i.bind(i.value, 'boolean')}`, nullable: false }),
  },
  {
    field: 'holds_line', label: { zh: '持有险种（有效保单）', en: 'Holds a product line (active policy)' }, type: 'holding',
    valueType: 'enum', operators: ['has', 'lacks'], values: PRODUCT_LINES,
    compile: (i) => ({
      sql: `(${i.c}.active_lines & product_line_bit(${i.bind(i.value, 'text')})) ${i.operator === 'lacks' ? '=' : '<>'} 0`,
      nullable: false,
    }),
  },
  {
    field: 'holds_product', label: { zh: '持有产品（有效保单）', en: 'Holds a product (active policy)' }, type: 'holding',
    valueType: 'product_code', operators: ['has', 'lacks'],
    reads: 'policies',
    compile: (i) => holding(i, productFilter({ ...i, params: { product: i.value } })),
  },
  {
    field: 'policy_expiring', label: { zh: '保单将在N天内到期', en: 'A policy expires within N days' }, type: 'event',
    valueType: 'days', operators: ['within_days'],
    params: [
      { name: 'line', type: 'enum', required: false, values: PRODUCT_LINE_CODES },
      { name: 'product', type: 'product_code', required: false },
    ],
    check: (i) => (i.params.line !== undefined && i.params.product !== undefined
      ? { at: 'params', code: 'rule_line_or_product' }
      : undefined),
    reads: 'policies',
    compile: (i) => holding(
      { ...i, operator: 'has' },
      ` AND seg_p.end_date BETWEEN ${TODAY} AND ${TODAY} + ${i.bind(i.value, 'int')}${productFilter(i)}`,
    ),
  },
  {
    field: 'active_policy_count', label: { zh: '有效保单数', en: 'Number of active policies' }, type: 'number',
    valueType: 'integer', min: 0, max: 100000, operators: NUMBER_OPERATORS,
    compile: (i) => column(i, 'active_policy_count', 'int', false),
  },
  {
    field: 'annual_premium', label: { zh: '年保费合计（有效保单）', en: 'Annual premium (active policies)' }, type: 'number',
    valueType: 'number', min: 0, operators: NUMBER_OPERATORS,
    compile: (i) => column(i, 'active_premium', 'numeric', false),
  },
  {
    field: 'claims_count', label: { zh: '近N个月理赔次数', en: 'Claims in the last N months' }, type: 'number',
    valueType: 'integer', min: 0, max: 100000, operators: NUMBER_OPERATORS, params: [MONTHS],
    reads: 'claims',
    compile: (i) => claimsTotal(i, 'count(*)', 'int'),
  },
  {
    field: 'claims_amount', label: { zh: '近N个月理赔金额', en: 'Claims amount in the last N months' }, type: 'number',
    valueType: 'number', min: 0, operators: NUMBER_OPERATORS, params: [MONTHS],
    reads: 'claims',
    compile: (i) => claimsTotal(i, 'sum(seg_cl.amount)', 'numeric'),
  },
  {
    field: 'contacted', label: { zh: '近N天内被联系过', en: 'Contacted in the last N days' }, type: 'event', valueType: 'days',
    operators: ['within_days'], params: [{ name: 'channel', type: 'enum', required: false, values: CONTACT_CHANNELS }, CAMPAIGN],
    reads: 'contacts',
    compile: (i) => contactEvent(i, 'contacted_at', false),
  },
  {
    field: 'not_contacted', label: { zh: '近N天内未被联系', en: 'Not contacted in the last N days' }, type: 'event', valueType: 'days',
    operators: ['within_days'], params: [{ name: 'channel', type: 'enum', required: false, values: CONTACT_CHANNELS }, CAMPAIGN],
    reads: 'contacts',
    compile: (i) => contactEvent(i, 'contacted_at', true),
  },
  {
    field: 'responded', label: { zh: '近N天内有响应', en: 'Responded in the last N days' }, type: 'event', valueType: 'days',
    operators: ['within_days'], params: [CAMPAIGN],
    reads: 'contacts',
    compile: (i) => contactEvent(i, 'responded_at', false),
  },
  {
    field: 'converted', label: { zh: '近N天内有成交', en: 'Converted in the last N days' }, type: 'event', valueType: 'days',
    operators: ['within_days'], params: [CAMPAIGN],
    reads: 'contacts',
    compile: (i) => contactEvent(i, 'converted_at', false),
  },
];

export const FIELD_DEFINITIONS: ReadonlyMap<string, FieldDefinition> = new Map(DEFINITIONS.map((d) => [d.field, d]));

/** The catalogue as the UI reads it (no SQL). */
export function fieldCatalogue(): FieldSpec[] {
  return DEFINITIONS.map(({ compile, check, reads, ...spec }) => spec);
}
