import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '@lib/queue';
import { ValueTierService } from '@lib/value-tiers';
import { JobHandlers, JobProcessor } from './job-processor';

/** Recomputes value tiers on demand and nightly; registers the nightly schedule at start-up. */
@Processor(QueueName.Segments)
export class ValueTiersProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.RecomputeValueTiers]: () => this.valueTiers.recompute(),
  };

  constructor(private readonly valueTiers: ValueTierService) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    await this.keepScheduled(() => this.valueTiers.scheduleNightly());
  }
}
