import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { ConflictError, Fen, FieldProblem, NotFoundError, ValidationError } from '@lib/common';
import { addLine, campaignMoney, fenOf, lockCampaignBudget } from './budget-ledger';

/** A batch of contacts a worker wants to send. */
export interface BudgetGrantRequest {
  campaignId: number;
  branchId: number;
  channel: StepChannel;
  stepId: number;
  contacts: number;
  unitCostFen: Fen;
}

/** What limited a grant below the contacts asked for; null when all were granted. */
export type GrantLimit = 'campaign' | 'branch' | 'channel' | 'released' | null;

export interface BudgetGrant {
  /** The commitment line to settle; null when nothing was granted. */
  grantId: number | null;
  grantedContacts: number;
  amountFen: Fen;
  limitedBy: GrantLimit;
}

export interface GrantSettlement {
  spendLineId: number | null;
  spentFen: Fen;
  /** The part of the grant not used, back in the campaign's remaining money (or the pool's, once released). */
  unusedFen: Fen;
}

/**
 * The budget guard the launch workers call before sending a batch. A grant is one
 * transaction that locks the campaign's budget row, so callers in any number of
 * processes take turns per campaign and never grant more than is left, to the fen.
 */
@Injectable()
export class BudgetGuard {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Grants as many of the contacts as the campaign's remaining money, that of the
   * branch's allocation and that of the channel's allocation allow (a campaign not
   * split by branch or by channel is limited by its own remaining money only), and
   * records the grant as a commitment line. In the caller's transaction when it gives
   * one, so that the contacts it claims and their grant commit together.
   */
  async grant(request: BudgetGrantRequest, within?: EntityManager): Promise<BudgetGrant> {
    const problems = requestProblems(request);
    if (problems.length > 0) throw new ValidationError(problems);
    return this.inTransaction(within, async (manager) => {
      const budget = await lockCampaignBudget(manager, request.campaignId);
      if (!budget) throw new NotFoundError('budget', request.campaignId);
      if (!budget.branchIds.includes(request.branchId)) {
        throw new ValidationError([{ field: 'branchId', code: 'not_participating_branch', params: { id: request.branchId } }]);
      }
      const [step] = await manager.query(
        `SELECT s.channel FROM campaign_steps s JOIN campaign_revisions r ON r.id = s.revision_id WHERE s.id = $1 AND r.campaign_id = $2`,
        [request.stepId, request.campaignId],
      );
      if (!step) throw new ValidationError([{ field: 'stepId', code: 'step_not_in_campaign', params: { id: request.stepId } }]);
      if (step.channel !== request.channel) throw new ValidationError([{ field: 'channel', code: 'not_one_of', params: { values: [step.channel] } }]);
      if (budget.released) return nothingGranted('released');
      const campaignLeftFen = (await campaignMoney(manager, request.campaignId)).remainingFen;
      const [split] = await manager.query(
        `SELECT (SELECT amount::text FROM budget_allocations WHERE revision_id = $2 AND branch_id = $3) AS branch_allocation,
                EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2 AND branch_id IS NOT NULL) AS split_by_branch,
                (SELECT amount::text FROM budget_allocations WHERE revision_id = $2 AND channel = $4) AS channel_allocation,
                EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2 AND channel IS NOT NULL) AS split_by_channel,
                (SELECT COALESCE(sum(amount), 0)::text FROM campaign_budget_sums
                  WHERE campaign_id = $1 AND branch_id = $3 AND kind IN ('commitment','spend')) AS branch_used,
                (SELECT COALESCE(sum(amount), 0)::text FROM campaign_budget_sums
                  WHERE campaign_id = $1 AND channel = $4 AND kind IN ('commitment','spend')) AS channel_used`,
        [request.campaignId, budget.revisionId, request.branchId, request.channel],
      );
      const limits: [Exclude<GrantLimit, null | 'released'>, Fen][] = [['campaign', campaignLeftFen]];
      if (split.split_by_branch) limits.push(['branch', fenOf(split.branch_allocation) - fenOf(split.branch_used)]);
      if (split.split_by_channel) limits.push(['channel', fenOf(split.channel_allocation) - fenOf(split.channel_used)]);
      const { granted, limitedBy } = grantableContacts(request.contacts, request.unitCostFen, limits);
      if (granted === 0) return nothingGranted(limitedBy);
      const amountFen = granted * request.unitCostFen;
      const grantId =
        amountFen === 0
          ? null
          : await addLine(manager, {
              poolId: budget.poolId,
              kind: 'commitment',
              amountFen,
              campaignId: request.campaignId,
              branchId: request.branchId,
              channel: request.channel,
              stepId: request.stepId,
              contacts: granted,
              unitCostFen: request.unitCostFen,
            });
      return { grantId, grantedContacts: granted, amountFen, limitedBy };
    });
  }

  /**
   * Settles a grant with the contacts actually sent: the commitment is closed, the
   * sent part becomes an automatic spend line (contacts sent × cost per contact), the
   * rest is free again. A grant is settled once; in the caller's transaction when it
   * gives one, so that the contacts' move to sent and their spend line commit together.
   */
  async settle(grantId: number, sentContacts: number, within?: EntityManager): Promise<GrantSettlement> {
    return this.inTransaction(within, async (manager) => {
      const [grant] = await manager.query(
        `SELECT campaign_id, pool_id, branch_id, channel, step_id, contacts, unit_cost::text, amount::text
         FROM budget_lines WHERE id = $1 AND kind = 'commitment' AND source_line_id IS NULL`,
        [grantId],
      );
      if (!grant) throw new NotFoundError('budget_grant', grantId);
      const budget = await lockCampaignBudget(manager, grant.campaign_id);
      const [settled] = await manager.query(`SELECT 1 FROM budget_lines WHERE source_line_id = $1 AND kind = 'commitment'`, [grantId]);
      if (settled) throw new ConflictError(`Budget grant ${grantId} is already settled`, 'grant_settled', { id: grantId });
      if (!Number.isSafeInteger(sentContacts) || sentContacts < 0 || sentContacts > grant.contacts) {
        throw new ValidationError([{ field: 'sentContacts', code: 'number_out_of_range', params: { min: 0, max: grant.contacts } }]);
      }
      const unitCostFen = fenOf(grant.unit_cost);
      const grantedFen = fenOf(grant.amount);
      const spentFen = sentContacts * unitCostFen;
      const common = { poolId: grant.pool_id, campaignId: grant.campaign_id, branchId: grant.branch_id, channel: grant.channel, stepId: grant.step_id, sourceLineId: grantId };
      await addLine(manager, { ...common, kind: 'commitment', amountFen: -grantedFen, contacts: grant.contacts, unitCostFen });
      const spendLineId =
        spentFen === 0 ? null : await addLine(manager, { ...common, kind: 'spend', amountFen: spentFen, contacts: sentContacts, unitCostFen });
      const unusedFen = grantedFen - spentFen;
      if (budget?.released && unusedFen > 0) {
        await addLine(manager, {
          poolId: grant.pool_id,
          kind: 'reservation',
          amountFen: -unusedFen,
          campaignId: grant.campaign_id,
          note: `unused part of grant ${grantId} released`,
        });
      }
      return { spendLineId, spentFen, unusedFen };
    });
  }

  private inTransaction<T>(within: EntityManager | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return within ? work(within) : this.dataSource.transaction(work);
  }
}

function nothingGranted(limitedBy: GrantLimit): BudgetGrant {
  return { grantId: null, grantedContacts: 0, amountFen: 0, limitedBy };
}

function requestProblems(request: BudgetGrantRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isSafeInteger(request.contacts) || request.contacts < 1) problems.push({ field: 'contacts', code: 'below_min', params: { min: 1 } });
  if (!Number.isSafeInteger(request.unitCostFen) || request.unitCostFen < 0) problems.push({ field: 'unitCostFen', code: 'below_min', params: { min: 0 } });
  return problems;
}

/** How many contacts at `unitCostFen` fit in the smallest of the limits (money left at each level). */
export function grantableContacts(
  contacts: number,
  unitCostFen: Fen,
  limits: [Exclude<GrantLimit, null | 'released'>, Fen][],
): { granted: number; limitedBy: GrantLimit } {
  if (unitCostFen === 0) return { granted: contacts, limitedBy: null };
  let granted = contacts;
  let limitedBy: GrantLimit = null;
  for (const [level, leftFen] of limits) {
    const fits = Math.max(0, Math.floor(leftFen / unitCostFen));
    if (fits < granted) {
      granted = fits;
      limitedBy = level;
    }
  }
  return { granted, limitedBy };
}
