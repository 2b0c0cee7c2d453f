/**
 * A customer's contact history across every campaign and channel, as the single
 * customer view shows it; pure types, the web imports them as
 * `@lib/tracking/contact-history.view`.
 */
import type { Page } from '../common/page';
import type { ContactChannel } from '../contact-rules/contact-channel';
import type { ContactEventType, OpenProxy } from './contact-event';

export interface ContactHistoryEntry {
  occurredAt: Date;
  eventType: ContactEventType;
  channel: ContactChannel | null;
  campaignId: number;
  campaignCode: string;
  /** The name in the campaign's plan in force (or its first draft). */
  campaignName: string | null;
  stepId: number | null;
  /** The step's number in its campaign's plan. */
  stepPosition: number | null;
  /** Why a contact was skipped, bounced or failed. */
  reason: string | null;
  /** Set when a proxy, not necessarily the customer, fetched the open. */
  openProxy: OpenProxy | null;
  /** The policy a conversion bought, and its premium in yuan ("1200.00"). */
  policyNo: string | null;
  premium: string | null;
  /** The branch that owns the contact. */
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
}

/** Newest first. */
export type ContactHistory = Page<ContactHistoryEntry>;
