import { Type } from '@nestjs/common';
import { JobProcessor } from './job-processor';
import { ValueTiersProcessor } from './value-tiers.processor';

/** Every queue processor the worker runs. */
export const PROCESSORS: Type<JobProcessor>[] = [
  ValueTiersProcessor,
];
