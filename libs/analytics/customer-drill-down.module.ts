import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { CustomerDrillDown } from './customer-drill-down.service';

/** The customers behind a campaign's figures, listed and exported. */
@Module({
  imports: [CampaignsModule],
  providers: [CustomerDrillDown],
  exports: [CustomerDrillDown],
})
export class CustomerDrillDownModule {}
