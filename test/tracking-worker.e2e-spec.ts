import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WebContactSpend } from '@lib/channels';
import { REDIS } from '@lib/redis';
import { ContactEventDrain, ContactEventStream, LinkTracking } from '@lib/tracking';
import { createCampaignRows, createCustomer, createFixtureOrg, createUser, resetState } from './support/fixtures';
import { eventually, startApi, startWorker } from './support/test-app';

const WORKER_MAIN = join(__dirname, '..', 'apps', 'worker', 'src', 'main.ts');
const TS_REQUIRE = join(__dirname, 'support', 'ts-require.js');

describe('Worker moving tracking events', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let redis: Redis;
  let contactIds: number[];

  const storedEvents = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM contact_events`))[0].n;

  /** Opens of the contacts through the real endpoint, each answered 200 before the next. */
  async function openPixels(count: number): Promise<void> {
    const tracking = app.get(LinkTracking);
    for (let i = 0; i < count; i += 1) {
      const url = new URL(tracking.openPixelUrl(contactIds[i % contactIds.length])).pathname;
      const answer = await app.inject({ method: 'GET', url });
      if (answer.statusCode !== 200) throw new Error(`pixel answered ${answer.statusCode}`);
    }
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    redis = app.get(REDIS);
    const org = await createFixtureOrg(db);
    const ownerId = await createUser(db, 'cm.tracking.worker', org.province, ['campaign_manager']);
    await createCampaignRows(db, [902], ownerId, org.province);
    contactIds = [];
    for (let i = 0; i < 20; i += 1) {
      const customerId = await createCustomer(db, org.countyA1);
      const [{ id }] = await db.query(
        `INSERT INTO contacts (customer_id, campaign_id, channel, org_unit_id, contacted_at, status)
         VALUES ($1, 902, 'email', $2, now(), 'sent') RETURNING id::int AS id`,
        [customerId, org.countyA1],
      );
      contactIds.push(id);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('moves the events of the tracking links to PostgreSQL as they come', async () => {
    const worker: INestApplicationContext = await startWorker();
    try {
      await openPixels(50);
      expect(await eventually(async () => ((await storedEvents()) === 50 ? true : undefined))).toBe(true);
      expect(await app.get(ContactEventStream).backlog()).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it('loses no answered event when a worker process is killed while it moves them', async () => {
    await db.query(`TRUNCATE contact_events, contact_engagements`);
    const child: ChildProcess = fork(WORKER_MAIN, [], { execArgv: ['-r', TS_REQUIRE], env: process.env, stdio: 'inherit' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await openPixels(1000);
      // Killed once it is moving events, while more keep coming.
      await eventually(async () => ((await storedEvents()) > 0 ? true : undefined), 90_000);
      const sending = openPixels(1000);
      child.kill('SIGKILL');
      await Promise.all([sending, exited]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const beforeTheKill = await storedEvents();

    // What the killed worker read and never acknowledged is taken over by the next consumer.
    const drain = app.get(ContactEventDrain);
    const spend = app.get(WebContactSpend);
    for (;;) {
      const batch = await drain.drainBatch(redis, 'after-the-kill', { batchSize: 500, blockMs: 0, claimIdleMs: 0 }, (manager, made) => spend.charge(manager, made));
      if (batch.read === 0) break;
    }
    const [{ events, distinctEvents }] = await db.query(
      `SELECT count(*)::int AS events, count(DISTINCT event_id)::int AS "distinctEvents" FROM contact_events`,
    );
    console.log(`tracking events: ${beforeTheKill} stored by the killed worker, ${events - beforeTheKill} after it, ${events} of 2000 in all`);
    expect({ events, distinctEvents }).toEqual({ events: 2000, distinctEvents: 2000 });
    expect(await app.get(ContactEventStream).backlog()).toBe(0);
  }, 180_000);
});
