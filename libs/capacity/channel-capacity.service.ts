import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { ConflictError, formatYuan, LOCAL_TODAY_SQL, parseYuan, ValidationError } from '@lib/common';
import { datesBetween, dayCapacities, lockChannelBranch } from './capacity-days';
import type { CapacityCalendarView, CapacityDefaultView, ChannelSettingView } from './capacity.view';

/** The longest range the capacity calendar answers at once. */
const MAX_CALENDAR_DAYS = 366;

/**
 * Channel capacity per branch and day, and each channel's default cost per contact.
 * Every role reads the capacities of the branches in its scope; channel managers set
 * them. A capacity is never set below what approved campaigns have booked.
 */
@Injectable()
export class ChannelCapacityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async settings(): Promise<ChannelSettingView[]> {
    const rows: { channel: StepChannel; cost: string }[] = await this.dataSource.query(
      `SELECT channel, default_cost_per_contact::text AS cost FROM channel_settings`,
    );
    return STEP_CHANNELS.map((channel) => {
      const row = rows.find((r) => r.channel === channel);
      return { channel, defaultCostPerContact: row ? formatYuan(parseYuan(row.cost) as number) : null };
    });
  }

  /** The default cost per contact applies to the whole province, so only province users set it (the controller checks). */
  async setCost(actorId: number, channel: StepChannel, cost: string): Promise<ChannelSettingView> {
    const fen = parseYuan(cost);
    if (fen === null) throw new ValidationError([{ field: 'defaultCostPerContact', code: 'not_yuan' }]);
    await this.dataSource.query(
      `INSERT INTO channel_settings (channel, default_cost_per_contact, updated_by) VALUES ($1, $2::numeric, $3)
       ON CONFLICT (channel) DO UPDATE SET default_cost_per_contact = EXCLUDED.default_cost_per_contact,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [channel, formatYuan(fen), actorId],
    );
    return { channel, defaultCostPerContact: formatYuan(fen) };
  }

  async defaults(scope: OrgScope, channel?: StepChannel): Promise<CapacityDefaultView[]> {
    const rows = await this.dataSource.query(
      `SELECT d.channel, d.org_unit_id, u.name, d.seats, d.contacts_per_seat, d.daily_capacity
       FROM channel_capacity_defaults d JOIN org_units u ON u.id = d.org_unit_id
       WHERE u.path LIKE $1 AND ($2::text IS NULL OR d.channel = $2) ORDER BY d.channel, u.path`,
      [scope.pathPattern, channel ?? null],
    );
    return rows.map(toDefaultView);
  }

  /** Sets a branch's capacity on days without an override, as seats × contacts per seat or as a daily figure. */
  async setDefault(
    scope: OrgScope,
    actorId: number,
    channel: StepChannel,
    branchId: number,
    body: { seats?: number; contactsPerSeat?: number; dailyCapacity?: number },
  ): Promise<CapacityDefaultView> {
    const dailyCapacity = dailyOf(body);
    return this.dataSource.transaction(async (manager) => {
      await this.branchInScope(manager, scope, branchId);
      await lockChannelBranch(manager, channel, branchId);
      await refuseBelowBookings(
        manager,
        `SELECT k.day::text AS day FROM capacity_bookings k
         WHERE k.channel = $1 AND k.org_unit_id = $2 AND k.day >= ${LOCAL_TODAY_SQL}
           AND NOT EXISTS (SELECT 1 FROM channel_capacity_overrides o WHERE o.channel = k.channel AND o.org_unit_id = k.org_unit_id AND o.day = k.day)
         GROUP BY k.day HAVING sum(k.contacts) > $3 ORDER BY k.day`,
        [channel, branchId, dailyCapacity],
      );
      await manager.query(
        `INSERT INTO channel_capacity_defaults (channel, org_unit_id, seats, contacts_per_seat, daily_capacity, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, org_unit_id) DO UPDATE SET seats = EXCLUDED.seats, contacts_per_seat = EXCLUDED.contacts_per_seat,
           daily_capacity = EXCLUDED.daily_capacity, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [channel, branchId, body.seats ?? null, body.contactsPerSeat ?? null, dailyCapacity, actorId],
      );
      const [row] = await manager.query(
        `SELECT d.channel, d.org_unit_id, u.name, d.seats, d.contacts_per_seat, d.daily_capacity
         FROM channel_capacity_defaults d JOIN org_units u ON u.id = d.org_unit_id WHERE d.channel = $1 AND d.org_unit_id = $2`,
        [channel, branchId],
      );
      return toDefaultView(row);
    });
  }

  /** A different capacity for one date (a holiday, a training day). */
  async setOverride(
    scope: OrgScope,
    actorId: number,
    channel: StepChannel,
    branchId: number,
    day: string,
    body: { dailyCapacity: number; note?: string },
  ): Promise<CapacityCalendarView> {
    await this.dataSource.transaction(async (manager) => {
      await this.branchInScope(manager, scope, branchId);
      await lockChannelBranch(manager, channel, branchId);
      await refuseBelowBookings(
        manager,
        `SELECT day::text AS day FROM capacity_bookings WHERE channel = $1 AND org_unit_id = $2 AND day = $3
         GROUP BY day HAVING sum(contacts) > $4`,
        [channel, branchId, day, body.dailyCapacity],
      );
      await manager.query(
        `INSERT INTO channel_capacity_overrides (channel, org_unit_id, day, daily_capacity, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, org_unit_id, day) DO UPDATE SET daily_capacity = EXCLUDED.daily_capacity, note = EXCLUDED.note,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [channel, branchId, day, body.dailyCapacity, body.note ?? '', actorId],
      );
    });
    return this.calendar(scope, channel, branchId, day, day);
  }

  /** Back to the default for that date, if the default can take what is booked. */
  async removeOverride(scope: OrgScope, channel: StepChannel, branchId: number, day: string): Promise<CapacityCalendarView> {
    await this.dataSource.transaction(async (manager) => {
      await this.branchInScope(manager, scope, branchId);
      await lockChannelBranch(manager, channel, branchId);
      await refuseBelowBookings(
        manager,
        `SELECT k.day::text AS day FROM capacity_bookings k JOIN channel_capacity_defaults d ON d.channel = k.channel AND d.org_unit_id = k.org_unit_id
         WHERE k.channel = $1 AND k.org_unit_id = $2 AND k.day = $3 GROUP BY k.day, d.daily_capacity HAVING sum(k.contacts) > d.daily_capacity`,
        [channel, branchId, day],
      );
      await manager.query(`DELETE FROM channel_capacity_overrides WHERE channel = $1 AND org_unit_id = $2 AND day = $3`, [channel, branchId, day]);
    });
    return this.calendar(scope, channel, branchId, day, day);
  }

  /**
   * What is left of a channel at a branch on each day of a range: for the planner while
   * editing (leaving out the campaign being edited) and the channel manager's calendar.
   */
  async calendar(scope: OrgScope, channel: StepChannel, branchId: number, from: string, to: string, exceptCampaignId?: number): Promise<CapacityCalendarView> {
    if (to < from) throw new ValidationError([{ field: 'to', code: 'date_before', params: { other: 'from' } }]);
    const days = datesBetween(from, to);
    if (days.length > MAX_CALENDAR_DAYS) throw new ValidationError([{ field: 'to', code: 'range_too_long', params: { max: MAX_CALENDAR_DAYS } }]);
    await this.branchInScope(this.dataSource.manager, scope, branchId);
    return { channel, branchId, days: await dayCapacities(this.dataSource.manager, channel, branchId, days, exceptCampaignId ?? null) };
  }

  private async branchInScope(manager: EntityManager, scope: OrgScope, branchId: number): Promise<void> {
    const [unit] = await manager.query(`SELECT id FROM org_units WHERE id = $1 AND path LIKE $2`, [branchId, scope.pathPattern]);
    if (!unit) throw new ValidationError([{ field: 'branchId', code: 'outside_scope_unit' }]);
  }
}

function dailyOf(body: { seats?: number; contactsPerSeat?: number; dailyCapacity?: number }): number {
  const bySeats = body.seats !== undefined || body.contactsPerSeat !== undefined;
  if (bySeats && (body.seats === undefined || body.contactsPerSeat === undefined)) {
    throw new ValidationError([{ field: body.seats === undefined ? 'seats' : 'contactsPerSeat', code: 'required' }]);
  }
  if (bySeats) {
    const product = (body.seats as number) * (body.contactsPerSeat as number);
    if (body.dailyCapacity !== undefined && body.dailyCapacity !== product) {
      throw new ValidationError([{ field: 'dailyCapacity', code: 'capacity_not_seats_product', params: { product } }]);
    }
    return product;
  }
  if (body.dailyCapacity === undefined) throw new ValidationError([{ field: 'dailyCapacity', code: 'required' }]);
  return body.dailyCapacity;
}

async function refuseBelowBookings(manager: EntityManager, sql: string, params: unknown[]): Promise<void> {
  const days: { day: string }[] = await manager.query(sql, params);
  if (days.length > 0) {
    throw new ConflictError('Approved campaigns have booked more than this capacity on some days', 'capacity_below_bookings', {
      days: days.slice(0, 10).map((d) => d.day),
    });
  }
}

function toDefaultView(row: Record<string, any>): CapacityDefaultView {
  return {
    channel: row.channel,
    branchId: row.org_unit_id,
    branchName: row.name,
    seats: row.seats,
    contactsPerSeat: row.contacts_per_seat,
    dailyCapacity: row.daily_capacity,
  };
}
