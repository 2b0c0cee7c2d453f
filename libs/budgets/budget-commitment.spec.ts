import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { ConflictError, ValidationError } from '@lib/common';
import { dataSourceOptions } from '@lib/database';
import { approve, createCampaign, createRevision } from '../../test/support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { PlatformModule } from '@lib/platform';
import { BudgetCommitment } from './budget-commitment';
import { BudgetPoolService } from './budget-pool.service';
import { BudgetsModule } from './budgets.module';

/** Polls a condition every 20 ms for up to 5 s. */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 250 && !(await condition()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe(BudgetCommitment.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let otherConnection: DataSource;
  let org: FixtureOrg;
  let pools: BudgetPoolService;
  let commitments: CampaignCommitments;
  let plannerId: number;
  let reviewerId: number;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, BudgetsModule] }).compile()).init();
    db = await resetState(app);
    otherConnection = await new DataSource(dataSourceOptions(process.env.DATABASE_URL as string)).initialize();
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    reviewerId = await createUser(db, 'reviewer.province', org.province, ['reviewer']);
    pools = app.get(BudgetPoolService);
    commitments = app.get(CampaignCommitments);
  });

  afterAll(async () => {
    await otherConnection.destroy();
    await app.close();
  });

  /** True while a session of this database waits for a row lock (the second approval, behind the first). */
  async function secondIsWaiting(): Promise<boolean> {
    const [row] = await db.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.waiting > 0;
  }

  async function poolOf(unitId: number, fiscalYear: number, amount: string) {
    return pools.create(await scopeOf(db, org.province), reviewerId, { fiscalYear, orgUnitId: unitId, amount });
  }

  const campaignIn = (owningUnitId: number, budgetFen: number, startDate = '2026-03-02') =>
    createCampaign(db, { ownerId: plannerId, owningUnitId, branchIds: [org.countyA1, org.countyA2], budgetFen, startDate, endDate: '2026-03-20' });

  it('reserves the budget from the nearest pool at or above the owning unit when the campaign is approved', async () => {
    const province = await poolOf(org.province, 2026, '100000.00');
    const campaign = await campaignIn(org.cityA, 3_000_000);
    await approve(db, commitments, campaign.plan);
    const detail = await pools.get(await scopeOf(db, org.province), province.id);
    expect(detail.figures).toEqual({ planned: '100000.00', reserved: '30000.00', committed: '0.00', actual: '0.00', remaining: '70000.00' });
    expect(detail.campaigns).toEqual([
      {
        campaignId: campaign.campaignId,
        owningUnitId: org.cityA,
        figures: { planned: '30000.00', reserved: '30000.00', committed: '0.00', actual: '0.00', remaining: '30000.00' },
      },
    ]);
    await expect(db.query(`SELECT action, field, before, after FROM campaign_audit WHERE campaign_id = $1`, [campaign.campaignId])).resolves.toEqual([{ action: 'budget_reserved', field: 'reserved', before: '0.00', after: '30000.00' }]);
  });

  it('refuses an approval the pool cannot pay for, and the approval writes nothing', async () => {
    const pool = await poolOf(org.cityB, 2027, '1000.00');
    const campaign = await createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.cityB,
      branchIds: [org.countyB1],
      budgetFen: 100_001,
      startDate: '2027-01-10',
      endDate: '2027-01-20',
    });
    await expect(approve(db, commitments, campaign.plan)).rejects.toMatchObject({ code: 'budget_pool_insufficient', status: 409 });
    await expect(db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaign.campaignId])).resolves.toEqual([{ status: 'draft' }]);
    await expect(pools.get(await scopeOf(db, org.province), pool.id)).resolves.toMatchObject({ figures: { reserved: '0.00', remaining: '1000.00' } });
  });

  it('lets only one of two approvals racing for the last money of a pool succeed', async () => {
    const pool = await poolOf(org.cityA, 2028, '50000.00');
    const first = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.cityA, branchIds: [org.countyA1], budgetFen: 3_000_000, startDate: '2028-02-01' });
    const second = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.cityA, branchIds: [org.countyA1], budgetFen: 3_000_000, startDate: '2028-02-01' });
    // The first approval has reserved but not yet committed when the second one, on another connection, runs.
    let reserved!: () => void;
    let finish!: () => void;
    const firstReserved = new Promise<void>((resolve) => (reserved = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const firstApproval = db.transaction(async (manager) => {
      await commitments.commit(manager, first.plan);
      reserved();
      await mayFinish;
    });
    await firstReserved;
    const secondApproval = approve(otherConnection, commitments, second.plan);
    const secondSettled = secondApproval.then(() => true, () => true);
    await waitUntil(async () => (await secondIsWaiting()) || Promise.race([secondSettled, Promise.resolve(false)]));
    finish();
    const outcomes = await Promise.allSettled([firstApproval, secondApproval]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'budget_pool_insufficient', params: { remaining: '20000.00', needed: '30000.00' } });
    await expect(pools.get(await scopeOf(db, org.province), pool.id)).resolves.toMatchObject({
      figures: { planned: '50000.00', reserved: '30000.00', remaining: '20000.00' },
    });
  });

  it('brings the reservation to the budget of a later approved revision, up or down, never below what is spent', async () => {
    const pool = await poolOf(org.countyA2, 2029, '10000.00');
    const campaign = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.countyA2, branchIds: [org.countyA2], budgetFen: 400_000, startDate: '2029-05-01' });
    await approve(db, commitments, campaign.plan);
    const raised = await createRevision(db, campaign, 2, { budgetFen: 900_000 });
    await approve(db, commitments, raised.plan);
    const scope = await scopeOf(db, org.province);
    await expect(pools.get(scope, pool.id)).resolves.toMatchObject({ figures: { reserved: '9000.00', remaining: '1000.00' } });
    const lowered = await createRevision(db, campaign, 3, { budgetFen: 250_000 });
    await approve(db, commitments, lowered.plan);
    await expect(pools.get(scope, pool.id)).resolves.toMatchObject({ figures: { reserved: '2500.00', remaining: '7500.00' } });
    await db.query(
      `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id) VALUES ($1, 'spend', 2000, $2, $3)`,
      [pool.id, campaign.campaignId, org.countyA2],
    );
    const belowSpend = await createRevision(db, campaign, 4, { budgetFen: 199_999 });
    await expect(approve(db, commitments, belowSpend.plan)).rejects.toMatchObject({ code: 'budget_below_spend' });
  });

  it('gives back what is not committed or spent when the campaign is released', async () => {
    const pool = await poolOf(org.countyB1, 2030, '8000.00');
    const campaign = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.countyB1, branchIds: [org.countyB1], budgetFen: 500_000, startDate: '2030-01-05' });
    await approve(db, commitments, campaign.plan);
    await db.query(`INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id) VALUES ($1, 'spend', 1234.56, $2, $3)`, [
      pool.id,
      campaign.campaignId,
      org.countyB1,
    ]);
    await db.transaction((manager) => commitments.release(manager, campaign.campaignId));
    await expect(pools.get(await scopeOf(db, org.province), pool.id)).resolves.toMatchObject({
      figures: { planned: '8000.00', reserved: '1234.56', actual: '1234.56', remaining: '6765.44' },
    });
  });

  it('refuses an approval when no pool exists for the fiscal year, and allocations that do not fit the plan', async () => {
    const noPool = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.cityA, branchIds: [org.countyA1], budgetFen: 100, startDate: '2031-01-01', endDate: '2031-01-02' });
    await expect(approve(db, commitments, noPool.plan)).rejects.toMatchObject({ code: 'budget_pool_missing', params: { year: 2031 } });
    await poolOf(org.province, 2032, '1000.00');
    const split = await createCampaign(db, { ownerId: plannerId, owningUnitId: org.cityA, branchIds: [org.countyA1], budgetFen: 10_000, startDate: '2032-01-01', endDate: '2032-01-02' });
    await db.query(`INSERT INTO budget_allocations (campaign_id, revision_id, branch_id, amount) VALUES ($1, $2, $3, 100.01), ($1, $2, $4, 1)`, [
      split.campaignId,
      split.revisionId,
      org.countyA1,
      org.countyB1,
    ]);
    const refusal = approve(db, commitments, split.plan);
    await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    await expect(refusal).rejects.toMatchObject({
      details: [
        { field: 'branches', code: 'allocations_exceed_budget', params: { sum: '101.01', budget: '100.00' } },
        { field: 'branches[1].branchId', code: 'not_participating_branch', params: { id: org.countyB1 } },
      ],
    });
  });
});
