import { INestApplicationContext } from '@nestjs/common';
import { jobsWithoutHandler } from '../apps/worker/src/create-worker-app';
import { startWorker } from './support/test-app';

describe('Worker', () => {
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker.close();
  });

  it('has a handler for every job name, so no queued job waits forever', () => {
    expect(jobsWithoutHandler(worker)).toEqual([]);
  });
});
