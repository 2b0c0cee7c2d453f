import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { stepDays } from '@lib/campaigns';
import { ContactPolicyService } from '@lib/contact-rules';
import { localDayOf } from '@lib/dispatch';
import { TrackingService } from '@lib/tracking';

interface PhoneStep {
  step_id: number;
  campaign_id: number;
  start_date: string;
  end_date: string;
  start_offset_days: number | null;
  step_start_date: string | null;
  days_of_week: number[];
  daily_capacity: number | null;
  branch_ids: number[];
}

export interface CallListRound {
  /** New calls put on lists in this round. */
  listed: number;
  /** Step and branch lists of the day touched. */
  lists: number;
}

/**
 * Turns the due contacts of running campaigns' phone steps into call lists per branch
 * and day (docs/call-centre.md). A day's list takes the seats booked for the step at
 * the branch (capacity_bookings; the step's daily capacity when nothing is booked)
 * minus the calls carried over from earlier days, counted once when the day's list is
 * opened: calls not worked carry over, and new ones never pile up beyond the seats.
 * Safe to run any number of times a day: each run only tops the day's lists up to what
 * is left, under the lock of the list's day row.
 */
@Injectable()
export class CallListGenerator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: ContactPolicyService,
    private readonly tracking: TrackingService,
  ) {}

  async generate(now = new Date()): Promise<CallListRound> {
    const day = localDayOf(now);
    const policy = await this.policies.loadDefault();
    // No list on a holiday: the seats are not worked.
    if (policy.holidayChannels.includes('phone') && policy.holidays.includes(day)) return { listed: 0, lists: 0 };
    const steps: PhoneStep[] = await this.dataSource.query(
      `SELECT s.id AS step_id, l.campaign_id, r.start_date::text, r.end_date::text, s.start_offset_days,
              s.start_date::text AS step_start_date, s.days_of_week, s.daily_capacity,
              CASE WHEN cardinality(s.branch_ids) > 0 THEN s.branch_ids ELSE r.branch_ids END AS branch_ids
         FROM campaign_launches l
         JOIN campaigns c ON c.id = l.campaign_id AND c.status = 'running'
         JOIN campaign_revisions r ON r.id = l.revision_id
         JOIN campaign_steps s ON s.revision_id = r.id AND s.channel = 'phone'
        WHERE NOT EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = s.id)
        ORDER BY r.priority DESC, l.frozen_at, s.position`,
    );
    const round: CallListRound = { listed: 0, lists: 0 };
    for (const step of steps) {
      const days = stepDays(step.start_date, step.end_date, {
        startOffsetDays: step.start_offset_days,
        startDate: step.step_start_date,
        daysOfWeek: step.days_of_week,
      });
      if (!days.includes(day)) continue;
      const listed = await this.dataSource.transaction((manager) => this.topUp(manager, step, day, now));
      round.listed += listed.added;
      round.lists += listed.lists;
    }
    return round;
  }

  /** Opens the step's lists of the day at each branch (once), then adds due contacts up to what each list has left, set-based. */
  private async topUp(manager: EntityManager, step: PhoneStep, day: string, now: Date): Promise<{ added: number; lists: number }> {
    // The day's list of each branch: its batch, its seats and the calls it carries over, fixed when it opens.
    await manager.query(
      `WITH missing AS (
         SELECT b.id AS branch_id FROM unnest($2::int[]) AS b(id)
          WHERE NOT EXISTS (SELECT 1 FROM call_list_days d WHERE d.step_id = $1 AND d.branch_id = b.id AND d.day = $3)
       ), batches AS (
         INSERT INTO dispatch_batches (campaign_id, step_id, branch_id, channel, contacts)
         SELECT $4, $1, branch_id, 'phone', 0 FROM missing
         RETURNING id, branch_id
       )
       INSERT INTO call_list_days (step_id, branch_id, day, batch_id, capacity, carried_over)
       SELECT $1, x.branch_id, $3, x.id,
              COALESCE((SELECT sum(k.contacts)::int FROM capacity_bookings k WHERE k.step_id = $1 AND k.org_unit_id = x.branch_id AND k.day = $3), $5),
              (SELECT count(*)::int FROM call_list_entries e WHERE e.step_id = $1 AND e.branch_id = x.branch_id AND e.state <> 'done')
         FROM batches x
       ON CONFLICT DO NOTHING`,
      [step.step_id, step.branch_ids, day, step.campaign_id, step.daily_capacity],
    );
    const lists: { branch_id: number; batch_id: string; room: number | null }[] = await manager.query(
      `SELECT branch_id, batch_id, capacity - carried_over - added AS room FROM call_list_days
        WHERE step_id = $1 AND day = $2 ORDER BY branch_id FOR UPDATE`,
      [step.step_id, day],
    );
    const open = lists.filter((list) => list.room === null || list.room > 0);
    if (open.length === 0) return { added: 0, lists: lists.length };
    // Due contacts placed at the participating branch whose subtree holds the customer's unit, as the dispatcher does.
    const added: { id: string; branch_id: number }[] = await manager.query(
      `WITH lists AS (
         SELECT d.branch_id, d.batch_id, d.capacity - d.carried_over - d.added AS room, u.path
           FROM call_list_days d JOIN org_units u ON u.id = d.branch_id
          WHERE d.step_id = $1 AND d.day = $2 AND d.branch_id = ANY($3::int[])
       ), picked AS (
         SELECT k.id, k.org_unit_id, k.contacted_at FROM contacts k
          WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $4
          FOR UPDATE SKIP LOCKED
       ), placed AS (
         SELECT p.id, p.contacted_at, l.branch_id, l.batch_id, l.room
           FROM picked p JOIN org_units u ON u.id = p.org_unit_id
           JOIN LATERAL (SELECT * FROM lists l WHERE u.path LIKE l.path || '%' ORDER BY length(l.path) DESC LIMIT 1) l ON true
       ), chosen AS (
         SELECT id, branch_id, batch_id FROM (
           SELECT p.*, row_number() OVER (PARTITION BY p.branch_id ORDER BY p.contacted_at, p.id) AS n FROM placed p
         ) x WHERE x.room IS NULL OR x.n <= x.room
       ), queued AS (
         UPDATE contacts k SET status = 'queued', batch_id = c.batch_id FROM chosen c WHERE k.id = c.id
         RETURNING k.id
       ), entries AS (
         INSERT INTO call_list_entries (contact_id, batch_id, campaign_id, step_id, branch_id, list_day, due_at)
         SELECT c.id, c.batch_id, $5, $1, c.branch_id, $2, $4 FROM chosen c JOIN queued q ON q.id = c.id
         RETURNING contact_id, branch_id
       )
       SELECT contact_id AS id, branch_id FROM entries`,
      [step.step_id, day, open.map((list) => list.branch_id), now, step.campaign_id],
    );
    if (added.length === 0) return { added: 0, lists: lists.length };
    await manager.query(
      `UPDATE call_list_days d SET added = d.added + a.n
         FROM (SELECT branch_id, count(*)::int AS n FROM unnest($3::int[]) AS x(branch_id) GROUP BY branch_id) a
        WHERE d.step_id = $1 AND d.day = $2 AND d.branch_id = a.branch_id`,
      [step.step_id, day, added.map((row) => row.branch_id)],
    );
    await manager.query(
      `UPDATE dispatch_batches b SET contacts = b.contacts + a.n, updated_at = now()
         FROM (SELECT d.batch_id, count(*)::int AS n FROM unnest($3::int[]) AS x(branch_id)
                 JOIN call_list_days d ON d.step_id = $1 AND d.day = $2 AND d.branch_id = x.branch_id GROUP BY d.batch_id) a
        WHERE b.id = a.batch_id`,
      [step.step_id, day, added.map((row) => row.branch_id)],
    );
    await this.tracking.record({ type: 'queued', contactIds: added.map((row) => Number(row.id)), occurredAt: now, key: `call-list:${step.step_id}:${day}` }, manager);
    return { added: added.length, lists: lists.length };
  }
}
