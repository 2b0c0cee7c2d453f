import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { ContactPolicyService } from '@lib/contact-rules';
import { CampaignLaunchService } from '@lib/dispatch';
import { approve, createCampaign } from './budget-fixtures';
import { localTimeIn } from './call-campaign';
import { localToday } from './email-campaign';

export interface FieldCampaignInput {
  ownerId: number;
  owningUnitId: number;
  branchIds: number[];
  customerIds: number[];
  /** Visits per branch and day booked for the step. */
  dailyCapacity: number;
  targets?: { contacts: number; conversions: number; premium: number };
}

export interface FieldCampaign {
  campaignId: number;
  stepId: number;
}

/**
 * A running campaign with one agent_visit step from today over three days, launched over
 * a static segment of the given customers with no control group: its contacts wait
 * 'planned' for the day's visit tasks. Home policies count as its conversions.
 */
export async function launchedFieldCampaign(app: INestApplicationContext, db: DataSource, input: FieldCampaignInput): Promise<FieldCampaign> {
  const campaign = await createCampaign(db, {
    ownerId: input.ownerId,
    owningUnitId: input.owningUnitId,
    branchIds: input.branchIds,
    budgetFen: 10_000_000,
    startDate: localToday(),
    endDate: localToday(3),
    steps: [{ channel: 'agent_visit', costPerContactFen: 500, dailyCapacity: input.dailyCapacity, branchIds: [] }],
  });
  const [segment] = await db.query(
    `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ($1, 'static', $2, $3) RETURNING id`,
    [`走访活动客户 ${campaign.campaignId}`, input.owningUnitId, input.ownerId],
  );
  await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, input.customerIds]);
  await db.query(
    `UPDATE campaign_revisions SET include_segment_ids = $2, control_share_pct = 0,
            target_contacts = $3, target_conversions = $4, target_premium = $5, attribution_product_lines = '{home}' WHERE id = $1`,
    [campaign.revisionId, [segment.id], input.targets?.contacts ?? null, input.targets?.conversions ?? null, input.targets?.premium ?? null],
  );
  await db.query(`UPDATE campaign_steps SET template_ref = 'cross_sell', window_end = NULL WHERE id = $1`, [campaign.stepIds[0]]);
  await approve(db, app.get(CampaignCommitments), campaign.plan);
  await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaign.campaignId]);
  await app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 13 });
  return { campaignId: campaign.campaignId, stepId: campaign.stepIds[0] };
}

/** Sets the default policy's visit quiet hours away from now, and empties the holidays, so a test does not depend on the hour it runs at. */
export async function visitsAllowedNow(app: INestApplicationContext, db: DataSource): Promise<void> {
  await app.get(ContactPolicyService).loadDefault();
  await db.query(
    `UPDATE contact_policies SET quiet_hours = quiet_hours || jsonb_build_object('agent_visit', jsonb_build_object('start', $1::text, 'end', $2::text)),
            holidays = '[]'::jsonb
      WHERE is_default`,
    [localTimeIn(6), localTimeIn(7)],
  );
}
