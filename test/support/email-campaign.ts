import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BudgetPoolService } from '@lib/budgets';
import { CampaignCommitments } from '@lib/campaigns';
import { Fen } from '@lib/common';
import { approve, createCampaign } from './budget-fixtures';
import { scopeOf } from './fixtures';

/** Today in Beijing, 'YYYY-MM-DD': the day the dispatcher sends on. */
export function localToday(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export interface EmailCampaignInput {
  ownerId: number;
  reviewerId: number;
  owningUnitId: number;
  branchIds: number[];
  customerIds: number[];
  templateRef: string;
  budgetFen?: Fen;
  costPerContactFen?: Fen;
  dailyCapacity?: number;
  controlSharePct?: number;
  priority?: number;
}

export interface EmailCampaign {
  campaignId: number;
  revisionId: number;
  stepId: number;
}

/** Budget pools of the owning unit for this year and the next, so a campaign of the coming days has money to reserve. */
export async function createPools(app: INestApplicationContext, db: DataSource, unitId: number, reviewerId: number): Promise<void> {
  const pools = app.get(BudgetPoolService);
  const scope = await scopeOf(db, unitId);
  const year = Number(localToday().slice(0, 4));
  for (const fiscalYear of [year, year + 1]) await pools.create(scope, reviewerId, { fiscalYear, orgUnitId: unitId, amount: '1000000.00' });
}

/**
 * A scheduled campaign with one email step running today and all day, over a static
 * segment of the given customers, approved as the campaigns library does it (its budget
 * reserved from the pool): ready for CampaignLaunchService.launch.
 */
export async function scheduledEmailCampaign(app: INestApplicationContext, db: DataSource, input: EmailCampaignInput): Promise<EmailCampaign> {
  const campaign = await createCampaign(db, {
    ownerId: input.ownerId,
    owningUnitId: input.owningUnitId,
    branchIds: input.branchIds,
    budgetFen: input.budgetFen ?? 1_000_000,
    startDate: localToday(),
    endDate: localToday(3),
    steps: [{ channel: 'email', costPerContactFen: input.costPerContactFen ?? 10, dailyCapacity: input.dailyCapacity ?? 100_000, branchIds: [] }],
  });
  const [segment] = await db.query(
    `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ($1, 'static', $2, $3) RETURNING id`,
    [`邮件活动客户 ${campaign.campaignId}`, input.owningUnitId, input.ownerId],
  );
  await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, input.customerIds]);
  await db.query(`UPDATE campaign_revisions SET include_segment_ids = $2, control_share_pct = $3, priority = $4 WHERE id = $1`, [
    campaign.revisionId,
    [segment.id],
    input.controlSharePct ?? 0,
    input.priority ?? 0,
  ]);
  await db.query(`UPDATE campaign_steps SET template_ref = $2, window_end = NULL WHERE id = $1`, [
    campaign.stepIds[0],
    input.templateRef,
  ]);
  await approve(db, app.get(CampaignCommitments), campaign.plan);
  await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaign.campaignId]);
  return { campaignId: campaign.campaignId, revisionId: campaign.revisionId, stepId: campaign.stepIds[0] };
}
