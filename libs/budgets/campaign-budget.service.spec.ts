import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignCommitments } from '@lib/campaigns';
import { NotFoundError, ValidationError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { PlatformModule } from '@lib/platform';
import { approve, createCampaign, createRevision, FixtureCampaign } from '../../test/support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { BudgetGuard } from './budget-guard';
import { BudgetPoolService } from './budget-pool.service';
import { BudgetsModule } from './budgets.module';
import { CampaignBudgetService } from './campaign-budget.service';

describe(CampaignBudgetService.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let budgets: CampaignBudgetService;
  let pools: BudgetPoolService;
  let commitments: CampaignCommitments;
  let plannerId: number;
  let reviewerId: number;
  let executorId: number;
  let province: OrgScope;
  let countyA1: OrgScope;
  let countyB1: OrgScope;
  let poolId: number;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, BudgetsModule] }).compile()).init();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    reviewerId = await createUser(db, 'reviewer.province', org.province, ['reviewer']);
    executorId = await createUser(db, 'exec.a1', org.countyA1, ['branch_executor']);
    budgets = app.get(CampaignBudgetService);
    pools = app.get(BudgetPoolService);
    commitments = app.get(CampaignCommitments);
    province = await scopeOf(db, org.province);
    countyA1 = await scopeOf(db, org.countyA1);
    countyB1 = await scopeOf(db, org.countyB1);
    poolId = (await pools.create(province, reviewerId, { fiscalYear: 2026, orgUnitId: org.province, amount: '100000.00' })).id;
  });

  afterAll(async () => {
    await app.close();
  });

  /** A draft of ¥10,000 with a call-centre and an email step, for counties A1 and B1. */
  const draft = () =>
    createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1, org.countyB1],
      budgetFen: 1_000_000,
      steps: [
        { channel: 'phone', costPerContactFen: 300, dailyCapacity: 50, branchIds: [org.countyA1, org.countyB1] },
        { channel: 'email', costPerContactFen: 5, dailyCapacity: 5000, branchIds: [org.countyA1, org.countyB1] },
      ],
    });

  async function approvedWithSplit(): Promise<FixtureCampaign> {
    const campaign = await draft();
    await budgets.setAllocations(province, plannerId, campaign.campaignId, campaign.revisionId, {
      branches: [
        { branchId: org.countyA1, amount: '6000.00' },
        { branchId: org.countyB1, amount: '4000.00' },
      ],
      channels: [{ channel: 'phone', amount: '9000.00' }],
    });
    await approve(db, commitments, campaign.plan);
    return campaign;
  }

  it('splits a draft budget by branch and by channel, each sum within the budget, and audits each change', async () => {
    const campaign = await draft();
    const split = { branches: [{ branchId: org.countyA1, amount: '7000.00' }], channels: [{ channel: 'email' as const, amount: '500.00' }] };
    await budgets.setAllocations(province, plannerId, campaign.campaignId, campaign.revisionId, split);
    await expect(
      budgets.setAllocations(province, plannerId, campaign.campaignId, campaign.revisionId, {
        branches: [
          { branchId: org.countyA1, amount: '7000.00' },
          { branchId: org.countyB1, amount: '3000.01' },
          { branchId: org.countyA2, amount: '0.00' },
        ],
        channels: [{ channel: 'agent_visit', amount: '1.00' }],
      }),
    ).rejects.toMatchObject({
      details: [
        { field: 'branches', code: 'allocations_exceed_budget', params: { sum: '10000.01', budget: '10000.00' } },
        { field: 'branches[2].branchId', code: 'not_participating_branch' },
        { field: 'channels[0].channel', code: 'channel_not_in_plan' },
      ],
    });
    await budgets.setAllocations(province, plannerId, campaign.campaignId, campaign.revisionId, {
      branches: [{ branchId: org.countyA1, amount: '6500.00' }, { branchId: org.countyB1, amount: '3500.00' }],
      channels: [],
    });
    await expect(budgets.allocations(province, campaign.campaignId, campaign.revisionId)).resolves.toEqual({
      campaignId: campaign.campaignId,
      revisionId: campaign.revisionId,
      inheritedFromRevisionId: null,
      branches: [{ branchId: org.countyA1, amount: '6500.00' }, { branchId: org.countyB1, amount: '3500.00' }],
      channels: [],
    });
    await expect(budgets.allocations(countyB1, campaign.campaignId, campaign.revisionId)).resolves.toMatchObject({
      branches: [{ branchId: org.countyB1, amount: '3500.00' }],
      channels: [],
    });
    await expect(
      db.query(`SELECT action, field, before, after FROM campaign_audit WHERE campaign_id = $1 ORDER BY id`, [campaign.campaignId]),
    ).resolves.toEqual([
      { action: 'budget_allocated', field: `allocation.branch[${org.countyA1}]`, before: null, after: '7000.00' },
      { action: 'budget_allocated', field: 'allocation.channel[email]', before: null, after: '500.00' },
      { action: 'budget_allocated', field: `allocation.branch[${org.countyA1}]`, before: '7000.00', after: '6500.00' },
      { action: 'budget_allocated', field: 'allocation.channel[email]', before: '500.00', after: null },
      { action: 'budget_allocated', field: `allocation.branch[${org.countyB1}]`, before: null, after: '3500.00' },
    ]);
  });

  it('freezes the split of an approved revision', async () => {
    const campaign = await approvedWithSplit();
    await expect(
      budgets.setAllocations(province, plannerId, campaign.campaignId, campaign.revisionId, { branches: [], channels: [] }),
    ).rejects.toMatchObject({ code: 'revision_not_editable', status: 409 });
  });

  it('keeps the split of the approved revision in a later one that sets none of its own', async () => {
    const campaign = await approvedWithSplit();
    const next = await createRevision(db, campaign, 2, { budgetFen: 1_200_000, branchIds: [org.countyA1] });
    await expect(budgets.allocations(province, campaign.campaignId, next.revisionId)).resolves.toEqual({
      campaignId: campaign.campaignId,
      revisionId: next.revisionId,
      inheritedFromRevisionId: campaign.revisionId,
      branches: [{ branchId: org.countyA1, amount: '6000.00' }],
      channels: [{ channel: 'phone', amount: '9000.00' }],
    });
    await approve(db, commitments, next.plan);
    await expect(budgets.view(province, campaign.campaignId)).resolves.toMatchObject({
      revisionId: next.revisionId,
      figures: { planned: '12000.00', reserved: '12000.00' },
      branches: [{ branchId: org.countyA1, figures: { planned: '6000.00' } }],
      channels: [{ channel: 'phone', figures: { planned: '9000.00' } }],
    });
  });

  it("shows a county only its own branch's part of a campaign budget, and another county nothing", async () => {
    const campaign = await approvedWithSplit();
    const guard = app.get(BudgetGuard);
    const grant = await guard.grant({ campaignId: campaign.campaignId, branchId: org.countyA1, channel: 'phone', stepId: campaign.stepIds[0], contacts: 100, unitCostFen: 300 });
    await guard.settle(grant.grantId as number, 80);
    await expect(budgets.view(province, campaign.campaignId)).resolves.toEqual({
      campaignId: campaign.campaignId,
      poolId,
      owningUnitId: org.province,
      revisionId: campaign.revisionId,
      released: false,
      whole: true,
      figures: { planned: '10000.00', reserved: '10000.00', committed: '0.00', actual: '240.00', remaining: '9760.00' },
      branches: [
        { branchId: org.countyA1, branchName: '江宁支公司', figures: { planned: '6000.00', reserved: '6000.00', committed: '0.00', actual: '240.00', remaining: '5760.00' } },
        { branchId: org.countyB1, branchName: '昆山支公司', figures: { planned: '4000.00', reserved: '4000.00', committed: '0.00', actual: '0.00', remaining: '4000.00' } },
      ],
      channels: [{ channel: 'phone', figures: { planned: '9000.00', reserved: '9000.00', committed: '0.00', actual: '240.00', remaining: '8760.00' } }],
    });
    await expect(budgets.view(countyB1, campaign.campaignId)).resolves.toMatchObject({
      whole: false,
      figures: null,
      channels: [],
      branches: [{ branchId: org.countyB1, figures: { actual: '0.00' } }],
    });
    await expect(budgets.spendLines(countyB1, campaign.campaignId)).resolves.toEqual([]);
    await expect(budgets.spendLines(countyA1, campaign.campaignId)).resolves.toMatchObject([{ source: 'automatic', amount: '240.00', contacts: 80 }]);
    await expect(budgets.view(await scopeOf(db, org.countyA2), campaign.campaignId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records a branch's manual spend within what the branch has left, corrects it by reversal, and keeps its attachment", async () => {
    const campaign = await approvedWithSplit();
    const spend = { branchId: org.countyA1, category: 'gifts' as const, amount: '1280.00', spentOn: '2026-03-05', reference: 'FP-0012' };
    const line = await budgets.addManualSpend(countyA1, executorId, campaign.campaignId, spend);
    expect(line).toMatchObject({ source: 'manual', amount: '1280.00', category: 'gifts', spentOn: '2026-03-05', reference: 'FP-0012', createdBy: executorId });
    await expect(budgets.addManualSpend(countyA1, executorId, campaign.campaignId, { ...spend, amount: '4720.01' })).rejects.toMatchObject({
      code: 'budget_exceeded',
      params: { remaining: '4720.00' },
    });
    await expect(budgets.addManualSpend(countyA1, executorId, campaign.campaignId, { ...spend, branchId: org.countyB1 })).rejects.toMatchObject({
      details: [{ field: 'branchId', code: 'outside_scope_unit' }],
    });
    await expect(budgets.addManualSpend(countyB1, executorId, campaign.campaignId, { ...spend, spentOn: '2026-02-30', branchId: org.countyB1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(budgets.reverseManualSpend(countyB1, executorId, campaign.campaignId, line.id)).rejects.toBeInstanceOf(NotFoundError);

    const attached = await budgets.attach(countyA1, executorId, campaign.campaignId, line.id, '发票.pdf', Readable.from([Buffer.from('%PDF-1.4 receipt')]));
    expect(attached.attachmentName).toBe('发票.pdf');
    const stored = await budgets.attachment(countyA1, campaign.campaignId, line.id);
    await expect(readFile(stored.path, 'utf8')).resolves.toBe('%PDF-1.4 receipt');
    expect(stored.path.startsWith(resolve(app.get(AppConfig).UPLOAD_DIR, 'budget-attachments'))).toBe(true);

    const huge = Readable.from((function* () {
      for (let chunk = 0; chunk < 21; chunk += 1) yield Buffer.alloc(1024 * 1024);
    })());
    await expect(budgets.attach(countyA1, executorId, campaign.campaignId, line.id, 'scan.tiff', huge)).rejects.toMatchObject({ code: 'file_too_large', status: 413 });
    await expect(budgets.attachment(countyA1, campaign.campaignId, line.id)).resolves.toMatchObject({ name: '发票.pdf' });

    const reversal = await budgets.reverseManualSpend(countyA1, executorId, campaign.campaignId, line.id);
    expect(reversal).toMatchObject({ source: 'manual', amount: '-1280.00', reverses: line.id });
    await expect(budgets.reverseManualSpend(countyA1, executorId, campaign.campaignId, line.id)).rejects.toMatchObject({ code: 'spend_reversed' });
    await expect(budgets.view(province, campaign.campaignId)).resolves.toMatchObject({ figures: { actual: '0.00', remaining: '10000.00' } });
  });

  it('raises a budget once a reviewer approves, drawing the raise from the pool, and tells the reviewers and the requester', async () => {
    const campaign = await approvedWithSplit();
    const request = await budgets.requestRaise(province, plannerId, campaign.campaignId, { amount: '2500.00', reason: '参与客户多于预期' });
    expect(request).toMatchObject({ status: 'pending', amount: '2500.00' });
    await expect(budgets.requestRaise(province, plannerId, campaign.campaignId, { amount: '1.00', reason: 'again' })).rejects.toMatchObject({
      code: 'raise_request_open',
    });
    await expect(budgets.pendingRaiseRequests(province)).resolves.toEqual([expect.objectContaining({ id: request.id })]);
    const before = await pools.get(province, poolId);
    await expect(budgets.decideRaise(province, reviewerId, request.id, true, '同意')).resolves.toMatchObject({ status: 'approved', decidedBy: reviewerId });
    await expect(budgets.decideRaise(province, reviewerId, request.id, false)).rejects.toMatchObject({ code: 'raise_request_decided' });
    await expect(budgets.view(province, campaign.campaignId)).resolves.toMatchObject({ figures: { planned: '12500.00', reserved: '12500.00', remaining: '12500.00' } });
    const after = await pools.get(province, poolId);
    expect(Number(before.figures.remaining) - Number(after.figures.remaining)).toBe(2500);

    const tooMuch = await budgets.requestRaise(province, plannerId, campaign.campaignId, { amount: '999999.00', reason: '全省推广' });
    await expect(budgets.decideRaise(province, reviewerId, tooMuch.id, true)).rejects.toMatchObject({ code: 'budget_pool_insufficient' });
    await expect(budgets.decideRaise(province, reviewerId, tooMuch.id, false, '超出年度预算')).resolves.toMatchObject({ status: 'rejected' });
    await expect(
      db.query(`SELECT recipient_id, kind, params->>'amount' AS amount FROM notifications WHERE link = $1 ORDER BY id`, [`/campaigns/${campaign.campaignId}`]),
    ).resolves.toEqual([
      { recipient_id: reviewerId, kind: 'budget_raise_requested', amount: '2500.00' },
      { recipient_id: plannerId, kind: 'budget_raise_approved', amount: '2500.00' },
      { recipient_id: reviewerId, kind: 'budget_raise_requested', amount: '999999.00' },
      { recipient_id: plannerId, kind: 'budget_raise_rejected', amount: '999999.00' },
    ]);
    await expect(
      db.query(`SELECT action FROM campaign_audit WHERE campaign_id = $1 AND action LIKE 'budget_rais%' ORDER BY id`, [campaign.campaignId]),
    ).resolves.toEqual([
      { action: 'budget_raise_requested' },
      { action: 'budget_raised' },
      { action: 'budget_raise_requested' },
      { action: 'budget_raise_rejected' },
    ]);
  });
});
