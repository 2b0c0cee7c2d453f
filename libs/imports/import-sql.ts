import { IMPORT_COLUMNS, ImportColumn, ImportKind } from './import-columns';
import { ImportMessages } from './import-messages';

/**
 * The SQL of one import, generated from the file's columns: the staging table, the
 * statement that checks every row in one pass (its reasons, or the values to merge),
 * and the merge. `$1` of the check statement is the importer's org-scope path pattern.
 * Only our own column names and constants are spliced in; file values stay in the data.
 */
export interface ImportSql {
  createStaging: string;
  copy: string;
  /**
   * Fills temp table import_checked with one row per staged row: line_no, reason (NULL
   * for a good row) and the target table's values, looked up and converted once.
   */
  check: string;
  /** Copies the bad rows with their reasons and raw lines into import_rejections; `$1` is the import id. */
  reject: string;
  /** Merges the good rows; answers one row {inserted, updated}. */
  merge: string;
}

const BOOLEAN_TRUE = `('true','1','y','yes','是')`;
const BOOLEAN_ANY = `('true','false','1','0','y','n','yes','no','是','否')`;
const DATE_SHAPE = `'^(19|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'`;
const MONEY_SHAPE = `'^[0-9]{1,12}([.][0-9]{1,2})?$'`;
/** Spaces (also the ideographic one), dashes and parentheses, half- or full-width: what people write inside phone numbers. */
const PHONE_SEPARATORS = `'[[:space:]\\u3000\\u2010-\\u2015\\uFF0D()\\uFF08\\uFF09-]'`;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Builds the statements for a file of `kind` whose header holds `columns` (in file
 * order); rejected rows get their reasons in the words of `messages`.
 */
export function importSql(kind: ImportKind, columns: readonly ImportColumn[], messages: ImportMessages): ImportSql {
  const present = new Set(columns.map((c) => c.name));
  const v = (name: string) => (present.has(name) ? `s.v_${name}` : 'NULL');
  const typed = (name: string) => (present.has(name) ? `s.t_${name}` : 'NULL');
  const checks = columns.flatMap((column) => columnChecks(column, v(column.name), typed(column.name), messages));
  const kindSql = KIND_SQL[kind]({ v, typed, present, say: reasonSql(kind, messages) });
  const key = columnOf(kind, kindSql.key);
  const reasons = [...checks, ...kindSql.checks].map((check) => `\n        ${check}`).join(',');
  const rebuiltLine = columns.map((c) => csvField(`s.${c.name}`)).join(` || ',' || `);

  return {
    createStaging: `CREATE TEMP TABLE import_staging (line_no integer, problem text, raw text, ${columns
      .map((c) => `${c.name} text`)
      .join(', ')}) ON COMMIT DROP`,
    copy: `COPY import_staging FROM STDIN (FORMAT csv)`,
    check: `
      CREATE TEMP TABLE import_checked ON COMMIT DROP AS
      SELECT s.line_no, r.reason, ${kindSql.values.map(([column, value]) => `${value} AS ${column}`).join(', ')}
      FROM ${stagedRows(columns)}
      ${kindSql.joins}
      LEFT JOIN (
        SELECT nullif(btrim(s.${kindSql.key}), '') AS key, min(s.line_no) AS first_line
        FROM import_staging s WHERE s.problem IS NULL
        GROUP BY 1 HAVING count(*) > 1
      ) dup ON dup.key = ${v(kindSql.key)}
      CROSS JOIN LATERAL (SELECT coalesce(s.problem, nullif(concat_ws(${literal(messages.separator)}, ${reasons},
        CASE WHEN dup.first_line < s.line_no THEN ${formatted(messages.repeatsLine(key), v(kindSql.key), 'dup.first_line')} END
      ), '')) AS reason) r`,
    reject: `
      INSERT INTO import_rejections (import_id, line_no, reason, raw)
      SELECT $1, c.line_no, c.reason, coalesce(s.raw, ${rebuiltLine})
      FROM import_checked c JOIN import_staging s ON s.line_no = c.line_no
      WHERE c.reason IS NOT NULL`,
    merge: `
      WITH merged AS (${upsert(kindSql)}
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM merged`,
  };
}

/**
 * The staging table with each value trimmed once (v_<column>, NULL when empty) and each
 * date, amount or mobile parsed once (t_<column>, NULL when not valid), so that the many checks
 * and the merge read columns instead of re-evaluating string functions and patterns.
 * OFFSET 0 keeps the planner from inlining the expressions into every place they are used.
 */
function stagedRows(columns: readonly ImportColumn[]): string {
  const trimmed = columns.map((c) => `, nullif(btrim(s.${c.name}), '') AS v_${c.name}`).join('');
  const parsers: Partial<Record<ImportColumn['type'], (value: string) => string>> = { date: asDate, money: asMoney, mobile: asMobile };
  const parsed = columns
    .filter((c) => parsers[c.type])
    .map((c) => `, ${parsers[c.type]!(`t.v_${c.name}`)} AS t_${c.name}`)
    .join('');
  return `(SELECT t.*${parsed} FROM (SELECT s.*${trimmed} FROM import_staging s OFFSET 0) t OFFSET 0) s`;
}

/** A staging value as it appeared in a CSV line (quoted when needed), to show rejected rows. */
function csvField(value: string): string {
  return `CASE WHEN ${value} ~ '[",\\r\\n]' THEN '"' || replace(${value}, '"', '""') || '"' ELSE coalesce(${value}, '') END`;
}

/** The date a YYYY-MM-DD value names, or NULL; days up to 28 exist in every month, so only later ones need the calendar. */
function asDate(value: string): string {
  return `CASE WHEN ${value} ~ ${DATE_SHAPE} AND (substr(${value}, 9, 2) <= '28'
    OR substr(${value}, 9, 2)::int <= extract(day from (substr(${value}, 1, 8) || '01')::date + interval '1 month - 1 day'))
    THEN ${value}::date END`;
}

/**
 * The 11-digit mainland mobile a value names in any common notation (+86, 0086, spaces,
 * dashes, parentheses, full-width digits), or NULL: normaliseMobile (libs/customers) in SQL.
 */
function asMobile(value: string): string {
  const compact = `regexp_replace(translate(${value}, '０１２３４５６７８９＋', '0123456789+'), ${PHONE_SEPARATORS}, '', 'g')`;
  const national = `regexp_replace(${compact}, '^(\\+?86|0086)(1[0-9]{10})$', '\\2')`;
  return `(SELECT m FROM (SELECT ${national} AS m) n WHERE m ~ '^1[3-9][0-9]{9}$')`;
}

/** The amount a non-negative value with at most two decimals names, or NULL. */
function asMoney(value: string): string {
  return `CASE WHEN ${value} ~ ${MONEY_SHAPE} THEN ${value}::numeric END`;
}

/** A message template of ImportMessages as SQL: `format()` over `values` where it has `%s`, else a literal. */
function formatted(template: string, ...values: string[]): string {
  return values.length > 0 ? `format(${literal(template)}, ${values.join(', ')})` : literal(template);
}

/** The column of `kind` named `name` (for the words a message uses for it). */
function columnOf(kind: ImportKind, name: string): ImportColumn {
  return IMPORT_COLUMNS[kind].find((column) => column.name === name)!;
}

/**
 * Reasons a value of one column is wrong, as SQL expressions that are NULL when it is fine;
 * `parsed` is its date, amount or mobile (NULL when it does not parse).
 */
function columnChecks(column: ImportColumn, value: string, parsed: string, messages: ImportMessages): string[] {
  const checks: string[] = [];
  if (column.required) checks.push(`CASE WHEN ${value} IS NULL THEN ${formatted(messages.required(column))} END`);
  const wrong = (condition: string, message: string) =>
    checks.push(`CASE WHEN ${value} IS NOT NULL AND (${condition}) THEN ${formatted(message, value)} END`);
  switch (column.type) {
    case 'text':
      checks.push(`CASE WHEN length(${value}) > ${column.maxLength} THEN ${formatted(messages.tooLong(column))} END`);
      break;
    case 'date':
      wrong(`${parsed} IS NULL`, messages.notADate(column));
      break;
    case 'money':
      wrong(`${parsed} IS NULL AND ${value} ~ '^-[0-9.]+$'`, messages.negative(column));
      wrong(`${parsed} IS NULL AND ${value} !~ '^-[0-9.]+$'`, messages.notAnAmount(column));
      break;
    case 'boolean':
      wrong(`lower(${value}) NOT IN ${BOOLEAN_ANY}`, messages.notYesNo(column));
      break;
    case 'mobile':
      wrong(`${parsed} IS NULL`, messages.notAMobile(column));
      break;
    case 'gender':
      wrong(`upper(${value}) NOT IN ('M', 'F', '男', '女')`, messages.notAGender(column));
      break;
    case 'enum':
      wrong(`lower(${value}) NOT IN (${column.values!.map(literal).join(', ')})`, messages.notOneOf(column));
      break;
  }
  return checks;
}

/** How the kind's SQL reads the staged rows (see stagedRows). */
interface Staged {
  /** A column's trimmed value (NULL when empty or absent). */
  v: (name: string) => string;
  /** A date, amount or mobile column's parsed value (NULL when invalid or absent). */
  typed: (name: string) => string;
  present: Set<string>;
  /** The reasons the kind's own checks give, as SQL. */
  say: ReturnType<typeof reasonSql>;
}

/** The kind-level reasons (look-ups, scope, dates in order) in the import's words, as SQL over a value. */
function reasonSql(kind: ImportKind, messages: ImportMessages) {
  return {
    unknownOrgUnit: (code: string) => formatted(messages.unknownOrgUnit, code),
    orgUnitOutsideScope: (code: string) => formatted(messages.orgUnitOutsideScope, code),
    keyOutsideScope: (key: string, value: string) => formatted(messages.keyOutsideScope(columnOf(kind, key)), value),
    unknownReference: (column: string, value: string) => formatted(messages.unknownReference(columnOf(kind, column)), value),
    endBeforeStart: formatted(messages.endBeforeStart),
  };
}

interface KindSql {
  table: string;
  /** The natural key column. */
  key: string;
  /** Lookups of referenced rows, for the checks and the values. */
  joins: string;
  checks: string[];
  /** The target columns the file sets, each with its value (over the staged row and the joins). */
  values: [string, string][];
  /** Columns the merge sets but does not compare: their values follow from others (a timestamp of a change). */
  derived?: DerivedColumn[];
}

const orgUnitChecks = ({ v, say }: Pick<Staged, 'v' | 'say'>) => [
  `CASE WHEN ${v('org_unit_code')} IS NOT NULL AND ou.id IS NULL THEN ${say.unknownOrgUnit(v('org_unit_code'))} END`,
  `CASE WHEN ou.path NOT LIKE $1 THEN ${say.orgUnitOutsideScope(v('org_unit_code'))} END`,
];
const asBoolean = (value: string) => `coalesce(lower(${value}) IN ${BOOLEAN_TRUE}, false)`;

/** A column set on insert and update from the checked row (`s`) and the stored one (`t`). */
interface DerivedColumn {
  column: string;
  onInsert: string;
  onUpdate: string;
}

/**
 * The upsert of the good rows. The update touches, and compares, only the columns
 * the file has (an absent optional column keeps what is stored), and only rows that
 * differ are written, so importing the same file twice changes nothing.
 */
function upsert({ table, key, values, derived = [] }: KindSql): string {
  const columns = values.map(([column]) => column);
  const compared = columns.filter((column) => column !== key);
  const updates = [...compared.map((c) => `${c} = EXCLUDED.${c}`), ...derived.map((d) => `${d.column} = ${d.onUpdate}`)];
  return `
        INSERT INTO ${table} AS t (${[...columns, ...derived.map((d) => d.column)].join(', ')})
        SELECT ${[...columns.map((c) => `s.${c}`), ...derived.map((d) => d.onInsert)].join(', ')}
        FROM import_checked s
        WHERE s.reason IS NULL
        ON CONFLICT (${key}) DO UPDATE SET ${[...updates, 'updated_at = now()'].join(', ')}
        WHERE (${compared.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})`;
}

const KIND_SQL: Record<ImportKind, (staged: Staged) => KindSql> = {
  [ImportKind.Customers]: ({ v, typed, present, say }) => {
    const optional = (name: string, value: string): [string, string][] => (present.has(name) ? [[name, value]] : []);
    const flags = ['consent_email', 'consent_phone', 'consent_sms', 'consent_agent_visit', 'do_not_contact'];
    const doNotContactSince: DerivedColumn = {
      column: 'do_not_contact_at',
      onInsert: `CASE WHEN s.do_not_contact THEN now() END`,
      onUpdate: `CASE WHEN EXCLUDED.do_not_contact AND NOT t.do_not_contact THEN now() WHEN EXCLUDED.do_not_contact THEN t.do_not_contact_at END`,
    };
    return {
      table: 'customers',
      key: 'customer_no',
      joins: `
      LEFT JOIN org_units ou ON ou.code = ${v('org_unit_code')}
      LEFT JOIN customers ex ON ex.customer_no = ${v('customer_no')}
      LEFT JOIN org_units exu ON exu.id = ex.org_unit_id`,
      checks: [
        ...orgUnitChecks({ v, say }),
        `CASE WHEN exu.path NOT LIKE $1 THEN ${say.keyOutsideScope('customer_no', v('customer_no'))} END`,
      ],
      values: [
        ['customer_no', v('customer_no')],
        ['name', v('name')],
        ['org_unit_id', 'ou.id'],
        ...optional('id_number', v('id_number')),
        ...optional('gender', `CASE WHEN upper(${v('gender')}) IN ('M', '男') THEN 'M' WHEN upper(${v('gender')}) IN ('F', '女') THEN 'F' END`),
        ...optional('birth_date', typed('birth_date')),
        ...optional('mobile', typed('mobile')),
        ...optional('email', v('email')),
        ...optional('city', v('city')),
        ...flags.flatMap((flag) => optional(flag, asBoolean(v(flag)))),
      ],
      derived: present.has('do_not_contact') ? [doNotContactSince] : [],
    };
  },
  [ImportKind.Policies]: ({ v, typed, say }) => ({
    table: 'policies',
    key: 'policy_no',
    joins: `
      LEFT JOIN org_units ou ON ou.code = ${v('org_unit_code')}
      LEFT JOIN customers c ON c.customer_no = ${v('customer_no')}
      LEFT JOIN org_units cu ON cu.id = c.org_unit_id
      LEFT JOIN products p ON p.code = ${v('product_code')}
      LEFT JOIN policies ex ON ex.policy_no = ${v('policy_no')}
      LEFT JOIN org_units exu ON exu.id = ex.org_unit_id`,
    checks: [
      ...orgUnitChecks({ v, say }),
      `CASE WHEN ${v('customer_no')} IS NOT NULL AND (c.id IS NULL OR cu.path NOT LIKE $1) THEN ${say.unknownReference('customer_no', v('customer_no'))} END`,
      `CASE WHEN ${v('product_code')} IS NOT NULL AND p.code IS NULL THEN ${say.unknownReference('product_code', v('product_code'))} END`,
      `CASE WHEN ${typed('end_date')} < ${typed('start_date')} THEN ${say.endBeforeStart} END`,
      `CASE WHEN exu.path NOT LIKE $1 THEN ${say.keyOutsideScope('policy_no', v('policy_no'))} END`,
    ],
    values: [
      ['policy_no', v('policy_no')],
      ['customer_id', 'c.id'],
      ['product_code', 'p.code'],
      ['premium', typed('premium')],
      ['start_date', typed('start_date')],
      ['end_date', typed('end_date')],
      ['status', `lower(${v('status')})`],
      ['channel', `lower(${v('channel')})`],
      ['org_unit_id', 'ou.id'],
    ],
  }),
  [ImportKind.Claims]: ({ v, typed, say }) => ({
    table: 'claims',
    key: 'claim_no',
    joins: `
      LEFT JOIN policies p ON p.policy_no = ${v('policy_no')}
      LEFT JOIN org_units pu ON pu.id = p.org_unit_id
      LEFT JOIN claims ex ON ex.claim_no = ${v('claim_no')}
      LEFT JOIN policies exp ON exp.id = ex.policy_id
      LEFT JOIN org_units exu ON exu.id = exp.org_unit_id`,
    checks: [
      `CASE WHEN ${v('policy_no')} IS NOT NULL AND (p.id IS NULL OR pu.path NOT LIKE $1) THEN ${say.unknownReference('policy_no', v('policy_no'))} END`,
      `CASE WHEN exu.path NOT LIKE $1 THEN ${say.keyOutsideScope('claim_no', v('claim_no'))} END`,
    ],
    values: [
      ['claim_no', v('claim_no')],
      ['policy_id', 'p.id'],
      ['customer_id', 'p.customer_id'],
      ['claim_date', typed('claim_date')],
      ['amount', typed('amount')],
      ['status', `lower(${v('status')})`],
    ],
  }),
};
