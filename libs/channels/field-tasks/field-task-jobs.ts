import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { JobName, JobQueue } from '@lib/queue';

/** The repeated job that keeps the day's visit tasks created. */
@Injectable()
export class FieldTaskJobs {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  /** Every DISPATCH_INTERVAL_MS, once across every worker process: a round only tops the day's tasks up. */
  async scheduleRounds(): Promise<void> {
    await this.jobs.queue(JobName.GenerateFieldTasks).upsertJobScheduler('generate-field-tasks', { every: this.config.DISPATCH_INTERVAL_MS }, {
      name: JobName.GenerateFieldTasks,
      data: {},
    });
  }
}
