import { Processor } from '@nestjs/bullmq';
import { AttributionJobs, ConversionAttribution } from '@lib/attribution';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Attributes conversions after policy imports and in the daily sweep; registers the sweep's schedule at start-up. */
@Processor(QueueName.Attribution)
export class AttributionProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.AttributeConversions]: (payload) => this.attribution.run(payload),
  };

  constructor(
    private readonly attribution: ConversionAttribution,
    private readonly jobs: AttributionJobs,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    await this.jobs.scheduleSweep();
  }
}
