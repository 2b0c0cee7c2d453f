import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';

/**
 * Login sessions in Redis. The client holds a random token; Redis holds only its
 * hash, so a dump of Redis gives no usable tokens. Logout deletes the key.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async create(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(token), String(userId), 'EX', this.config.SESSION_TTL_HOURS * 3600);
    return token;
  }

  async userIdFor(token: string): Promise<number | null> {
    const value = await this.redis.get(this.key(token));
    return value === null ? null : Number(value);
  }

  async destroy(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  private key(token: string): string {
    return `session:${createHash('sha256').update(token).digest('hex')}`;
  }
}
