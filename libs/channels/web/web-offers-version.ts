import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';

/** How often a listening process reads the version anyway: the bound on a move whose message it missed (a reconnect). */
export const VERSION_POLL_MS = 1000;

/** Bumps the version and publishes the new one in one step, so messages go out in the order of the bumps. */
const BUMP = `local version = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', ARGV[1], version) return version`;

/**
 * The version of every process's web offers in memory (docs/web-offers.md). A campaign
 * move bumps it in Redis and publishes the new value; a process that answers the site
 * listens for it and also reads the key every VERSION_POLL_MS, since a message sent
 * while its subscriber reconnects is lost. A request then compares against memory, with
 * no Redis round trip, and a move reaches every process within a few milliseconds, at
 * worst VERSION_POLL_MS. Processes that only move campaigns (the worker) never listen.
 */
@Injectable()
export class WebOffersVersion implements OnApplicationShutdown {
  private readonly logger = new Logger(WebOffersVersion.name);
  private readonly key: string;
  private readonly channel: string;
  private value = '0';
  private listening: Promise<void> | undefined;
  private subscriber: Redis | undefined;
  private poll: NodeJS.Timeout | undefined;
  /** Messages heard so far: a read sent before one of them may answer with an older version, and is then ignored. */
  private heard = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.key = `${config.QUEUE_PREFIX}:web-offers:version`;
    this.channel = `${config.QUEUE_PREFIX}:web-offers:moved`;
  }

  /** The version in force here; the first call starts listening and waits for the first read. */
  async current(): Promise<string> {
    await (this.listening ??= this.listen().catch((err: Error) => {
      // Not listening: the next request tries again rather than trusting a version never read.
      this.listening = undefined;
      void this.subscriber?.quit().catch(() => undefined);
      throw err;
    }));
    return this.value;
  }

  /** A move: every listening process drops what it keeps; this one at once. */
  async bump(): Promise<void> {
    const version = (await this.redis.eval(BUMP, 1, this.key, this.channel)) as number;
    this.heard += 1;
    this.value = String(version);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.poll);
    await this.subscriber?.quit().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (err: Error) => this.logger.warn(`offers version subscriber: ${err.message}`));
    subscriber.on('message', (_channel: string, version: string) => {
      this.heard += 1;
      this.value = version;
    });
    // After a reconnect, what was published meanwhile is lost: read the version again at once.
    subscriber.on('ready', () => void this.read());
    await subscriber.subscribe(this.channel);
    await this.read();
    this.poll = setInterval(() => void this.read(), VERSION_POLL_MS);
    this.poll.unref();
  }

  private async read(): Promise<void> {
    const heardBefore = this.heard;
    try {
      const version = (await this.redis.get(this.key)) ?? '0';
      if (this.heard === heardBefore) this.value = version;
    } catch (err) {
      this.logger.warn(`offers version not read: ${err instanceof Error ? err.message : err}`);
    }
  }
}
