import { Module, OnModuleInit } from '@nestjs/common';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { CapacityCommitment } from './capacity-commitment';
import { CapacityPlanCheck } from './capacity-plan-check';
import { ChannelCapacityService } from './channel-capacity.service';

/** Channel capacity per branch and day, default costs per contact, and the bookings of approved campaigns. */
@Module({
  imports: [CampaignsModule],
  providers: [CapacityCommitment, CapacityPlanCheck, ChannelCapacityService],
  exports: [ChannelCapacityService],
})
export class CapacityModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly capacityCommitment: CapacityCommitment,
    private readonly capacityCheck: CapacityPlanCheck,
  ) {}

  /** Submitted plans are checked against what is left, approvals book channel capacity, and cancellations and closings free it. */
  onModuleInit(): void {
    this.commitments.register(this.capacityCommitment);
    this.commitments.registerCheck(this.capacityCheck);
  }
}
