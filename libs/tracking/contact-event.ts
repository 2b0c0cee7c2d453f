/** Every event of a contact, whatever its channel (migrations/1764500000000-contact-events.ts). */
export const CONTACT_EVENT_TYPES = [
  'queued',
  'sent',
  'delivered',
  'bounced',
  'failed',
  'skipped',
  'opened',
  'clicked',
  'unsubscribed',
  'called',
  'connected',
  'visited',
  'responded',
  'converted',
] as const;
export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];

/** Events the public tracking links record; the others come from channels in batches. */
export type LinkEventType = Extract<ContactEventType, 'opened' | 'clicked' | 'unsubscribed'>;

/** Who fetched an open's pixel when it was not necessarily the customer. */
export type OpenProxy = 'apple_privacy' | 'google_proxy' | 'yahoo_proxy';
