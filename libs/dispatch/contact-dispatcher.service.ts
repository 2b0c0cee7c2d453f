import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { stepDays } from '@lib/campaigns';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { campaignMoney, fenOf } from '@lib/budgets/budget-ledger';
import { AppConfig } from '@lib/config';
import { ContactPolicy, ContactPolicyService } from '@lib/contact-rules';
import { JobName, JobQueue } from '@lib/queue';
import { TrackingService } from '@lib/tracking';
import { localDayOf, PacingHold, stepPacing } from './step-pacing';

/** The channels that send through the dispatcher now, with the job that sends a batch. */
const CHANNEL_JOBS: Partial<Record<StepChannel, JobName.SendEmailBatch>> = { email: JobName.SendEmailBatch };

interface DueStep {
  step_id: number;
  campaign_id: number;
  channel: StepChannel;
  start_date: string;
  end_date: string;
  start_offset_days: number | null;
  step_start_date: string | null;
  days_of_week: number[];
  window_start: string | null;
  window_end: string | null;
  daily_capacity: number | null;
  branch_ids: number[];
  in_flight: number;
}

export interface DispatchRound {
  batchesQueued: number;
  contactsReleased: number;
  /** Steps with due contacts that released none this round, and why. */
  held: { stepId: number; heldBy: PacingHold }[];
}

/**
 * Hands the due contacts of running campaigns to their channels in batches (a job per
 * batch, never per contact), paced per step (stepPacing) and per channel rate. Runs as
 * a repeated job; a round in any process is safe beside another: contacts are picked
 * with SKIP LOCKED and each step's daily count is locked while it is raised.
 */
@Injectable()
export class ContactDispatcher {
  private readonly logger = new Logger(ContactDispatcher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly policies: ContactPolicyService,
    private readonly tracking: TrackingService,
    private readonly jobs: JobQueue,
  ) {}

  /** Repeats the dispatch round every DISPATCH_INTERVAL_MS, once across every worker process. */
  async scheduleRounds(): Promise<void> {
    await this.jobs.queue(JobName.DispatchDueContacts).upsertJobScheduler('dispatch-due-contacts', { every: this.config.DISPATCH_INTERVAL_MS }, {
      name: JobName.DispatchDueContacts,
      data: {},
    });
  }

  async dispatchDue(now = new Date()): Promise<DispatchRound> {
    await this.resumeFundedSteps();
    const steps: DueStep[] = await this.dataSource.query(
      `SELECT s.id AS step_id, l.campaign_id, s.channel, r.start_date::text, r.end_date::text, s.start_offset_days,
              s.start_date::text AS step_start_date, s.days_of_week, s.window_start::text, s.window_end::text, s.daily_capacity,
              CASE WHEN cardinality(s.branch_ids) > 0 THEN s.branch_ids ELSE r.branch_ids END AS branch_ids,
              (SELECT coalesce(sum(b.contacts), 0)::int FROM dispatch_batches b
                WHERE b.step_id = s.id AND b.status IN ('queued', 'sending')) AS in_flight
         FROM campaign_launches l
         JOIN campaigns c ON c.id = l.campaign_id AND c.status = 'running'
         JOIN campaign_revisions r ON r.id = l.revision_id
         JOIN campaign_steps s ON s.revision_id = r.id AND s.channel = ANY($1::text[])
        WHERE NOT EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = s.id)
          AND EXISTS (SELECT 1 FROM contacts k WHERE k.step_id = s.id AND k.status = 'planned' AND k.contacted_at <= $2)
        ORDER BY r.priority DESC, l.frozen_at, s.position`,
      [Object.keys(CHANNEL_JOBS), now],
    );
    const round: DispatchRound = { batchesQueued: 0, contactsReleased: 0, held: [] };
    const policy = steps.length > 0 ? await this.policies.loadDefault() : null;
    // What each channel's rate allows in one round, shared by its steps in priority order.
    const allowance = new Map<StepChannel, number>([['email', Math.ceil((this.config.EMAIL_RATE_PER_SECOND * this.config.DISPATCH_INTERVAL_MS) / 1000)]]);
    for (const step of steps) {
      const released = await this.releaseStep(step, policy as ContactPolicy, allowance.get(step.channel) ?? 0, now);
      if (released.heldBy) round.held.push({ stepId: step.step_id, heldBy: released.heldBy });
      allowance.set(step.channel, (allowance.get(step.channel) ?? 0) - released.contacts);
      round.contactsReleased += released.contacts;
      round.batchesQueued += await this.queueBatches(step.channel, released.batchIds);
    }
    round.batchesQueued += await this.requeueOrphans();
    return round;
  }

  /**
   * A step stopped by its budget goes on once its campaign has money for a contact
   * again (a raise approved, a grant given back): the budget guard still limits each part.
   */
  private async resumeFundedSteps(): Promise<void> {
    const stopped: { step_id: number; campaign_id: number; cost: string }[] = await this.dataSource.query(
      `SELECT x.step_id, x.campaign_id, s.cost_per_contact::text AS cost
         FROM step_dispatch_states x JOIN campaign_steps s ON s.id = x.step_id WHERE x.state = 'budget_exhausted'`,
    );
    for (const step of stopped) {
      const money = await campaignMoney(this.dataSource.manager, step.campaign_id);
      if (money.remainingFen >= Math.max(1, fenOf(step.cost))) {
        await this.dataSource.query(`DELETE FROM step_dispatch_states WHERE step_id = $1 AND state = 'budget_exhausted'`, [step.step_id]);
        this.logger.log(`campaign ${step.campaign_id}, step ${step.step_id}: budget available again, sending goes on`);
      }
    }
  }

  /** Releases what the pacing allows of one step's due contacts, as batches per participating branch, in one transaction. */
  private async releaseStep(
    step: DueStep,
    policy: ContactPolicy,
    channelAllowance: number,
    now: Date,
  ): Promise<{ contacts: number; batchIds: number[]; heldBy: PacingHold | null }> {
    return this.dataSource.transaction(async (manager) => {
      const days = stepDays(step.start_date, step.end_date, {
        startOffsetDays: step.start_offset_days,
        startDate: step.step_start_date,
        daysOfWeek: step.days_of_week,
      });
      const localDay = localDayOf(now);
      // The day's count is locked, so two rounds cannot both fill the same capacity.
      await manager.query(`INSERT INTO step_dispatch_days (step_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [step.step_id, localDay]);
      const [{ released }] = await manager.query(`SELECT released FROM step_dispatch_days WHERE step_id = $1 AND day = $2 FOR UPDATE`, [
        step.step_id,
        localDay,
      ]);
      const pacing = stepPacing({
        now,
        days,
        windowStart: step.window_start,
        windowEnd: step.window_end,
        quiet: policy.quietHours[step.channel] ?? null,
        holidays: policy.holidayChannels.includes(step.channel) ? policy.holidays : [],
        dailyCapacity: step.daily_capacity,
        releasedToday: released,
        inFlight: step.in_flight,
        maxInFlight: this.config.DISPATCH_MAX_IN_FLIGHT,
        channelAllowance,
      });
      if (pacing.heldBy) return { contacts: 0, batchIds: [], heldBy: pacing.heldBy };
      const batches = await this.formBatches(manager, step, pacing.release, now);
      const contactIds = batches.flatMap((batch) => batch.contact_ids.map(Number));
      await manager.query(`UPDATE step_dispatch_days SET released = released + $3 WHERE step_id = $1 AND day = $2`, [
        step.step_id,
        localDay,
        contactIds.length,
      ]);
      await this.tracking.record({ type: 'queued', contactIds, occurredAt: now, key: `queued:${step.step_id}` }, manager);
      return { contacts: contactIds.length, batchIds: batches.map((batch) => Number(batch.id)), heldBy: null };
    });
  }

  /**
   * Picks up to `limit` due contacts of the step (skipping any another round holds),
   * groups them by the participating branch whose subtree holds the contact's branch,
   * cuts each group into batches and marks the contacts queued in their batch.
   */
  private async formBatches(manager: EntityManager, step: DueStep, limit: number, now: Date): Promise<{ id: string; contact_ids: string[] }[]> {
    return manager.query(
      `WITH picked AS (
         SELECT k.id, k.org_unit_id FROM contacts k
          WHERE k.step_id = $1 AND k.status = 'planned' AND k.contacted_at <= $2
          ORDER BY k.contacted_at, k.id LIMIT $3 FOR UPDATE SKIP LOCKED
       ), branches AS (
         SELECT id, path FROM org_units WHERE id = ANY($4::int[])
       ), placed AS (
         SELECT p.id, (SELECT b.id FROM org_units u JOIN branches b ON u.path LIKE b.path || '%'
                        WHERE u.id = p.org_unit_id ORDER BY length(b.path) DESC LIMIT 1) AS branch_id
           FROM picked p
       ), numbered AS (
         SELECT id, branch_id, (row_number() OVER (PARTITION BY branch_id ORDER BY id) - 1) / $5 AS part
           FROM placed WHERE branch_id IS NOT NULL
       ), grouped AS (
         SELECT branch_id, part, nextval(pg_get_serial_sequence('dispatch_batches', 'id')) AS batch_id, count(*)::int AS n
           FROM numbered GROUP BY branch_id, part
       ), created AS (
         INSERT INTO dispatch_batches (id, campaign_id, step_id, branch_id, channel, contacts)
         SELECT batch_id, $6, $1, branch_id, $7, n FROM grouped
         RETURNING id
       ), queued AS (
         UPDATE contacts k SET status = 'queued', batch_id = g.batch_id
           FROM numbered x JOIN grouped g ON g.branch_id = x.branch_id AND g.part = x.part
          WHERE k.id = x.id
         RETURNING k.id, k.batch_id
       )
       SELECT q.batch_id AS id, array_agg(q.id ORDER BY q.id) AS contact_ids
         FROM queued q WHERE q.batch_id IN (SELECT id FROM created) GROUP BY q.batch_id ORDER BY q.batch_id`,
      [step.step_id, now, limit, step.branch_ids, this.config.DISPATCH_BATCH_SIZE, step.campaign_id, step.channel],
    );
  }

  private async queueBatches(channel: StepChannel, batchIds: number[]): Promise<number> {
    const job = CHANNEL_JOBS[channel];
    if (!job || batchIds.length === 0) return 0;
    await this.jobs.addMany(job, batchIds.map((batchId) => ({ payload: { batchId }, jobId: sendBatchJobId(batchId) })));
    return batchIds.length;
  }

  /**
   * Open batches no job has touched for DISPATCH_ORPHAN_AFTER_MS: queued again when their job is gone
   * (Redis lost, or the job ran out of attempts while its process died), so no contact
   * waits in a batch for ever. The job id keeps a living job from being doubled.
   */
  private async requeueOrphans(): Promise<number> {
    const orphans: { id: string; channel: StepChannel }[] = await this.dataSource.query(
      `SELECT id, channel FROM dispatch_batches
        WHERE status IN ('queued', 'sending') AND channel = ANY($2::text[]) AND updated_at < now() - make_interval(secs => $1)
        ORDER BY id LIMIT 1000`,
      // A day's call list stays open while its agents work it: only batches sent by a job can lose one.
      [this.config.DISPATCH_ORPHAN_AFTER_MS / 1000, Object.keys(CHANNEL_JOBS)],
    );
    let requeued = 0;
    for (const orphan of orphans) {
      const job = CHANNEL_JOBS[orphan.channel];
      if (!job) continue;
      const queue = this.jobs.queue(job);
      const existing = await queue.getJob(sendBatchJobId(Number(orphan.id)));
      const state = existing ? await existing.getState() : 'missing';
      if (state === 'failed' || state === 'completed') await existing?.remove();
      if (state === 'missing' || state === 'failed' || state === 'completed' || state === 'unknown') {
        await this.jobs.add(job, { batchId: Number(orphan.id) }, sendBatchJobId(Number(orphan.id)));
        await this.dataSource.query(`UPDATE dispatch_batches SET updated_at = now() WHERE id = $1`, [orphan.id]);
        requeued += 1;
      }
    }
    if (requeued > 0) this.logger.warn(`${requeued} dispatch batches had lost their job and were queued again`);
    return requeued;
  }
}

/** One job per batch: queueing a batch again while its job lives adds nothing. */
export function sendBatchJobId(batchId: number): string {
  return `send-batch-${batchId}`;
}
