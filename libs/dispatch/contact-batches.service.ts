import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { BudgetGuard } from '@lib/budgets';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { fenOf } from '@lib/budgets/budget-ledger';
import { ContactEligibility, ContactPolicy, ContactPolicyService, ExclusionReason } from '@lib/contact-rules';
import { NotificationService } from '@lib/notifications';
import { SEND_ATTEMPTS } from '@lib/queue';
import { TrackingService } from '@lib/tracking';

/** Reasons of the send-time check that only delay a contact: it goes back to planned and is released again later. */
const DELAYING: readonly ExclusionReason[] = ['quiet_hours', 'holiday'];

/** A part of a batch claimed for sending: checked, paid for, marked 'sending'. */
export interface ClaimedPart {
  batchId: number;
  campaignId: number;
  stepId: number;
  channel: StepChannel;
  contactIds: number[];
  /** True when the part was claimed by a send that has not settled it (it died, or its hold on the job lapsed): it is sent again as it was. */
  resumed: boolean;
  /**
   * The budget grants that pay for the part: one for a fresh part; a resumed part carries
   * those of every open part it resends. A part can have two senders (one whose hold on
   * the job lapsed goes on while another resends the part), so a grant is settled by the
   * first settlement that still finds it open on the batch, and by no other.
   */
  grantIds: number[];
}

/** Why a batch has nothing more to send now. */
export type BatchStop = 'done' | 'paused' | 'cancelled' | 'budget_exhausted';

/**
 * What a claim found: a part to send, why the batch stops, or — for a claim made while the
 * caller still holds parts — 'settle_first': the batch stops or ends, which is decided once
 * the held parts are settled, so that no batch is closed with contacts still being sent.
 */
export type PartClaim = { part: ClaimedPart; stop?: undefined } | { part?: undefined; stop: BatchStop | 'settle_first' };

/**
 * What the claim of a single contact (a call) found: claimed and paid for; skipped for
 * good with its reason; not now (quiet hours, a holiday, a renewal not yet in its
 * window: the caller keeps it for later); or the step's budget is spent.
 */
export type ContactClaim =
  | { outcome: 'claimed'; at: Date }
  | { outcome: 'skipped'; reason: ExclusionReason }
  | { outcome: 'not_now'; reason: ExclusionReason }
  | { outcome: 'budget_exhausted' };

/** Reasons that hold a call back rather than end it: a renewal call waits for its window. */
const DELAYING_CALL: readonly ExclusionReason[] = [...DELAYING, 'renewal_too_early'];

/** What the channel did with a part's contacts. */
export interface PartOutcome {
  sent: number[];
  /** Refused for good (an SMTP 5xx answer): never tried again. */
  bounced: SendFailure[];
  /** Failed for now (an SMTP 4xx answer, a lost connection): tried again until SEND_ATTEMPTS. */
  failed: SendFailure[];
}

export interface SendFailure {
  contactId: number;
  /** A short class for the events and reports: 'smtp_550', 'connection' … */
  reason: string;
  /** What the other side said, kept on the contact for the dead-letter list. */
  detail: string;
}

interface BatchRow {
  id: string;
  campaign_id: number;
  step_id: number;
  branch_id: number;
  channel: StepChannel;
  status: string;
  open_grant_ids: string[];
  campaign_status: string;
  owning_org_unit_id: number;
  owning_path: string;
  owner_id: number;
  objective: string;
  priority: number;
  cost_per_contact: string;
  code: string;
  name: string;
  budget_exhausted: boolean;
}

/**
 * The channel-independent half of sending a batch (docs/dispatch.md): a part of the
 * batch is claimed in one transaction — the customers locked, the contact rules checked
 * again at this moment, skips recorded with their reason, the budget granted, the
 * contacts marked 'sending' — and settled in another, in which each contact moves
 * forward together with its spend line and its events. Frequency caps hold across
 * processes because a claim locks its customers and counts 'sending' contacts: a
 * second campaign's claim on the same customer waits, then sees the first.
 */
@Injectable()
export class ContactBatches {
  private readonly logger = new Logger(ContactBatches.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eligibility: ContactEligibility,
    private readonly policies: ContactPolicyService,
    private readonly budget: BudgetGuard,
    private readonly tracking: TrackingService,
    private readonly notifications: NotificationService,
  ) {}

  /**
   * Claims up to `size` contacts of the batch, or says why there are none to send now.
   * `holding` are the parts the caller claimed and has not settled yet (it claims the next
   * part while sending one): their contacts are being sent, not left behind by a sender
   * that died, and they count for the contact rules like every contact being sent.
   */
  async claimPart(batchId: number, size: number, holding: ClaimedPart[] = []): Promise<PartClaim> {
    // Read before the transaction, whose batch and customer locks then wait for no other connection.
    const policy = await this.policies.loadDefault();
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.lockBatch(manager, batchId);
      const later = holding.length > 0 ? 'settle_first' : undefined;
      if (!batch || !['queued', 'sending'].includes(batch.status)) return { stop: later ?? 'done' };
      const base = { batchId, campaignId: batch.campaign_id, stepId: batch.step_id, channel: batch.channel };
      const heldIds = holding.flatMap((part) => part.contactIds);
      const inFlight: { id: string }[] = await manager.query(
        `SELECT id FROM contacts WHERE batch_id = $1 AND status = 'sending' AND id <> ALL($2::bigint[]) ORDER BY id`,
        [batchId, heldIds],
      );
      if (inFlight.length > 0) {
        const heldGrants = new Set(holding.flatMap((part) => part.grantIds));
        const grantIds = batch.open_grant_ids.map(Number).filter((id) => !heldGrants.has(id));
        return { part: { ...base, contactIds: inFlight.map((row) => Number(row.id)), resumed: true, grantIds } };
      }

      if (later && (batch.campaign_status !== 'running' || batch.budget_exhausted)) return { stop: later };
      if (batch.campaign_status === 'paused' || batch.budget_exhausted) {
        // Not tried yet, so back to planned: the dispatcher releases them again on resume.
        await manager.query(`UPDATE contacts SET status = 'planned', batch_id = NULL WHERE batch_id = $1 AND status = 'queued'`, [batchId]);
        await this.closeBatch(manager, batchId, 'returned');
        return { stop: batch.budget_exhausted ? 'budget_exhausted' : 'paused' };
      }
      if (batch.campaign_status !== 'running') {
        await manager.query(`UPDATE contacts SET status = 'cancelled' WHERE batch_id = $1 AND status = 'queued'`, [batchId]);
        await this.closeBatch(manager, batchId, 'cancelled');
        return { stop: 'cancelled' };
      }

      const picked: { id: string; customer_id: string }[] = await manager.query(
        `SELECT id, customer_id FROM contacts WHERE batch_id = $1 AND status = 'queued' ORDER BY id LIMIT $2 FOR UPDATE`,
        [batchId, size],
      );
      if (picked.length === 0) return { stop: later ?? 'done' };
      const customerIds = [...new Set(picked.map((row) => Number(row.customer_id)))].sort((a, b) => a - b);
      // Locked in one order, so two claims never deadlock; NO KEY UPDATE leaves inserts that reference the customer free.
      await manager.query(`SELECT id FROM customers WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE`, [customerIds]);
      // Taken after the locks: a claim that waited for another sees that one's contacts as earlier than itself.
      const [{ at }] = await manager.query(`SELECT clock_timestamp() AS at`);
      const reasons = await this.sendTimeReasons(manager, batch, customerIds, at, policy);

      const skipped = new Map<string, number[]>();
      const delayed: number[] = [];
      const eligible: number[] = [];
      for (const row of picked) {
        const reason = reasons.get(Number(row.customer_id)) ?? null;
        if (reason === null) eligible.push(Number(row.id));
        else if (DELAYING.includes(reason)) delayed.push(Number(row.id));
        else skipped.set(reason, [...(skipped.get(reason) ?? []), Number(row.id)]);
      }
      const key = `claim:${randomUUID()}`;
      for (const [reason, ids] of skipped) {
        await manager.query(`UPDATE contacts SET status = 'skipped', skip_reason = $2 WHERE id = ANY($1::bigint[])`, [ids, reason]);
        await this.tracking.record({ type: 'skipped', reason, contactIds: ids, occurredAt: at, key }, manager);
      }

      const granted = await this.grant(manager, batch, eligible);
      const notGranted = eligible.slice(granted.count);
      if (notGranted.length > 0) await this.stopForBudget(manager, batch);
      const backToPlanned = [...delayed, ...notGranted];
      if (backToPlanned.length > 0) {
        await manager.query(`UPDATE contacts SET status = 'planned', batch_id = NULL WHERE id = ANY($1::bigint[])`, [backToPlanned]);
      }
      const claimed = eligible.slice(0, granted.count);
      if (claimed.length === 0) {
        await manager.query(`UPDATE dispatch_batches SET updated_at = now() WHERE id = $1`, [batchId]);
        // Every contact of the part was skipped or delayed (and left the batch): the caller claims the next part.
        if (notGranted.length > 0) return { stop: later ?? 'budget_exhausted' };
        return { part: { ...base, contactIds: [], resumed: false, grantIds: [] } };
      }
      await manager.query(
        `UPDATE contacts SET status = 'sending', contacted_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
        [claimed, at],
      );
      const grantIds = granted.grantId === null ? [] : [granted.grantId];
      await manager.query(
        `UPDATE dispatch_batches SET status = 'sending', open_grant_ids = open_grant_ids || $2::bigint[], updated_at = now() WHERE id = $1`,
        [batchId, grantIds],
      );
      return { part: { ...base, contactIds: claimed, resumed: false, grantIds } };
    });
  }

  /**
   * Claims one contact of a batch in the caller's transaction (which holds whatever
   * keeps two callers from claiming the same contact, e.g. a call-list entry locked
   * with SKIP LOCKED): the customer locked, the contact rules checked at this moment, a
   * skip recorded with its reason, one contact's budget granted and spent at once (a
   * call is paid for when it is made), the contact marked 'sending' with its attempt.
   * The caller loads the policy before its transaction: a claim then needs no second
   * connection, so callers holding every connection of the pool cannot starve it.
   */
  async claimContact(manager: EntityManager, contactId: number, policy: ContactPolicy): Promise<ContactClaim> {
    const [contact]: { batch_id: string; customer_id: string; status: string }[] = await manager.query(
      `SELECT batch_id, customer_id, status FROM contacts WHERE id = $1 FOR UPDATE`,
      [contactId],
    );
    if (!contact || contact.status !== 'queued') return { outcome: 'skipped', reason: 'do_not_contact' };
    const batch = await this.batchRow(manager, Number(contact.batch_id), false);
    if (!batch) return { outcome: 'skipped', reason: 'do_not_contact' };
    if (batch.budget_exhausted) return { outcome: 'budget_exhausted' };
    const customerId = Number(contact.customer_id);
    await manager.query(`SELECT id FROM customers WHERE id = $1 FOR NO KEY UPDATE`, [customerId]);
    const [{ at }] = await manager.query(`SELECT clock_timestamp() AS at`);
    const reason = (await this.sendTimeReasons(manager, batch, [customerId], at, policy)).get(customerId);
    if (reason && DELAYING_CALL.includes(reason)) return { outcome: 'not_now', reason };
    if (reason) {
      await manager.query(`UPDATE contacts SET status = 'skipped', skip_reason = $2 WHERE id = $1`, [contactId, reason]);
      await this.tracking.record({ type: 'skipped', reason, contactIds: [contactId], occurredAt: at, key: `claim:${randomUUID()}` }, manager);
      return { outcome: 'skipped', reason };
    }
    const granted = await this.grant(manager, batch, [contactId]);
    if (granted.count === 0) {
      await this.stopForBudget(manager, batch);
      return { outcome: 'budget_exhausted' };
    }
    if (granted.grantId !== null) await this.budget.settle(granted.grantId, 1, manager);
    await manager.query(`UPDATE contacts SET status = 'sending', contacted_at = $2, attempts = attempts + 1 WHERE id = $1`, [contactId, at]);
    return { outcome: 'claimed', at };
  }

  /**
   * Settles a claimed part: sent contacts move to 'sent', bounced ones to 'bounced',
   * failed ones back to 'queued' (or to 'dead' after SEND_ATTEMPTS); each of the part's
   * grants still open becomes a spend line for its share of what this settlement moved to
   * sent; one event per contact that moved (a second sender of the part finds the first
   * one's settlement and adds nothing). `alsoInTransaction` lets the
   * channel write what it keeps of the outcome (e.g. suppressed addresses) in the same
   * transaction.
   */
  async settlePart(part: ClaimedPart, outcome: PartOutcome, alsoInTransaction?: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [batch]: { open_grant_ids: string[] }[] = await manager.query(
        `SELECT open_grant_ids FROM dispatch_batches WHERE id = $1 FOR UPDATE`,
        [part.batchId],
      );
      const now = new Date();
      const key = `settle:${randomUUID()}`;
      // An UPDATE answers [rows, affected count].
      const [sent]: [{ id: string }[]] = await manager.query(
        `UPDATE contacts SET status = 'sent', sent_at = $2 WHERE id = ANY($1::bigint[]) AND status = 'sending' RETURNING id`,
        [outcome.sent, now],
      );
      await this.tracking.record({ type: 'sent', contactIds: sent.map((row) => Number(row.id)), occurredAt: now, key }, manager);
      const [bounced]: [{ id: string }[]] = outcome.bounced.length
        ? await manager.query(
            `UPDATE contacts k SET status = 'bounced', last_error = left(b.detail, 300)
               FROM unnest($1::bigint[], $2::text[]) AS b(id, detail)
              WHERE k.id = b.id AND k.status = 'sending'
              RETURNING k.id`,
            [outcome.bounced.map((b) => b.contactId), outcome.bounced.map((b) => b.detail)],
          )
        : [[]];
      const bouncedNow = new Set(bounced.map((row) => Number(row.id)));
      await this.recordEach(manager, 'bounced', outcome.bounced.filter((b) => bouncedNow.has(b.contactId)), now, key);
      const [failed]: [{ id: string; dead: boolean }[]] = outcome.failed.length
        ? await manager.query(
            `UPDATE contacts k SET status = CASE WHEN k.attempts >= $3 THEN 'dead' ELSE 'queued' END, last_error = left(f.reason, 300)
               FROM unnest($1::bigint[], $2::text[]) AS f(id, reason)
              WHERE k.id = f.id AND k.status = 'sending'
              RETURNING k.id, k.status = 'dead' AS dead`,
            [outcome.failed.map((f) => f.contactId), outcome.failed.map((f) => f.detail), SEND_ATTEMPTS],
          )
        : [[]];
      const dead = new Set(failed.filter((row) => row.dead).map((row) => Number(row.id)));
      const failedNow = new Set(failed.map((row) => Number(row.id)));
      await this.recordEach(
        manager,
        'failed',
        outcome.failed
          .filter((f) => failedNow.has(f.contactId))
          .map((f) => ({ contactId: f.contactId, reason: dead.has(f.contactId) ? `dead_letter:${f.reason}` : f.reason })),
        now,
        key,
      );
      // The batch row is locked, so of two senders of a part only the first finds its grant still open.
      const open = new Set((batch?.open_grant_ids ?? []).map(Number));
      await this.settleGrants(manager, part.grantIds.filter((id) => open.has(id)), sent.length);
      await alsoInTransaction?.(manager);
      await manager.query(
        `UPDATE dispatch_batches SET open_grant_ids = ARRAY(SELECT g FROM unnest(open_grant_ids) AS g WHERE g <> ALL($2::bigint[])), updated_at = now()
          WHERE id = $1`,
        [part.batchId, part.grantIds],
      );
      if (dead.size > 0) this.logger.warn(`batch ${part.batchId}: ${dead.size} contacts failed ${SEND_ATTEMPTS} times and wait in the dead-letter list`);
    });
  }

  /**
   * Settles open grants with the contacts a settlement moved to sent. The grants of one
   * batch are for the same branch, step and cost per contact, so the sent contacts are
   * spread over them in order, each taking at most what it granted; the rest is freed.
   */
  private async settleGrants(manager: EntityManager, grantIds: number[], sentContacts: number): Promise<void> {
    if (grantIds.length === 0) return;
    const grants: { id: string; contacts: number }[] = await manager.query(
      `SELECT id, contacts FROM budget_lines WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [grantIds],
    );
    let left = sentContacts;
    for (const grant of grants) {
      const share = Math.min(left, grant.contacts);
      await this.budget.settle(Number(grant.id), share, manager);
      left -= share;
    }
  }

  /** Ends a batch whose contacts are all settled; 'retry' while some failed for now and wait for another attempt. */
  async finishBatch(batchId: number): Promise<'done' | 'retry'> {
    return this.dataSource.transaction(async (manager) => {
      const [left] = await manager.query(
        `SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS open FROM contacts WHERE batch_id = $1`,
        [batchId],
      );
      if (left.open > 0) return 'retry';
      await manager.query(`UPDATE dispatch_batches SET status = 'done', updated_at = now() WHERE id = $1 AND status IN ('queued', 'sending')`, [batchId]);
      return 'done';
    });
  }

  private lockBatch(manager: EntityManager, batchId: number): Promise<BatchRow | undefined> {
    return this.batchRow(manager, batchId, true);
  }

  private async batchRow(manager: EntityManager, batchId: number, lock: boolean): Promise<BatchRow | undefined> {
    const [batch] = await manager.query(
      `SELECT b.id, b.campaign_id, b.step_id, b.channel, b.status, b.open_grant_ids::text[] AS open_grant_ids,
              -- The budget's branch: a county's visits are paid by the participating branch above it, when the county is not one.
              coalesce((SELECT p.id FROM campaign_budgets cb JOIN org_units p ON p.id = ANY(cb.branch_ids) JOIN org_units bu ON bu.id = b.branch_id
                         WHERE cb.campaign_id = b.campaign_id AND bu.path LIKE p.path || '%' ORDER BY length(p.path) DESC LIMIT 1), b.branch_id) AS branch_id,
              c.status AS campaign_status, c.owning_org_unit_id, ou.path AS owning_path, c.owner_id, c.code,
              r.objective, r.priority, r.name, s.cost_per_contact::text,
              EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = b.step_id AND x.state = 'budget_exhausted') AS budget_exhausted
         FROM dispatch_batches b
         JOIN campaigns c ON c.id = b.campaign_id
         JOIN org_units ou ON ou.id = c.owning_org_unit_id
         JOIN campaign_steps s ON s.id = b.step_id
         JOIN campaign_revisions r ON r.id = s.revision_id
        WHERE b.id = $1 ${lock ? 'FOR UPDATE OF b' : ''}`,
      [batchId],
    );
    return batch;
  }

  /** The first reason, per customer, why the contact may not be made at `at`; customers who may be contacted are absent. */
  private async sendTimeReasons(
    manager: EntityManager,
    batch: BatchRow,
    customerIds: number[],
    at: Date,
    policy: ContactPolicy,
  ): Promise<Map<number, ExclusionReason>> {
    const decisions = this.eligibility.decisionsByCustomer(
      new OrgScope(batch.owning_org_unit_id, batch.owning_path),
      { sql: 'SELECT unnest($1::bigint[]) AS customer_id', params: [customerIds] },
      policy,
      {
        channels: [batch.channel],
        at,
        purpose: batch.objective === 'retention' ? 'renewal' : 'sales',
        campaignId: batch.campaign_id,
        priority: batch.priority,
        fewCustomers: true,
      },
    );
    const rows: { customer_id: string; reason_0: ExclusionReason | null }[] = await manager.query(decisions.sql, decisions.params);
    const reasons = new Map<number, ExclusionReason>();
    for (const row of rows) if (row.reason_0) reasons.set(Number(row.customer_id), row.reason_0);
    // A customer outside the owning unit's scope now (moved to another province) is not contacted either.
    for (const id of customerIds) if (!rows.some((row) => Number(row.customer_id) === id)) reasons.set(id, 'do_not_contact');
    return reasons;
  }

  private async grant(manager: EntityManager, batch: BatchRow, eligible: number[]): Promise<{ count: number; grantId: number | null }> {
    if (eligible.length === 0) return { count: 0, grantId: null };
    const grant = await this.budget.grant(
      {
        campaignId: batch.campaign_id,
        branchId: batch.branch_id,
        channel: batch.channel,
        stepId: batch.step_id,
        contacts: eligible.length,
        unitCostFen: fenOf(batch.cost_per_contact),
      },
      manager,
    );
    return { count: grant.grantedContacts, grantId: grant.grantId };
  }

  /** The step stops before it would overspend; its owner hears of it once. */
  private async stopForBudget(manager: EntityManager, batch: BatchRow): Promise<void> {
    const [stopped] = await manager.query(
      `INSERT INTO step_dispatch_states (step_id, campaign_id, state) VALUES ($1, $2, 'budget_exhausted') ON CONFLICT DO NOTHING RETURNING step_id`,
      [batch.step_id, batch.campaign_id],
    );
    if (!stopped) return;
    this.logger.warn(`campaign ${batch.campaign_id}, step ${batch.step_id}: budget exhausted, sending stopped`);
    await this.notifications.notify(manager, {
      kind: 'step_budget_exhausted',
      recipientIds: [batch.owner_id],
      params: { name: batch.name, code: batch.code, channel: batch.channel },
      link: `/campaigns/${batch.campaign_id}`,
    });
  }

  private async recordEach(
    manager: EntityManager,
    type: 'bounced' | 'failed',
    items: { contactId: number; reason: string }[],
    occurredAt: Date,
    key: string,
  ): Promise<void> {
    const byReason = new Map<string, number[]>();
    for (const item of items) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item.contactId]);
    for (const [reason, contactIds] of byReason) await this.tracking.record({ type, reason: reason.slice(0, 40), contactIds, occurredAt, key }, manager);
  }

  private async closeBatch(manager: EntityManager, batchId: number, status: 'returned' | 'cancelled'): Promise<void> {
    await manager.query(`UPDATE dispatch_batches SET status = $2, updated_at = now() WHERE id = $1`, [batchId, status]);
  }
}
