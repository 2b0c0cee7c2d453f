import { Processor } from '@nestjs/bullmq';
import { CampaignRollups, RollupJobs } from '@lib/analytics';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Keeps the dashboards' rollups current, a refresh every ROLLUP_REFRESH_INTERVAL_MS. */
@Processor(QueueName.Analytics)
export class AnalyticsProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.RefreshCampaignRollups]: () => this.rollups.refresh(),
  };

  constructor(
    private readonly rollups: CampaignRollups,
    private readonly jobs: RollupJobs,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    // Refreshes wait for each other on the state row anyway.
    this.worker.concurrency = 1;
    await this.keepScheduled(() => this.jobs.scheduleRefresh());
  }
}
