import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { CampaignLaunchService } from '@lib/dispatch';
import { approve, createCampaign } from './budget-fixtures';
import { localToday } from './email-campaign';

export interface WebCampaignInput {
  ownerId: number;
  owningUnitId: number;
  branchIds: number[];
  customerIds: number[];
  /** Also the bundle's name, so that an answer shows which campaign an offer is of. */
  name: string;
  priority?: number;
  templateRef?: string;
}

export interface WebCampaign {
  campaignId: number;
  stepId: number;
}

let bundleSeq = 0;

/**
 * A running campaign with one web step due today over a static segment of the given
 * customers, its own bundle, approved as the campaigns library does it and launched
 * through `app`'s launch service (so that app's web offers hear of it).
 */
export async function runningWebCampaign(app: INestApplicationContext, db: DataSource, input: WebCampaignInput): Promise<WebCampaign> {
  const campaign = await createCampaign(db, {
    ownerId: input.ownerId,
    owningUnitId: input.owningUnitId,
    branchIds: input.branchIds,
    budgetFen: 1_000_000,
    startDate: localToday(),
    endDate: localToday(3),
    steps: [{ channel: 'web', costPerContactFen: 2, dailyCapacity: 100_000, branchIds: [] }],
  });
  bundleSeq += 1;
  const [bundle] = await db.query(
    `INSERT INTO bundles (code, name, short_text, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
     VALUES ($1, $2, '一份保障，全家安心', '{JCX,YWX}', 388, '{}', '2026-01-01', '2027-12-31', $3, $4) RETURNING id`,
    [`WEB-${bundleSeq}-${campaign.campaignId}`, input.name, input.owningUnitId, input.ownerId],
  );
  const [segment] = await db.query(
    `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ($1, 'static', $2, $3) RETURNING id`,
    [`网站活动客户 ${campaign.campaignId}`, input.owningUnitId, input.ownerId],
  );
  await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, input.customerIds]);
  await db.query(
    `UPDATE campaign_revisions SET include_segment_ids = $2, control_share_pct = 0, priority = $3, bundle_id = $4, name = $5 WHERE id = $1`,
    [campaign.revisionId, [segment.id], input.priority ?? 0, bundle.id, input.name],
  );
  await db.query(`UPDATE campaign_steps SET template_ref = $2 WHERE id = $1`, [campaign.stepIds[0], input.templateRef ?? 'cross_sell']);
  await approve(db, app.get(CampaignCommitments), campaign.plan);
  await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaign.campaignId]);
  await app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 7 });
  return { campaignId: campaign.campaignId, stepId: campaign.stepIds[0] };
}
