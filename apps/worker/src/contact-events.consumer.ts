import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { WebContactSpend } from '@lib/channels';
import { REDIS } from '@lib/redis';
import { ContactEventDrain, ContactEventPartitions, DrainOptions } from '@lib/tracking';

/** A batch as large as one statement moves quickly; reads wait a second, so stopping takes at most that. */
const DRAIN: DrainOptions = { batchSize: 2000, blockMs: 1000, claimIdleMs: 15_000 };
const PAUSE_AFTER_FAILURE_MS = 2000;
const PARTITION_CHECK_MS = 3600_000;

/**
 * Moves the tracking links' events from the Redis stream to PostgreSQL for as long as
 * the worker runs, one batch after another (a stream consumer, not a queue job: the
 * events arrive continuously and one blocking read waits for them). Every worker
 * process runs one; they share the stream through its consumer group. Also keeps the
 * event table's next months' partitions made.
 */
@Injectable()
export class ContactEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ContactEventsConsumer.name);
  private readonly consumer = `${hostname()}-${process.pid}`;
  private connection: Redis | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly drain: ContactEventDrain,
    private readonly partitions: ContactEventPartitions,
    private readonly webSpend: WebContactSpend,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.partitions.createAhead();
    // A blocking read holds its connection; the shared one must stay free for others.
    this.connection = this.redis.duplicate();
    this.connection.on('error', (err) => this.logger.warn(`tracking stream connection: ${err.message}`));
    this.running = this.run(this.connection);
  }

  /** Lets the batch in hand commit and be acknowledged before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.connection?.quit().catch(() => undefined);
  }

  private async run(connection: Redis): Promise<void> {
    let partitionsCheckedAt = Date.now();
    while (!this.stopping) {
      try {
        const batch = await this.drain.drainBatch(connection, this.consumer, DRAIN, (manager, contactIds) => this.webSpend.charge(manager, contactIds));
        if (batch.events > batch.stored) this.logger.debug(`tracking events: ${batch.events - batch.stored} of ${batch.events} were stored before or unknown`);
        if (Date.now() - partitionsCheckedAt > PARTITION_CHECK_MS) {
          await this.partitions.createAhead();
          partitionsCheckedAt = Date.now();
        }
      } catch (err) {
        if (this.stopping) break;
        // The batch stays pending in the stream and is read again: nothing is lost by waiting.
        this.logger.warn(`tracking events not moved yet: ${err instanceof Error ? err.message : err}`);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_FAILURE_MS));
      }
    }
  }
}
