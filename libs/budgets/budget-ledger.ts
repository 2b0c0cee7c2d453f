import type { EntityManager } from 'typeorm';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { Fen, formatYuan, NotFoundError, parseYuan } from '@lib/common';

export type BudgetLineKind = 'funding' | 'allocation' | 'reservation' | 'commitment' | 'spend';

/** A new ledger line; amounts in fen, signed. */
export interface NewBudgetLine {
  poolId: number;
  kind: BudgetLineKind;
  amountFen: Fen;
  campaignId?: number;
  relatedPoolId?: number;
  branchId?: number;
  channel?: StepChannel | null;
  stepId?: number | null;
  contacts?: number;
  unitCostFen?: Fen;
  sourceLineId?: number;
  note?: string;
  createdBy?: number | null;
}

/** Whole fen from a numeric PostgreSQL returned as text; the sums of numeric(14,2) are exact. */
export function fenOf(numeric: string | null): Fen {
  if (numeric === null) return 0;
  const fen = parseYuan(numeric);
  if (fen === null) throw new RangeError(`${numeric} is not an amount of money`);
  return fen;
}

/** Appends one line to the ledger; returns its id. */
export async function addLine(manager: EntityManager, line: NewBudgetLine): Promise<number> {
  const [row] = await manager.query(
    `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, related_pool_id, branch_id, channel, step_id,
                               contacts, unit_cost, source_line_id, note, created_by)
     VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8, $9, $10::numeric, $11, $12, $13)
     RETURNING id`,
    [
      line.poolId,
      line.kind,
      formatYuan(line.amountFen),
      line.campaignId ?? null,
      line.relatedPoolId ?? null,
      line.branchId ?? null,
      line.channel ?? null,
      line.stepId ?? null,
      line.contacts ?? null,
      line.unitCostFen === undefined ? null : formatYuan(line.unitCostFen),
      line.sourceLineId ?? null,
      line.note ?? '',
      line.createdBy ?? null,
    ],
  );
  return Number(row.id);
}

/** A pool's own money: what it received (funding, allocations net) and what it reserved for campaigns. */
export interface PoolMoney {
  fundsFen: Fen;
  reservedFen: Fen;
  /** What is free to reserve or to allocate on. */
  remainingFen: Fen;
}

/**
 * Locks the pool row, so that every movement of its free money (reservations,
 * allocations, funding) runs one after another; then sums its lines, which under
 * READ COMMITTED this later statement sees with everything committed before the lock.
 */
export async function lockPool(manager: EntityManager, poolId: number): Promise<PoolMoney> {
  const locked = await manager.query(`SELECT id FROM budget_pools WHERE id = $1 FOR UPDATE`, [poolId]);
  if (locked.length === 0) throw new NotFoundError('budget_pool', poolId);
  const [sums] = await manager.query(
    `SELECT COALESCE(sum(amount) FILTER (WHERE kind IN ('funding','allocation')), 0)::text AS funds,
            COALESCE(sum(amount) FILTER (WHERE kind = 'reservation'), 0)::text AS reserved
     FROM budget_lines WHERE pool_id = $1 AND kind IN ('funding','allocation','reservation')`,
    [poolId],
  );
  const fundsFen = fenOf(sums.funds);
  const reservedFen = fenOf(sums.reserved);
  return { fundsFen, reservedFen, remainingFen: fundsFen - reservedFen };
}

/** What a campaign holds: reserved from its pool, committed by open grants, spent. */
export interface CampaignMoney {
  reservedFen: Fen;
  committedFen: Fen;
  actualFen: Fen;
  /** What the guard can still grant. */
  remainingFen: Fen;
}

export async function campaignMoney(manager: EntityManager, campaignId: number): Promise<CampaignMoney> {
  const [sums] = await manager.query(
    `SELECT COALESCE(sum(amount) FILTER (WHERE kind = 'reservation'), 0)::text AS reserved,
            COALESCE(sum(amount) FILTER (WHERE kind = 'commitment'), 0)::text AS committed,
            COALESCE(sum(amount) FILTER (WHERE kind = 'spend'), 0)::text AS actual
     FROM campaign_budget_sums WHERE campaign_id = $1`,
    [campaignId],
  );
  const reservedFen = fenOf(sums.reserved);
  const committedFen = fenOf(sums.committed);
  const actualFen = fenOf(sums.actual);
  return { reservedFen, committedFen, actualFen, remainingFen: reservedFen - committedFen - actualFen };
}

/** The campaign's budget row, locked: every movement of a campaign's money takes this lock first. */
export interface LockedCampaignBudget {
  campaignId: number;
  poolId: number;
  owningUnitId: number;
  revisionId: number;
  branchIds: number[];
  released: boolean;
}

export async function lockCampaignBudget(manager: EntityManager, campaignId: number): Promise<LockedCampaignBudget | null> {
  const [row] = await manager.query(
    `SELECT campaign_id, pool_id, owning_unit_id, revision_id, branch_ids, released_at IS NOT NULL AS released
     FROM campaign_budgets WHERE campaign_id = $1 FOR UPDATE`,
    [campaignId],
  );
  if (!row) return null;
  return {
    campaignId: row.campaign_id,
    poolId: row.pool_id,
    owningUnitId: row.owning_unit_id,
    revisionId: row.revision_id,
    branchIds: row.branch_ids,
    released: row.released,
  };
}
