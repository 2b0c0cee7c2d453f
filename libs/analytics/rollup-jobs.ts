import { Injectable } from '@nestjs/common';
import { JobName, JobQueue } from '@lib/queue';

/** How often the worker refreshes the rollups: with a refresh's own time, the dashboards stay within a minute of the events. */
export const ROLLUP_REFRESH_INTERVAL_MS = 20_000;

/** The repeated job that keeps the rollups current. */
@Injectable()
export class RollupJobs {
  constructor(private readonly jobs: JobQueue) {}

  /** Once across every worker process: a refresh computes only what changed since the last one. */
  async scheduleRefresh(): Promise<void> {
    await this.jobs.queue(JobName.RefreshCampaignRollups).upsertJobScheduler('refresh-campaign-rollups', { every: ROLLUP_REFRESH_INTERVAL_MS }, {
      name: JobName.RefreshCampaignRollups,
      data: {},
    });
  }
}
