import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource, QueryRunner } from 'typeorm';
import { SegmentsController } from '../apps/api/src/segments/segments.controller';
import { createCustomer, createFixtureOrg, resetState } from './support/fixtures';
import { call, eventually, loginNewUser, startApi } from './support/test-app';

const RULE = { type: 'condition', field: 'has_mobile', operator: 'is', value: true };
const STATEMENT_LIMIT_MS = 1000;

/** Previews that wait: a lock on customers held by another connection stands for a statement that runs long. */
describe(SegmentsController.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let analyst: string;
  let executor: string;
  let blocker: QueryRunner;

  const waitingPreviews = async (): Promise<number> => {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND wait_event_type = 'Lock' AND query LIKE '%FROM customers c%'`,
    );
    return n;
  };

  beforeAll(async () => {
    const before = process.env.STATEMENT_TIMEOUT_MS;
    process.env.STATEMENT_TIMEOUT_MS = String(STATEMENT_LIMIT_MS);
    try {
      app = await startApi();
    } finally {
      if (before === undefined) delete process.env.STATEMENT_TIMEOUT_MS;
      else process.env.STATEMENT_TIMEOUT_MS = before;
    }
    db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createCustomer(db, org.countyA1);
    analyst = await loginNewUser(app, 'analyst', org.province, ['analyst']);
    executor = await loginNewUser(app, 'exec.county', org.countyA1, ['branch_executor']);
    blocker = db.createQueryRunner();
  });

  beforeEach(async () => {
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
  });

  afterEach(async () => {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
  });

  afterAll(async () => {
    await blocker.release();
    await app.close();
  });

  it('answers 503 statement_timeout, not 500, when a preview runs past the statement limit', async () => {
    const started = Date.now();
    const answer = await call(app, 'POST', '/api/segments/preview', { token: analyst, body: { rule: RULE }, headers: { 'accept-language': 'en' } });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'statement_timeout', message: expect.stringMatching(/took longer than allowed/) });
    expect(Date.now() - started).toBeLessThan(STATEMENT_LIMIT_MS * 5);
    await expect(waitingPreviews()).resolves.toBe(0);
  });

  it('stops the preview in PostgreSQL when its client goes away', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify({ rule: RULE });
    const client = request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/segments/preview',
      headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    client.on('error', () => undefined);
    client.end(body);
    await eventually(async () => ((await waitingPreviews()) > 0 ? true : undefined), 3000);

    client.destroy();

    // The lock is still held, so the statements ended because they were cancelled, well before the limit.
    await eventually(async () => ((await waitingPreviews()) === 0 ? true : undefined), STATEMENT_LIMIT_MS / 2);
  });

  it('previews as usual once nothing holds the statement up', async () => {
    await blocker.rollbackTransaction();
    await expect(call(app, 'POST', '/api/segments/preview', { token: executor, body: { rule: RULE } })).resolves.toMatchObject({
      status: 200,
      body: { count: 1 },
    });
  });
});
