import { Module } from '@nestjs/common';
import { BudgetsModule } from '@lib/budgets';
import { CampaignsModule } from '@lib/campaigns';
import { ContactRulesModule } from '@lib/contact-rules';
import { NotificationsModule } from '@lib/notifications';
import { QueueModule } from '@lib/queue';
import { SegmentsModule } from '@lib/segments';
import { TrackingModule } from '@lib/tracking';
import { CampaignLaunchService } from './campaign-launch.service';
import { CampaignProgressService } from './campaign-progress.service';
import { ContactBatches } from './contact-batches.service';
import { ContactDispatcher } from './contact-dispatcher.service';
import { DailyWorkGenerator } from './daily-work.generator';
import { DeadLetterService } from './dead-letter.service';
import { LaunchAtStart } from './launch-at-start.service';
import { LaunchJobs } from './launch-jobs';
import { LaunchRequestService } from './launch-request.service';

/**
 * Dispatch: the launch of a campaign (frozen audience, contact rules, control group,
 * contact rows), by hand or at its start; the paced hand-over of due contacts to their
 * channels in batches, the send-time check and settlement every channel shares,
 * progress and dead letters.
 */
@Module({
  imports: [QueueModule, SegmentsModule, ContactRulesModule, CampaignsModule, BudgetsModule, NotificationsModule, TrackingModule],
  providers: [CampaignLaunchService, LaunchRequestService, LaunchAtStart, LaunchJobs, ContactDispatcher, ContactBatches, CampaignProgressService, DeadLetterService, DailyWorkGenerator],
  exports: [CampaignLaunchService, LaunchRequestService, LaunchAtStart, ContactDispatcher, ContactBatches, CampaignProgressService, DeadLetterService, DailyWorkGenerator],
})
export class DispatchModule {}
