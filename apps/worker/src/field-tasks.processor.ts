import { Processor } from '@nestjs/bullmq';
import { FieldTaskGenerator, FieldTaskJobs } from '@lib/channels';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Keeps the day's visit tasks created, a round every DISPATCH_INTERVAL_MS. */
@Processor(QueueName.FieldTasks)
export class FieldTasksProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.GenerateFieldTasks]: () => this.generator.generate(),
  };

  constructor(
    private readonly generator: FieldTaskGenerator,
    private readonly jobs: FieldTaskJobs,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    // One round at a time: a second would only wait for the first one's locks.
    this.worker.concurrency = 1;
    await this.jobs.scheduleRounds();
  }
}
