import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { ContactPolicyService } from '@lib/contact-rules';
import { CampaignLaunchService } from '@lib/dispatch';
import { approve, createCampaign } from './budget-fixtures';
import { localToday } from './email-campaign';

export interface CallCampaignInput {
  ownerId: number;
  owningUnitId: number;
  branchIds: number[];
  customerIds: number[];
  /** Calls per branch and day booked for the step. */
  dailyCapacity: number;
  bundleId?: number;
}

export interface CallCampaign {
  campaignId: number;
  stepId: number;
}

/**
 * A running campaign with one phone step from today over three days, launched over a
 * static segment of the given customers with no control group: its contacts wait
 * 'planned' for the call lists.
 */
export async function launchedCallCampaign(app: INestApplicationContext, db: DataSource, input: CallCampaignInput): Promise<CallCampaign> {
  const campaign = await createCampaign(db, {
    ownerId: input.ownerId,
    owningUnitId: input.owningUnitId,
    branchIds: input.branchIds,
    budgetFen: 10_000_000,
    startDate: localToday(),
    endDate: localToday(3),
    steps: [{ channel: 'phone', costPerContactFen: 200, dailyCapacity: input.dailyCapacity, branchIds: [] }],
  });
  const [segment] = await db.query(
    `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ($1, 'static', $2, $3) RETURNING id`,
    [`电话活动客户 ${campaign.campaignId}`, input.owningUnitId, input.ownerId],
  );
  await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, input.customerIds]);
  await db.query(`UPDATE campaign_revisions SET include_segment_ids = $2, control_share_pct = 0, bundle_id = $3 WHERE id = $1`, [
    campaign.revisionId,
    [segment.id],
    input.bundleId ?? null,
  ]);
  await db.query(`UPDATE campaign_steps SET template_ref = 'cross_sell', window_end = NULL WHERE id = $1`, [campaign.stepIds[0]]);
  await approve(db, app.get(CampaignCommitments), campaign.plan);
  await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaign.campaignId]);
  await app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 11 });
  return { campaignId: campaign.campaignId, stepId: campaign.stepIds[0] };
}

/** Beijing 'HH:MM' some hours from now: quiet hours set around it hold calls back, set away from it let them through. */
export function localTimeIn(hours: number): string {
  return new Date(Date.now() + (8 + hours) * 3_600_000).toISOString().slice(11, 16);
}

/** Sets the default policy's phone quiet hours, and empties the holidays, so a test does not depend on the hour it runs at. */
export async function phoneQuietHours(app: INestApplicationContext, db: DataSource, start: string, end: string): Promise<void> {
  await app.get(ContactPolicyService).loadDefault();
  await db.query(
    `UPDATE contact_policies SET quiet_hours = quiet_hours || jsonb_build_object('phone', jsonb_build_object('start', $1::text, 'end', $2::text)),
            holidays = '[]'::jsonb
      WHERE is_default`,
    [start, end],
  );
}
