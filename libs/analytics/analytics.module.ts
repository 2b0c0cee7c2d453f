import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { QueueModule } from '@lib/queue';
import { CampaignAnalyticsService } from './campaign-analytics.service';
import { CampaignRollups } from './campaign-rollups';
import { MarginRatesService } from './margin-rates.service';
import { PortfolioService } from './portfolio.service';
import { RollupJobs } from './rollup-jobs';

/** Campaign analytics: the rollups the worker keeps, a campaign's ROI and lift, the portfolio, margin rates. */
@Module({
  imports: [CampaignsModule, QueueModule],
  providers: [CampaignRollups, CampaignAnalyticsService, PortfolioService, MarginRatesService, RollupJobs],
  exports: [CampaignRollups, CampaignAnalyticsService, PortfolioService, MarginRatesService, RollupJobs],
})
export class AnalyticsModule {}
