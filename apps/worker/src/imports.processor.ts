import { Processor } from '@nestjs/bullmq';
import { ImportService } from '@lib/imports';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Runs CSV imports; a repeated job finds its import finished and does nothing. */
@Processor(QueueName.Imports)
export class ImportsProcessor extends JobProcessor {
  constructor(private readonly imports: ImportService) {
    super();
  }

  protected readonly handlers: JobHandlers = {
    [JobName.ImportCsv]: (payload) => this.imports.run(payload.importId),
  };
}
