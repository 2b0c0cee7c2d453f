import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, JobQueue } from '@lib/queue';

/**
 * The `launch-campaign` jobs on the launches queue, one per campaign revision. A launch
 * waiting or running is left as it is; one that failed is queued afresh, so that a
 * campaign still scheduled is never held up by a dead job of its own id.
 */
@Injectable()
export class LaunchJobs {
  constructor(private readonly jobs: JobQueue) {}

  async queue(payload: JobPayloads[JobName.LaunchCampaign], delayMs = 0): Promise<string> {
    const jobId = launchJobId(payload.campaignId, payload.revisionId);
    const failed = await this.jobs.queue(JobName.LaunchCampaign).getJob(jobId);
    if (failed && (await failed.isFailed())) await failed.remove();
    await this.jobs.add(JobName.LaunchCampaign, payload, jobId, delayMs);
    return jobId;
  }

  /** The launch waiting for the campaign's start runs now, as the user's. */
  async bringForward(campaignId: number, revisionId: number, userId: number): Promise<void> {
    const job = await this.jobs.queue(JobName.LaunchCampaign).getJob(launchJobId(campaignId, revisionId));
    if (!job || !(await job.isDelayed())) return;
    await job.updateData({ ...job.data, requestedBy: userId });
    try {
      await job.promote();
    } catch (error) {
      // Its start came in between, and it runs now anyway.
      if (await job.isDelayed()) throw error;
    }
  }

  /** A launch already running is not removed (BullMQ answers 0): it finds the campaign's new state under its lock. */
  async withdraw(campaignId: number, revisionId: number): Promise<void> {
    await this.jobs.queue(JobName.LaunchCampaign).remove(launchJobId(campaignId, revisionId));
  }
}

/** One job per campaign revision: queueing the same launch again while it waits or runs adds nothing. */
export function launchJobId(campaignId: number, revisionId: number): string {
  return `launch-campaign-${campaignId}-r${revisionId}`;
}
