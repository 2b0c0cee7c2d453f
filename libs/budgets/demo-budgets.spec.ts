import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { loadDemoOrg } from '@lib/demo';
import { PlatformModule } from '@lib/platform';
import { createCustomer, resetState } from '../../test/support/fixtures';
import { BudgetPoolService } from './budget-pool.service';
import { BudgetsModule } from './budgets.module';
import { seedDemoBudgets } from './demo-budgets';

describe(seedDemoBudgets.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, BudgetsModule] }).compile()).init();
    db = await resetState(app);
    await loadDemoOrg(db);
    // Three customers in Jiangning (Nanjing), one in Suzhou: Nanjing gets three quarters of the cities' share.
    const [jiangning] = await db.query(`SELECT id FROM org_units WHERE code = 'JS0108'`);
    const [suzhou] = await db.query(`SELECT id FROM org_units WHERE code = 'JS05'`);
    for (const unit of [jiangning.id, jiangning.id, jiangning.id, suzhou.id]) await createCustomer(db, unit);
  });

  afterAll(async () => {
    await app.close();
  });

  it('opens the province pool, a pool per city and two Nanjing county pools, once', async () => {
    const opened = await seedDemoBudgets(db, 2026);
    await expect(seedDemoBudgets(db, 2026)).resolves.toBe(0);
    const [province] = await db.query(`SELECT id, path FROM org_units WHERE code = 'JS'`);
    const pools = await app.get(BudgetPoolService).list(new OrgScope(province.id, province.path), 2026);
    expect(pools).toHaveLength(opened);
    expect(pools[0]).toMatchObject({ orgUnitId: province.id, received: '8000000.00', parentPoolId: null });
    expect(pools.map((pool) => [pool.orgUnitName, pool.received, pool.allocatedToSubPools])).toEqual([
      ['江苏省分公司', '8000000.00', '4800000.00'],
      ['南京分公司', '3600000.00', '300000.00'],
      expect.arrayContaining(['150000.00']),
      expect.arrayContaining(['150000.00']),
      ['苏州分公司', '1200000.00', '0.00'],
    ]);
    // All the money of the year is the province's budget, however it is passed on.
    const [sums] = await db.query(`SELECT sum(amount)::text AS total FROM budget_lines WHERE kind IN ('funding','allocation')`);
    expect(sums.total).toBe('8000000.00');
  });
});
