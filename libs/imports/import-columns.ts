import type { ImportMessages } from './import-messages';

/** What an import file holds: customers, policies or claims. */
export enum ImportKind {
  Customers = 'customers',
  Policies = 'policies',
  Claims = 'claims',
}

/** all_or_nothing: one bad row and nothing is written; good_rows: write the good rows, report the rest. */
export enum ImportMode {
  AllOrNothing = 'all_or_nothing',
  GoodRows = 'good_rows',
}

export type ColumnType = 'text' | 'date' | 'money' | 'boolean' | 'gender' | 'enum' | 'mobile';

/** One CSV column: its canonical (English) header, the Chinese header also accepted, and how it is checked. */
export interface ImportColumn {
  name: string;
  chinese: string;
  /** Chinese headers of earlier releases, still accepted so that files saved with them keep loading. */
  formerChinese?: readonly string[];
  type: ColumnType;
  required: boolean;
  /** Longest accepted text (the width of the database column). */
  maxLength?: number;
  /** Accepted values of an enum column. */
  values?: readonly string[];
}

const text = (name: string, chinese: string, maxLength: number, required = false): ImportColumn => ({
  name,
  chinese,
  type: 'text',
  required,
  maxLength,
});
const flag = (name: string, chinese: string, formerChinese?: string[]): ImportColumn => ({
  name,
  chinese,
  ...(formerChinese ? { formerChinese } : {}),
  type: 'boolean',
  required: false,
});

export const POLICY_STATUSES = ['active', 'expired', 'cancelled', 'pending'] as const;
export const SALES_CHANNELS = ['agent', 'call_centre', 'online', 'bancassurance', 'dealer', 'direct'] as const;
export const CLAIM_STATUSES = ['open', 'paid', 'rejected', 'closed'] as const;

/** The columns of each kind of file, in the order the documentation lists them (docs/import-format.md). */
export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  [ImportKind.Customers]: [
    text('customer_no', '客户号', 32, true),
    text('id_number', '证件号码', 32),
    text('name', '姓名', 100, true),
    { name: 'gender', chinese: '性别', type: 'gender', required: false },
    { name: 'birth_date', chinese: '出生日期', type: 'date', required: false },
    { name: 'mobile', chinese: '手机号', type: 'mobile', required: false },
    text('email', '邮箱', 200),
    text('city', '城市', 50),
    text('org_unit_code', '机构代码', 32, true),
    flag('consent_email', '同意电子邮件', ['同意邮件']),
    flag('consent_phone', '同意电话'),
    flag('consent_sms', '同意短信'),
    flag('consent_agent_visit', '同意代理人拜访', ['同意上门拜访']),
    // docs/glossary.md: 免打扰 names quiet hours; a customer no channel may contact is 禁止联系.
    flag('do_not_contact', '禁止联系', ['免打扰']),
  ],
  [ImportKind.Policies]: [
    text('policy_no', '保单号', 40, true),
    text('customer_no', '客户号', 32, true),
    text('product_code', '产品代码', 20, true),
    { name: 'premium', chinese: '保费', type: 'money', required: true },
    { name: 'start_date', chinese: '起保日期', type: 'date', required: true },
    { name: 'end_date', chinese: '终保日期', type: 'date', required: true },
    { name: 'status', chinese: '保单状态', type: 'enum', required: true, values: POLICY_STATUSES },
    { name: 'channel', chinese: '销售渠道', type: 'enum', required: true, values: SALES_CHANNELS },
    text('org_unit_code', '机构代码', 32, true),
  ],
  [ImportKind.Claims]: [
    text('claim_no', '赔案号', 40, true),
    text('policy_no', '保单号', 40, true),
    { name: 'claim_date', chinese: '出险日期', type: 'date', required: true },
    { name: 'amount', chinese: '赔款金额', type: 'money', required: true },
    { name: 'status', chinese: '赔案状态', type: 'enum', required: true, values: CLAIM_STATUSES },
  ],
};

/** The header of a file, matched to the columns of its kind. */
export interface HeaderMapping {
  /** The matched column of each header field, in file order. */
  columns: ImportColumn[];
  problems: string[];
}

/**
 * Matches header names (English or Chinese, any case, surrounding spaces ignored) to
 * the columns of the kind. Unknown, repeated or missing required columns are problems.
 */
export function mapHeader(kind: ImportKind, header: readonly string[], messages: ImportMessages): HeaderMapping {
  const known = IMPORT_COLUMNS[kind];
  const byName = new Map<string, ImportColumn>();
  for (const column of known) {
    byName.set(column.name, column);
    byName.set(column.chinese, column);
    for (const former of column.formerChinese ?? []) byName.set(former, column);
  }
  const columns: ImportColumn[] = [];
  const problems: string[] = [];
  header.forEach((raw, index) => {
    const column = byName.get(raw.trim().toLowerCase());
    if (!column) {
      problems.push(messages.unknownColumn(raw.trim(), index + 1));
    } else if (columns.includes(column)) {
      problems.push(messages.repeatedColumn(column));
    } else {
      columns.push(column);
    }
  });
  for (const column of known) {
    if (column.required && !columns.includes(column)) {
      problems.push(messages.missingColumn(column));
    }
  }
  return { columns, problems };
}
