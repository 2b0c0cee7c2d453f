import { Processor } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '@lib/common';
import { CampaignLaunchService, LaunchAtStart } from '@lib/dispatch';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** How often the worker makes sure every scheduled campaign has its launch queued. */
const LAUNCH_PASS_MS = 5 * 60_000;

/**
 * Launches campaigns: freezes the audience, applies the contact rules, holds out the
 * control group, creates the contacts. At start and every few minutes it queues the
 * launch of every scheduled campaign again (a job id already waiting adds nothing), so
 * that a crash between a move's commit and its queueing, or a lost Redis, loses no
 * launch. The pass runs on a timer of the process rather than as a repeatable job:
 * a job scheduler lives in the Redis whose loss it must cover.
 */
@Processor(QueueName.Launches)
export class LaunchCampaignProcessor extends JobProcessor implements OnModuleDestroy {
  private readonly logger = new Logger(LaunchCampaignProcessor.name);
  private pass?: NodeJS.Timeout;

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

  constructor(
    private readonly launches: CampaignLaunchService,
    private readonly atStart: LaunchAtStart,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    await this.queueScheduledLaunches();
    this.pass = setInterval(() => void this.queueScheduledLaunches(), LAUNCH_PASS_MS);
    this.pass.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pass);
  }

  private async queueScheduledLaunches(): Promise<void> {
    try {
      await this.atStart.queueAll();
    } catch (error) {
      this.logger.warn(`scheduled launches wait for the next pass: ${error instanceof Error ? error.message : error}`);
    }
  }
}
