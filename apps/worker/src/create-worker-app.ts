import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { JobName } from '@lib/queue';
import { PROCESSORS } from './processors';
import { WorkerModule } from './worker.module';

/** Job names that no processor handles; the worker refuses to start while any exist. */
export function jobsWithoutHandler(app: INestApplicationContext): JobName[] {
  const handled = new Set(PROCESSORS.flatMap((processor) => app.get(processor).handledJobs()));
  return Object.values(JobName).filter((name) => !handled.has(name));
}

/** Builds the worker (queue processors, no HTTP); main.ts runs it, tests start it in-process. */
export async function createWorkerApp(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
