/** Date arithmetic on local calendar dates written 'YYYY-MM-DD', free of time zones. */

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the ISO week the date lies in. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, day === 0 ? -6 : 1 - day);
}

/** The Mondays of the ISO weeks that the period from `from` to `to` touches. */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = weekStart(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** When a step starts: its own date, or the campaign start plus its offset (0 when neither is set). */
export function stepStart(campaignStart: string, step: { startDate: string | null; startOffsetDays: number | null }): string {
  return step.startDate ?? addDays(campaignStart, step.startOffsetDays ?? 0);
}
