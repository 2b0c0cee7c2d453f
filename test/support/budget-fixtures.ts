import { DataSource, EntityManager } from 'typeorm';
import type { ApprovedPlan, StepChannel } from '@lib/campaigns/campaign-commitment';
import { CampaignCommitments } from '@lib/campaigns';
import { Fen, formatYuan } from '@lib/common';

export interface FixtureStep {
  channel: StepChannel;
  costPerContactFen: Fen;
  dailyCapacity: number;
  branchIds: number[];
}

export interface FixtureCampaign {
  campaignId: number;
  revisionId: number;
  stepIds: number[];
  ownerId: number;
  plan: ApprovedPlan;
}

export interface FixtureCampaignInput {
  ownerId: number;
  owningUnitId: number;
  branchIds: number[];
  budgetFen: Fen;
  startDate?: string;
  endDate?: string;
  status?: string;
  steps?: FixtureStep[];
}

/** A campaign with one revision of its plan (draft unless told) and its steps, written as the campaigns library stores them. */
export async function createCampaign(db: DataSource | EntityManager, input: FixtureCampaignInput): Promise<FixtureCampaign> {
  const startDate = input.startDate ?? '2026-03-02';
  const endDate = input.endDate ?? '2026-03-15';
  const status = input.status ?? 'draft';
  const steps = input.steps ?? [{ channel: 'phone', costPerContactFen: 250, dailyCapacity: 100, branchIds: input.branchIds }];
  const [campaign] = await db.query(`INSERT INTO campaigns (owner_id, owning_org_unit_id, status) VALUES ($1, $2, $3) RETURNING id`, [
    input.ownerId,
    input.owningUnitId,
    status,
  ]);
  const revisionId = await addRevision(db, campaign.id, 1, status, input, startDate, endDate);
  const stepIds = await addSteps(db, revisionId, steps);
  return { campaignId: campaign.id, revisionId, stepIds, ownerId: input.ownerId, plan: planOf(campaign.id, revisionId, input, startDate, endDate, steps, stepIds) };
}

/** A further revision of a campaign's plan, e.g. one that changes the budget. */
export async function createRevision(
  db: DataSource | EntityManager,
  campaign: FixtureCampaign,
  number: number,
  changes: Partial<FixtureCampaignInput>,
  status = 'draft',
): Promise<FixtureCampaign> {
  const { plan } = campaign;
  const input: FixtureCampaignInput = { ownerId: campaign.ownerId, owningUnitId: plan.owningUnitId, branchIds: plan.branchIds, budgetFen: plan.budgetFen, ...changes };
  const steps: FixtureStep[] = campaign.plan.steps.map((s) => ({ channel: s.channel, costPerContactFen: s.costPerContactFen, dailyCapacity: s.dailyCapacity, branchIds: s.branchIds }));
  const revisionId = await addRevision(db, campaign.campaignId, number, status, input, campaign.plan.startDate, campaign.plan.endDate);
  const stepIds = await addSteps(db, revisionId, steps);
  return { campaignId: campaign.campaignId, revisionId, stepIds, ownerId: campaign.ownerId, plan: planOf(campaign.campaignId, revisionId, input, campaign.plan.startDate, campaign.plan.endDate, steps, stepIds) };
}

/** Runs the registered commitments as the approval of a campaign does, in a transaction of the given data source. */
export async function approve(db: DataSource, commitments: CampaignCommitments, plan: ApprovedPlan): Promise<void> {
  await db.transaction(async (manager) => {
    await manager.query(`UPDATE campaign_revisions SET status = 'approved' WHERE id = $1`, [plan.revisionId]);
    await manager.query(`UPDATE campaigns SET status = 'approved', approved_revision_id = $2 WHERE id = $1`, [plan.campaignId, plan.revisionId]);
    await commitments.commit(manager, plan);
  });
}

async function addRevision(
  db: DataSource | EntityManager,
  campaignId: number,
  number: number,
  status: string,
  input: FixtureCampaignInput,
  startDate: string,
  endDate: string,
): Promise<number> {
  const [revision] = await db.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, budget, branch_ids, created_by)
     VALUES ($1, $2, $3, $4, 'cross_sell', $5, $6, $7::numeric, $8, $9) RETURNING id`,
    [campaignId, number, status, `车险客户家财交叉销售 ${campaignId}`, startDate, endDate, formatYuan(input.budgetFen), input.branchIds, input.ownerId],
  );
  return revision.id;
}

async function addSteps(db: DataSource | EntityManager, revisionId: number, steps: FixtureStep[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, step] of steps.entries()) {
    const [row] = await db.query(
      // A window from midnight: a step without one has its first contacts due at 10:00 Beijing time, and tests run at any hour.
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, $2, $3, 'tpl-fixture', 0, '00:00', $4::numeric, $5, $6) RETURNING id`,
      [revisionId, index + 1, step.channel, formatYuan(step.costPerContactFen), step.dailyCapacity, step.branchIds],
    );
    ids.push(row.id);
  }
  return ids;
}

function planOf(
  campaignId: number,
  revisionId: number,
  input: FixtureCampaignInput,
  startDate: string,
  endDate: string,
  steps: FixtureStep[],
  stepIds: number[],
): ApprovedPlan {
  const days: string[] = [];
  for (let day = Date.parse(`${startDate}T00:00:00Z`); day <= Date.parse(`${endDate}T00:00:00Z`); day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return {
    campaignId,
    revisionId,
    owningUnitId: input.owningUnitId,
    startDate,
    endDate,
    budgetFen: input.budgetFen,
    branchIds: input.branchIds,
    steps: steps.map((step, index) => ({ stepId: stepIds[index], days, ...step })),
  };
}
