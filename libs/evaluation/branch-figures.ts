import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SystemFigure } from './form-schema';
import { NOT_MADE, REACHED } from '@lib/contact-rules/contact-status';
import type { SystemFigureValues } from './reports/evaluation-report.view';

/**
 * The figures of docs/figures.md for each given branch of one campaign, counted over
 * the branch's subtree (a city's report holds its counties' contacts): one statement
 * over contacts, contact events, attributed conversions and spend lines, each grouped
 * by the unit that owns the row, then added up per branch by path.
 */
export const BRANCH_FIGURES_SQL = `
  WITH branch AS (SELECT id, path FROM org_units WHERE id = ANY($2::int[])),
  unit_figures (org_unit_id, contacts, delivered, responses, conversions, premium_written, spend) AS (
    SELECT org_unit_id, count(*), count(*) FILTER (WHERE status = ANY($4::text[])), 0, 0, 0::numeric, 0::numeric
      FROM contacts WHERE campaign_id = $1 AND status <> ALL($3::text[]) GROUP BY org_unit_id
    UNION ALL
    -- A click in an email, an interested call, an accepted web offer, a quoted or sold visit: once per contact.
    SELECT org_unit_id, 0, 0, count(DISTINCT contact_id), 0, 0, 0
      FROM contact_events WHERE campaign_id = $1 AND event_type IN ('clicked', 'responded') AND contact_id IS NOT NULL GROUP BY org_unit_id
    UNION ALL
    SELECT org_unit_id, 0, 0, 0, count(*), sum(premium), 0
      FROM campaign_conversions WHERE campaign_id = $1 AND NOT control GROUP BY org_unit_id
    UNION ALL
    -- Automatic and manual spend alike; a reversal is a negative spend line.
    SELECT branch_id, 0, 0, 0, 0, 0, sum(amount)
      FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend' GROUP BY branch_id
  )
  SELECT b.id AS branch_id,
         coalesce(sum(f.contacts), 0)::bigint::text AS contacts,
         coalesce(sum(f.delivered), 0)::bigint::text AS delivered,
         coalesce(sum(f.responses), 0)::bigint::text AS responses,
         coalesce(sum(f.conversions), 0)::bigint::text AS conversions,
         coalesce(sum(f.premium_written), 0)::numeric(14,2)::text AS premium_written,
         coalesce(sum(f.spend), 0)::numeric(14,2)::text AS spend
    FROM branch b
    LEFT JOIN org_units u ON u.path LIKE b.path || '%'
    LEFT JOIN unit_figures f ON f.org_unit_id = u.id
   GROUP BY b.id`;

/**
 * A campaign's system figures by branch, as the evaluation reports prefill them. The
 * campaign analytics compute the same figures from their rollups; both follow docs/figures.md.
 */
@Injectable()
export class BranchFigures {
  /** Every given branch's figures (zeros for a branch without any); `manager` may be a transaction's. */
  async forCampaign(manager: EntityManager, campaignId: number, branchIds: readonly number[]): Promise<Map<number, SystemFigureValues>> {
    const rows: ({ branch_id: number } & Record<SystemFigure, string>)[] = await manager.query(BRANCH_FIGURES_SQL, [
      campaignId, [...branchIds], NOT_MADE, REACHED,
    ]);
    return new Map(
      rows.map(({ branch_id, contacts, delivered, responses, conversions, premium_written, spend }) => [
        branch_id,
        { contacts, delivered, responses, conversions, premium_written, spend },
      ]),
    );
  }
}
