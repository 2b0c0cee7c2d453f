import { Injectable } from '@nestjs/common';
import { LOCAL_TIME_ZONE } from '@lib/common';
import { JOB_OPTIONS, JobName, JobQueue } from '@lib/queue';

const ROUND_EVERY_MS = 60 * 60_000;
/** 09:00 Beijing time, the start of the branches' working day. */
const REMINDER_PATTERN = '0 9 * * *';

/** The repeated jobs of the evaluation reports, once across every worker process. */
@Injectable()
export class ReportJobs {
  constructor(private readonly jobs: JobQueue) {}

  async schedule(): Promise<void> {
    await this.jobs.queue(JobName.CreateEvaluationReports).upsertJobScheduler('create-evaluation-reports', { every: ROUND_EVERY_MS }, {
      name: JobName.CreateEvaluationReports,
      data: {},
      opts: JOB_OPTIONS[JobName.CreateEvaluationReports],
    });
    await this.jobs
      .queue(JobName.RemindOverdueReports)
      .upsertJobScheduler('remind-overdue-reports', { pattern: REMINDER_PATTERN, tz: LOCAL_TIME_ZONE }, {
        name: JobName.RemindOverdueReports,
        data: {},
        opts: JOB_OPTIONS[JobName.RemindOverdueReports],
      });
  }
}
