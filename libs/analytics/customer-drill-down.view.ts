import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { LaunchGroup } from '@lib/attribution/campaign-conversions.view';
import type { ContactStatus } from '@lib/contact-rules/contact-status';
import type { ValueTier } from '@lib/value-tiers/value-tier-name';

/**
 * GET /api/analytics/campaigns/:id/customers and its CSV and XLSX export: the customers
 * behind a figure of a campaign (docs/roi-dashboards.md). A pure file, shared with the web.
 *
 * One line per what the figure counts (docs/figures.md): a member of the group as drawn
 * at launch, a contact made, a contact with a response, a policy attributed.
 */
export const DRILL_DOWN_KINDS = ['members', 'contacts', 'responders', 'converters'] as const;
export type DrillDownKind = (typeof DRILL_DOWN_KINDS)[number];

/** Kinds the control group has: it is held out, so it has no contacts and no responses. */
export const CONTROL_DRILL_DOWN_KINDS: readonly DrillDownKind[] = ['members', 'converters'];

export const DRILL_DOWN_FORMATS = ['csv', 'xlsx'] as const;
export type DrillDownFormat = (typeof DRILL_DOWN_FORMATS)[number];

/** The filters, each the key of a breakdown line of the dashboard. */
export interface DrillDownFilter {
  kind: DrillDownKind;
  /** Treatment when left out. */
  group?: LaunchGroup;
  /** An org unit of the reader's scope: its own lines, as the branch breakdown shows them (the units below it have theirs). */
  branch?: number;
  /** A step of the launched revision (not for members). */
  step?: number;
  channel?: StepChannel;
  valueTier?: ValueTier;
  /** An include segment of the launched plan: the lines of the members who matched it at launch. */
  segment?: number;
  /** The local day (YYYY-MM-DD) the figure's daily trend counts the line on (not for members). */
  day?: string;
}

export interface DrillDownCustomer {
  customerId: number;
  customerNo: string;
  name: string;
  /** Masked as in every list: 138****5678. */
  mobile: string | null;
  /** The branch the line belongs to: the contact's, else the member's unit frozen at launch. */
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  /** As frozen at launch. */
  valueTier: ValueTier | null;
  stepId: number | null;
  stepPosition: number | null;
  channel: StepChannel | null;
  contactStatus: ContactStatus | null;
  contactedAt: Date | null;
  /** The first click or response to the contact. */
  respondedAt: Date | null;
  policyNo: string | null;
  productCode: string | null;
  productName: string | null;
  productNameEn: string | null;
  /** Yuan, "3200.00". */
  premium: string | null;
  /** YYYY-MM-DD */
  policyStartDate: string | null;
}
