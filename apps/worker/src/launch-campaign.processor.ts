import { Processor } from '@nestjs/bullmq';
import { CampaignLaunchService } from '@lib/dispatch';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Launches campaigns: freezes the audience, applies the contact rules, holds out the control group, creates the contacts. */
@Processor(QueueName.Launches)
export class LaunchCampaignProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.LaunchCampaign]: ({ campaignId, revisionId, requestedBy }) =>
      this.launches.launch(campaignId, { revisionId, launchedBy: requestedBy }),
  };

  constructor(private readonly launches: CampaignLaunchService) {
    super();
  }
}
