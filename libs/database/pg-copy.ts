import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Lends a raw `pg` client from TypeORM's pool, for the work TypeORM has no API for:
 * streaming `COPY ... FROM STDIN` (pg-copy-streams) inside one transaction.
 */
@Injectable()
export class PgCopy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (err?: unknown) => void];
    try {
      return await work(client);
    } finally {
      release();
    }
  }
}
