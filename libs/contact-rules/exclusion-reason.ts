/**
 * Why a customer may not be contacted on a channel, in the order they are tested: a
 * customer excluded for several reasons counts under the first. Do-not-contact always
 * wins. A pure file, shared with the web, which labels each reason.
 */
export const EXCLUSION_REASONS = [
  'do_not_contact',
  'no_consent',
  'email_bounced',
  'do_not_call',
  'quiet_hours',
  'holiday',
  'min_gap',
  'cap_7d',
  'cap_30d',
  'channel_cap_7d',
  'channel_cap_30d',
  'nothing_to_renew',
  'renewal_too_early',
  'already_converted',
  'opted_out',
  'reserved_by_higher_priority',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
