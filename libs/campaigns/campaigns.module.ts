import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@lib/notifications';
import { SegmentsModule } from '@lib/segments';
import { ApprovalThresholdService } from './approval-threshold.service';
import { CampaignAudit } from './campaign-audit.service';
import { CampaignCommitments } from './campaign-commitments';
import { CampaignCloseChecks } from './campaign-close-checks';
import { CampaignMoveListeners } from './campaign-move-listeners';
import { CampaignMoves } from './campaign-moves.service';
import { CampaignOverlapService } from './campaign-overlap.service';
import { CampaignScheduleListeners } from './campaign-schedule-listeners';
import { CampaignRevision } from './campaign-revision.entity';
import { CampaignStep } from './campaign-step.entity';
import { Campaign } from './campaign.entity';
import { CampaignService } from './campaign.service';

/** Campaigns: plans and their revisions, channel steps, the life cycle with approval and its notices, overlap, and the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignRevision, CampaignStep]), SegmentsModule, NotificationsModule],
  providers: [CampaignCommitments, CampaignScheduleListeners, CampaignMoveListeners, CampaignCloseChecks, CampaignAudit, ApprovalThresholdService, CampaignService, CampaignMoves, CampaignOverlapService],
  exports: [CampaignCommitments, CampaignScheduleListeners, CampaignMoveListeners, CampaignCloseChecks, CampaignAudit, ApprovalThresholdService, CampaignService, CampaignMoves, CampaignOverlapService],
})
export class CampaignsModule {}
