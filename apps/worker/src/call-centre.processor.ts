import { Processor } from '@nestjs/bullmq';
import { CallListGenerator, CallListJobs } from '@lib/channels';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Keeps the day's call lists filled, a round every DISPATCH_INTERVAL_MS. */
@Processor(QueueName.CallCentre)
export class CallCentreProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.GenerateCallLists]: () => this.generator.generate(),
  };

  constructor(
    private readonly generator: CallListGenerator,
    private readonly jobs: CallListJobs,
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
