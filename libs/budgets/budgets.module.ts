import { Module, OnModuleInit } from '@nestjs/common';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { NotificationsModule } from '@lib/notifications';
import { BudgetCommitment } from './budget-commitment';
import { BudgetGuard } from './budget-guard';
import { BudgetPoolService } from './budget-pool.service';
import { CampaignBudgetService } from './campaign-budget.service';

/** Budget pools, campaign budgets with their allocations and spend, and the budget guard of the launch workers. */
@Module({
  imports: [CampaignsModule, NotificationsModule],
  providers: [BudgetCommitment, BudgetGuard, BudgetPoolService, CampaignBudgetService],
  exports: [BudgetGuard, BudgetPoolService, CampaignBudgetService],
})
export class BudgetsModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly budgetCommitment: BudgetCommitment,
  ) {}

  /** Approvals, cancellations and closings of campaigns now reserve and release budget. */
  onModuleInit(): void {
    this.commitments.register(this.budgetCommitment);
  }
}
