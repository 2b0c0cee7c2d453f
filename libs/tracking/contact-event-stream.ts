import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';
import type { LinkEventType, OpenProxy } from './contact-event';

/** A public link's event, or the web channel's impression ('sent' the first time, 'opened' each time) and accept ('responded'). */
export type StreamedEventType = LinkEventType | 'sent' | 'responded';

/** An event of a public tracking link or web offer, as it waits in Redis for the worker to store it. */
export interface StreamedContactEvent {
  eventId: string;
  type: StreamedEventType;
  contactId: number;
  /** ISO time the API took the request. */
  occurredAt: string;
  linkIndex?: number;
  openProxy?: OpenProxy;
}

export interface StreamEntry {
  entryId: string;
  /** The events the entry carries; none when it cannot be read. */
  events: StreamedContactEvent[];
}

const GROUP = 'contact-events';

/** Most events one entry carries, so that an entry stays small whatever the load. */
const MAX_EVENTS_PER_ENTRY = 100;

/** Called once an event's entry is in Redis, or with the error that kept it out; it must not throw. */
export type EntryWritten = (error?: Error) => void;

interface PendingEntry {
  events: StreamedContactEvent[];
  /** Called once the entry is in Redis, or with the error. */
  waiting: EntryWritten[];
  /** The same as a promise, made for the first caller of `append`. */
  written?: Promise<void>;
}

/**
 * The Redis stream between the public tracking endpoints and PostgreSQL. The API
 * appends (XADD) before it answers; workers read through one consumer group, and an
 * entry leaves the stream only once its batch is committed, so a process killed in
 * between leaves it pending for another consumer to claim.
 *
 * The events of requests that arrive in the same turn of the event loop go into one
 * entry, written at the end of that turn, and each request waits for it: one command
 * per turn instead of one per request (a command per request cost about as much as
 * all the rest of a pixel's work: bench/README.md).
 */
@Injectable()
export class ContactEventStream {
  readonly key: string;
  private pending: PendingEntry | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.key = `${config.QUEUE_PREFIX}:tracking:contact-events`;
  }

  /** Resolves once the event is in Redis, with the others of its entry; rejects, for all of them, when the entry could not be written. */
  append(event: StreamedContactEvent): Promise<void> {
    const entry = this.entryFor(event);
    entry.written ??= new Promise((resolve, reject) => entry.waiting.push((error) => (error ? reject(error) : resolve())));
    return entry.written;
  }

  /**
   * As `append`, with a callback: the tracking links answer from it, without a promise
   * per request (each costs the process's async hooks too: bench/README.md).
   */
  appendThen(event: StreamedContactEvent, written: EntryWritten): void {
    this.entryFor(event).waiting.push(written);
  }

  /** Several events of one request (a web answer's impressions), in the entry of this turn like any. */
  async appendAll(events: StreamedContactEvent[]): Promise<void> {
    await Promise.all(events.map((event) => this.append(event)));
  }

  private entryFor(event: StreamedContactEvent): PendingEntry {
    const entry = this.pending ?? this.openEntry();
    entry.events.push(event);
    if (entry.events.length >= MAX_EVENTS_PER_ENTRY) this.pending = undefined;
    return entry;
  }

  private openEntry(): PendingEntry {
    const entry: PendingEntry = { events: [], waiting: [] };
    // setImmediate runs after the turn's I/O callbacks, once every request read in this turn has appended.
    setImmediate(() => this.write(entry));
    this.pending = entry;
    return entry;
  }

  private write(entry: PendingEntry): void {
    if (this.pending === entry) this.pending = undefined;
    this.redis.xadd(this.key, '*', 'events', JSON.stringify(entry.events)).then(
      () => {
        for (const written of entry.waiting) written();
      },
      (error: Error) => {
        for (const written of entry.waiting) written(error);
      },
    );
  }

  /**
   * The next entries for `consumer`: first those another consumer read but did not
   * acknowledge for `claimIdleMs` (it died mid-batch), then new ones, waiting up to
   * `blockMs` for any. `connection` must be the caller's own when it blocks.
   */
  async read(connection: Redis, consumer: string, count: number, blockMs: number, claimIdleMs: number): Promise<StreamEntry[]> {
    await this.ensureGroup(connection);
    try {
      const [, claimed] = (await connection.xautoclaim(this.key, GROUP, consumer, claimIdleMs, '0-0', 'COUNT', count)) as [string, [string, string[]][]];
      if (claimed.length > 0) return claimed.map(entryOf);
      const answer = (blockMs > 0
        ? await connection.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.key, '>')
        : await connection.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'STREAMS', this.key, '>')) as [string, [string, string[]][]][] | null;
      return answer ? answer[0][1].map(entryOf) : [];
    } catch (err) {
      // The stream or its group may have gone away (Redis emptied, a blocked read ended): the next read makes them again.
      this.groupReady = false;
      if (err instanceof Error && err.message.includes('NOGROUP')) return [];
      throw err;
    }
  }

  /** Removes entries whose events are committed to PostgreSQL. */
  async acknowledge(connection: Redis, entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await connection.multi().xack(this.key, GROUP, ...entryIds).xdel(this.key, ...entryIds).exec();
  }

  /** Entries appended and not yet acknowledged. */
  async backlog(): Promise<number> {
    return this.redis.xlen(this.key);
  }

  private groupReady = false;

  private async ensureGroup(connection: Redis): Promise<void> {
    if (this.groupReady) return;
    try {
      await connection.xgroup('CREATE', this.key, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
    this.groupReady = true;
  }
}

function entryOf([entryId, fields]: [string, string[]]): StreamEntry {
  const events = fields.indexOf('events');
  // An entry of one event, as written before events were grouped, may still wait in a stream.
  const event = fields.indexOf('event');
  try {
    if (events >= 0) {
      const parsed: unknown = JSON.parse(fields[events + 1]);
      return { entryId, events: Array.isArray(parsed) ? (parsed as StreamedContactEvent[]) : [] };
    }
    return { entryId, events: event >= 0 ? [JSON.parse(fields[event + 1]) as StreamedContactEvent] : [] };
  } catch {
    return { entryId, events: [] };
  }
}
