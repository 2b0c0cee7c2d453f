import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { stepDays } from '@lib/campaigns';
import { ContactPolicyService } from '@lib/contact-rules';
import { localDayOf } from '@lib/dispatch';
import { TrackingService } from '@lib/tracking';

interface VisitStep {
  step_id: number;
  campaign_id: number;
  start_date: string;
  end_date: string;
  start_offset_days: number | null;
  step_start_date: string | null;
  days_of_week: number[];
  daily_capacity: number | null;
}

export interface FieldTaskRound {
  /** New tasks created in this round. */
  created: number;
  /** Step and branch days touched. */
  days: number;
}

/**
 * Turns the due contacts of running campaigns' agent_visit steps into visit tasks of
 * the customer's owning county branch (docs/field-tasks.md). A branch's day takes the
 * visits booked for the step there (capacity_bookings; the step's daily capacity when
 * nothing is booked) minus the tasks still open from earlier days, counted once when
 * the day opens. Safe to run any number of times a day: each run only tops the day up
 * to what is left, under the lock of the day's row.
 */
@Injectable()
export class FieldTaskGenerator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: ContactPolicyService,
    private readonly tracking: TrackingService,
  ) {}

  async generate(now = new Date()): Promise<FieldTaskRound> {
    const day = localDayOf(now);
    const policy = await this.policies.loadDefault();
    // No visits on a holiday of the channel.
    if (policy.holidayChannels.includes('agent_visit') && policy.holidays.includes(day)) return { created: 0, days: 0 };
    const steps: VisitStep[] = await this.dataSource.query(
      `SELECT s.id AS step_id, l.campaign_id, r.start_date::text, r.end_date::text, s.start_offset_days,
              s.start_date::text AS step_start_date, s.days_of_week, s.daily_capacity
         FROM campaign_launches l
         JOIN campaigns c ON c.id = l.campaign_id AND c.status = 'running'
         JOIN campaign_revisions r ON r.id = l.revision_id
         JOIN campaign_steps s ON s.revision_id = r.id AND s.channel = 'agent_visit'
        WHERE NOT EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = s.id)
        ORDER BY r.priority DESC, l.frozen_at, s.position`,
    );
    const round: FieldTaskRound = { created: 0, days: 0 };
    for (const step of steps) {
      const days = stepDays(step.start_date, step.end_date, {
        startOffsetDays: step.start_offset_days,
        startDate: step.step_start_date,
        daysOfWeek: step.days_of_week,
      });
      if (!days.includes(day)) continue;
      const topped = await this.dataSource.transaction((manager) => this.topUp(manager, step, day, now));
      round.created += topped.created;
      round.days += topped.days;
    }
    return round;
  }

  /** Opens the step's day at each branch with due contacts (once), then creates tasks up to what each day has left, set-based. */
  private async topUp(manager: EntityManager, step: VisitStep, day: string, now: Date): Promise<FieldTaskRound> {
    // The day of each branch with due contacts: its batch, its booked visits and the open tasks it carries over, fixed when it opens.
    await manager.query(
      `WITH missing AS (
         SELECT DISTINCT k.org_unit_id AS branch_id FROM contacts k
          WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $4
            AND NOT EXISTS (SELECT 1 FROM field_task_days d WHERE d.step_id = $1 AND d.branch_id = k.org_unit_id AND d.day = $2)
       ), batches AS (
         INSERT INTO dispatch_batches (campaign_id, step_id, branch_id, channel, contacts)
         SELECT $3, $1, branch_id, 'agent_visit', 0 FROM missing
         RETURNING id, branch_id
       )
       INSERT INTO field_task_days (step_id, branch_id, day, batch_id, capacity, carried_over)
       SELECT $1, x.branch_id, $2, x.id,
              COALESCE((SELECT sum(b.contacts)::int FROM capacity_bookings b WHERE b.step_id = $1 AND b.org_unit_id = x.branch_id AND b.day = $2), $5),
              (SELECT count(*)::int FROM field_tasks t WHERE t.step_id = $1 AND t.branch_id = x.branch_id AND t.state = 'open')
         FROM batches x
       ON CONFLICT DO NOTHING`,
      [step.step_id, day, step.campaign_id, now, step.daily_capacity],
    );
    const days: { branch_id: number }[] = await manager.query(
      `SELECT branch_id FROM field_task_days WHERE step_id = $1 AND day = $2 ORDER BY branch_id FOR UPDATE`,
      [step.step_id, day],
    );
    const created: { id: string; branch_id: number; batch_id: string }[] = await manager.query(
      `WITH days AS (
         SELECT branch_id, batch_id, capacity - carried_over - added AS room FROM field_task_days WHERE step_id = $1 AND day = $2
       ), picked AS (
         SELECT k.id, k.org_unit_id, k.contacted_at FROM contacts k
          WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $3
          FOR UPDATE SKIP LOCKED
       ), chosen AS (
         SELECT id, branch_id, batch_id FROM (
           SELECT p.id, d.branch_id, d.batch_id, d.room, row_number() OVER (PARTITION BY d.branch_id ORDER BY p.contacted_at, p.id) AS n
             FROM picked p JOIN days d ON d.branch_id = p.org_unit_id
         ) x WHERE x.room IS NULL OR x.n <= x.room
       ), queued AS (
         UPDATE contacts k SET status = 'queued', batch_id = c.batch_id FROM chosen c WHERE k.id = c.id RETURNING k.id
       )
       INSERT INTO field_tasks (contact_id, batch_id, campaign_id, step_id, branch_id, due_date)
       SELECT c.id, c.batch_id, $4, $1, c.branch_id, $2 FROM chosen c JOIN queued q ON q.id = c.id
       RETURNING contact_id AS id, branch_id, batch_id`,
      [step.step_id, day, now, step.campaign_id],
    );
    if (created.length === 0) return { created: 0, days: days.length };
    const branchIds = created.map((task) => task.branch_id);
    await manager.query(
      `UPDATE field_task_days d SET added = d.added + a.n
         FROM (SELECT branch_id, count(*)::int AS n FROM unnest($3::int[]) AS x(branch_id) GROUP BY branch_id) a
        WHERE d.step_id = $1 AND d.day = $2 AND d.branch_id = a.branch_id`,
      [step.step_id, day, branchIds],
    );
    await manager.query(
      `UPDATE dispatch_batches b SET contacts = b.contacts + a.n, updated_at = now()
         FROM (SELECT batch_id, count(*)::int AS n FROM unnest($1::bigint[]) AS x(batch_id) GROUP BY batch_id) a
        WHERE b.id = a.batch_id`,
      [created.map((task) => task.batch_id)],
    );
    await this.tracking.record({ type: 'queued', contactIds: created.map((task) => Number(task.id)), occurredAt: now, key: `field-tasks:${step.step_id}:${day}` }, manager);
    return { created: created.length, days: days.length };
  }
}
