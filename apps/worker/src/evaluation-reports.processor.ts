import { Processor } from '@nestjs/bullmq';
import { ReportCreation, ReportJobs, ReportReminders } from '@lib/evaluation/reports';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Creates the reports of completions missed and checkpoints reached (hourly), and mails the reminders of overdue ones (daily). */
@Processor(QueueName.EvaluationReports)
export class EvaluationReportsProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.CreateEvaluationReports]: () => this.creation.createDue(),
    [JobName.RemindOverdueReports]: () => this.reminders.remindOverdue(),
  };

  constructor(
    private readonly creation: ReportCreation,
    private readonly reminders: ReportReminders,
    private readonly jobs: ReportJobs,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    await this.keepScheduled(() => this.jobs.schedule());
  }
}
