import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConversionAttribution } from '@lib/attribution';
import { AuthUser, OrgScope } from '@lib/auth';
import { AppConfig } from '@lib/config';
import { ConflictError, NotFoundError, ValidationError } from '@lib/common';
import { ContactPolicy, ContactPolicyService, DoNotCallService } from '@lib/contact-rules';
import { ContactBatches } from '@lib/dispatch';
import { contextsForContacts, MessageTemplates } from '@lib/message-templates';
import { ContactEventBatch, TrackingService } from '@lib/tracking';
import type {
  CallbackView,
  CallSkip,
  CallView,
  Disposition,
  DispositionRecordedView,
  NextCallView,
} from './call-centre.view';
import { RETRIED_DISPOSITIONS } from './call-centre.view';

/** A disposition as the desk and the dialler import record it. */
export interface CallResult {
  disposition: Disposition;
  /** For 'callback': when to call again. */
  callbackAt?: Date;
  /** For 'converted': the policy the customer bought. */
  policyNo?: string;
  note?: string;
}

/** How many waiting calls one request looks at before it answers without one (each skipped is recorded). */
const LOOK_AHEAD = 25;

/** The contact's status and the events of each disposition (docs/call-centre.md). */
const OUTCOMES: Record<Disposition, { status: string; events: ContactEventBatch['type'][] }> = {
  no_answer: { status: 'queued', events: ['called'] },
  busy: { status: 'queued', events: ['called'] },
  wrong_number: { status: 'failed', events: ['called'] },
  callback: { status: 'queued', events: ['called', 'connected'] },
  not_interested: { status: 'connected', events: ['called', 'connected'] },
  interested: { status: 'connected', events: ['called', 'connected', 'responded'] },
  converted: { status: 'connected', events: ['called', 'connected', 'responded'] },
  do_not_call_again: { status: 'connected', events: ['called', 'connected'] },
};

/**
 * The agents' side of the call lists: the next call of the agent's branches (two agents
 * never get the same one: the entry is taken with FOR UPDATE SKIP LOCKED), checked
 * against the contact rules at that moment by the shared claim, and the disposition
 * that moves the call and its contact forward in one transaction.
 */
@Injectable()
export class CallDesk {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly batches: ContactBatches,
    private readonly templates: MessageTemplates,
    private readonly tracking: TrackingService,
    private readonly doNotCall: DoNotCallService,
    private readonly policies: ContactPolicyService,
    private readonly attribution: ConversionAttribution,
  ) {}

  async nextCall(agent: AuthUser): Promise<NextCallView> {
    const skipped: CallSkip[] = [];
    // Loaded before the transaction, so that a request holds one connection of the pool at a time.
    const policy = await this.policies.loadDefault();
    const outcome = await this.dataSource.transaction(async (manager) => {
      // A call already handed to the agent and not yet recorded comes back: asking twice hands out nothing new.
      const [held] = await manager.query(`SELECT contact_id FROM call_list_entries WHERE agent_id = $1 AND state = 'with_agent' ORDER BY handed_out_at LIMIT 1`, [
        agent.id,
      ]);
      if (held) return { contactId: Number(held.contact_id), waitingFor: null };
      for (let looked = 0; looked < LOOK_AHEAD; looked += 1) {
        const [entry] = await manager.query(
          `SELECT e.contact_id FROM call_list_entries e
             JOIN campaigns c ON c.id = e.campaign_id AND c.status = 'running'
            WHERE e.state = 'waiting' AND e.due_at <= now()
              AND e.branch_id IN (SELECT id FROM org_units WHERE path LIKE $1 OR $2 LIKE path || '%')
              AND (e.callback_agent_id IS NULL OR e.callback_agent_id = $3)
            ORDER BY e.callback_agent_id IS NULL, e.due_at, e.contact_id
            LIMIT 1 FOR UPDATE OF e SKIP LOCKED`,
          [agent.scope.pathPattern, agent.scope.path, agent.id],
        );
        if (!entry) return { contactId: null, waitingFor: 'list_empty' };
        const contactId = Number(entry.contact_id);
        const claim = await this.batches.claimContact(manager, contactId, policy);
        if (claim.outcome === 'claimed') {
          await manager.query(
            `UPDATE call_list_entries SET state = 'with_agent', agent_id = $2, handed_out_at = $3 WHERE contact_id = $1`,
            [contactId, agent.id, claim.at],
          );
          return { contactId, waitingFor: null };
        }
        if (claim.outcome === 'not_now' && claim.reason !== 'renewal_too_early') {
          // Quiet hours and holidays hold every call of the list alike: nothing to hand out now.
          return { contactId: null, waitingFor: claim.reason };
        }
        if (claim.outcome === 'not_now') {
          // Not yet in its renewal window: off the list, the generation lists it again on a later day.
          await manager.query(`DELETE FROM call_list_entries WHERE contact_id = $1`, [contactId]);
          await manager.query(`UPDATE contacts SET status = 'planned', batch_id = NULL WHERE id = $1`, [contactId]);
          skipped.push({ contactId, reason: claim.reason });
          continue;
        }
        await manager.query(`UPDATE call_list_entries SET state = 'done', worked_at = now() WHERE contact_id = $1`, [contactId]);
        skipped.push({ contactId, reason: claim.outcome === 'skipped' ? claim.reason : 'budget_exhausted' });
      }
      return { contactId: null, waitingFor: 'list_empty' };
    });
    const call = outcome.contactId === null ? null : await this.callView(outcome.contactId);
    return { call, waitingFor: outcome.waitingFor, skipped };
  }

  /** The call as the agent sees it; only while it is theirs. */
  async currentCall(agent: AuthUser, contactId: number): Promise<CallView> {
    const [entry] = await this.dataSource.query(`SELECT 1 FROM call_list_entries WHERE contact_id = $1 AND agent_id = $2 AND state = 'with_agent'`, [
      contactId,
      agent.id,
    ]);
    if (!entry) throw new NotFoundError('call', contactId);
    return this.callView(contactId);
  }

  /** Records the agent's disposition of a call they hold. */
  async record(agent: AuthUser, contactId: number, result: CallResult): Promise<DispositionRecordedView> {
    const policy = await this.policies.loadDefault();
    return this.dataSource.transaction(async (manager) => {
      const [entry] = await manager.query(
        `SELECT e.contact_id, e.agent_id, e.state FROM call_list_entries e JOIN org_units u ON u.id = e.branch_id
          WHERE e.contact_id = $1 AND (u.path LIKE $2 OR $3 LIKE u.path || '%') FOR UPDATE OF e`,
        [contactId, agent.scope.pathPattern, agent.scope.path],
      );
      if (!entry) throw new NotFoundError('call', contactId);
      if (entry.state !== 'with_agent' || Number(entry.agent_id) !== agent.id) {
        throw new ConflictError('The call is not with you', 'call_not_with_agent');
      }
      return this.settle(manager, contactId, agent.id, result, new Date(), policy);
    });
  }

  /**
   * Records a disposition for a call on a list of the scope, as the dialler reports it
   * (the call was made outside the desk): the shared claim first, so the rules hold at
   * the moment the result is taken in. Returns the reason when the call may not count.
   */
  async recordExternal(
    manager: EntityManager,
    scope: OrgScope,
    contactId: number,
    result: CallResult,
    at: Date,
    policy: ContactPolicy,
  ): Promise<string | null> {
    const [entry] = await manager.query(
      `SELECT e.state FROM call_list_entries e JOIN org_units u ON u.id = e.branch_id
        WHERE e.contact_id = $1 AND u.path LIKE $2 FOR UPDATE OF e`,
      [contactId, scope.pathPattern],
    );
    if (!entry) return 'not_on_list';
    if (entry.state !== 'waiting') return 'not_waiting';
    const claim = await this.batches.claimContact(manager, contactId, policy);
    if (claim.outcome !== 'claimed') return claim.outcome === 'budget_exhausted' ? 'budget_exhausted' : claim.reason;
    await manager.query(`UPDATE call_list_entries SET state = 'with_agent', handed_out_at = $2 WHERE contact_id = $1`, [contactId, claim.at]);
    await this.settle(manager, contactId, null, result, at, policy);
    return null;
  }

  /** The agent's callbacks still to make, soonest first. */
  async callbacks(agent: AuthUser): Promise<CallbackView[]> {
    return this.dataSource.query(
      `SELECT e.contact_id::int AS "contactId", c.name AS "customerName", r.name AS "campaignName", e.due_at AS "callbackAt", e.note
         FROM call_list_entries e
         JOIN contacts k ON k.id = e.contact_id JOIN customers c ON c.id = k.customer_id
         JOIN campaigns m ON m.id = e.campaign_id JOIN campaign_revisions r ON r.id = m.approved_revision_id
        WHERE e.callback_agent_id = $1 AND e.state = 'waiting'
        ORDER BY e.due_at, e.contact_id LIMIT 200`,
      [agent.id],
    );
  }

  private async settle(
    manager: EntityManager,
    contactId: number,
    agentId: number | null,
    result: CallResult,
    at: Date,
    policy: ContactPolicy,
  ): Promise<DispositionRecordedView> {
    const [row] = await manager.query(
      `SELECT e.calls, k.customer_id, k.attempts FROM call_list_entries e JOIN contacts k ON k.id = e.contact_id WHERE e.contact_id = $1`,
      [contactId],
    );
    const calls = Number(row.calls) + 1;
    const customerId = Number(row.customer_id);
    const { disposition } = result;
    let status = OUTCOMES[disposition].status;
    let nextCallAt: Date | null = null;
    if (RETRIED_DISPOSITIONS.includes(disposition)) {
      if (calls < this.config.CALL_ATTEMPTS) nextCallAt = new Date(at.getTime() + this.config.CALL_RETRY_MINUTES * 60_000);
      // Rung out: called, never reached.
      else status = 'called';
    }
    if (disposition === 'callback') nextCallAt = result.callbackAt ?? null;
    await manager.query(
      `UPDATE call_list_entries
          SET state = CASE WHEN $2::timestamptz IS NULL THEN 'done' ELSE 'waiting' END, due_at = COALESCE($2, due_at),
              callback_agent_id = CASE WHEN $3 = 'callback' THEN $4::int ELSE NULL END,
              agent_id = $4, calls = $5, disposition = $3, policy_no = $6, note = $7, worked_at = $8
        WHERE contact_id = $1`,
      [contactId, nextCallAt, disposition, agentId, calls, result.policyNo ?? null, result.note ?? null, at],
    );
    await manager.query(
      `UPDATE contacts SET status = $2, sent_at = COALESCE(sent_at, $3), last_error = CASE WHEN $4 = 'wrong_number' THEN $4 ELSE last_error END,
              opted_out_at = CASE WHEN $4 = 'do_not_call_again' THEN COALESCE(opted_out_at, $3) ELSE opted_out_at END
        WHERE id = $1`,
      [contactId, status, at, disposition],
    );
    // Each call is its own set of events: the key names the call, so a repeated import of the same row stores nothing twice.
    for (const type of OUTCOMES[disposition].events) {
      await this.tracking.record({ type, contactIds: [contactId], occurredAt: at, reason: disposition, key: `call:${contactId}:${calls}` }, manager);
    }
    if (disposition === 'do_not_call_again') {
      await manager.query(`UPDATE customers SET consent_phone = false, updated_at = now() WHERE id = $1`, [customerId]);
      await this.doNotCall.recordRefusal(customerId, at, manager, policy);
    }
    let attributed = false;
    if (disposition === 'converted' && result.policyNo) {
      const [policy] = await manager.query(`SELECT id FROM policies WHERE policy_no = $1`, [result.policyNo]);
      if (policy) {
        await this.attribution.attribute(manager, { sql: 'SELECT id FROM policies WHERE policy_no = $1', params: [result.policyNo] });
        attributed = true;
      }
    }
    return { contactId, disposition, status, nextCallAt: nextCallAt?.toISOString() ?? null, attributed };
  }

  private async callView(contactId: number): Promise<CallView> {
    const [row] = await this.dataSource.query(
      `SELECT e.contact_id, e.campaign_id, e.step_id, e.branch_id, e.calls, e.callback_agent_id, e.due_at, r.name AS campaign_name,
              COALESCE(s.template_ref, r.objective) AS template_ref, c.id AS customer_id, c.customer_no, c.name, c.mobile, c.city,
              u.name AS org_unit_name
         FROM call_list_entries e
         JOIN contacts k ON k.id = e.contact_id
         JOIN customers c ON c.id = k.customer_id
         JOIN org_units u ON u.id = c.org_unit_id
         JOIN campaign_steps s ON s.id = e.step_id
         JOIN campaign_revisions r ON r.id = s.revision_id
        WHERE e.contact_id = $1`,
      [contactId],
    );
    const [holdings, claims, contexts] = await Promise.all([
      this.dataSource.query(
        `SELECT p.policy_no AS "policyNo", p.product_code AS "productCode", d.name AS "productName", p.status,
                p.start_date::text AS "startDate", p.end_date::text AS "endDate", p.premium::text AS premium
           FROM policies p JOIN products d ON d.code = p.product_code WHERE p.customer_id = $1 ORDER BY p.end_date DESC LIMIT 50`,
        [row.customer_id],
      ),
      this.dataSource.query(
        `SELECT m.claim_no AS "claimNo", p.policy_no AS "policyNo", m.claim_date::text AS "claimDate", m.amount::text AS amount, m.status
           FROM claims m JOIN policies p ON p.id = m.policy_id WHERE m.customer_id = $1 ORDER BY m.claim_date DESC LIMIT 50`,
        [row.customer_id],
      ),
      contextsForContacts(this.dataSource.manager, [contactId]),
    ]);
    const context = contexts.get(contactId);
    const compiled = await this.templates.compiled(row.template_ref, 'phone');
    // A phone script has no links to track.
    const script = context ? compiled.render(context, { pixelUrl: '', unsubscribeUrl: '', clickUrl: (_index, url) => url }).text : '';
    return {
      contactId,
      campaignId: row.campaign_id,
      campaignName: row.campaign_name,
      stepId: row.step_id,
      branchId: row.branch_id,
      previousCalls: Number(row.calls),
      callbackAt: row.callback_agent_id ? new Date(row.due_at).toISOString() : null,
      customer: {
        id: Number(row.customer_id),
        customerNo: row.customer_no,
        name: row.name,
        phone: row.mobile,
        city: row.city,
        orgUnitName: row.org_unit_name,
      },
      holdings,
      claims,
      bundle: context && context.bundle.name ? context.bundle : null,
      script,
    };
  }
}

/** Checks a result's fields against its disposition; the problems name the field. */
export function resultProblems(result: { disposition: Disposition; callbackAt?: Date; policyNo?: string }, now = new Date()): ValidationError | null {
  if (result.disposition === 'callback') {
    if (!result.callbackAt) return new ValidationError([{ field: 'callbackAt', code: 'required' }]);
    if (result.callbackAt.getTime() <= now.getTime()) return new ValidationError([{ field: 'callbackAt', code: 'not_in_future' }]);
  }
  if (result.disposition === 'converted' && !result.policyNo) return new ValidationError([{ field: 'policyNo', code: 'required' }]);
  return null;
}
