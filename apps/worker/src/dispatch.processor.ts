import { Processor } from '@nestjs/bullmq';
import { ContactDispatcher } from '@lib/dispatch';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Hands due contacts of running campaigns to their channels, a round every DISPATCH_INTERVAL_MS. */
@Processor(QueueName.Dispatch)
export class DispatchProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.DispatchDueContacts]: () => this.dispatcher.dispatchDue(),
  };

  constructor(private readonly dispatcher: ContactDispatcher) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    // One round at a time: a second would only wait for the first one's locks.
    this.worker.concurrency = 1;
    await this.keepScheduled(() => this.dispatcher.scheduleRounds());
  }
}
