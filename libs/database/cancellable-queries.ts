import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Runs a statement that is cancelled in PostgreSQL when `signal` aborts, for reads
 * whose asker may leave before the answer (a preview the user has already edited
 * further, a closed tab): without it the statement would run on to its end.
 */
@Injectable()
export class CancellableQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async query<T>(sql: string, params: unknown[], signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    const runner = this.dataSource.createQueryRunner();
    let cancelling: Promise<unknown> = Promise.resolve();
    try {
      const { processID } = (await runner.connect()) as PoolClient & { processID: number };
      const cancel = () => {
        cancelling = this.dataSource.query('SELECT pg_cancel_backend($1)', [processID]).catch(() => undefined);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        signal.throwIfAborted();
        return await runner.query(sql, params);
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    } finally {
      // The cancel must land before the connection goes back to the pool, or it could hit the next borrower's statement.
      await cancelling;
      await runner.release();
    }
  }
}
