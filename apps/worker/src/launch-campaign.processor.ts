import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '@lib/common';
import { CampaignLaunchService } from '@lib/dispatch';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Launches campaigns: freezes the audience, applies the contact rules, holds out the control group, creates the contacts. */
@Processor(QueueName.Launches)
export class LaunchCampaignProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.LaunchCampaign]: async ({ campaignId, revisionId, requestedBy }) => {
      try {
        return await this.launches.launch(campaignId, { revisionId, launchedBy: requestedBy });
      } catch (err) {
        // A campaign gone or no longer scheduled stays so on a retry; lost connections and timeouts are retried.
        throw err instanceof DomainError ? new UnrecoverableError(err.message) : err;
      }
    },
  };

  constructor(private readonly launches: CampaignLaunchService) {
    super();
  }
}
