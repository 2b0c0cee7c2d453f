import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SegmentsModule } from '@lib/segments';
import { CampaignAudit } from './campaign-audit.service';
import { CampaignCommitments } from './campaign-commitments';
import { CampaignRevision } from './campaign-revision.entity';
import { CampaignStep } from './campaign-step.entity';
import { Campaign } from './campaign.entity';

/** Campaigns: plans and their revisions, channel steps, the life cycle with approval, and the audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignRevision, CampaignStep]), SegmentsModule],
  providers: [CampaignCommitments, CampaignAudit],
  exports: [CampaignCommitments, CampaignAudit],
})
export class CampaignsModule {}
