/** Beijing time has no daylight saving: local time is UTC + 8 hours all year. */
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** What holds a step's contacts back at a moment; null when some may be released. */
export type PacingHold =
  | 'not_a_step_day'
  | 'outside_window'
  | 'quiet_hours'
  | 'holiday'
  | 'daily_capacity_reached'
  | 'backlog'
  | 'channel_rate';

export interface StepPacingInput {
  now: Date;
  /** The local dates the step sends on (stepDays). */
  days: readonly string[];
  /** The step's daily window, local 'HH:MM[:SS]'; none = all day. */
  windowStart: string | null;
  windowEnd: string | null;
  /** The contact policy's quiet hours for the step's channel; may wrap midnight (21:00–09:00). */
  quiet: { start: string; end: string } | null;
  /** The policy's holidays when they apply to the step's channel. */
  holidays: readonly string[];
  /** Contacts per local day; null = no limit. */
  dailyCapacity: number | null;
  releasedToday: number;
  /** Contacts of the step queued or being sent: released but not yet done. */
  inFlight: number;
  /**
   * At most this many in flight per step, so that a pause or a cancel stops a send within
   * seconds. More are released only once half of it is free: a release of a few contacts
   * a round would be cut into batches of a few contacts per branch, and each batch part
   * costs the database about the same whatever its size.
   */
  maxInFlight: number;
  /** What the channel's rate leaves for this step in this round. */
  channelAllowance: number;
}

export interface StepPacing {
  release: number;
  heldBy: PacingHold | null;
  /** The local date the release counts against. */
  localDay: string;
}

/**
 * How many of a step's due contacts may be handed to its channel now. BullMQ limits a
 * whole queue, not a step, so the pacing per step is here: the step's days and daily
 * window, the policy's quiet hours and holidays for the channel, the daily capacity, a
 * bound on contacts in flight (topped up once half of it is free), and the channel's rate.
 */
export function stepPacing(input: StepPacingInput): StepPacing {
  const localDay = localDayOf(input.now);
  const localTime = new Date(input.now.getTime() + LOCAL_OFFSET_MS).toISOString().slice(11, 19);
  const hold = (heldBy: PacingHold): StepPacing => ({ release: 0, heldBy, localDay });
  if (!input.days.includes(localDay)) return hold('not_a_step_day');
  if (input.holidays.includes(localDay)) return hold('holiday');
  if (!withinWindow(localTime, input.windowStart, input.windowEnd)) return hold('outside_window');
  if (input.quiet && withinQuiet(localTime, input.quiet.start, input.quiet.end)) return hold('quiet_hours');
  const capacityLeft = input.dailyCapacity === null ? Infinity : input.dailyCapacity - input.releasedToday;
  if (capacityLeft <= 0) return hold('daily_capacity_reached');
  if (input.inFlight > input.maxInFlight / 2) return hold('backlog');
  const room = input.maxInFlight - input.inFlight;
  if (input.channelAllowance <= 0) return hold('channel_rate');
  const release = Math.min(capacityLeft, room, input.channelAllowance);
  return { release, heldBy: null, localDay };
}

/** The Beijing date of a moment, 'YYYY-MM-DD'. */
export function localDayOf(moment: Date): string {
  return new Date(moment.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

function withinWindow(time: string, start: string | null, end: string | null): boolean {
  if (start && time < normal(start)) return false;
  if (end && time >= normal(end)) return false;
  return true;
}

function withinQuiet(time: string, start: string, end: string): boolean {
  const [from, to] = [normal(start), normal(end)];
  return from < to ? time >= from && time < to : time >= from || time < to;
}

/** 'HH:MM' and 'HH:MM:SS' compare as 'HH:MM:SS'. */
function normal(time: string): string {
  return time.length === 5 ? `${time}:00` : time.slice(0, 8);
}
