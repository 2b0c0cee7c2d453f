import { Module, OnModuleInit } from '@nestjs/common';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { ContactRulesModule } from '@lib/contact-rules';
import { SegmentsModule } from '@lib/segments';
import { CampaignForecast } from './campaign-forecast.service';
import { ForecastPlanCheck } from './forecast-plan-check';

/** The forecast of a campaign plan: reach after contact rules, cost within capacity and budget, expected return. */
@Module({
  imports: [SegmentsModule, ContactRulesModule, CampaignsModule],
  providers: [CampaignForecast, ForecastPlanCheck],
  exports: [CampaignForecast],
})
export class ForecastModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly check: ForecastPlanCheck,
  ) {}

  /** A plan submitted with a budget below the forecast cost of its planned contacts is refused, named on its budget. */
  onModuleInit(): void {
    this.commitments.registerCheck(this.check);
  }
}
