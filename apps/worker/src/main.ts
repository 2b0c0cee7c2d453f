import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createWorkerApp, jobsWithoutHandler } from './create-worker-app';

/** Runs queue processors only; start several of these side by side to share the work. */
async function bootstrap(): Promise<void> {
  const app = await createWorkerApp();
  const missing = jobsWithoutHandler(app);
  if (missing.length > 0) {
    await app.close();
    throw new Error(`No worker handler for job(s): ${missing.join(', ')}`);
  }
  app.get(Logger).log('worker started');
}

bootstrap().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
