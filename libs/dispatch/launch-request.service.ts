import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, hasAnyRole, Role } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import { launchTarget } from '@lib/campaigns/campaign-life-cycle';
import { ForbiddenError } from '@lib/common';
import { JobName, JobQueue } from '@lib/queue';
import type { LaunchQueued } from './launch.view';

/** A launch asked for by hand: checked here, run by the worker (CampaignLaunchService). */
@Injectable()
export class LaunchRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly jobs: JobQueue,
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
    const jobId = launchJobId(campaignId, revisionId);
    await this.jobs.add(JobName.LaunchCampaign, { campaignId, revisionId, requestedBy: user.id }, jobId);
    await this.bringForward(jobId, user.id);
    return { campaignId, revisionId, jobId };
  }

  /** The launch waiting for the campaign's start has the same job id: asked for by hand, it runs now, as the user's. */
  private async bringForward(jobId: string, userId: number): Promise<void> {
    const job = await this.jobs.queue(JobName.LaunchCampaign).getJob(jobId);
    if (!job || !(await job.isDelayed())) return;
    await job.updateData({ ...job.data, requestedBy: userId });
    try {
      await job.promote();
    } catch (error) {
      // Its start came in between, and it runs now anyway.
      if (await job.isDelayed()) throw error;
    }
  }
}

/** One job per campaign revision: queueing the same launch again while it waits or runs adds nothing. */
export function launchJobId(campaignId: number, revisionId: number): string {
  return `launch-campaign-${campaignId}-r${revisionId}`;
}
