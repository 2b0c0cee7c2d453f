import { Module, OnModuleInit } from '@nestjs/common';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { CapacityCommitment } from './capacity-commitment';
import { ChannelCapacityService } from './channel-capacity.service';

/** Channel capacity per branch and day, default costs per contact, and the bookings of approved campaigns. */
@Module({
  imports: [CampaignsModule],
  providers: [CapacityCommitment, ChannelCapacityService],
  exports: [ChannelCapacityService],
})
export class CapacityModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly capacityCommitment: CapacityCommitment,
  ) {}

  /** Approvals now book channel capacity, and cancellations and closings free it. */
  onModuleInit(): void {
    this.commitments.register(this.capacityCommitment);
  }
}
