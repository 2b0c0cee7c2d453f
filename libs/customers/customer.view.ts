/**
 * The answers of customer search and the single customer view, and the body that
 * changes a customer, shared by the server and the web (`@lib/customers/customer.view`);
 * pure types, no Nest.
 */
import type { ValueTier } from '../value-tiers/value-tier-name';

/** A search result; the mobile is always masked in lists. */
export interface CustomerListItem {
  id: number;
  customerNo: string;
  name: string;
  gender: 'M' | 'F' | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  mobile: string | null;
  city: string | null;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  valueTier: ValueTier | null;
  doNotContact: boolean;
}

export interface Consents {
  email: boolean;
  phone: boolean;
  sms: boolean;
  agentVisit: boolean;
}

export interface CustomerProfile extends CustomerListItem {
  /** Masked unless the caller's role works with personal data. */
  idNumber: string | null;
  age: number | null;
  email: string | null;
  consents: Consents;
  doNotContactAt: Date | null;
  valueScore: number | null;
  /** True when mobile and idNumber are masked for the caller's role. */
  personalDataMasked: boolean;
}

export interface CustomerPolicy {
  id: number;
  policyNo: string;
  productCode: string;
  productName: string;
  productNameEn: string | null;
  line: string;
  premium: number;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
  status: string;
  channel: string;
}

export interface CustomerClaim {
  id: number;
  claimNo: string;
  policyNo: string;
  /** YYYY-MM-DD */
  claimDate: string;
  amount: number;
  status: string;
}

/** The single customer view. */
export interface CustomerView {
  customer: CustomerProfile;
  policies: CustomerPolicy[];
  claims: CustomerClaim[];
}

/** The body of PATCH /customers/:id: consents and the do-not-contact flag. */
export interface CustomerChanges {
  consents?: Partial<Consents>;
  doNotContact?: boolean;
}
