import { Injectable, Logger } from '@nestjs/common';

/** The launch a scheduled campaign waits for: the plan in force and the local date (YYYY-MM-DD) it starts on. */
export interface ScheduledLaunch {
  campaignId: number;
  revisionId: number;
  startDate: string;
}

/**
 * What a domain above campaigns does when a campaign's schedule changes: dispatch
 * queues the launch at the campaign's start, moves it when a new plan comes into force
 * and takes it back when the campaign is cancelled. Called after the move's transaction
 * has committed, so nothing is queued for a move that rolled back.
 */
export interface CampaignScheduleListener {
  readonly name: string;
  /** The campaign became scheduled with this plan. */
  scheduled(launch: ScheduledLaunch): Promise<void>;
  /** A new plan came into force for the scheduled campaign, in place of `replacedRevisionId`. */
  rescheduled(launch: ScheduledLaunch, replacedRevisionId: number): Promise<void>;
  /** The scheduled campaign was cancelled before its launch. */
  cancelled(campaignId: number, revisionId: number): Promise<void>;
}

/** A change of a campaign's schedule, collected in a move's transaction and told to the listeners after its commit. */
export type ScheduleChange =
  | { kind: 'scheduled'; launch: ScheduledLaunch }
  | { kind: 'rescheduled'; launch: ScheduledLaunch; replacedRevisionId: number }
  | { kind: 'cancelled'; campaignId: number; revisionId: number };

/**
 * The registry of schedule listeners, like CampaignCommitments: dispatch registers in
 * its onModuleInit, so campaigns never imports it. A listener that fails is logged and
 * does not undo the committed move: the worker's regular pass over the scheduled
 * campaigns queues what a listener could not (docs/launch.md).
 */
@Injectable()
export class CampaignScheduleListeners {
  private readonly logger = new Logger(CampaignScheduleListeners.name);
  private readonly listeners: CampaignScheduleListener[] = [];

  register(listener: CampaignScheduleListener): void {
    if (this.listeners.some((known) => known.name === listener.name)) {
      throw new Error(`A campaign schedule listener named '${listener.name}' is registered already`);
    }
    this.listeners.push(listener);
  }

  async tell(change: ScheduleChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        if (change.kind === 'scheduled') await listener.scheduled(change.launch);
        else if (change.kind === 'rescheduled') await listener.rescheduled(change.launch, change.replacedRevisionId);
        else await listener.cancelled(change.campaignId, change.revisionId);
      } catch (error) {
        this.logger.warn(`${listener.name}: campaign ${campaignOf(change)} ${change.kind}, left to the next pass: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}

function campaignOf(change: ScheduleChange): number {
  return change.kind === 'cancelled' ? change.campaignId : change.launch.campaignId;
}
