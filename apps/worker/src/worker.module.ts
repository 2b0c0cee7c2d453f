import { Module } from '@nestjs/common';
import { ConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { LoggingModule } from '@lib/logging';
import { QueueModule } from '@lib/queue';
import { RedisModule } from '@lib/redis';
import { ImportsModule } from '@lib/imports';
import { ValueTiersModule } from '@lib/value-tiers';
import { PROCESSORS } from './processors';

/** The worker process: BullMQ processors over the same domain modules as the API. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    ImportsModule,
    ValueTiersModule,
  ],
  providers: [...PROCESSORS],
})
export class WorkerModule {}
