import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '@lib/config';
import { JobName, JobPayloads } from '@lib/queue';

export type JobHandlers = Partial<{ [N in JobName]: (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown> }>;

/**
 * Base of every queue processor: routes each job to its typed handler by name, and
 * takes its concurrency from the configuration. Handlers must be safe to run twice.
 */
export abstract class JobProcessor extends WorkerHost implements OnApplicationBootstrap {
  @Inject(AppConfig) protected readonly config: AppConfig;

  protected abstract readonly handlers: JobHandlers;

  handledJobs(): JobName[] {
    return Object.keys(this.handlers) as JobName[];
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    // Without a listener, a lost Redis connection would crash the process instead of reconnecting.
    const logger = new Logger(this.constructor.name);
    this.worker.on('error', (err) => logger.warn(`queue connection: ${err.message}`));
    this.worker.on('failed', (job, err) =>
      logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade} of ${job?.opts.attempts ?? 1}): ${err.message}`),
    );
    // A worker closed while its connections are still opening raises an error nobody listens to.
    await this.worker.waitUntilReady();
  }

  /**
   * Registers a repeated job now and again each time the queue's connection comes back:
   * a Redis that restarted empty has lost it, and registering it again when it has not
   * changes nothing.
   */
  protected async keepScheduled(schedule: () => Promise<void>): Promise<void> {
    await schedule();
    const logger = new Logger(this.constructor.name);
    this.worker.on('ready', () => {
      schedule().catch((err: Error) => logger.warn(`repeated job not registered again: ${err.message}`));
    });
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName] as ((payload: unknown, job: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`No handler for job ${job.name} on queue ${job.queueName}`);
    return handler(job.data, job);
  }
}

/**
 * Sets, before a worker that does not run by itself (`autorun: false`) starts, how long it
 * holds a job without renewing the hold, and how often it looks for jobs whose holder
 * died: @Processor's options are fixed where the class is declared, this comes from the
 * configuration. BullMQ builds the renewal of holds in the worker's constructor from these
 * options, so it is built again here.
 */
export function holdJobsFor(worker: Worker, lockMs: number): void {
  Object.assign(worker.opts, { lockDuration: lockMs, lockRenewTime: lockMs / 2, stalledInterval: lockMs });
  (worker as unknown as { createLockManager(): void }).createLockManager();
}
