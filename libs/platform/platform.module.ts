import { Module } from '@nestjs/common';
import { ConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { LoggingModule } from '@lib/logging';
import { QueueModule } from '@lib/queue';
import { RedisModule } from '@lib/redis';

/** What the API and the worker both stand on: configuration, logs, PostgreSQL, Redis and the queues. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule],
  exports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule],
})
export class PlatformModule {}
