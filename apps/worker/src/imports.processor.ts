import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { AttributionJobs } from '@lib/attribution';
import { ImportService, isFaultOfTheFile } from '@lib/imports';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/**
 * Runs CSV imports; a repeated job finds its import finished and does nothing, and a bad
 * file is not retried. A policies import that wrote rows then queues their attribution,
 * also on a repeat (a crash between the two), once per import.
 */
@Processor(QueueName.Imports)
export class ImportsProcessor extends JobProcessor {
  constructor(
    private readonly imports: ImportService,
    private readonly attribution: AttributionJobs,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers = {
    [JobName.ImportCsv]: async (payload) => {
      const status = await this.imports.run(payload.importId).catch((err) => {
        // A file at fault fails the same way on every attempt; retrying would only copy it again.
        throw isFaultOfTheFile(err) ? new UnrecoverableError(err.message) : err;
      });
      await this.attribution.queueForImport(payload.importId);
      return status;
    },
  };
}
