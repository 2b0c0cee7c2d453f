import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignAudit } from '@lib/campaigns';
import type { ApprovedPlan, CampaignCommitment, StepChannel } from '@lib/campaigns/campaign-commitment';
import { DomainError, FieldProblem, LOCAL_TODAY_SQL } from '@lib/common';
import { dayCapacities, lockChannelBranch } from './capacity-days';

interface Booking {
  stepId: number;
  channel: StepChannel;
  branchId: number;
  day: string;
  contacts: number;
}

/**
 * Books each step's daily capacity at each branch it covers for each day it sends, when
 * the campaign is approved; a later approved revision replaces the bookings with its
 * own. Per channel and branch the bookings of all campaigns never exceed the capacity:
 * the check and the booking run under a lock of that channel and branch.
 */
@Injectable()
export class CapacityCommitment implements CampaignCommitment {
  readonly name = 'capacity';

  constructor(private readonly audit: CampaignAudit) {}

  async commit(manager: EntityManager, plan: ApprovedPlan): Promise<void> {
    const bookings = plan.steps.flatMap((step) =>
      step.dailyCapacity > 0
        ? step.branchIds.flatMap((branchId) => step.days.map((day) => ({ stepId: step.stepId, channel: step.channel, branchId, day, contacts: step.dailyCapacity })))
        : [],
    );
    const pairs = [...new Set(bookings.map((b) => `${b.channel}:${b.branchId}`))].sort();
    for (const pair of pairs) {
      const [channel, branchId] = pair.split(':');
      await lockChannelBranch(manager, channel as StepChannel, Number(branchId));
    }
    await manager.query(`DELETE FROM capacity_bookings WHERE campaign_id = $1`, [plan.campaignId]);
    const problems: FieldProblem[] = [];
    for (const pair of pairs) {
      const [channel, branch] = pair.split(':');
      const branchId = Number(branch);
      const mine = bookings.filter((b) => b.channel === channel && b.branchId === branchId);
      const wanted = new Map<string, number>();
      for (const booking of mine) wanted.set(booking.day, (wanted.get(booking.day) ?? 0) + booking.contacts);
      const days = await dayCapacities(manager, channel as StepChannel, branchId, [...wanted.keys()].sort());
      for (const day of days) {
        const needed = wanted.get(day.day) as number;
        if (day.left !== null && needed > day.left) {
          problems.push({ field: `steps.${channel}.branch[${branchId}].${day.day}`, code: 'capacity_short', params: { needed, left: Math.max(day.left, 0) } });
        }
      }
    }
    if (problems.length > 0) {
      throw new DomainError('capacity_not_available', 'The channels cannot take what the plan books on some days', 409, problems, {
        days: [...new Set(problems.map((p) => p.field.slice(-10)))].slice(0, 10),
      });
    }
    await insertBookings(manager, plan, bookings);
    await this.audit.record(manager, {
      campaignId: plan.campaignId,
      revisionId: plan.revisionId,
      actorId: null,
      action: 'capacity_booked',
      field: 'capacity',
      after: { contacts: bookings.reduce((sum, b) => sum + b.contacts, 0), days: new Set(bookings.map((b) => b.day)).size },
    });
  }

  /** Frees the days still to come; past days stay booked, as they were used. */
  async release(manager: EntityManager, campaignId: number): Promise<void> {
    await manager.query(`DELETE FROM capacity_bookings WHERE campaign_id = $1 AND day >= ${LOCAL_TODAY_SQL}`, [campaignId]);
  }
}

async function insertBookings(manager: EntityManager, plan: ApprovedPlan, bookings: Booking[]): Promise<void> {
  if (bookings.length === 0) return;
  await manager.query(
    `INSERT INTO capacity_bookings (campaign_id, revision_id, step_id, channel, org_unit_id, day, contacts)
     SELECT $1, $2, b.step_id, b.channel, b.org_unit_id, b.day, b.contacts
     FROM unnest($3::int[], $4::text[], $5::int[], $6::date[], $7::int[]) AS b(step_id, channel, org_unit_id, day, contacts)`,
    [
      plan.campaignId,
      plan.revisionId,
      bookings.map((b) => b.stepId),
      bookings.map((b) => b.channel),
      bookings.map((b) => b.branchId),
      bookings.map((b) => b.day),
      bookings.map((b) => b.contacts),
    ],
  );
}
