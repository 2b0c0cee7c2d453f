import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgScope } from '@lib/auth/org-scope';
import type { FieldProblem } from '@lib/common/domain-error';
import type { ApprovedPlan, CampaignCommitment, CampaignPlanCheck, SubmittedPlan } from './campaign-commitment';

/**
 * The registry of what other domains commit for an approved campaign and check in a
 * submitted one. Budgets and capacity call `register`, the forecast and capacity
 * `registerCheck`, in their onModuleInit; the campaign service calls every commitment
 * inside the transaction that approves, cancels or closes a campaign, and every check
 * when a plan is submitted.
 */
@Injectable()
export class CampaignCommitments {
  private readonly commitments: CampaignCommitment[] = [];
  private readonly checks: CampaignPlanCheck[] = [];

  register(commitment: CampaignCommitment): void {
    if (this.commitments.some((known) => known.name === commitment.name)) {
      throw new Error(`A campaign commitment named '${commitment.name}' is registered already`);
    }
    this.commitments.push(commitment);
  }

  /** Every commitment takes what the plan needs, in the order registered; the first refusal rolls the approval back. */
  async commit(manager: EntityManager, plan: ApprovedPlan): Promise<void> {
    for (const commitment of this.commitments) await commitment.commit(manager, plan);
  }

  async release(manager: EntityManager, campaignId: number): Promise<void> {
    for (const commitment of this.commitments) await commitment.release(manager, campaignId);
  }

  registerCheck(check: CampaignPlanCheck): void {
    if (this.checks.some((known) => known.name === check.name)) throw new Error(`A campaign plan check named '${check.name}' is registered already`);
    this.checks.push(check);
  }

  /** The problems every check finds in a submitted plan, in the order registered. */
  async problems(manager: EntityManager, submitted: SubmittedPlan, scope: OrgScope): Promise<FieldProblem[]> {
    const found: FieldProblem[] = [];
    for (const check of this.checks) found.push(...(await check.problems(manager, submitted, scope)));
    return found;
  }
}
