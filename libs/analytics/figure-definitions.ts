import type { ContactStatus } from '@lib/contact-rules/contact-status';

/**
 * docs/figures.md in statuses. A pure file. A contact is made unless it is still to be
 * made or was never made; a made contact reached the customer unless its email bounced
 * or its call was dialled without being answered.
 */
export const NOT_MADE: readonly ContactStatus[] = ['planned', 'queued', 'sending', 'failed', 'skipped', 'dead', 'cancelled'];

export const REACHED: readonly ContactStatus[] = ['sent', 'delivered', 'opened', 'clicked', 'connected', 'visited'];
