import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignAudit } from '@lib/campaigns';
import type { ApprovedPlan, CampaignCommitment } from '@lib/campaigns/campaign-commitment';
import { ConflictError, FieldProblem, formatYuan, ValidationError } from '@lib/common';
import { insufficientPool } from './budget-errors';
import { addLine, campaignMoney, fenOf, lockCampaignBudget, lockPool } from './budget-ledger';

/**
 * The campaign's money at approval: reserves its budget from the pool of its owning
 * unit (the nearest pool at or above that unit, for the fiscal year the campaign
 * starts in), and gives back what is unused when it is cancelled or closed. Called
 * inside the approval transaction; refusing throws, which rolls the approval back.
 */
@Injectable()
export class BudgetCommitment implements CampaignCommitment {
  readonly name = 'budget';

  constructor(private readonly audit: CampaignAudit) {}

  async commit(manager: EntityManager, plan: ApprovedPlan, actorId: number | null = null): Promise<void> {
    await carryAllocationsForward(manager, plan);
    await this.checkAllocations(manager, plan);
    const poolId = (await this.existingPool(manager, plan.campaignId)) ?? (await this.poolFor(manager, plan));
    await manager.query(
      `INSERT INTO campaign_budgets (campaign_id, pool_id, owning_unit_id, revision_id, plan_budget, branch_ids)
       VALUES ($1, $2, $3, $4, $5::numeric, $6) ON CONFLICT (campaign_id) DO NOTHING`,
      [plan.campaignId, poolId, plan.owningUnitId, plan.revisionId, formatYuan(plan.budgetFen), plan.branchIds],
    );
    await lockCampaignBudget(manager, plan.campaignId);
    const money = await campaignMoney(manager, plan.campaignId);
    const usedFen = money.committedFen + money.actualFen;
    if (plan.budgetFen < usedFen) {
      throw new ConflictError(
        `The budget ${formatYuan(plan.budgetFen)} is below what the campaign has already committed and spent (${formatYuan(usedFen)})`,
        'budget_below_spend',
        { budget: formatYuan(plan.budgetFen), used: formatYuan(usedFen) },
      );
    }
    const deltaFen = plan.budgetFen - money.reservedFen;
    if (deltaFen !== 0) {
      const pool = await lockPool(manager, poolId);
      if (deltaFen > pool.remainingFen) {
        throw insufficientPool(pool.remainingFen, deltaFen);
      }
      await addLine(manager, {
        poolId,
        kind: 'reservation',
        amountFen: deltaFen,
        campaignId: plan.campaignId,
        note: `revision ${plan.revisionId} approved`,
        createdBy: actorId,
      });
    }
    await manager.query(
      `UPDATE campaign_budgets SET revision_id = $2, plan_budget = $3::numeric, branch_ids = $4, owning_unit_id = $5,
         released_at = NULL, updated_at = now()
       WHERE campaign_id = $1`,
      [plan.campaignId, plan.revisionId, formatYuan(plan.budgetFen), plan.branchIds, plan.owningUnitId],
    );
    await this.audit.record(manager, {
      campaignId: plan.campaignId,
      revisionId: plan.revisionId,
      actorId,
      action: 'budget_reserved',
      field: 'reserved',
      before: formatYuan(money.reservedFen),
      after: formatYuan(plan.budgetFen),
    });
  }

  /**
   * Brings the reservation down to what is committed and spent. Grants still open stay
   * committed; settling them later gives back their unused part (BudgetGuard.settle).
   */
  async release(manager: EntityManager, campaignId: number, actorId: number | null = null): Promise<void> {
    const budget = await lockCampaignBudget(manager, campaignId);
    if (!budget) return;
    const money = await campaignMoney(manager, campaignId);
    if (money.remainingFen > 0) {
      await addLine(manager, {
        poolId: budget.poolId,
        kind: 'reservation',
        amountFen: -money.remainingFen,
        campaignId,
        note: 'unused budget released',
        createdBy: actorId,
      });
    }
    await manager.query(`UPDATE campaign_budgets SET released_at = now(), updated_at = now() WHERE campaign_id = $1`, [campaignId]);
    await this.audit.record(manager, {
      campaignId,
      actorId,
      action: 'budget_released',
      field: 'reserved',
      before: formatYuan(money.reservedFen),
      after: formatYuan(money.reservedFen - Math.max(money.remainingFen, 0)),
    });
  }

  /** Once a campaign has reserved from a pool, later revisions keep to that pool. */
  private async existingPool(manager: EntityManager, campaignId: number): Promise<number | null> {
    const [row] = await manager.query(`SELECT pool_id FROM campaign_budgets WHERE campaign_id = $1`, [campaignId]);
    return row?.pool_id ?? null;
  }

  private async poolFor(manager: EntityManager, plan: ApprovedPlan): Promise<number> {
    const fiscalYear = Number(plan.startDate.slice(0, 4));
    const [pool] = await manager.query(
      `SELECT p.id FROM budget_pools p JOIN org_units u ON u.id = p.org_unit_id
       WHERE p.fiscal_year = $1 AND (SELECT path FROM org_units WHERE id = $2) LIKE u.path || '%'
       ORDER BY length(u.path) DESC LIMIT 1`,
      [fiscalYear, plan.owningUnitId],
    );
    if (!pool) {
      throw new ConflictError(
        `There is no budget pool for ${fiscalYear} at the campaign's owning unit or above it`,
        'budget_pool_missing',
        { year: fiscalYear },
      );
    }
    return pool.id;
  }

  /** The revision's split by branch and by channel must fit its budget and its branches. */
  private async checkAllocations(manager: EntityManager, plan: ApprovedPlan): Promise<void> {
    const rows: { branch_id: number | null; channel: string | null; amount: string }[] = await manager.query(
      `SELECT branch_id, channel, amount::text FROM budget_allocations WHERE revision_id = $1 ORDER BY id`,
      [plan.revisionId],
    );
    const problems = allocationProblems(
      plan.budgetFen,
      plan.branchIds,
      rows.filter((row) => row.branch_id !== null).map((row) => ({ branchId: row.branch_id as number, amountFen: fenOf(row.amount) })),
      rows.filter((row) => row.channel !== null).map((row) => fenOf(row.amount)),
    );
    if (problems.length > 0) throw new ValidationError(problems, 'The budget allocations do not fit the approved plan');
  }
}

/**
 * A later revision that sets no split of its own keeps the split of the revision
 * approved before it, for the branches that still take part.
 */
async function carryAllocationsForward(manager: EntityManager, plan: ApprovedPlan): Promise<void> {
  await manager.query(
    `INSERT INTO budget_allocations (campaign_id, revision_id, branch_id, channel, amount)
     SELECT a.campaign_id, $2, a.branch_id, a.channel, a.amount
     FROM budget_allocations a JOIN campaign_budgets cb ON cb.campaign_id = a.campaign_id AND cb.revision_id = a.revision_id
     WHERE a.campaign_id = $1 AND cb.revision_id <> $2 AND (a.branch_id IS NULL OR a.branch_id = ANY($3))
       AND NOT EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2)`,
    [plan.campaignId, plan.revisionId, plan.branchIds],
  );
}

/** Problems of a split of `budgetFen` by branch and by channel; each sum must not exceed the budget. */
export function allocationProblems(
  budgetFen: number,
  branchIds: number[],
  branches: { branchId: number; amountFen: number }[],
  channelAmountsFen: number[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const branchSum = branches.reduce((sum, branch) => sum + branch.amountFen, 0);
  const channelSum = channelAmountsFen.reduce((sum, amount) => sum + amount, 0);
  if (branchSum > budgetFen) {
    problems.push({ field: 'branches', code: 'allocations_exceed_budget', params: { sum: formatYuan(branchSum), budget: formatYuan(budgetFen) } });
  }
  if (channelSum > budgetFen) {
    problems.push({ field: 'channels', code: 'allocations_exceed_budget', params: { sum: formatYuan(channelSum), budget: formatYuan(budgetFen) } });
  }
  branches.forEach((branch, index) => {
    if (!branchIds.includes(branch.branchId)) {
      problems.push({ field: `branches[${index}].branchId`, code: 'not_participating_branch', params: { id: branch.branchId } });
    }
  });
  return problems;
}
