export * from './queue-names';
export * from './job-options';
export * from './job-queue';
export * from './queue.module';
