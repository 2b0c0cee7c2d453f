import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createCustomer, createPolicy, FixtureOrg } from './fixtures';

/**
 * A launched campaign written straight into the tables analytics reads: plan, steps,
 * launch and members, contacts, events, conversions and spend lines. Times are in
 * March 2026, local time (+08:00).
 */
export interface AnalyticsCampaign {
  campaignId: number;
  revisionId: number;
  launchId: number;
  emailStep: number;
  phoneStep: number;
  poolId: number;
}

export interface MemberInput {
  orgUnitId: number;
  control?: boolean;
  valueTier?: string | null;
  /** The include segments the member matched at launch; left out, none recorded (a launch from before they were). */
  segmentIds?: number[];
}

export async function analyticsCampaign(
  db: DataSource,
  org: FixtureOrg,
  ownerId: number,
  plan: {
    name?: string;
    code?: string;
    budget?: string;
    targets?: { contacts?: number; responseRatePct?: string; conversions?: number; premium?: string };
    /** Include segments whose members the launch recorded; left out, a launch from before segments were recorded. */
    segmentIds?: number[];
  } = {},
): Promise<AnalyticsCampaign> {
  await db.query(`SELECT create_contact_event_partitions('2026-03-01T00:00:00Z', 2)`);
  const [campaign] = await db.query(
    `INSERT INTO campaigns (status, owner_id, owning_org_unit_id${plan.code ? ', code' : ''}) VALUES ('running', $1, $2${plan.code ? ', $3' : ''}) RETURNING id`,
    plan.code ? [ownerId, org.province, plan.code] : [ownerId, org.province],
  );
  const [revision] = await db.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, budget, branch_ids, control_share_pct,
                                     target_contacts, target_response_rate_pct, target_conversions, target_premium, created_by, include_segment_ids)
     VALUES ($1, 1, 'approved', $2, 'cross_sell', '2026-03-01', '2026-03-31', $3, $4, 20, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      campaign.id, plan.name ?? '家财险交叉销售', plan.budget ?? '1000.00', [org.cityA, org.cityB], plan.targets?.contacts ?? null,
      plan.targets?.responseRatePct ?? null, plan.targets?.conversions ?? null, plan.targets?.premium ?? null, ownerId, plan.segmentIds ?? [],
    ],
  );
  await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
  const steps: { id: number }[] = await db.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, start_offset_days, cost_per_contact)
     VALUES ($1, 1, 'email', 0, 0.10), ($1, 2, 'phone', 7, 3.50) RETURNING id`,
    [revision.id],
  );
  const [launch] = await db.query(
    `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, frozen_at, segments_recorded)
     VALUES ($1, $2, 1, 20, '2026-02-28T10:00:00+08:00', $3) RETURNING id`,
    [campaign.id, revision.id, plan.segmentIds !== undefined],
  );
  const [pool] = await db.query(
    `INSERT INTO budget_pools (fiscal_year, org_unit_id, created_by) VALUES (2026, $1, $2)
     ON CONFLICT (fiscal_year, org_unit_id) DO UPDATE SET fiscal_year = EXCLUDED.fiscal_year RETURNING id`,
    [org.province, ownerId],
  );
  await db.query(
    `INSERT INTO campaign_budgets (campaign_id, pool_id, owning_unit_id, revision_id, plan_budget, branch_ids) VALUES ($1, $2, $3, $4, $5, $6)`,
    [campaign.id, pool.id, org.province, revision.id, plan.budget ?? '1000.00', [org.cityA, org.cityB]],
  );
  return { campaignId: campaign.id, revisionId: revision.id, launchId: launch.id, emailStep: steps[0].id, phoneStep: steps[1].id, poolId: pool.id };
}

/** A new customer of the unit, frozen into the launch; returns the customer's id. */
export async function addMember(db: DataSource, campaign: AnalyticsCampaign, member: MemberInput): Promise<number> {
  const customerId = await createCustomer(db, member.orgUnitId);
  await db.query(`INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier, control, segment_ids) VALUES ($1, $2, $3, $4, $5, $6)`, [
    campaign.launchId, customerId, member.orgUnitId, member.valueTier === undefined ? 'gold' : member.valueTier, member.control ?? false,
    member.segmentIds ?? null,
  ]);
  return customerId;
}

export async function addContact(
  db: DataSource,
  campaign: AnalyticsCampaign,
  customerId: number,
  contact: { step: 'email' | 'phone'; status: string; at: string },
): Promise<number> {
  const made = !['planned', 'queued', 'skipped', 'cancelled'].includes(contact.status);
  const [row] = await db.query(
    `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, sent_at, status)
     SELECT $1, $2, $3, $4, c.org_unit_id, $5, $6, $7 FROM customers c WHERE c.id = $1 RETURNING id`,
    [customerId, campaign.campaignId, contact.step === 'email' ? campaign.emailStep : campaign.phoneStep, contact.step, contact.at, made ? contact.at : null, contact.status],
  );
  return Number(row.id);
}

/** An event of a contact, as the tracking library stores it; `recordedAt` backdates it. */
export async function addEvent(db: DataSource, contactId: number, type: string, at: string, recordedAt?: string): Promise<void> {
  await db.query(
    `INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type,
                                 link_index, reason, recorded_at)
     SELECT $1, $2, k.id, k.campaign_id, k.step_id, k.customer_id, k.org_unit_id, k.channel, $3::text,
            CASE WHEN $3::text = 'clicked' THEN 0 END, CASE WHEN $3::text IN ('skipped', 'bounced', 'failed') THEN 'test' END, coalesce($5::timestamptz, now())
       FROM contacts k WHERE k.id = $4`,
    [randomUUID(), at, type, contactId, recordedAt ?? null],
  );
}

/** A policy credited to the campaign, to the contact when given, else to the member's unit. */
export async function addConversion(
  db: DataSource,
  campaign: AnalyticsCampaign,
  customerId: number,
  conversion: { productCode: string; premium: string; startDate: string; contactId?: number; control?: boolean },
): Promise<number> {
  const policyId = await createPolicy(db, customerId, conversion.productCode, {
    premium: conversion.premium, start_date: conversion.startDate, end_date: '2027-03-31',
  });
  await db.query(
    `INSERT INTO campaign_conversions (policy_id, campaign_id, launch_id, customer_id, control, contact_id, step_id, channel, org_unit_id,
                                       product_code, premium, start_date)
     SELECT $1, $2, $3, m.customer_id, m.control, k.id, k.step_id, k.channel, coalesce(k.org_unit_id, m.org_unit_id), $5, $6, $7
       FROM launch_members m LEFT JOIN contacts k ON k.id = $8
      WHERE m.launch_id = $3 AND m.customer_id = $4`,
    [policyId, campaign.campaignId, campaign.launchId, customerId, conversion.productCode, conversion.premium, conversion.startDate, conversion.contactId ?? null],
  );
  return policyId;
}

/** A spend line of the campaign: automatic (a contact's cost) or manual with its category and day; returns the line's id. */
export async function addSpend(
  db: DataSource,
  campaign: AnalyticsCampaign,
  spend: { branchId: number; amount: string; channel?: 'email' | 'phone'; manualOn?: string; reverses?: number; at?: string },
): Promise<number> {
  const stepId = spend.channel === 'email' ? campaign.emailStep : spend.channel === 'phone' ? campaign.phoneStep : null;
  const [line] = await db.query(
    `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, channel, step_id, source_line_id, created_at)
     VALUES ($1, 'spend', $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now())) RETURNING id`,
    [campaign.poolId, spend.amount, campaign.campaignId, spend.branchId, spend.channel ?? null, spend.manualOn ? null : stepId, spend.reverses ?? null, spend.at ?? null],
  );
  if (spend.manualOn) {
    await db.query(`INSERT INTO manual_spends (line_id, category, spent_on) VALUES ($1, 'gifts', $2)`, [line.id, spend.manualOn]);
  }
  return Number(line.id);
}
