import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { QueueModule } from '@lib/queue';
import { TrackingModule } from '@lib/tracking';
import { AttributionJobs } from './attribution-jobs';
import { ConversionAttribution } from './conversion-attribution.service';

/** Conversion attribution: policies credited to the launched campaign they convert for, treatment and control alike. */
@Module({
  imports: [QueueModule, CampaignsModule, TrackingModule],
  providers: [ConversionAttribution, AttributionJobs],
  exports: [ConversionAttribution, AttributionJobs],
})
export class AttributionModule {}
