import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, hasAnyRole, Role } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import { launchTarget } from '@lib/campaigns/campaign-life-cycle';
import { ForbiddenError } from '@lib/common';
import { LaunchJobs } from './launch-jobs';
import type { LaunchQueued } from './launch.view';

/** A launch asked for by hand: checked here, run by the worker (CampaignLaunchService). */
@Injectable()
export class LaunchRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly launchJobs: LaunchJobs,
  ) {}

  /** Queues the launch of a scheduled campaign, for its owner or a reviewer at or above its owning unit. */
  async queueLaunch(user: AuthUser, campaignId: number): Promise<LaunchQueued> {
    const campaign = await this.campaigns.findVisible(this.dataSource.manager, user.scope, campaignId);
    const reviewer = hasAnyRole(user, [Role.Reviewer]) && user.scope.includesPath(campaign.owningPath);
    if (campaign.ownerId !== user.id && !reviewer) {
      throw new ForbiddenError("Only the campaign's owner or a reviewer at or above the owning unit may do this", 'campaign_not_owner_or_reviewer');
    }
    // A 409 naming the state unless the campaign is scheduled; a scheduled campaign has its plan in force.
    launchTarget(campaign.status);
    const revisionId = campaign.approvedRevisionId as number;
    const jobId = await this.launchJobs.queue({ campaignId, revisionId, requestedBy: user.id });
    // The launch waiting for the campaign's start has the same job id: asked for by hand, it runs now.
    await this.launchJobs.bringForward(campaignId, revisionId, user.id);
    return { campaignId, revisionId, jobId };
  }
}
