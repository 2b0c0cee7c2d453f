import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError, Page } from '@lib/common';
import { CustomerSearchQuery, UpdateCustomerBody } from './customer.dto';
import type { CustomerListItem, CustomerProfile, CustomerView } from './customer.view';
import { maskIdNumber, maskMobile } from './personal-data';

const LIST_COLUMNS = `
  c.id::int AS id, c.customer_no AS "customerNo", c.name, c.gender, c.birth_date::text AS "birthDate", c.mobile, c.city,
  c.org_unit_id AS "orgUnitId", ou.name AS "orgUnitName", ou.name_en AS "orgUnitNameEn", c.value_tier AS "valueTier", c.do_not_contact AS "doNotContact"`;

/** Escapes LIKE wildcards, so that a searched name is a plain prefix. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** A customer's mobile as compared in searches (migrations/1764000600000-customer-search.ts). */
const MOBILE = 'mobile_digits(c.mobile)';
const MOBILE_LAST4 = `right(${MOBILE}, 4)`;

/**
 * The digits of a mobile typed in any common notation (+86 138 1234 5678,
 * 0086-138-1234-5678, (138) 1234 5678), the country code dropped as mobile_digits()
 * drops it; undefined when the text is not a phone number at all.
 */
function typedMobileDigits(text: string): string | undefined {
  if (!/^[0-9+\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/[^0-9]/g, '').replace(/^(00)?86(1[0-9]{10})$/, '$2');
  return digits.length >= 4 ? digits : undefined;
}

/** The single customer view and customer search, within the caller's org scope. */
@Injectable()
export class CustomerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Customers matching every given filter, ordered by id so that paging is stable. */
  async search(scope: OrgScope, query: CustomerSearchQuery): Promise<Page<CustomerListItem>> {
    const params: unknown[] = [scope.pathPattern];
    const where = [scope.unitCondition('c.org_unit_id', 1)];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const mobileMatch = (text: string) => {
      const digits = typedMobileDigits(text);
      if (!digits) return 'false';
      const last4 = `${MOBILE_LAST4} = ${bind(digits.slice(-4))}`;
      // Four digits are the end of a mobile; more are the whole number, found through its last four.
      return digits.length === 4 ? last4 : `(${last4} AND ${MOBILE} = ${bind(digits)})`;
    };
    const q = query.q?.trim();
    if (q) {
      where.push(`(lower(c.customer_no) = lower(${bind(q)}) OR ${mobileMatch(q)} OR c.name LIKE ${bind(likePrefix(q))})`);
    }
    if (query.customerNo?.trim()) where.push(`lower(c.customer_no) = lower(${bind(query.customerNo.trim())})`);
    if (query.name?.trim()) where.push(`c.name LIKE ${bind(likePrefix(query.name.trim()))}`);
    if (query.mobile) where.push(mobileMatch(query.mobile));
    if (query.orgUnitId) {
      const unitPath = await this.unitPathInScope(query.orgUnitId, scope);
      where.push(`c.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE ${bind(`${unitPath}%`)})`);
    }
    const filter = where.join(' AND ');
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${LIST_COLUMNS} FROM customers c JOIN org_units ou ON ou.id = c.org_unit_id
         WHERE ${filter} ORDER BY c.id LIMIT ${bind(query.pageSize)} OFFSET ${bind((query.page - 1) * query.pageSize)}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM customers c WHERE ${filter}`, params.slice(0, params.length - 2)),
    ]);
    const items = (rows as CustomerListItem[]).map((row) => ({ ...row, mobile: maskMobile(row.mobile) }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Profile, policies and claims of one customer. Mobile and id number are shown in
   * full only when `showPersonalData` (the caller's role works with customers directly).
   */
  async view(id: number, scope: OrgScope, showPersonalData: boolean): Promise<CustomerView> {
    const [profile] = await this.dataSource.query(
      `SELECT ${LIST_COLUMNS}, c.id_number AS "idNumber", date_part('year', age(c.birth_date))::int AS age, c.email,
         json_build_object('email', c.consent_email, 'phone', c.consent_phone, 'sms', c.consent_sms, 'agentVisit', c.consent_agent_visit) AS consents,
         c.do_not_contact_at AS "doNotContactAt", c.value_score::float8 AS "valueScore"
       FROM customers c JOIN org_units ou ON ou.id = c.org_unit_id
       WHERE c.id = $2 AND ${scope.unitCondition('c.org_unit_id', 1)}`,
      [scope.pathPattern, id],
    );
    if (!profile) throw new NotFoundError('customer', id);
    const [policies, claims] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id::int AS id, p.policy_no AS "policyNo", p.product_code AS "productCode", pr.name AS "productName", pr.name_en AS "productNameEn", pr.line,
           p.premium::float8 AS premium, p.start_date::text AS "startDate", p.end_date::text AS "endDate", p.status, p.channel
         FROM policies p JOIN products pr ON pr.code = p.product_code
         WHERE p.customer_id = $1 ORDER BY p.start_date DESC, p.id DESC`,
        [id],
      ),
      this.dataSource.query(
        `SELECT cl.id::int AS id, cl.claim_no AS "claimNo", p.policy_no AS "policyNo", cl.claim_date::text AS "claimDate",
           cl.amount::float8 AS amount, cl.status
         FROM claims cl JOIN policies p ON p.id = cl.policy_id
         WHERE cl.customer_id = $1 ORDER BY cl.claim_date DESC, cl.id DESC`,
        [id],
      ),
    ]);
    const customer: CustomerProfile = showPersonalData
      ? { ...profile, personalDataMasked: false }
      : { ...profile, mobile: maskMobile(profile.mobile), idNumber: maskIdNumber(profile.idNumber), personalDataMasked: true };
    return { customer, policies, claims };
  }

  /** Changes consents and the do-not-contact flag; turning the flag on records when. */
  async update(id: number, scope: OrgScope, body: UpdateCustomerBody, showPersonalData: boolean): Promise<CustomerView> {
    const consents = body.consents ?? {};
    const [, changed] = await this.dataSource.query(
      `UPDATE customers SET
         consent_email = coalesce($3::boolean, consent_email),
         consent_phone = coalesce($4::boolean, consent_phone),
         consent_sms = coalesce($5::boolean, consent_sms),
         consent_agent_visit = coalesce($6::boolean, consent_agent_visit),
         do_not_contact_at = CASE WHEN $7::boolean AND NOT do_not_contact THEN now()
                                  WHEN NOT $7::boolean THEN NULL ELSE do_not_contact_at END,
         do_not_contact = coalesce($7::boolean, do_not_contact),
         updated_at = now()
       WHERE id = $2 AND ${scope.unitCondition('org_unit_id', 1)}`,
      [
        scope.pathPattern,
        id,
        consents.email ?? null,
        consents.phone ?? null,
        consents.sms ?? null,
        consents.agentVisit ?? null,
        body.doNotContact ?? null,
      ],
    );
    if (changed === 0) throw new NotFoundError('customer', id);
    return this.view(id, scope, showPersonalData);
  }

  private async unitPathInScope(orgUnitId: number, scope: OrgScope): Promise<string> {
    const [unit] = await this.dataSource.query(`SELECT path FROM org_units WHERE id = $1`, [orgUnitId]);
    if (!unit || !scope.includesPath(unit.path)) throw new NotFoundError('org_unit', orgUnitId);
    return unit.path;
  }
}
