import { Fen, formatYuan } from '@lib/common';
import { fenOf } from './budget-ledger';
import type { BudgetFigures } from './budget.view';

/**
 * Each campaign's figures from its ledger lines. Planned is the approved revision's
 * budget plus the raises approved under it; reserved, committed and actual are sums.
 */
export const CAMPAIGN_FIGURES_SQL = `
  SELECT cb.campaign_id, cb.pool_id, cb.owning_unit_id, cb.revision_id, cb.branch_ids,
         cb.released_at IS NOT NULL AS released,
         (cb.plan_budget + COALESCE((SELECT sum(r.amount) FROM budget_raise_requests r
            WHERE r.campaign_id = cb.campaign_id AND r.revision_id = cb.revision_id AND r.status = 'approved'), 0))::text AS planned,
         COALESCE(m.reserved, 0)::text AS reserved,
         COALESCE(m.committed, 0)::text AS committed,
         COALESCE(m.actual, 0)::text AS actual
  FROM campaign_budgets cb
  LEFT JOIN LATERAL (
    SELECT sum(amount) FILTER (WHERE kind = 'reservation') AS reserved,
           sum(amount) FILTER (WHERE kind = 'commitment') AS committed,
           sum(amount) FILTER (WHERE kind = 'spend') AS actual
    FROM budget_lines WHERE campaign_id = cb.campaign_id) m ON true`;

export function campaignFigures(row: { planned: string; reserved: string; committed: string; actual: string }): BudgetFigures {
  const reservedFen = fenOf(row.reserved);
  const committedFen = fenOf(row.committed);
  const actualFen = fenOf(row.actual);
  return {
    planned: formatYuan(fenOf(row.planned)),
    reserved: formatYuan(reservedFen),
    committed: formatYuan(committedFen),
    actual: formatYuan(actualFen),
    remaining: formatYuan(reservedFen - committedFen - actualFen),
  };
}

/**
 * A branch's or channel's figures. Its allocation is its share of the reservation
 * while the campaign holds one; once released, only what it committed and spent.
 * null allocation: the campaign is not split this way, so the level has no planned,
 * reserved or remaining money of its own.
 */
export function shareFigures(allocationFen: Fen | null, committedFen: Fen, actualFen: Fen, released: boolean): BudgetFigures {
  const reservedFen = allocationFen === null ? null : released ? committedFen + actualFen : allocationFen;
  return {
    planned: allocationFen === null ? null : formatYuan(allocationFen),
    reserved: reservedFen === null ? null : formatYuan(reservedFen),
    committed: formatYuan(committedFen),
    actual: formatYuan(actualFen),
    remaining: reservedFen === null ? null : formatYuan(reservedFen - committedFen - actualFen),
  };
}
