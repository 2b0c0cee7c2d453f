export * from './cancellable-queries';
export * from './data-source-options';
export * from './database.module';
export * from './pg-copy';
export * from './statement-timeout';
export * from './truncate-all-tables';
