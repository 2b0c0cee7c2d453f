import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { stepDays } from '@lib/campaigns';
import { ContactPolicyService } from '@lib/contact-rules';
import { TrackingService } from '@lib/tracking';
import { localDayOf } from './step-pacing';

/**
 * What a channel whose contacts are worked by people (calls, visits) tells the shared
 * generator. Its table of days has (step_id, branch_id, day, batch_id, capacity,
 * carried_over, added); in the SQL fragments $1 is the step, $2 the day, $3 the
 * campaign and $4 the moment of the round.
 */
export interface DailyWorkChannel {
  channel: 'phone' | 'agent_visit';
  daysTable: 'call_list_days' | 'field_task_days';
  /**
   * Where a due contact is worked: at the participating branch whose subtree holds the
   * customer's unit (the deepest), or at the customer's own unit (a county's visits).
   */
  workedAt: 'participating_branch' | 'customer_unit';
  /** The work of the step still open at branch `x.branch_id` from earlier days: one count. */
  backlog: string;
  /** Writes the work rows of `chosen` (id, branch_id, batch_id), RETURNING contact_id, branch_id, batch_id. */
  createWork: string;
  /** Names the round's queued events: `<key>:<step>:<day>`. */
  eventKey: string;
}

export interface DailyWorkRound {
  /** Contacts given to people in this round. */
  added: number;
  /** Step and branch days touched. */
  days: number;
}

interface WorkedStep {
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

/**
 * Sizes a day's work per branch for the running campaigns' steps of a channel worked by
 * people (docs/dispatch.md#work-by-day): a branch's day takes what is booked for the
 * step there (capacity_bookings; the step's daily capacity when nothing is booked) minus
 * the work carried over from earlier days, counted once when the day opens; only on the
 * step's days and not on the channel's holidays. Safe to run any number of times a day:
 * each run only tops the day up to what is left, under the lock of the day's rows.
 */
@Injectable()
export class DailyWorkGenerator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: ContactPolicyService,
    private readonly tracking: TrackingService,
  ) {}

  async generate(work: DailyWorkChannel, now = new Date()): Promise<DailyWorkRound> {
    const day = localDayOf(now);
    const policy = await this.policies.loadDefault();
    if (policy.holidayChannels.includes(work.channel) && policy.holidays.includes(day)) return { added: 0, days: 0 };
    const steps: WorkedStep[] = await this.dataSource.query(
      `SELECT s.id AS step_id, l.campaign_id, r.start_date::text, r.end_date::text, s.start_offset_days,
              s.start_date::text AS step_start_date, s.days_of_week, s.daily_capacity,
              CASE WHEN cardinality(s.branch_ids) > 0 THEN s.branch_ids ELSE r.branch_ids END AS branch_ids
         FROM campaign_launches l
         JOIN campaigns c ON c.id = l.campaign_id AND c.status = 'running'
         JOIN campaign_revisions r ON r.id = l.revision_id
         JOIN campaign_steps s ON s.revision_id = r.id AND s.channel = $1
        WHERE NOT EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = s.id)
        ORDER BY r.priority DESC, l.frozen_at, s.position`,
      [work.channel],
    );
    const round: DailyWorkRound = { added: 0, days: 0 };
    for (const step of steps) {
      const days = stepDays(step.start_date, step.end_date, {
        startOffsetDays: step.start_offset_days,
        startDate: step.step_start_date,
        daysOfWeek: step.days_of_week,
      });
      if (!days.includes(day)) continue;
      const topped = await this.dataSource.transaction((manager) => this.topUp(manager, work, step, day, now));
      round.added += topped.added;
      round.days += topped.days;
    }
    return round;
  }

  /** Opens the step's day at each branch (once), then gives due contacts to it up to what each day has left, set-based. */
  private async topUp(manager: EntityManager, work: DailyWorkChannel, step: WorkedStep, day: string, now: Date): Promise<DailyWorkRound> {
    // $5: what the branches to open come from (PostgreSQL refuses a parameter the statement does not use).
    const branches =
      work.workedAt === 'participating_branch'
        ? { sql: `SELECT b.id FROM unnest($5::int[]) AS b(id)`, from: step.branch_ids }
        : { sql: `SELECT DISTINCT k.org_unit_id FROM contacts k WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $5`, from: now };
    // Each branch's day: its batch, its booked capacity and the work it carries over, fixed when it opens.
    await manager.query(
      `WITH missing AS (
         SELECT b.id AS branch_id FROM (${branches.sql}) AS b(id)
          WHERE NOT EXISTS (SELECT 1 FROM ${work.daysTable} d WHERE d.step_id = $1 AND d.branch_id = b.id AND d.day = $2)
       ), batches AS (
         INSERT INTO dispatch_batches (campaign_id, step_id, branch_id, channel, contacts)
         SELECT $3, $1, branch_id, '${work.channel}', 0 FROM missing
         RETURNING id, branch_id
       )
       INSERT INTO ${work.daysTable} (step_id, branch_id, day, batch_id, capacity, carried_over)
       SELECT $1, x.branch_id, $2, x.id,
              COALESCE((SELECT sum(k.contacts)::int FROM capacity_bookings k WHERE k.step_id = $1 AND k.org_unit_id = x.branch_id AND k.day = $2), $4),
              (${work.backlog})
         FROM batches x
       ON CONFLICT DO NOTHING`,
      [step.step_id, day, step.campaign_id, step.daily_capacity, branches.from],
    );
    const days: { branch_id: number; room: number | null }[] = await manager.query(
      `SELECT branch_id, capacity - carried_over - added AS room FROM ${work.daysTable} WHERE step_id = $1 AND day = $2 ORDER BY branch_id FOR UPDATE`,
      [step.step_id, day],
    );
    if (!days.some((open) => open.room === null || open.room > 0)) return { added: 0, days: days.length };
    const placed =
      work.workedAt === 'participating_branch'
        ? `JOIN org_units u ON u.id = p.org_unit_id
           JOIN LATERAL (SELECT * FROM days d WHERE u.path LIKE d.path || '%' ORDER BY length(d.path) DESC LIMIT 1) d ON true`
        : `JOIN days d ON d.branch_id = p.org_unit_id`;
    const added: { contact_id: string; branch_id: number; batch_id: string }[] = await manager.query(
      `WITH days AS (
         SELECT d.branch_id, d.batch_id, d.capacity - d.carried_over - d.added AS room, u.path
           FROM ${work.daysTable} d JOIN org_units u ON u.id = d.branch_id
          WHERE d.step_id = $1 AND d.day = $2
       ), picked AS (
         SELECT k.id, k.org_unit_id, k.contacted_at FROM contacts k
          WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $4
          FOR UPDATE SKIP LOCKED
       ), chosen AS (
         SELECT id, branch_id, batch_id FROM (
           SELECT p.id, d.branch_id, d.batch_id, d.room, row_number() OVER (PARTITION BY d.branch_id ORDER BY p.contacted_at, p.id) AS n
             FROM picked p ${placed}
         ) x WHERE x.room IS NULL OR x.n <= x.room
       ), queued AS (
         UPDATE contacts k SET status = 'queued', batch_id = c.batch_id FROM chosen c WHERE k.id = c.id RETURNING k.id
       ), work AS (
         ${work.createWork}
       )
       SELECT contact_id, branch_id, batch_id FROM work`,
      [step.step_id, day, step.campaign_id, now],
    );
    if (added.length === 0) return { added: 0, days: days.length };
    await manager.query(
      `UPDATE ${work.daysTable} d SET added = d.added + a.n
         FROM (SELECT branch_id, count(*)::int AS n FROM unnest($3::int[]) AS x(branch_id) GROUP BY branch_id) a
        WHERE d.step_id = $1 AND d.day = $2 AND d.branch_id = a.branch_id`,
      [step.step_id, day, added.map((row) => row.branch_id)],
    );
    await manager.query(
      `UPDATE dispatch_batches b SET contacts = b.contacts + a.n, updated_at = now()
         FROM (SELECT batch_id, count(*)::int AS n FROM unnest($1::bigint[]) AS x(batch_id) GROUP BY batch_id) a
        WHERE b.id = a.batch_id`,
      [added.map((row) => row.batch_id)],
    );
    await this.tracking.record(
      { type: 'queued', contactIds: added.map((row) => Number(row.contact_id)), occurredAt: now, key: `${work.eventKey}:${step.step_id}:${day}` },
      manager,
    );
    return { added: added.length, days: days.length };
  }
}
