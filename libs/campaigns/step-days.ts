/** When a channel step runs, as the plan says it: from its start (an offset or a date) to the campaign's end, on its days of the week. */
export interface StepSchedule {
  /** Days after the campaign start; null when the step has a start date of its own. */
  startOffsetDays: number | null;
  startDate: string | null;
  /** ISO days of the week, 1 = Monday … 7 = Sunday. */
  daysOfWeek: number[];
}

const DAY_MS = 86_400_000;

/**
 * The local dates (YYYY-MM-DD) a step sends on within the campaign's period. Dates are
 * calendar days, so they are counted in UTC arithmetic on the date alone (no clock
 * time is involved, and no daylight saving applies in China).
 */
export function stepDays(campaignStart: string, campaignEnd: string, step: StepSchedule): string[] {
  const start = toDay(campaignStart);
  const end = toDay(campaignEnd);
  const first = step.startDate ? toDay(step.startDate) : start + (step.startOffsetDays ?? 0) * DAY_MS;
  const weekdays = new Set(step.daysOfWeek);
  const days: string[] = [];
  for (let day = Math.max(first, start); day <= end; day += DAY_MS) {
    const isoWeekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (weekdays.has(isoWeekday)) days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

function toDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
