import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { ContactRulesModule } from '@lib/contact-rules';
import { QueueModule } from '@lib/queue';
import { SegmentsModule } from '@lib/segments';
import { CampaignLaunchService } from './campaign-launch.service';
import { LaunchAtStart } from './launch-at-start.service';
import { LaunchJobs } from './launch-jobs';
import { LaunchRequestService } from './launch-request.service';

/** Dispatch: the launch of a campaign (frozen audience, contact rules, control group, contact rows), by hand or at its start. */
@Module({
  imports: [QueueModule, SegmentsModule, ContactRulesModule, CampaignsModule],
  providers: [CampaignLaunchService, LaunchRequestService, LaunchAtStart, LaunchJobs],
  exports: [CampaignLaunchService, LaunchRequestService, LaunchAtStart],
})
export class DispatchModule {}
