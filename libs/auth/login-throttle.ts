import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { TooManyRequestsError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';

/**
 * Counts failed logins per user name and per client address; past the limit both
 * are locked for a while. A success clears the user name's count.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async assertAllowed(username: string, ip: string): Promise<void> {
    const [byUser, byIp] = await this.redis.mget(this.userKey(username), this.ipKey(ip));
    const limit = this.config.LOGIN_MAX_FAILURES;
    // An address may fail more often than one account: several people share an office address.
    if (Number(byUser ?? 0) >= limit || Number(byIp ?? 0) >= limit * 4) {
      const ttl = Math.max(await this.redis.ttl(this.userKey(username)), await this.redis.ttl(this.ipKey(ip)), 1);
      const minutes = Math.ceil(ttl / 60);
      throw new TooManyRequestsError(`Too many failed logins; try again in ${minutes} minute(s)`, ttl, 'login_locked', { minutes });
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const seconds = this.config.LOGIN_LOCK_MINUTES * 60;
    await this.redis
      .multi()
      .incr(this.userKey(username))
      .expire(this.userKey(username), seconds)
      .incr(this.ipKey(ip))
      .expire(this.ipKey(ip), seconds)
      .exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.userKey(username));
  }

  private userKey(username: string): string {
    return `login-fail:user:${username.toLowerCase()}`;
  }

  private ipKey(ip: string): string {
    return `login-fail:ip:${ip}`;
  }
}
