import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { ValidationError } from '@lib/common';
import { approve, createCampaign, FixtureCampaign } from '../../test/support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { PlatformModule } from '@lib/platform';
import { BudgetGuard, grantableContacts } from './budget-guard';
import { BudgetPoolService } from './budget-pool.service';
import { BudgetsModule } from './budgets.module';

const CALLER = join(__dirname, '..', '..', 'test', 'support', 'budget-guard-caller.ts');
const TS_REQUIRE = join(__dirname, '..', '..', 'test', 'support', 'ts-require.js');

interface CallerReport {
  batches: number;
  grantedFen: number;
  spentFen: number;
  error?: string;
}

/** Runs the guard caller as a separate Node process and waits for its report. */
function runCaller(args: number[]): Promise<CallerReport> {
  return new Promise((resolve, reject) => {
    const child = fork(CALLER, args.map(String), { execArgv: ['-r', TS_REQUIRE], env: process.env, stdio: 'inherit' });
    let report: CallerReport | undefined;
    child.on('message', (message: CallerReport) => (report = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report?.error || code !== 0 || !report) reject(new Error(report?.error ?? `guard caller exited with ${code}`));
      else resolve(report);
    });
  });
}

describe(BudgetGuard.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let guard: BudgetGuard;
  let commitments: CampaignCommitments;
  let plannerId: number;
  let year = 2040;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, BudgetsModule] }).compile()).init();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.province', org.province, ['reviewer']);
    guard = app.get(BudgetGuard);
    commitments = app.get(CampaignCommitments);
    const pools = app.get(BudgetPoolService);
    for (let fiscalYear = 2040; fiscalYear < 2050; fiscalYear += 1) {
      await pools.create(await scopeOf(db, org.province), reviewerId, { fiscalYear, orgUnitId: org.province, amount: '1000000.00' });
    }
  });

  afterAll(async () => {
    await app.close();
  });

  /** An approved campaign of the two Nanjing counties, in a fiscal year of its own. */
  async function approvedCampaign(budgetFen: number, allocations: { branchId: number; amount: string }[] = []): Promise<FixtureCampaign> {
    year += 1;
    const campaign = await createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1, org.countyA2],
      budgetFen,
      startDate: `${year}-04-01`,
      endDate: `${year}-04-30`,
    });
    for (const allocation of allocations) {
      await db.query(`INSERT INTO budget_allocations (campaign_id, revision_id, branch_id, amount) VALUES ($1, $2, $3, $4::numeric)`, [
        campaign.campaignId,
        campaign.revisionId,
        allocation.branchId,
        allocation.amount,
      ]);
    }
    await approve(db, commitments, campaign.plan);
    return campaign;
  }

  const ledgerSum = async (campaignId: number, kinds: string[]) =>
    (await db.query(`SELECT COALESCE(sum(amount), 0)::text AS sum FROM budget_lines WHERE campaign_id = $1 AND kind = ANY($2)`, [campaignId, kinds]))[0].sum;

  it('fits the contacts of a batch into the smallest money left, whole contacts only', async () => {
    expect(grantableContacts(100, 250, [['campaign', 10_000], ['branch', 2_600]])).toEqual({ granted: 10, limitedBy: 'branch' });
    expect(grantableContacts(10, 250, [['campaign', 10_000]])).toEqual({ granted: 10, limitedBy: null });
    expect(grantableContacts(10, 0, [['campaign', -5]])).toEqual({ granted: 10, limitedBy: null });
    expect(grantableContacts(10, 250, [['campaign', -5]])).toEqual({ granted: 0, limitedBy: 'campaign' });
  });

  it("grants no more than the branch's allocation and then no more than the campaign's budget", async () => {
    const campaign = await approvedCampaign(100_000, [{ branchId: org.countyA1, amount: '300.00' }, { branchId: org.countyA2, amount: '700.00' }]);
    const request = { campaignId: campaign.campaignId, channel: 'phone' as const, stepId: campaign.stepIds[0], unitCostFen: 250 };
    await expect(guard.grant({ ...request, branchId: org.countyA1, contacts: 500 })).resolves.toMatchObject({
      grantedContacts: 120,
      amountFen: 30_000,
      limitedBy: 'branch',
    });
    await expect(guard.grant({ ...request, branchId: org.countyA1, contacts: 1 })).resolves.toEqual({
      grantId: null,
      grantedContacts: 0,
      amountFen: 0,
      limitedBy: 'branch',
    });
    await expect(guard.grant({ ...request, branchId: org.countyA2, contacts: 100 })).resolves.toMatchObject({ grantedContacts: 100, limitedBy: null });
    await expect(ledgerSum(campaign.campaignId, ['commitment'])).resolves.toBe('550.00');
  });

  it("grants no more than the channel's allocation when the budget is split by channel", async () => {
    const campaign = await approvedCampaign(100_000);
    await db.query(`INSERT INTO budget_allocations (campaign_id, revision_id, channel, amount) VALUES ($1, $2, 'phone', 10.00)`, [
      campaign.campaignId,
      campaign.revisionId,
    ]);
    const request = { campaignId: campaign.campaignId, branchId: org.countyA2, channel: 'phone' as const, stepId: campaign.stepIds[0], unitCostFen: 300 };
    await expect(guard.grant({ ...request, contacts: 10 })).resolves.toMatchObject({ grantedContacts: 3, amountFen: 900, limitedBy: 'channel' });
    await expect(guard.grant({ ...request, contacts: 1 })).resolves.toMatchObject({ grantedContacts: 0, limitedBy: 'channel' });
  });

  it('turns the sent part of a grant into an automatic spend line and frees the rest, once', async () => {
    const campaign = await approvedCampaign(10_000);
    const grant = await guard.grant({ campaignId: campaign.campaignId, branchId: org.countyA1, channel: 'phone', stepId: campaign.stepIds[0], contacts: 30, unitCostFen: 333 });
    expect(grant).toMatchObject({ grantedContacts: 30, amountFen: 9_990, limitedBy: null });
    await expect(guard.settle(grant.grantId as number, 31)).rejects.toBeInstanceOf(ValidationError);
    await expect(guard.settle(grant.grantId as number, 12)).resolves.toMatchObject({ spentFen: 3_996, unusedFen: 5_994 });
    await expect(guard.settle(grant.grantId as number, 12)).rejects.toMatchObject({ code: 'grant_settled' });
    await expect(ledgerSum(campaign.campaignId, ['commitment'])).resolves.toBe('0.00');
    await expect(ledgerSum(campaign.campaignId, ['spend'])).resolves.toBe('39.96');
    const [spend] = await db.query(`SELECT contacts, unit_cost::text, step_id FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend'`, [campaign.campaignId]);
    expect(spend).toEqual({ contacts: 12, unit_cost: '3.33', step_id: campaign.stepIds[0] });
  });

  it('grants nothing to a branch that does not take part or for a step of another campaign, nor once the campaign is released', async () => {
    const campaign = await approvedCampaign(10_000);
    const request = { campaignId: campaign.campaignId, channel: 'phone' as const, stepId: campaign.stepIds[0], contacts: 5, unitCostFen: 10 };
    await expect(guard.grant({ ...request, branchId: org.countyB1 })).rejects.toMatchObject({ details: [{ field: 'branchId', code: 'not_participating_branch' }] });
    const other = await approvedCampaign(10_000);
    await expect(guard.grant({ ...request, branchId: org.countyA1, stepId: other.stepIds[0] })).rejects.toMatchObject({
      details: [{ field: 'stepId', code: 'step_not_in_campaign' }],
    });
    await expect(guard.grant({ ...request, branchId: org.countyA1, channel: 'email' })).rejects.toMatchObject({ details: [{ field: 'channel' }] });
    await db.transaction((manager) => commitments.release(manager, campaign.campaignId));
    await expect(guard.grant({ ...request, branchId: org.countyA1 })).resolves.toMatchObject({ grantedContacts: 0, limitedBy: 'released' });
  });

  it('never grants a fen more than the budget to callers in several processes at once', async () => {
    // 1,234.56 yuan at 0.37 yuan a contact: 3,336.6 contacts, so the last fen are never granted.
    const budgetFen = 123_456;
    const unitCostFen = 37;
    const campaign = await approvedCampaign(budgetFen, [{ branchId: org.countyA1, amount: '1234.56' }]);
    const reports = await Promise.all(
      [11, 23, 37, 41].map((seed) => runCaller([campaign.campaignId, org.countyA1, campaign.stepIds[0], unitCostFen, seed])),
    );
    expect(reports.every((report) => report.batches > 0)).toBe(true);
    const spentFen = reports.reduce((sum, report) => sum + report.spentFen, 0);
    const [ledger] = await db.query(
      `SELECT (sum(amount) FILTER (WHERE kind = 'spend') * 100)::bigint AS spent,
              (COALESCE(sum(amount) FILTER (WHERE kind = 'commitment'), 0) * 100)::bigint AS open_grants
       FROM budget_lines WHERE campaign_id = $1`,
      [campaign.campaignId],
    );
    expect(Number(ledger.spent)).toBe(spentFen);
    expect(Number(ledger.open_grants)).toBe(0);
    expect(spentFen).toBeLessThanOrEqual(budgetFen);
    // What the callers gave back can still be granted, down to less than one contact's cost.
    const rest = await guard.grant({ campaignId: campaign.campaignId, branchId: org.countyA1, channel: 'phone', stepId: campaign.stepIds[0], contacts: 1_000_000, unitCostFen });
    expect(budgetFen - spentFen - rest.amountFen).toBeGreaterThanOrEqual(0);
    expect(budgetFen - spentFen - rest.amountFen).toBeLessThan(unitCostFen);
  });
});
