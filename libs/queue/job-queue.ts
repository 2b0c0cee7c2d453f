import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { JOB_OPTIONS } from './job-options';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from './queue-names';

/**
 * The typed way to queue work. `jobId` should be deterministic for work that must
 * not run twice (BullMQ ignores a second job with the same id while the first exists).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap {
  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * Starts only once every queue's Redis connection is ready: a queue closed while its
   * connection is still opening would raise an error nobody listens to, and a bad
   * REDIS_URL shows at start-up rather than at the first job.
   */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        queue.on('error', (err) => new Logger(JobQueue.name).warn(`queue ${name}: ${err.message}`));
        await queue.waitUntilReady();
      }),
    );
  }

  /** `delayMs` holds the job back that long (BullMQ keeps delayed jobs in Redis, so they outlive every process). */
  async add<N extends JobName>(name: N, payload: JobPayloads[N], jobId?: string, delayMs?: number): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
    await queue.add(name, payload, { ...JOB_OPTIONS[name], jobId, delay: delayMs });
  }

  /** Many jobs of one kind in one round trip to Redis. */
  async addMany<N extends JobName>(name: N, jobs: { payload: JobPayloads[N]; jobId: string }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue(name).addBulk(jobs.map((job) => ({ name, data: job.payload, opts: { ...JOB_OPTIONS[name], jobId: job.jobId } })));
  }

  queue(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
  }
}
