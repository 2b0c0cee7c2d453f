import { Processor } from '@nestjs/bullmq';
import { EmailBatchSender } from '@lib/channels';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Sends campaign email, a dispatch batch per job. */
@Processor(QueueName.EmailChannel)
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
}
