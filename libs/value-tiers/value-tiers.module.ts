import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '@lib/queue';
import { ValueTierSettings } from './value-tier-settings.entity';
import { ValueTierService } from './value-tier.service';

/** Customer value tiers: settings, the set-based recomputation, its schedule and the distribution report. */
@Module({
  imports: [TypeOrmModule.forFeature([ValueTierSettings]), QueueModule],
  providers: [ValueTierService],
  exports: [ValueTierService],
})
export class ValueTiersModule {}
