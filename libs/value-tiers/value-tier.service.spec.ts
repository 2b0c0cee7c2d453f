import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { DEFAULT_VALUE_TIER_SETTINGS } from './value-tier-defaults';
import { ValueTierService } from './value-tier.service';

const RUN_AT = new Date('2026-06-01T04:00:00Z');
const DEFAULTS = DEFAULT_VALUE_TIER_SETTINGS;

describe(ValueTierService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let service: ValueTierService;
  const ids: Record<string, number> = {};
  let segmentManager: number;

  const tiers = async () => {
    const rows: { id: string; value_tier: string; value_score: string }[] = await db.query(
      'SELECT id, value_tier, value_score FROM customers',
    );
    const byName: Record<string, { tier: string; score: number }> = {};
    for (const [name, id] of Object.entries(ids)) {
      const row = rows.find((r) => String(r.id) === String(id))!;
      byName[name] = { tier: row.value_tier, score: Number(row.value_score) };
    }
    return byName;
  };

  const claim = async (customerId: number, policyId: number, amount: number, status: string, date = '2026-03-01') => {
    await db.query(
      `INSERT INTO claims (claim_no, policy_id, customer_id, claim_date, amount, status)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [`C${policyId}-${amount}`, policyId, customerId, date, amount, status],
    );
  };

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    service = app.get(ValueTierService);
    segmentManager = await createUser(db, 'segments', org.province, ['segment_manager']);

    // Gold: three lines, 10,450 yuan a year, ten years a customer: 10.45 + 0.3 × 10.45 + 0.5 × 10 + 3 = 21.585.
    ids.gold = await createCustomer(db, org.countyA1);
    await createPolicy(db, ids.gold, 'SYX', { premium: 9000 });
    await createPolicy(db, ids.gold, 'JQX', { premium: 950 });
    await createPolicy(db, ids.gold, 'JCX', { premium: 500 });
    await createPolicy(db, ids.gold, 'SYX', { premium: 5000, start_date: '2016-01-01', end_date: '2016-12-31', status: 'expired' });

    // Silver: two motor lines, 5,950 yuan, six years: 5.95 + 1.785 + 3 + 2 = 12.735.
    ids.silver = await createCustomer(db, org.countyA2);
    await createPolicy(db, ids.silver, 'SYX', { premium: 5000 });
    await createPolicy(db, ids.silver, 'JQX', { premium: 950 });
    await createPolicy(db, ids.silver, 'JQX', { premium: 900, start_date: '2020-03-01', end_date: '2021-02-28', status: 'expired' });

    // Ordinary: compulsory motor only, 950 yuan, this year: 0.95 + 0.285 + 0 + 1 = 2.235; an open claim counts for nothing.
    ids.ordinary = await createCustomer(db, org.cityB);
    const ordinaryPolicy = await createPolicy(db, ids.ordinary, 'JQX', { premium: 950 });
    await claim(ids.ordinary, ordinaryPolicy, 50000, 'open');

    // Claims paid 5,000 on 3,000 of premium: a ratio of 1.67, above 1.5.
    ids.highClaims = await createCustomer(db, org.countyB1);
    const highClaimsPolicy = await createPolicy(db, ids.highClaims, 'SYX', { premium: 3000 });
    await claim(ids.highClaims, highClaimsPolicy, 5000, 'paid');

    // Ratio 1.46 (not above 1.5), but a margin of −5,500, below −5,000.
    ids.lossMaking = await createCustomer(db, org.countyB1);
    const lossPolicy = await createPolicy(db, ids.lossMaking, 'SYX', { premium: 12000 });
    await claim(ids.lossMaking, lossPolicy, 17500, 'paid');

    // A paid claim older than three years no longer counts: 2 + 0.6 + 0 + 1 = 3.6.
    ids.oldClaims = await createCustomer(db, org.countyB1);
    const oldPolicy = await createPolicy(db, ids.oldClaims, 'SYX', { premium: 2000 });
    await claim(ids.oldClaims, oldPolicy, 90000, 'paid', '2022-01-10');

    ids.noPolicies = await createCustomer(db, org.countyA1);
  });

  afterAll(async () => {
    await app.close();
  });

  it('scores and tiers every customer as documented', async () => {
    const result = await service.recompute(RUN_AT);
    expect(result).toMatchObject({ customersScored: 7, customersChanged: 7 });
    expect(await tiers()).toEqual({
      gold: { tier: 'gold', score: 21.59 },
      silver: { tier: 'silver', score: 12.74 },
      ordinary: { tier: 'ordinary', score: 2.24 },
      highClaims: { tier: 'do_not_serve', score: 3.4 },
      lossMaking: { tier: 'do_not_serve', score: 11.35 },
      oldClaims: { tier: 'ordinary', score: 3.6 },
      noPolicies: { tier: 'ordinary', score: 0 },
    });
  });

  it('writes nothing on a second run with the same data', async () => {
    const [{ before }] = await db.query(`SELECT max(value_scored_at) AS before FROM customers`);
    await expect(service.recompute(RUN_AT)).resolves.toMatchObject({ customersScored: 7, customersChanged: 0 });
    const [{ after }] = await db.query(`SELECT max(value_scored_at) AS after FROM customers`);
    expect(after).toEqual(before);
  });

  it('rewrites only the customers whose tier moves when the thresholds change', async () => {
    await service.updateSettings({ ...DEFAULTS, thresholds: { gold: 25, silver: 12 } }, segmentManager);
    await expect(service.recompute(RUN_AT)).resolves.toMatchObject({ customersChanged: 1 });
    expect((await tiers()).gold).toEqual({ tier: 'silver', score: 21.59 });
    await service.updateSettings(DEFAULTS, segmentManager);
    await service.recompute(RUN_AT);
  });

  it('records the run in the status', async () => {
    await expect(service.status(await scopeOf(db, org.hq))).resolves.toMatchObject({
      running: false,
      customersScored: 7,
      customersChanged: 1,
      lastRunAt: RUN_AT,
    });
  });

  it("tells a branch about its own customers only: their number scored, not the run's changes elsewhere", async () => {
    const [{ county }] = await db.query('SELECT count(*)::int AS county FROM customers WHERE org_unit_id = $1', [org.countyA1]);
    expect(county).toBeLessThan(7);
    await expect(service.status(await scopeOf(db, org.countyA1))).resolves.toEqual({
      running: false,
      customersScored: county,
      customersChanged: null,
      lastRunAt: RUN_AT,
      lastRunMs: expect.any(Number),
    });
  });

  it('keeps customers without policies ordinary with a score of 0, whatever the thresholds and margin floor', async () => {
    await service.updateSettings(
      { ...DEFAULTS, thresholds: { gold: 0, silver: 0 }, doNotServe: { ...DEFAULTS.doNotServe, minMarginBelow: 100 } },
      segmentManager,
    );
    try {
      await service.recompute(RUN_AT);
      expect((await tiers()).noPolicies).toEqual({ tier: 'ordinary', score: 0 });
    } finally {
      await service.updateSettings(DEFAULTS, segmentManager);
      await service.recompute(RUN_AT);
    }
  });

  it('refuses a silver threshold above the gold one, naming the field', async () => {
    await expect(
      service.updateSettings({ ...DEFAULTS, thresholds: { gold: 10, silver: 11 } }, segmentManager),
    ).rejects.toMatchObject({ status: 400, details: [{ field: 'thresholds.silver' }] });
    await expect(service.getSettings()).resolves.toMatchObject(DEFAULTS);
  });

  it('breaks the distribution down by the units one level below, within the scope', async () => {
    const [{ path }] = await db.query('SELECT path FROM org_units WHERE id = $1', [org.cityA]);
    const cityA = new OrgScope(org.cityA, path);
    const report = await service.distribution(cityA);
    expect(report.byTier).toEqual([
      { tier: 'gold', count: 1, annualPremium: 10450 },
      { tier: 'silver', count: 1, annualPremium: 5950 },
      { tier: 'ordinary', count: 1, annualPremium: 0 },
      { tier: 'do_not_serve', count: 0, annualPremium: 0 },
      { tier: 'unscored', count: 0, annualPremium: 0 },
    ]);
    expect(report.byOrgUnit).toEqual([
      { orgUnitId: org.countyA1, orgUnitName: '江宁支公司', orgUnitNameEn: null, gold: 1, silver: 0, ordinary: 1, doNotServe: 0, unscored: 0 },
      { orgUnitId: org.countyA2, orgUnitName: '浦口支公司', orgUnitNameEn: null, gold: 0, silver: 1, ordinary: 0, doNotServe: 0, unscored: 0 },
    ]);
    await expect(service.distribution(cityA, org.cityB)).rejects.toMatchObject({ status: 404 });
  });
});
