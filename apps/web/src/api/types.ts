import type { Locale } from '../i18n/text';

/** Shapes of the API's answers (camelCase), as the pages use them. */
export type RoleName =
  | 'admin'
  | 'campaign_manager'
  | 'segment_manager'
  | 'channel_manager'
  | 'branch_executor'
  | 'reviewer'
  | 'analyst';

export const ALL_ROLES: RoleName[] = [
  'admin',
  'campaign_manager',
  'segment_manager',
  'channel_manager',
  'branch_executor',
  'reviewer',
  'analyst',
];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: RoleName[];
  orgUnitId: number;
  orgUnitName: string;
  orgLevel: number;
  orgPath: string;
}

export interface OrgUnit {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: number;
  parentId: number | null;
  path: string;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  roles: RoleName[];
  orgUnitId: number;
  orgUnitName: string;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Product {
  code: string;
  name: string;
  nameEn: string;
  line: string;
  active: boolean;
}

export type ValueTier = 'gold' | 'silver' | 'ordinary' | 'do_not_serve';

export interface CustomerRow {
  id: number;
  customerNo: string;
  name: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  mobile: string | null;
  city: string | null;
  orgUnitId: number;
  orgUnitName: string;
  valueTier: ValueTier | null;
  doNotContact: boolean;
}

export interface CustomerDetail {
  id: number;
  customerNo: string;
  idNumber: string | null;
  name: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  age: number | null;
  mobile: string | null;
  email: string | null;
  city: string | null;
  orgUnitId: number;
  orgUnitName: string;
  consents: { email: boolean; phone: boolean; sms: boolean; agentVisit: boolean };
  doNotContact: boolean;
  doNotContactAt: string | null;
  valueTier: ValueTier | null;
  valueScore: number | null;
  personalDataMasked: boolean;
}

export interface PolicyRow {
  id: number;
  policyNo: string;
  productCode: string;
  productName: string;
  line: string;
  premium: number | string;
  startDate: string;
  endDate: string;
  status: string;
  channel: string | null;
}

export interface ClaimRow {
  id: number;
  claimNo: string;
  policyNo: string;
  claimDate: string;
  amount: number | string;
  status: string;
}

export interface CustomerView {
  customer: CustomerDetail;
  policies: PolicyRow[];
  claims: ClaimRow[];
}

export interface NextBestOffer {
  bundleId: number;
  name: string;
  expectedValue: number;
  acceptanceRate: number;
  reason: string;
}

export type ImportKind = 'customers' | 'policies' | 'claims';
export type ImportMode = 'all_or_nothing' | 'good_rows';
export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';

export interface ImportJob {
  /** A UUID. */
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  /** The language of the rejected rows' reasons and the outcome message: the UI's at upload. */
  language: Locale;
  status: ImportStatus;
  fileName: string;
  fileSize: number | null;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRejection {
  lineNo: number;
  reason: string;
  raw: string;
}
