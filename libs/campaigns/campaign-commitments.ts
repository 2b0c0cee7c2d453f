import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApprovedPlan, CampaignCommitment } from './campaign-commitment';

/**
 * The registry of what other domains commit for an approved campaign. Budgets and
 * capacity call `register` in their onModuleInit; the campaign service calls every
 * commitment inside the transaction that approves, cancels or closes a campaign.
 */
@Injectable()
export class CampaignCommitments {
  private readonly commitments: CampaignCommitment[] = [];

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
}
