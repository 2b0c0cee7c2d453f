import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@lib/config';
import { ContactEventStream } from './contact-event-stream';
import { openProxyOf } from './open-proxy';
import { TrackedLinks } from './tracked-links';
import { TrackingPurpose, TrackingTokens } from './tracking-token';

/** Path of the public tracking links under the API (apps/api/src/tracking/tracking-links.controller.ts). */
export const TRACKING_PATH = '/api/t';

/**
 * The public tracking links: the addresses a channel puts in a message, and what
 * following one does. A request is answered from memory (the token's signature and
 * the cached links) and its event appended to the Redis stream before the answer;
 * no database row is written on the way, the worker moves the events in batches.
 */
@Injectable()
export class LinkTracking {
  private readonly base: string;

  constructor(
    private readonly tokens: TrackingTokens,
    private readonly stream: ContactEventStream,
    private readonly links: TrackedLinks,
    config: AppConfig,
  ) {
    this.base = `${config.PUBLIC_URL.replace(/\/+$/, '')}${TRACKING_PATH}`;
  }

  openPixelUrl(contactId: number): string {
    return `${this.base}/o/${this.tokens.sign({ purpose: TrackingPurpose.Open, contactId })}`;
  }

  /** The redirect for a link registered for the step (TrackedLinks.register gives its index). */
  clickUrl(contactId: number, stepId: number, linkIndex: number): string {
    return `${this.base}/c/${this.tokens.sign({ purpose: TrackingPurpose.Click, contactId, stepId, linkIndex })}`;
  }

  /** For the visible link and for List-Unsubscribe with List-Unsubscribe-Post (RFC 8058). */
  unsubscribeUrl(contactId: number): string {
    return `${this.base}/u/${this.tokens.sign({ purpose: TrackingPurpose.Unsubscribe, contactId })}`;
  }

  /** Records an open of the pixel's contact; false for a token that is not ours. */
  async opened(token: string, userAgent: string | undefined): Promise<boolean> {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Open) return false;
    await this.stream.append({
      eventId: randomUUID(),
      type: 'opened',
      contactId: claim.contactId,
      occurredAt: new Date().toISOString(),
      openProxy: openProxyOf(userAgent),
    });
    return true;
  }

  /** The address a click leads to, once its event is recorded; undefined for a token or link that is not ours. */
  async clicked(token: string): Promise<string | undefined> {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Click) return undefined;
    const url = await this.links.urlOf(claim.stepId, claim.linkIndex);
    if (!url) return undefined;
    await this.stream.append({
      eventId: randomUUID(),
      type: 'clicked',
      contactId: claim.contactId,
      occurredAt: new Date().toISOString(),
      linkIndex: claim.linkIndex,
    });
    return url;
  }

  /** Whether the token is an unsubscribe link of ours (the confirmation page shows nothing else). */
  isUnsubscribeToken(token: string): boolean {
    return this.tokens.verify(token)?.purpose === TrackingPurpose.Unsubscribe;
  }

  /** Records the unsubscribe; storing it turns the customer's email consent off. */
  async unsubscribed(token: string): Promise<boolean> {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Unsubscribe) return false;
    await this.stream.append({ eventId: randomUUID(), type: 'unsubscribed', contactId: claim.contactId, occurredAt: new Date().toISOString() });
    return true;
  }
}
