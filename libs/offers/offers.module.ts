import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SegmentsModule } from '@lib/segments';
import { Bundle } from './bundle.entity';
import { BundleService } from './bundle.service';
import { NextBestOfferService } from './next-best-offer.service';

/** Cross-sell bundles and the next best offer per customer. */
@Module({
  imports: [TypeOrmModule.forFeature([Bundle]), SegmentsModule],
  providers: [BundleService, NextBestOfferService],
  exports: [BundleService, NextBestOfferService],
})
export class OffersModule {}
