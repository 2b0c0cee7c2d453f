/** What the channel manager's overview answers (GET /api/channels/overview), as plain types the web imports. */
import type { StepChannel } from '@lib/campaigns/campaign-commitment';

/** One channel at one branch on one day: what approved campaigns booked, and the contacts still to make and made. */
export interface ChannelLoadView {
  day: string;
  branchId: number;
  branchName: string;
  branchNameEn: string;
  booked: number;
  /** Contacts due that day not made yet (planned, queued or being made). */
  planned: number;
  /** Contacts that reached the customer that day. */
  made: number;
}

/** A step of a running campaign on the channel, with what each of its contacts costs. */
export interface RunningStepCostView {
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  stepId: number;
  position: number;
  /** Yuan, two decimals. */
  costPerContact: string;
}

export interface ChannelOverviewView {
  channel: StepChannel;
  load: ChannelLoadView[];
  /** Beijing local time, 'HH:MM'; null when the contact policy sets none for the channel. */
  quietHours: { start: string; end: string } | null;
  /** The policy's holidays within the range on which the channel makes no contact. */
  holidays: string[];
  /** Yuan, two decimals; null while no default cost is set. */
  defaultCostPerContact: string | null;
  runningSteps: RunningStepCostView[];
  /** Contacts of the reader's scope that failed every attempt (the dead-letter list). */
  deadLetters: number;
}

export interface ChannelsOverviewView {
  from: string;
  to: string;
  channels: ChannelOverviewView[];
}
