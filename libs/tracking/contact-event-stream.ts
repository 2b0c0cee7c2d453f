import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';
import type { LinkEventType, OpenProxy } from './contact-event';

/** An event of a public tracking link, as it waits in Redis for the worker to store it. */
export interface StreamedContactEvent {
  eventId: string;
  type: LinkEventType;
  contactId: number;
  /** ISO time the API took the request. */
  occurredAt: string;
  linkIndex?: number;
  openProxy?: OpenProxy;
}

export interface StreamEntry {
  entryId: string;
  event: StreamedContactEvent | undefined;
}

const GROUP = 'contact-events';

/**
 * The Redis stream between the public tracking endpoints and PostgreSQL. The API
 * appends (XADD) before it answers; workers read through one consumer group, and an
 * entry leaves the stream only once its batch is committed, so a process killed in
 * between leaves it pending for another consumer to claim.
 */
@Injectable()
export class ContactEventStream implements OnApplicationShutdown {
  readonly key: string;
  /**
   * The API's appends go out on a connection of their own that pipelines the commands
   * of one tick into one write: under load, many requests append in the same tick, and
   * a write per request was a large share of a pixel's cost. Each append is still
   * answered by Redis before its request is.
   */
  private appender: Redis | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.key = `${config.QUEUE_PREFIX}:tracking:contact-events`;
  }

  async append(event: StreamedContactEvent): Promise<void> {
    this.appender ??= this.redis.duplicate({ enableAutoPipelining: true });
    await this.appender.xadd(this.key, '*', 'event', JSON.stringify(event));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.appender?.quit().catch(() => undefined);
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
  const index = fields.indexOf('event');
  try {
    return { entryId, event: index >= 0 ? (JSON.parse(fields[index + 1]) as StreamedContactEvent) : undefined };
  } catch {
    return { entryId, event: undefined };
  }
}
