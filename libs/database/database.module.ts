import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { CancellableQueries } from './cancellable-queries';
import { DEFAULT_POOL, dataSourceOptions } from './data-source-options';
import { PgCopy } from './pg-copy';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        // Sent with each connection's start-up; batch work lifts it per transaction (allowBatchStatements).
        extra: { ...DEFAULT_POOL, statement_timeout: config.STATEMENT_TIMEOUT_MS },
        autoLoadEntities: true,
        // Migrations are run by scripts/migrate.ts, never by the apps.
        migrations: [],
      }),
    }),
  ],
  providers: [PgCopy, CancellableQueries],
  exports: [PgCopy, CancellableQueries],
})
export class DatabaseModule {}
