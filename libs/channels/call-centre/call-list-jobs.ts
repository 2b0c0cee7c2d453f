import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { JobName, JobQueue } from '@lib/queue';

/** The repeated job that keeps the day's call lists filled. */
@Injectable()
export class CallListJobs {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  /** Every DISPATCH_INTERVAL_MS, once across every worker process: a round only tops the day's lists up. */
  async scheduleRounds(): Promise<void> {
    await this.jobs.queue(JobName.GenerateCallLists).upsertJobScheduler('generate-call-lists', { every: this.config.DISPATCH_INTERVAL_MS }, {
      name: JobName.GenerateCallLists,
      data: {},
    });
  }
}
