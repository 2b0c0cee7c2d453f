import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ForbiddenError, NotFoundError } from '@lib/common';
import { PlatformModule } from '@lib/platform';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { BudgetPoolService } from './budget-pool.service';
import { BudgetsModule } from './budgets.module';

describe(BudgetPoolService.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let pools: BudgetPoolService;
  let reviewerId: number;
  let province: OrgScope;
  let cityA: OrgScope;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, BudgetsModule] }).compile()).init();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    reviewerId = await createUser(db, 'reviewer.province', org.province, ['reviewer']);
    pools = app.get(BudgetPoolService);
    province = await scopeOf(db, org.province);
    cityA = await scopeOf(db, org.cityA);
  });

  afterAll(async () => {
    await app.close();
  });

  it('funds a province pool and allocates sub-pools to cities and counties as ledger movements', async () => {
    const top = await pools.create(province, reviewerId, { fiscalYear: 2026, orgUnitId: org.province, amount: '1000000.00', note: '2026 年度营销预算' });
    expect(top).toMatchObject({ parentPoolId: null, received: '1000000.00', figures: { planned: '1000000.00', remaining: '1000000.00' } });
    const city = await pools.create(province, reviewerId, { fiscalYear: 2026, orgUnitId: org.cityA, amount: '300000.00' });
    expect(city).toMatchObject({ parentPoolId: top.id, received: '300000.00', figures: { planned: '300000.00' } });
    const county = await pools.create(province, reviewerId, { fiscalYear: 2026, orgUnitId: org.countyA1, amount: '50000.50' });
    expect(county.parentPoolId).toBe(city.id);
    await pools.allocate(province, reviewerId, county.id, { amount: '-0.50', note: 'returned' });

    await expect(pools.get(province, top.id)).resolves.toMatchObject({
      received: '1000000.00',
      allocatedToSubPools: '300000.00',
      figures: { planned: '700000.00', reserved: '0.00', remaining: '700000.00' },
      subPools: [{ poolId: city.id, orgUnitId: org.cityA, allocated: '300000.00' }],
    });
    await expect(pools.get(province, city.id)).resolves.toMatchObject({
      allocatedToSubPools: '50000.00',
      figures: { planned: '250000.00' },
    });
    // Totals are sums of lines: the money of all pools of the year is what the province was given.
    const [total] = await db.query(
      `SELECT sum(amount)::text AS sum FROM budget_lines l JOIN budget_pools p ON p.id = l.pool_id WHERE p.fiscal_year = 2026 AND kind IN ('funding','allocation')`,
    );
    expect(total.sum).toBe('1000000.00');
  });

  it('never allocates or takes back more than the giving pool has free', async () => {
    const top = await pools.create(province, reviewerId, { fiscalYear: 2027, orgUnitId: org.province, amount: '100.00' });
    const city = await pools.create(province, reviewerId, { fiscalYear: 2027, orgUnitId: org.cityB, amount: '60.00' });
    await expect(pools.allocate(province, reviewerId, city.id, { amount: '40.01' })).rejects.toMatchObject({
      code: 'budget_pool_insufficient',
      params: { remaining: '40.00', needed: '40.01' },
    });
    await expect(pools.allocate(province, reviewerId, city.id, { amount: '-60.01' })).rejects.toMatchObject({ code: 'budget_pool_insufficient' });
    await expect(pools.fund(province, reviewerId, top.id, { amount: '-40.01' })).rejects.toMatchObject({ code: 'budget_pool_insufficient' });
    await expect(pools.fund(province, reviewerId, city.id, { amount: '5.00' })).rejects.toMatchObject({ code: 'budget_pool_not_top' });
    await expect(pools.create(province, reviewerId, { fiscalYear: 2027, orgUnitId: org.cityB, amount: '0' })).rejects.toMatchObject({
      code: 'budget_pool_exists',
    });
    await expect(pools.get(province, top.id)).resolves.toMatchObject({ figures: { planned: '40.00', remaining: '40.00' } });
  });

  it("keeps a city to its own subtree: it neither sees the province pool nor takes the province's money", async () => {
    const top = await pools.create(province, reviewerId, { fiscalYear: 2028, orgUnitId: org.province, amount: '100.00' });
    const city = await pools.create(province, reviewerId, { fiscalYear: 2028, orgUnitId: org.cityA, amount: '10.00' });
    await expect(pools.get(cityA, top.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(pools.list(cityA, 2028)).resolves.toEqual([expect.objectContaining({ id: city.id })]);
    await expect(pools.allocate(cityA, reviewerId, city.id, { amount: '10.00' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(pools.create(cityA, reviewerId, { fiscalYear: 2028, orgUnitId: org.cityB, amount: '1.00' })).rejects.toMatchObject({
      details: [{ field: 'orgUnitId', code: 'outside_scope_unit' }],
    });
    // A county pool below the city's is the city's to fund.
    await expect(pools.create(cityA, reviewerId, { fiscalYear: 2028, orgUnitId: org.countyA2, amount: '4.00' })).resolves.toMatchObject({
      parentPoolId: city.id,
    });
  });
});
