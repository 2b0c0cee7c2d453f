import { Module } from '@nestjs/common';
import { ContactRulesModule } from '@lib/contact-rules';
import { SegmentsModule } from '@lib/segments';
import { CampaignForecast } from './campaign-forecast.service';

/** The forecast of a campaign plan: reach after contact rules, cost within capacity and budget, expected return. */
@Module({
  imports: [SegmentsModule, ContactRulesModule],
  providers: [CampaignForecast],
  exports: [CampaignForecast],
})
export class ForecastModule {}
