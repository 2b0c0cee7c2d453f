import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@lib/config';
import { ContactEventStream, EntryWritten } from './contact-event-stream';
import { openProxyOf } from './open-proxy';
import { TrackedLinks } from './tracked-links';
import { TrackingPurpose, TrackingTokens } from './tracking-token';

/** Path of the public tracking links under the API (apps/api/src/tracking/tracking-links.plugin.ts). */
export const TRACKING_PATH = '/api/t';

/** Answers a click once its event is in the stream: the error that kept it out, or the address (none for a token or link that is not ours). */
export type ClickAnswer = (error: Error | undefined, url: string | undefined) => void;

/**
 * The public tracking links: the addresses a channel puts in a message, and what
 * following one does. A request is answered from memory (the token's signature and
 * the cached links) and its event appended to the Redis stream before the answer;
 * no database row is written on the way, the worker moves the events in batches.
 */
@Injectable()
export class LinkTracking {
  private readonly base: string;
  private readonly clock = new IsoClock();

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

  /**
   * Records an open of the pixel's contact, calling `written` once it is in the stream;
   * false, and no call, for a token that is not ours. A callback and not a promise, as
   * for clicks: these two take every open and click of every message (bench/README.md).
   */
  opened(token: string, userAgent: string | undefined, written: EntryWritten): boolean {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Open) return false;
    this.stream.appendThen(
      { eventId: randomUUID(), type: 'opened', contactId: claim.contactId, occurredAt: this.clock.now(), openProxy: openProxyOf(userAgent) },
      written,
    );
    return true;
  }

  /** Records a click and answers with the address it leads to, once its event is in the stream; at once for a token that is not ours. */
  clicked(token: string, answer: ClickAnswer): void {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Click) return answer(undefined, undefined);
    const record = (url: string | undefined) => {
      if (!url) return answer(undefined, undefined);
      this.stream.appendThen(
        { eventId: randomUUID(), type: 'clicked', contactId: claim.contactId, occurredAt: this.clock.now(), linkIndex: claim.linkIndex },
        (error) => answer(error, url),
      );
    };
    // Known links are answered without a promise; a step this process has not met yet is read once.
    const known = this.links.knownUrlOf(claim.stepId, claim.linkIndex);
    if (known !== undefined) return record(known);
    this.links.urlOf(claim.stepId, claim.linkIndex).then(record, (error: Error) => answer(error, undefined));
  }

  /** Whether the token is an unsubscribe link of ours (the confirmation page shows nothing else). */
  isUnsubscribeToken(token: string): boolean {
    return this.tokens.verify(token)?.purpose === TrackingPurpose.Unsubscribe;
  }

  /** Records the unsubscribe; storing it turns the customer's email consent off. */
  async unsubscribed(token: string): Promise<boolean> {
    const claim = this.tokens.verify(token);
    if (claim?.purpose !== TrackingPurpose.Unsubscribe) return false;
    await this.stream.append({ eventId: randomUUID(), type: 'unsubscribed', contactId: claim.contactId, occurredAt: this.clock.now() });
    return true;
  }
}

/** The time as an ISO string, made once per millisecond: at thousands of events a second most share one. */
class IsoClock {
  private millis = 0;
  private iso = '';

  now(): string {
    const millis = Date.now();
    if (millis !== this.millis) {
      this.millis = millis;
      this.iso = new Date(millis).toISOString();
    }
    return this.iso;
  }
}
