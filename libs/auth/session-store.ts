import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';

/**
 * Login sessions in Redis. The client holds a random token; Redis holds only its
 * hash, so a dump of Redis gives no usable tokens. Logout deletes the key. Each
 * user's session hashes are also indexed in a set, so that a password change can
 * end all of that user's other sessions at once.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async create(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const hash = this.hash(token);
    const ttlSeconds = this.config.SESSION_TTL_HOURS * 3600;
    // The index lives as long as the newest session; members that expired before it are deleted harmlessly later.
    await this.redis
      .multi()
      .set(this.sessionKey(hash), String(userId), 'EX', ttlSeconds)
      .sadd(this.userKey(userId), hash)
      .expire(this.userKey(userId), ttlSeconds)
      .exec();
    return token;
  }

  async userIdFor(token: string): Promise<number | null> {
    const value = await this.redis.get(this.sessionKey(this.hash(token)));
    return value === null ? null : Number(value);
  }

  async destroy(token: string): Promise<void> {
    const hash = this.hash(token);
    const userId = await this.redis.get(this.sessionKey(hash));
    const transaction = this.redis.multi().del(this.sessionKey(hash));
    if (userId !== null) transaction.srem(this.userKey(Number(userId)), hash);
    await transaction.exec();
  }

  /** Ends every session of a user except the one given (the session the change was made from, if it is theirs). */
  async destroyAllOf(userId: number, except: string | null = null): Promise<void> {
    const kept = except === null ? null : this.hash(except);
    const hashes = await this.redis.smembers(this.userKey(userId));
    const ended = hashes.filter((hash) => hash !== kept);
    if (ended.length === 0) return;
    await this.redis
      .multi()
      .del(...ended.map((hash) => this.sessionKey(hash)))
      .srem(this.userKey(userId), ...ended)
      .exec();
  }

  private hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private sessionKey(hash: string): string {
    return `session:${hash}`;
  }

  private userKey(userId: number): string {
    return `user-sessions:${userId}`;
  }
}
