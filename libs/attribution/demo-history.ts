import { DataSource, EntityManager } from 'typeorm';
import { BudgetGuard } from '@lib/budgets';
import { fenOf } from '@lib/budgets/budget-ledger';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { allowBatchStatements } from '@lib/database';
import { ContactEventPartitions, storeEventsSql } from '@lib/tracking';
import { ConversionAttribution } from './conversion-attribution.service';

export interface DemoHistoryServices {
  attribution: ConversionAttribution;
  budget: BudgetGuard;
  partitions: ContactEventPartitions;
}

export interface DemoHistory {
  emailsSent: number;
  conversions: number;
}

/** Of each thousand members, how many buy within the window: the treatment group more than the control group. */
const BUYERS_PER_THOUSAND: Record<string, { treatment: number; control: number }> = {
  retention: { treatment: 120, control: 85 },
  cross_sell: { treatment: 55, control: 28 },
};

/**
 * The past of one of the demo's finished campaigns, written through the platform's own
 * parts after its launch as of its start (its audience, control group and contacts are
 * real) and before it is completed: its emails are recorded as sent over its first days
 * with the events a real send and real readers leave (stored by the tracking's own
 * statement, so first opens, clicks and unsubscribes are kept as for live mail), each
 * branch's spend goes through the budget guard, and some members buy a product of the
 * bundle — more in the treatment group than in the control group — whose policies the
 * conversion attribution credits by its rule. Other channels come with their own work:
 * completing the campaign cancels their contacts. Deterministic: the same demo gives
 * the same history.
 */
export async function seedDemoHistory(dataSource: DataSource, services: DemoHistoryServices, campaignId: number, today: string): Promise<DemoHistory> {
  const [campaign] = await dataSource.query(
    `SELECT r.objective FROM campaign_launches l JOIN campaign_revisions r ON r.id = l.revision_id WHERE l.campaign_id = $1`,
    [campaignId],
  );
  if (!campaign) return { emailsSent: 0, conversions: 0 };
  return dataSource.transaction(async (manager) => {
    await allowBatchStatements(manager);
    const emailsSent = await sendEmails(manager, services, campaignId);
    await spend(manager, services.budget, campaignId);
    const conversions = await buy(manager, services.attribution, campaignId, BUYERS_PER_THOUSAND[campaign.objective] ?? BUYERS_PER_THOUSAND.cross_sell, today);
    return { emailsSent, conversions };
  });
}

/** Emails sent from 09:00 to 19:00 over the step's first three days, and what their readers did. */
async function sendEmails(manager: EntityManager, services: DemoHistoryServices, campaignId: number): Promise<number> {
  const [, sent] = await manager.query(
    `UPDATE contacts SET status = 'sent',
            contacted_at = date_trunc('day', contacted_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
                           + make_interval(days => abs(hashtext(id::text)) % 3, hours => 9, mins => abs(hashtext('m' || id)) % 600),
            sent_at = NULL
      WHERE campaign_id = $1 AND channel = 'email' AND status = 'planned'`,
    [campaignId],
  );
  await manager.query(`UPDATE contacts SET sent_at = contacted_at WHERE campaign_id = $1 AND status = 'sent' AND sent_at IS NULL`, [campaignId]);
  const months: { month: Date }[] = await manager.query(
    `SELECT DISTINCT date_trunc('month', contacted_at + interval '1 day') AS month FROM contacts WHERE campaign_id = $1 AND status = 'sent'
     UNION SELECT DISTINCT date_trunc('month', contacted_at) FROM contacts WHERE campaign_id = $1 AND status = 'sent'`,
    [campaignId],
  );
  await services.partitions.ensureFor(months.map((row) => row.month), manager);
  // A third open the mail (one open in ten fetched by Apple's privacy proxy), 7 in 100 click, 3 in 1,000 unsubscribe.
  await manager.query(
    storeEventsSql(`
      SELECT md5('demo:' || k.id || ':' || t.type)::uuid AS event_id, k.contacted_at + t.after AS occurred_at, k.id AS contact_id,
             t.type::varchar AS event_type, NULL::varchar AS reason,
             CASE WHEN t.type = 'clicked' THEN 0 END::smallint AS link_index,
             CASE WHEN t.type = 'opened' AND k.h % 10 = 0 THEN 'apple_privacy' END::varchar AS open_proxy
        FROM (SELECT id, contacted_at, abs(hashtext('reader' || id)) AS h FROM contacts WHERE campaign_id = ${Number(campaignId)} AND status = 'sent') k
       CROSS JOIN LATERAL (VALUES ('queued', interval '0'), ('sent', interval '2 seconds'), ('opened', interval '3 hours'),
                                  ('clicked', interval '3 hours 2 minutes'), ('unsubscribed', interval '3 hours 5 minutes')) AS t(type, after)
       WHERE t.type IN ('queued', 'sent')
          OR (t.type = 'opened' AND k.h % 100 < 33)
          OR (t.type = 'clicked' AND k.h % 100 < 7)
          OR (t.type = 'unsubscribed' AND k.h % 1000 < 3)`),
  );
  return sent;
}

/** The emails' spend, per participating branch, granted and settled by the budget guard as the sending does it. */
async function spend(manager: EntityManager, budget: BudgetGuard, campaignId: number): Promise<void> {
  const groups: { branch_id: number; step_id: number; channel: StepChannel; cost: string; contacts: number }[] = await manager.query(
    `WITH branches AS (
       SELECT b.id, b.path FROM campaign_budgets cb JOIN org_units b ON b.id = ANY(cb.branch_ids) WHERE cb.campaign_id = $1
     )
     SELECT (SELECT b.id FROM branches b WHERE u.path LIKE b.path || '%' ORDER BY length(b.path) DESC LIMIT 1) AS branch_id,
            k.step_id, k.channel, s.cost_per_contact::text AS cost, count(*)::int AS contacts
       FROM contacts k JOIN org_units u ON u.id = k.org_unit_id JOIN campaign_steps s ON s.id = k.step_id
      WHERE k.campaign_id = $1 AND k.status = 'sent'
      GROUP BY 1, k.step_id, k.channel, s.cost_per_contact`,
    [campaignId],
  );
  for (const group of groups) {
    if (group.branch_id === null) continue;
    const grant = await budget.grant(
      { campaignId, branchId: group.branch_id, channel: group.channel, stepId: group.step_id, contacts: group.contacts, unitCostFen: fenOf(group.cost) },
      manager,
    );
    if (grant.grantId !== null) await budget.settle(grant.grantId, grant.grantedContacts, manager);
  }
}

/** Members who bought a product of the bundle within the window, and the attribution of their policies. */
async function buy(
  manager: EntityManager,
  attribution: ConversionAttribution,
  campaignId: number,
  rate: { treatment: number; control: number },
  today: string,
): Promise<number> {
  await manager.query(
    `INSERT INTO policies (policy_no, customer_id, product_code, premium, start_date, end_date, status, channel, org_unit_id)
     SELECT 'DM' || l.campaign_id || '-' || m.customer_id, m.customer_id,
            b.product_codes[1 + abs(hashtext('product' || m.customer_id)) % cardinality(b.product_codes)],
            round(b.price * (100 - b.discount_pct) / 100 * (0.8 + (abs(hashtext('premium' || m.customer_id)) % 40) / 100.0), 2),
            d.start_date, d.start_date + 364, 'active', 'agent', m.org_unit_id
       FROM campaign_launches l
       JOIN campaign_revisions r ON r.id = l.revision_id
       JOIN bundles b ON b.id = r.bundle_id
       JOIN launch_members m ON m.launch_id = l.id
      CROSS JOIN LATERAL (
        SELECT least(r.start_date + 3 + abs(hashtext('day' || m.customer_id)) % greatest(1, r.end_date - r.start_date + 15), $3::date - 1) AS start_date
      ) d
      WHERE l.campaign_id = $1
        -- A campaign whose rules left everyone out (no contact, no control group) had nobody to compare.
        AND EXISTS (SELECT 1 FROM contacts k WHERE k.campaign_id = l.campaign_id)
        AND abs(hashtext('buys' || m.customer_id || ':' || l.campaign_id)) % 1000 < CASE WHEN m.control THEN ($2::int[])[2] ELSE ($2::int[])[1] END
     ON CONFLICT (policy_no) DO NOTHING`,
    [campaignId, [rate.treatment, rate.control], today],
  );
  const outcome = await attribution.attribute(manager, { sql: `SELECT id FROM policies WHERE policy_no LIKE $1`, params: [`DM${campaignId}-%`] });
  return outcome.credited;
}
