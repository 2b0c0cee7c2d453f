/**
 * The statuses of a contact (migrations/1764600000000-contact-dispatch.ts). A pure file,
 * shared with the web, which labels each status.
 */
export const CONTACT_STATUSES = [
  'planned',
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'called',
  'connected',
  'visited',
  'failed',
  'skipped',
  'bounced',
  'dead',
  'cancelled',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/**
 * Contacts that did not reach the customer, yet or ever: they count for no frequency cap.
 * 'sending' counts: it is claimed by a send in flight, so a second campaign checking the
 * same customer at the same moment sees it.
 */
export const NOT_REACHED: readonly ContactStatus[] = ['planned', 'queued', 'failed', 'skipped', 'bounced', 'dead', 'cancelled'];

/** Contacts still to be made, which reserve the customer for a campaign of higher priority. */
export const STILL_TO_MAKE: readonly ContactStatus[] = ['planned', 'queued'];

/**
 * docs/figures.md in statuses, for the evaluation reports' prefill and the campaign
 * analytics alike. A contact is made unless it is still to be made or was never made.
 */
export const NOT_MADE: readonly ContactStatus[] = ['planned', 'queued', 'sending', 'failed', 'skipped', 'dead', 'cancelled'];

/** Made contacts that reached the customer: all but a bounced email and a call dialled and never connected. */
export const REACHED: readonly ContactStatus[] = ['sent', 'delivered', 'opened', 'clicked', 'connected', 'visited'];
