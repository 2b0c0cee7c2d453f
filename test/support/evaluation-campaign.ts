import { DataSource } from 'typeorm';
import { seedDemoEvaluationForms, STANDARD_EVALUATION_CODE } from '@lib/evaluation/forms';
import { createCustomer, createProducts, createPolicy } from './fixtures';

export interface ResultsCampaignInput {
  ownerId: number;
  owningUnitId: number;
  branchIds: number[];
  startDate: string;
  endDate: string;
  checkpoints?: string[];
  dueDays?: number | null;
  name?: string;
}

export interface ResultsCampaign {
  campaignId: number;
  revisionId: number;
}

/**
 * A running campaign with results in each branch, written straight to the tables the
 * figures come from (docs/figures.md): an email and a phone step, contacts of every
 * kind of status, clicks and responses (one clicked twice), treatment and control
 * conversions, automatic spend per branch, a manual spend and its reversal. Each
 * branch gets a different mix, so that figures of one branch cannot pass for another's.
 */
export async function runningCampaignWithResults(db: DataSource, input: ResultsCampaignInput): Promise<ResultsCampaign> {
  await createProducts(db);
  await db.query(`SELECT create_contact_event_partitions(date_trunc('month', now()), 2)`);
  const [{ id: campaignId }] = await db.query(
    `INSERT INTO campaigns (owner_id, owning_org_unit_id, status) VALUES ($1, $2, 'running') RETURNING id`,
    [input.ownerId, input.owningUnitId],
  );
  const [{ id: revisionId }] = await db.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, branch_ids, budget,
                                     evaluation_form_ref, evaluation_checkpoints, evaluation_due_days, created_by, review_round)
     VALUES ($1, 1, 'approved', $2, 'cross_sell', $3, $4, $5, 20000, $9, $6::date[], $7, $8, 1) RETURNING id`,
    [campaignId, input.name ?? '车险客户家财险交叉销售', input.startDate, input.endDate, input.branchIds, input.checkpoints ?? [], input.dueDays ?? null, input.ownerId, STANDARD_EVALUATION_CODE],
  );
  await db.query(`UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1`, [campaignId, revisionId]);
  // The standard form published, and its version pinned as the approval pins it.
  await seedDemoEvaluationForms(db, input.owningUnitId, input.ownerId);
  await db.query(
    `INSERT INTO campaign_form_versions (campaign_id, form_version_id, revision_id)
     SELECT $1, v.id, $2 FROM evaluation_form_versions v JOIN evaluation_form_templates t ON t.id = v.template_id
      WHERE t.code = $3 AND v.status = 'published' ORDER BY v.version DESC LIMIT 1`,
    [campaignId, revisionId, STANDARD_EVALUATION_CODE],
  );
  const [{ id: emailStep }] = await db.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact) VALUES ($1, 1, 'email', 'cross_sell', 0, 0.50) RETURNING id`,
    [revisionId],
  );
  const [{ id: phoneStep }] = await db.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact) VALUES ($1, 2, 'phone', 'cross_sell', 3, 3.00) RETURNING id`,
    [revisionId],
  );
  const [{ id: launchId }] = await db.query(
    `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct) VALUES ($1, $2, 7, 10) RETURNING id`,
    [campaignId, revisionId],
  );
  const [{ id: poolId }] = await db.query(
    `INSERT INTO budget_pools (fiscal_year, org_unit_id, created_by) VALUES (2026, $1, $2)
     ON CONFLICT (fiscal_year, org_unit_id) DO UPDATE SET created_by = EXCLUDED.created_by RETURNING id`,
    [input.owningUnitId, input.ownerId],
  );
  await db.query(
    `INSERT INTO campaign_budgets (campaign_id, pool_id, owning_unit_id, revision_id, plan_budget, branch_ids) VALUES ($1, $2, $3, $4, 20000, $5)`,
    [campaignId, poolId, input.owningUnitId, revisionId, input.branchIds],
  );

  for (const [n, branchId] of input.branchIds.entries()) {
    // Branch n: 4 + n emails (one bounced, one still planned), 3 calls (one connected and interested, one rung out, one failed).
    const emails = ['sent', 'sent', 'bounced', 'planned', ...Array.from({ length: n }, () => 'sent')];
    const calls = ['connected', 'called', 'failed'];
    const contactIds: { email: number[]; phone: number[] } = { email: [], phone: [] };
    for (const [i, status] of [...emails, ...calls].entries()) {
      const customerId = await createCustomer(db, branchId);
      await db.query(`INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier) VALUES ($1, $2, $3, 'gold')`, [launchId, customerId, branchId]);
      const phone = i >= emails.length;
      const [{ id }] = await db.query(
        `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
         VALUES ($1, $2, $3, $4, $5, now(), $6) RETURNING id`,
        [customerId, campaignId, phone ? phoneStep : emailStep, phone ? 'phone' : 'email', branchId, status],
      );
      contactIds[phone ? 'phone' : 'email'].push(id);
    }
    // The first email clicked twice and opened: one response. The connected call responded.
    const [clicked] = contactIds.email;
    const [answered] = contactIds.phone;
    await event(db, clicked, 'opened');
    await event(db, clicked, 'clicked');
    await event(db, clicked, 'clicked');
    await event(db, answered, 'responded');
    if (n === 0) await event(db, contactIds.email[1], 'clicked');

    // Conversions: n + 1 treatment policies, and one control policy that is shown beside them, never added.
    for (let k = 0; k <= n; k++) await conversion(db, { campaignId, launchId, branchId, contactId: clicked, control: false, premium: 1000 + 250 * k });
    await conversion(db, { campaignId, launchId, branchId, contactId: null, control: true, premium: 888 });

    // Automatic spend of the made contacts, a manual spend and (in the first branch) its reversal.
    const madeEmails = emails.filter((status) => status !== 'planned').length;
    await spend(db, poolId, campaignId, branchId, madeEmails * 0.5, emailStep, input.ownerId);
    await spend(db, poolId, campaignId, branchId, 2 * 3.0, phoneStep, input.ownerId);
    const [{ id: manual }] = await db.query(
      `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, note, created_by) VALUES ($1, 'spend', 120.40, $2, $3, '礼品', $4) RETURNING id`,
      [poolId, campaignId, branchId, input.ownerId],
    );
    if (n === 0) {
      await db.query(
        `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, source_line_id, note, created_by) VALUES ($1, 'spend', -20.40, $2, $3, $4, '冲销', $5)`,
        [poolId, campaignId, branchId, manual, input.ownerId],
      );
    }
  }
  return { campaignId, revisionId };
}

async function event(db: DataSource, contactId: number, type: string): Promise<void> {
  await db.query(
    `INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type, link_index)
     SELECT gen_random_uuid(), now(), k.id, k.campaign_id, k.step_id, k.customer_id, k.org_unit_id, k.channel, $2::text,
            CASE WHEN $2::text = 'clicked' THEN 0 END
       FROM contacts k WHERE k.id = $1`,
    [contactId, type],
  );
}

async function conversion(
  db: DataSource,
  input: { campaignId: number; launchId: number; branchId: number; contactId: number | null; control: boolean; premium: number },
): Promise<void> {
  const customerId = await createCustomer(db, input.branchId);
  const policyId = await createPolicy(db, customerId, 'JCX', { premium: input.premium });
  await db.query(
    `INSERT INTO campaign_conversions (policy_id, campaign_id, launch_id, customer_id, control, contact_id, channel, org_unit_id, product_code, premium, start_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'JCX', $9, current_date)`,
    [policyId, input.campaignId, input.launchId, customerId, input.control, input.contactId, input.contactId ? 'email' : null, input.branchId, input.premium],
  );
}

async function spend(db: DataSource, poolId: number, campaignId: number, branchId: number, amount: number, stepId: number, createdBy: number): Promise<void> {
  await db.query(
    `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, step_id, note, created_by) VALUES ($1, 'spend', $2, $3, $4, $5, 'contacts made', $6)`,
    [poolId, amount, campaignId, branchId, stepId, createdBy],
  );
}
