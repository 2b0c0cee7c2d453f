import { Processor } from '@nestjs/bullmq';
import { EmailBatchSender } from '@lib/channels';
import { JobName, QueueName } from '@lib/queue';
import { holdJobsFor, JobHandlers, JobProcessor } from './job-processor';

/** Sends campaign email, a dispatch batch per job. */
@Processor(QueueName.EmailChannel, { autorun: false })
export class EmailChannelProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.SendEmailBatch]: async ({ batchId }) => {
      const outcome = await this.sender.sendBatch(batchId);
      // BullMQ retries the job with backoff; the contacts sent already stay sent.
      if (outcome === 'retry') throw new Error(`batch ${batchId}: some contacts failed for now and are tried again`);
      return outcome;
    },
  };

  constructor(private readonly sender: EmailBatchSender) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // The batch of a worker process that died is taken over once its hold lapses (EMAIL_JOB_LOCK_MS), so the worker starts only once that is set.
    holdJobsFor(this.worker, this.config.EMAIL_JOB_LOCK_MS);
    await super.onApplicationBootstrap();
    this.worker.run().catch((err: Error) => this.worker.emit('error', err));
  }
}
