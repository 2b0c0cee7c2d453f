import type { EntityManager } from 'typeorm';
import type { MessageContext } from './message-context';

/** The columns one context is built from, whichever query read them. */
export interface ContextRow {
  customer_name: string;
  gender: string | null;
  customer_no: string;
  bundle_name: string | null;
  short_text: string | null;
  price: string | null;
  discount_pct: string | null;
  talking_points: string[] | null;
  objections: { objection: string; answer: string }[] | null;
  campaign_name: string;
  end_date: string | null;
  branch_name: string;
  address: string | null;
  phone: string | null;
}

/**
 * The branch a message names: the unit `unit` (an alias of org_units in the query),
 * or the nearest unit above it with an address, since a county sub-branch without an
 * office of its own sends customers to its city's.
 */
export const BRANCH_JOIN = (unit: string) => `
  LEFT JOIN LATERAL (
    SELECT a.name, a.address, a.phone FROM org_units a
     WHERE ${unit}.path LIKE a.path || '%' AND a.address IS NOT NULL
     ORDER BY a.level DESC LIMIT 1
  ) branch ON true`;

export const BRANCH_COLUMNS = (unit: string) =>
  `coalesce(branch.name, ${unit}.name) AS branch_name, branch.address, branch.phone`;

export const BUNDLE_COLUMNS = `b.name AS bundle_name, b.short_text, b.price::text AS price, b.discount_pct::text AS discount_pct, b.talking_points, b.objections`;

/**
 * Every contact's context in one statement: the customer, the bundle of the campaign's
 * approved revision, the campaign, and the branch of the contact. Contacts that do not
 * exist are left out of the map.
 */
export async function contextsForContacts(manager: EntityManager, contactIds: number[]): Promise<Map<number, MessageContext>> {
  if (contactIds.length === 0) return new Map();
  const rows: (ContextRow & { contact_id: string })[] = await manager.query(
    `SELECT k.id AS contact_id, c.name AS customer_name, c.gender, c.customer_no, ${BUNDLE_COLUMNS},
            r.name AS campaign_name, to_char(r.end_date, 'YYYY-MM-DD') AS end_date, ${BRANCH_COLUMNS('u')}
       FROM contacts k
       JOIN customers c ON c.id = k.customer_id
       JOIN campaigns m ON m.id = k.campaign_id
       JOIN campaign_revisions r ON r.id = m.approved_revision_id
       LEFT JOIN bundles b ON b.id = r.bundle_id
       JOIN org_units u ON u.id = k.org_unit_id
       ${BRANCH_JOIN('u')}
      WHERE k.id = ANY($1::bigint[])`,
    [contactIds],
  );
  return new Map(rows.map((row) => [Number(row.contact_id), contextOf(row)]));
}

export function contextOf(row: ContextRow): MessageContext {
  return {
    customer: { name: row.customer_name, title: titleOf(row.gender), customerNo: maskCustomerNo(row.customer_no) },
    bundle: {
      name: row.bundle_name ?? '',
      shortText: row.short_text ?? '',
      price: row.price === null ? '' : formatYuan(payable(Number(row.price), Number(row.discount_pct ?? 0))),
      talkingPoints: row.talking_points ?? [],
      objections: (row.objections ?? []).map(({ objection, answer }) => ({ objection, answer })),
    },
    campaign: { name: row.campaign_name, endDate: row.end_date ?? '' },
    branch: { name: row.branch_name, address: row.address ?? '', phone: row.phone ?? '' },
  };
}

/** 先生 / 女士, as Chinese letters address customers. */
export function titleOf(gender: string | null): string {
  return gender === 'M' ? '先生' : gender === 'F' ? '女士' : '';
}

/** The first two and last two characters of a customer number, the rest masked. */
export function maskCustomerNo(customerNo: string): string {
  if (customerNo.length <= 4) return '*'.repeat(customerNo.length);
  return `${customerNo.slice(0, 2)}${'*'.repeat(customerNo.length - 4)}${customerNo.slice(-2)}`;
}

/** What the customer pays: the bundle's price less its discount, to the fen. */
function payable(price: number, discountPct: number): number {
  return Math.round(price * (100 - discountPct)) / 100;
}

const YUAN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** ¥1,234.00 */
export function formatYuan(amount: number): string {
  return `¥${YUAN.format(amount)}`;
}
