export * from './data-source-options';
export * from './database.module';
export * from './pg-copy';
export * from './truncate-all-tables';
