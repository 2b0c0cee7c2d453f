import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { JOB_OPTIONS } from './job-options';
import { JOB_QUEUE, JobName, JobPayloads } from './queue-names';

/**
 * The typed way to queue work. `jobId` should be deterministic for work that must
 * not run twice (BullMQ ignores a second job with the same id while the first exists).
 */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  async add<N extends JobName>(name: N, payload: JobPayloads[N], jobId?: string): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    await queue.add(name, payload, { ...JOB_OPTIONS[name], jobId });
  }

  queue(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
  }
}
