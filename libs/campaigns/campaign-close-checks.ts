import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainError } from '@lib/common';

/**
 * What a domain above campaigns holds against closing a completed campaign by hand: the
 * evaluation reports refuse while a report a participating branch owes is not made or
 * not approved. Registered in onModuleInit, like CampaignMoveListeners, so campaigns
 * never imports the check's domain.
 */
export interface CampaignCloseCheck {
  readonly name: string;
  /** Why the campaign may not be closed yet, or null; read in the move's transaction. */
  refusal(manager: EntityManager, campaignId: number): Promise<DomainError | null>;
}

@Injectable()
export class CampaignCloseChecks {
  private readonly checks: CampaignCloseCheck[] = [];

  register(check: CampaignCloseCheck): void {
    if (this.checks.some((known) => known.name === check.name)) throw new Error(`A campaign close check named '${check.name}' is registered already`);
    this.checks.push(check);
  }

  /** Throws the first refusal. */
  async check(manager: EntityManager, campaignId: number): Promise<void> {
    for (const check of this.checks) {
      const refusal = await check.refusal(manager, campaignId);
      if (refusal) throw refusal;
    }
  }
}
