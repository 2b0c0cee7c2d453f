import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { ImportService, isFaultOfTheFile } from '@lib/imports';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Runs CSV imports; a repeated job finds its import finished and does nothing, and a bad file is not retried. */
@Processor(QueueName.Imports)
export class ImportsProcessor extends JobProcessor {
  constructor(private readonly imports: ImportService) {
    super();
  }

  protected readonly handlers: JobHandlers = {
    [JobName.ImportCsv]: (payload) =>
      this.imports.run(payload.importId).catch((err) => {
        // A file at fault fails the same way on every attempt; retrying would only copy it again.
        throw isFaultOfTheFile(err) ? new UnrecoverableError(err.message) : err;
      }),
  };
}
