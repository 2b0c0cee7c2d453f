import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lib/config';
import { dataSourceOptions } from './data-source-options';
import { PgCopy } from './pg-copy';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        autoLoadEntities: true,
        // Migrations are run by scripts/migrate.ts, never by the apps.
        migrations: [],
      }),
    }),
  ],
  providers: [PgCopy],
  exports: [PgCopy],
})
export class DatabaseModule {}
