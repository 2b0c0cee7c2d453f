import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { JobName } from '@lib/queue';
import { PROCESSORS } from './processors';
import { WorkerModule } from './worker.module';

/** Refuses to start when a job name has no handler, so that no queued job waits forever. */
function assertEveryJobHasAHandler(app: INestApplicationContext): void {
  const handled = new Set(PROCESSORS.flatMap((processor) => app.get(processor).handledJobs()));
  const missing = Object.values(JobName).filter((name) => !handled.has(name));
  if (missing.length > 0) throw new Error(`No worker handler for job(s): ${missing.join(', ')}`);
}

/** Runs queue processors only; start several of these side by side to share the work. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  assertEveryJobHasAHandler(app);
  await app.init();
  app.get(Logger).log('worker started');
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
