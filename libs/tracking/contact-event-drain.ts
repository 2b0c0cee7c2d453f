import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { ContactEventPartitions, StoredEvents, storeEventsSql } from './contact-event-store';
import { ContactEventStream, StreamedContactEvent, StreamedEventType } from './contact-event-stream';

export interface DrainOptions {
  /** Entries read at once, and the most events stored in one statement. */
  batchSize: number;
  /** How long a read waits for new events; 0 answers at once. */
  blockMs: number;
  /** After how long another consumer's unacknowledged entries count as abandoned. */
  claimIdleMs: number;
}

export interface DrainedBatch extends Omit<StoredEvents, 'madeWebContacts'> {
  /** Entries taken off the stream, stored or not (a repeated or unreadable one is acknowledged too). */
  read: number;
  /** The well-formed events those entries carried. */
  events: number;
  /** Web contacts made by their first impression in this batch. */
  madeWebContacts: number;
}

/** Pays for web contacts just made, in the transaction that made them (libs/channels/web WebContactSpend). */
export type PayMadeWebContacts = (manager: EntityManager, contactIds: string[]) => Promise<void>;

const STREAMED_TYPES: readonly string[] = ['opened', 'clicked', 'unsubscribed', 'sent', 'responded'] satisfies StreamedEventType[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Moves the public links' events from the Redis stream to PostgreSQL: a batch of
 * entries, stored in statements of at most `batchSize` events (an entry carries several),
 * acknowledged only after the last commit. A consumer killed before the
 * acknowledgement leaves its entries to be claimed again; their event ids make the
 * second move store nothing, so every event is stored exactly once.
 */
@Injectable()
export class ContactEventDrain {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stream: ContactEventStream,
    private readonly partitions: ContactEventPartitions,
  ) {}

  async drainBatch(connection: Redis, consumer: string, options: DrainOptions, pay: PayMadeWebContacts): Promise<DrainedBatch> {
    const entries = await this.stream.read(connection, consumer, options.batchSize, options.blockMs, options.claimIdleMs);
    const events = entries.flatMap((entry) => entry.events).filter(isWellFormed);
    const result = { read: entries.length, events: events.length, stored: 0, optedOut: 0, madeWebContacts: 0 };
    for (let from = 0; from < events.length; from += options.batchSize) {
      const part = await this.store(events.slice(from, from + options.batchSize), pay);
      result.stored += part.stored;
      result.optedOut += part.optedOut;
      result.madeWebContacts += part.madeWebContacts.length;
    }
    await this.stream.acknowledge(connection, entries.map((entry) => entry.entryId));
    return result;
  }

  /** Stores the events and pays for the web contacts they made, in one transaction: a contact made is paid for once. */
  private async store(events: StreamedContactEvent[], pay: PayMadeWebContacts): Promise<StoredEvents> {
    return this.dataSource.transaction(async (manager) => {
      await this.partitions.ensureFor(events.map((event) => new Date(event.occurredAt)), manager);
      const result = await this.storeIn(manager, events);
      await pay(manager, result.madeWebContacts);
      return result;
    });
  }

  private async storeIn(manager: EntityManager, events: StreamedContactEvent[]): Promise<StoredEvents> {
    const [result] = await manager.query(
      storeEventsSql(`
        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::varchar[], $5::varchar[], $6::smallint[], $7::varchar[])
          AS e(event_id, occurred_at, contact_id, event_type, reason, link_index, open_proxy)`),
      [
        events.map((event) => event.eventId),
        events.map((event) => event.occurredAt),
        events.map((event) => event.contactId),
        events.map((event) => event.type),
        events.map(() => null),
        events.map((event) => event.linkIndex ?? null),
        events.map((event) => event.openProxy ?? null),
      ],
    );
    return result;
  }
}

/** Only what our own API appends is stored; anything else in the stream is dropped rather than blocking it. */
function isWellFormed(event: StreamedContactEvent | null | undefined): event is StreamedContactEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    UUID.test(event.eventId) &&
    STREAMED_TYPES.includes(event.type) &&
    Number.isSafeInteger(event.contactId) &&
    !Number.isNaN(Date.parse(event.occurredAt)) &&
    (event.type !== 'clicked' || Number.isInteger(event.linkIndex))
  );
}
