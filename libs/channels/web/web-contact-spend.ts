import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetGuard } from '@lib/budgets';
import { fenOf } from '@lib/budgets/budget-ledger';

interface MadeGroup {
  campaign_id: number;
  step_id: number;
  branch_id: number;
  cost: string;
  contact_ids: string[];
}

/**
 * Pays for the web contacts their first impression made (docs/web-offers.md#spend): the
 * step's cost per contact, once per contact, granted and settled by the budget guard as
 * every channel's sends are, in the transaction that makes the contacts, so that a
 * contact made is paid for exactly once. A step whose budget runs out stops making new
 * contacts: its offers not yet shown are no longer answered.
 */
@Injectable()
export class WebContactSpend {
  private readonly logger = new Logger(WebContactSpend.name);

  constructor(private readonly budget: BudgetGuard) {}

  async charge(manager: EntityManager, contactIds: string[]): Promise<void> {
    if (contactIds.length === 0) return;
    // Per step and the participating branch whose subtree holds the customer, as the other channels' batches are formed.
    const groups: MadeGroup[] = await manager.query(
      `SELECT k.campaign_id, k.step_id, br.id AS branch_id, s.cost_per_contact::text AS cost, array_agg(k.id ORDER BY k.id) AS contact_ids
         FROM contacts k
         JOIN campaign_steps s ON s.id = k.step_id
         JOIN campaign_budgets cb ON cb.campaign_id = k.campaign_id
         JOIN org_units u ON u.id = k.org_unit_id
         JOIN LATERAL (
           SELECT b.id FROM org_units b WHERE b.id = ANY(cb.branch_ids) AND u.path LIKE b.path || '%' ORDER BY length(b.path) DESC LIMIT 1
         ) br ON true
        WHERE k.id = ANY($1::bigint[]) AND k.channel = 'web'
        GROUP BY k.campaign_id, k.step_id, br.id, s.cost_per_contact
        ORDER BY k.campaign_id, k.step_id, br.id`,
      [contactIds],
    );
    for (const group of groups) {
      const contacts = group.contact_ids.length;
      const grant = await this.budget.grant(
        { campaignId: group.campaign_id, branchId: group.branch_id, channel: 'web', stepId: group.step_id, contacts, unitCostFen: fenOf(group.cost) },
        manager,
      );
      if (grant.grantId !== null) await this.budget.settle(grant.grantId, grant.grantedContacts, manager);
      if (grant.grantedContacts < contacts) {
        // Shown already, so made; the step makes no more until its campaign has money again.
        await manager.query(
          `INSERT INTO step_dispatch_states (step_id, campaign_id, state) VALUES ($1, $2, 'budget_exhausted') ON CONFLICT DO NOTHING`,
          [group.step_id, group.campaign_id],
        );
        this.logger.warn(`campaign ${group.campaign_id}, web step ${group.step_id}: budget exhausted, ${contacts - grant.grantedContacts} impressions unpaid`);
      }
    }
  }
}
