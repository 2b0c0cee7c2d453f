import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';

/** Connections per process. */
export const DEFAULT_POOL = { max: 10 };

/**
 * One definition of the database connection for the apps, the migration runner and
 * the tests. Entities are registered by each domain module (autoLoadEntities), so
 * the list here is only for stand-alone data sources (migrations, scripts).
 */
export function dataSourceOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'schema_migrations',
    extra: DEFAULT_POOL,
    ...extra,
  } as DataSourceOptions;
}
