import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignScheduleListener, CampaignScheduleListeners, ScheduledLaunch } from '@lib/campaigns';
import { LaunchJobs } from './launch-jobs';

/**
 * The launch of a scheduled campaign at its start: a delayed `launch-campaign` job,
 * queued when the campaign is scheduled, replaced when a new plan comes into force and
 * removed when the campaign is cancelled (docs/launch.md). Delayed jobs live in Redis,
 * so they outlive restarts of the API and the worker; `queueAll`, run by the worker at
 * start and every few minutes, queues again what a lost queue or a crash after the
 * commit left without its job.
 */
@Injectable()
export class LaunchAtStart implements CampaignScheduleListener, OnModuleInit {
  readonly name = 'launch-at-start';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listeners: CampaignScheduleListeners,
    private readonly launchJobs: LaunchJobs,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async scheduled(launch: ScheduledLaunch): Promise<void> {
    await this.queue(launch);
  }

  /** The job of the replaced plan would find its revision out of force and do nothing; removing it keeps the queue true. */
  async rescheduled(launch: ScheduledLaunch, replacedRevisionId: number): Promise<void> {
    await this.launchJobs.withdraw(launch.campaignId, replacedRevisionId);
    await this.queue(launch);
  }

  async cancelled(campaignId: number, revisionId: number): Promise<void> {
    await this.launchJobs.withdraw(campaignId, revisionId);
  }

  /**
   * Queues the launch of every scheduled campaign not launched yet, each at its start.
   * The job id names the revision, so a launch already waiting is left as it is; one
   * that failed is tried again.
   * Returns how many scheduled campaigns wait for their launch.
   */
  async queueAll(): Promise<number> {
    const waiting: { campaign_id: number; revision_id: number; start_date: string }[] = await this.dataSource.query(
      `SELECT c.id AS campaign_id, r.id AS revision_id, r.start_date::text AS start_date
         FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id
        WHERE c.status = 'scheduled' AND NOT EXISTS (SELECT 1 FROM campaign_launches l WHERE l.campaign_id = c.id)`,
    );
    for (const row of waiting) await this.queue({ campaignId: row.campaign_id, revisionId: row.revision_id, startDate: row.start_date });
    return waiting.length;
  }

  private async queue(launch: ScheduledLaunch): Promise<void> {
    const delayMs = Math.max(0, launchTime(launch.startDate).getTime() - Date.now());
    await this.launchJobs.queue({ campaignId: launch.campaignId, revisionId: launch.revisionId, requestedBy: null }, delayMs);
  }
}

/** The start of a campaign's first day: local midnight (Asia/Shanghai, UTC+8 all year) of its start date. */
export function launchTime(startDate: string): Date {
  return new Date(`${startDate}T00:00:00+08:00`);
}
