import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { JobName, JobQueue } from '@lib/queue';
import { DEFAULT_VALUE_TIER_SETTINGS, NIGHTLY_SCHEDULER_ID } from '@lib/value-tiers';
import {
  createCustomer,
  createFixtureOrg,
  createPolicy,
  createProducts,
  FixtureOrg,
  resetState,
} from './support/fixtures';
import { call, eventually, loginNewUser, startApi, startWorker } from './support/test-app';

describe('Value tiers over HTTP', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let db: DataSource;
  let org: FixtureOrg;
  let segments: string;
  let analyst: string;
  let branch: string;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    segments = await loginNewUser(app, 'segments', org.province, ['segment_manager']);
    analyst = await loginNewUser(app, 'analyst', org.province, ['analyst']);
    branch = await loginNewUser(app, 'branch.a1', org.countyA1, ['branch_executor']);
    const rich = await createCustomer(db, org.countyA1);
    await createPolicy(db, rich, 'SYX', { premium: 30000 });
    const modest = await createCustomer(db, org.countyA1);
    await createPolicy(db, modest, 'JQX', { premium: 950 });
    const elsewhere = await createCustomer(db, org.countyB1);
    await createPolicy(db, elsewhere, 'JQX', { premium: 950 });
  });

  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  it('shows the settings to analysts and lets only segment managers change them', async () => {
    const read = await call(app, 'GET', '/api/value-tiers/settings', { token: analyst });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(DEFAULT_VALUE_TIER_SETTINGS);
    const body = { ...DEFAULT_VALUE_TIER_SETTINGS, thresholds: { gold: 25, silver: 10 } };
    expect((await call(app, 'PUT', '/api/value-tiers/settings', { token: branch, body })).status).toBe(403);
    expect((await call(app, 'PUT', '/api/value-tiers/settings', { token: analyst, body })).status).toBe(403);
    const written = await call(app, 'PUT', '/api/value-tiers/settings', { token: segments, body });
    expect(written.status).toBe(200);
    expect(written.body.thresholds).toEqual({ gold: 25, silver: 10 });
  });

  it('names the bad fields of the settings', async () => {
    const answer = await call(app, 'PUT', '/api/value-tiers/settings', {
      token: segments,
      body: { weights: { ...DEFAULT_VALUE_TIER_SETTINGS.weights, margin: -1 }, doNotServe: { claimsRatioAbove: 'high', minMarginBelow: 0 } },
    });
    expect(answer.status).toBe(400);
    expect(new Set(answer.body.details.map((d: { field: string }) => d.field))).toEqual(
      new Set(['weights.margin', 'thresholds', 'doNotServe.claimsRatioAbove']),
    );
  });

  it('queues one recomputation however often it is asked for', async () => {
    expect((await call(app, 'POST', '/api/value-tiers/recompute', { token: branch })).status).toBe(403);
    for (let i = 0; i < 3; i++) {
      const answer = await call(app, 'POST', '/api/value-tiers/recompute', { token: segments });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'queued' });
    }
    const counts = await app.get(JobQueue).queue(JobName.RecomputeValueTiers).getJobCounts('waiting', 'active');
    expect(counts.waiting + counts.active).toBe(1);
  });

  it('has the worker score every customer and register the nightly run', async () => {
    worker = await startWorker();
    const status = await eventually(async () => {
      const answer = await call(app, 'GET', '/api/value-tiers/status', { token: analyst });
      return answer.body.lastRunAt ? answer.body : undefined;
    });
    expect(status).toMatchObject({ running: false, customersScored: 3, customersChanged: 3 });
    const tiers = await db.query(`SELECT value_tier, count(*)::int AS n FROM customers GROUP BY 1 ORDER BY 1`);
    expect(tiers).toEqual([
      { value_tier: 'gold', n: 1 },
      { value_tier: 'ordinary', n: 2 },
    ]);
    const schedulers = await app.get(JobQueue).queue(JobName.RecomputeValueTiers).getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: NIGHTLY_SCHEDULER_ID, pattern: '0 2 * * *', tz: 'Asia/Shanghai' })]);
  });

  it('runs again when asked after the last run finished, changing nothing', async () => {
    const before = (await call(app, 'GET', '/api/value-tiers/status', { token: analyst })).body.lastRunAt;
    expect((await call(app, 'POST', '/api/value-tiers/recompute', { token: segments })).status).toBe(202);
    const status = await eventually(async () => {
      const answer = await call(app, 'GET', '/api/value-tiers/status', { token: analyst });
      return answer.body.lastRunAt !== before ? answer.body : undefined;
    });
    expect(status).toMatchObject({ customersScored: 3, customersChanged: 0 });
  });

  it('gives a county user the number of scored customers of their county only', async () => {
    const county = await call(app, 'GET', '/api/value-tiers/status', { token: branch });
    expect(county.body).toMatchObject({ customersScored: 2, customersChanged: null });
  });

  it('gives a county user the distribution of their county only', async () => {
    const county = await call(app, 'GET', '/api/value-tiers/distribution', { token: branch });
    expect(county.status).toBe(200);
    expect(county.body.byTier).toEqual([
      { tier: 'gold', count: 1, annualPremium: 30000 },
      { tier: 'silver', count: 0, annualPremium: 0 },
      { tier: 'ordinary', count: 1, annualPremium: 950 },
      { tier: 'do_not_serve', count: 0, annualPremium: 0 },
      { tier: 'unscored', count: 0, annualPremium: 0 },
    ]);
    expect(county.body.byOrgUnit).toEqual([
      { orgUnitId: org.countyA1, orgUnitName: '江宁支公司', orgUnitNameEn: null, gold: 1, silver: 0, ordinary: 1, doNotServe: 0, unscored: 0 },
    ]);
    expect((await call(app, 'GET', `/api/value-tiers/distribution?orgUnitId=${org.countyB1}`, { token: branch })).status).toBe(404);
    expect((await call(app, 'GET', '/api/value-tiers/distribution?orgUnitId=abc', { token: branch })).status).toBe(400);

    const province = await call(app, 'GET', '/api/value-tiers/distribution', { token: analyst });
    expect(province.body.byOrgUnit.map((row: { orgUnitId: number; gold: number; ordinary: number }) => [row.orgUnitId, row.gold, row.ordinary])).toEqual([
      [org.cityA, 1, 1],
      [org.cityB, 0, 1],
    ]);
  });
});
