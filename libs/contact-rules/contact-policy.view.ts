/**
 * The contact policy answers and request bodies, and the contactability check, shared
 * by the server and the web (`@lib/contact-rules/contact-policy.view`); pure types.
 */
import type { RuleNode } from '../segments/rule';
import type { ChannelLimits, ContactChannel, QuietHours } from './contact-channel';
import type { ExclusionReason } from './exclusion-reason';

export interface ContactPolicyView {
  id: number;
  name: string;
  isDefault: boolean;
  /** Contacts per customer in a rolling 7 days, all campaigns and channels. */
  maxPer7Days: number;
  maxPer30Days: number;
  /** Every channel, with null where it has no limit of its own. */
  perChannel: Record<ContactChannel, ChannelLimits>;
  /** Hours between two contacts of a customer on any channel. */
  minGapHours: number;
  quietHours: QuietHours;
  /** YYYY-MM-DD */
  holidays: string[];
  /** The channels that stay silent on holidays. */
  holidayChannels: ContactChannel[];
  /** Days on the do-not-call list after a refusal. */
  refusalBlockDays: number;
  /** Renewal contacts no earlier than this many days before expiry. */
  renewalEarliestDays: number;
  requireConsent: boolean;
  updatedAt: Date;
}

/** The body of POST /contact-policies (every field left out takes the default policy's value); PATCH takes any part. */
export interface ContactPolicyInput {
  name: string;
  isDefault?: boolean;
  maxPer7Days?: number;
  maxPer30Days?: number;
  /** Limits of each channel; a limit left out stays as it is, null means none. */
  perChannel?: Partial<Record<ContactChannel, Partial<ChannelLimits>>>;
  minGapHours?: number;
  quietHours?: QuietHours;
  holidays?: string[];
  holidayChannels?: ContactChannel[];
  refusalBlockDays?: number;
  renewalEarliestDays?: number;
  requireConsent?: boolean;
}

export type ContactPurpose = 'sales' | 'renewal';

/** The body of POST /contact-policies/:id/check: an audience (a saved segment or a rule) and how it would be contacted. */
export interface ContactCheckRequest {
  segmentId?: number;
  rule?: RuleNode;
  channels: ContactChannel[];
  /** When the contacts would happen (ISO date-time; default: now). */
  at?: string;
  purpose?: ContactPurpose;
  /** The asking campaign: its own planned contacts do not count against it. */
  campaignId?: number;
  /** The asking campaign's priority; higher wins. */
  priority?: number;
}

export interface ContactCheckResult {
  audience: number;
  contactableAnyChannel: number;
  byChannel: { channel: ContactChannel; contactable: number; excluded: { reason: ExclusionReason; count: number }[] }[];
}
