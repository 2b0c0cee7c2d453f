import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lib/config';
import { startApi } from '../../test/support/test-app';
import { CancellableQueries } from './cancellable-queries';
import { allowBatchStatements, QUERY_CANCELED } from './statement-timeout';

let app: NestFastifyApplication;
let db: DataSource;

/** The configured limit as PostgreSQL shows it. */
const requestLimit = () => `${app.get(AppConfig).STATEMENT_TIMEOUT_MS / 1000}s`;

beforeAll(async () => {
  app = await startApi();
  db = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

describe(allowBatchStatements.name, () => {
  it('gives every connection the configured statement limit', async () => {
    const [{ statement_timeout }] = await db.query('SHOW statement_timeout');
    expect(statement_timeout).toBe(requestLimit());
  });

  it('lifts the limit for a batch transaction only, so the connection goes back with the request limit', async () => {
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      await allowBatchStatements(runner);
      await expect(runner.query('SHOW statement_timeout')).resolves.toEqual([{ statement_timeout: '2h' }]);
      await runner.commitTransaction();
      await expect(runner.query('SHOW statement_timeout')).resolves.toEqual([{ statement_timeout: requestLimit() }]);
    } finally {
      await runner.release();
    }
  });
});

describe(CancellableQueries.name, () => {
  let queries: CancellableQueries;

  beforeAll(() => {
    queries = app.get(CancellableQueries);
  });

  it('ends a running statement in PostgreSQL when its signal aborts', async () => {
    const asker = new AbortController();
    const started = Date.now();
    const running = queries.query('SELECT pg_sleep(20)', [], asker.signal);
    setTimeout(() => asker.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: QUERY_CANCELED });
    expect(Date.now() - started).toBeLessThan(5000);
    const [{ sleeping }] = await db.query(`SELECT count(*)::int AS sleeping FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'`);
    expect(sleeping).toBe(0);
  });

  it('answers a statement whose signal does not abort as usual', async () => {
    await expect(queries.query('SELECT $1::int AS n', [7], new AbortController().signal)).resolves.toEqual([{ n: 7 }]);
  });

  it('does not start a statement whose asker has already left', async () => {
    await expect(queries.query('SELECT 1', [], AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
