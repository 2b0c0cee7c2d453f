import type { EntityManager } from 'typeorm';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { DayCapacityView } from './capacity.view';

/**
 * Serialises every change to what a channel can take or has booked at a branch, for
 * the rest of the transaction; callers lock several pairs in sorted order, so two
 * transactions never wait on each other crosswise.
 */
export async function lockChannelBranch(manager: EntityManager, channel: StepChannel, branchId: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('channel_capacity:' || $1), $2)`, [channel, branchId]);
}

/** Capacity, bookings and what is left on each of the days, bookings of `exceptCampaignId` left out. */
export async function dayCapacities(
  manager: EntityManager,
  channel: StepChannel,
  branchId: number,
  days: string[],
  exceptCampaignId: number | null = null,
): Promise<DayCapacityView[]> {
  const rows: { day: string; capacity: number | null; overridden: boolean; booked: number }[] = await manager.query(
    `SELECT w.day::text AS day, COALESCE(o.daily_capacity, d.daily_capacity) AS capacity, o.day IS NOT NULL AS overridden,
            COALESCE(b.booked, 0)::int AS booked
     FROM unnest($3::date[]) AS w(day)
     LEFT JOIN channel_capacity_defaults d ON d.channel = $1 AND d.org_unit_id = $2
     LEFT JOIN channel_capacity_overrides o ON o.channel = $1 AND o.org_unit_id = $2 AND o.day = w.day
     LEFT JOIN LATERAL (
       SELECT sum(contacts) AS booked FROM capacity_bookings k
       WHERE k.channel = $1 AND k.org_unit_id = $2 AND k.day = w.day AND k.campaign_id IS DISTINCT FROM $4
     ) b ON true
     ORDER BY w.day`,
    [channel, branchId, days, exceptCampaignId],
  );
  return rows.map((row) => ({ ...row, left: row.capacity === null ? null : row.capacity - row.booked }));
}

/** Every date from `from` to `to`, both included (local calendar days, counted on the date alone). */
export function datesBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}
