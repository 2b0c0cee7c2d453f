/** What the capacity endpoints answer, as plain types the web imports. */
import type { StepChannel } from '@lib/campaigns/campaign-commitment';

export interface ChannelSettingView {
  channel: StepChannel;
  /** Yuan, two decimals; null while the channel manager has not set one. */
  defaultCostPerContact: string | null;
}

/** The capacity a channel has at a branch on days without an override. */
export interface CapacityDefaultView {
  channel: StepChannel;
  branchId: number;
  branchName: string;
  seats: number | null;
  contactsPerSeat: number | null;
  dailyCapacity: number;
}

/** One day of a channel at a branch: what it can take, what approved campaigns booked, what is left. */
export interface DayCapacityView {
  day: string;
  /** null: the channel is not limited at this branch. */
  capacity: number | null;
  /** True when the day has an override of its own instead of the default. */
  overridden: boolean;
  booked: number;
  left: number | null;
}

export interface CapacityCalendarView {
  channel: StepChannel;
  branchId: number;
  days: DayCapacityView[];
}
