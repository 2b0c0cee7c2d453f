import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** One change to a campaign: a move of its life cycle, or a field of the plan, a step, a budget or an allocation. */
export interface AuditEntry {
  campaignId: number;
  revisionId?: number | null;
  /** The user who made the change; null for the system. */
  actorId: number | null;
  /** What happened, e.g. 'created', 'field_changed', 'step_added', 'submitted', 'budget_allocated'. */
  action: string;
  /** Which field changed, e.g. 'startDate', 'steps[2].channel', 'allocation.branch[5]'. */
  field?: string | null;
  before?: unknown;
  after?: unknown;
  comment?: string | null;
}

/**
 * The audit trail of every change to a campaign. Writers pass their transaction's
 * manager, so an entry is written if and only if the change is. The timeline is
 * read through CampaignService, which checks the reader's scope.
 */
@Injectable()
export class CampaignAudit {
  /** Records the entries in one statement, in the given order. */
  async record(manager: EntityManager, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO campaign_audit (campaign_id, revision_id, actor_id, action, field, before, after, comment)
       SELECT e.campaign_id, e.revision_id, e.actor_id, e.action, e.field, e.before, e.after, e.comment
       FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[])
            WITH ORDINALITY AS e(campaign_id, revision_id, actor_id, action, field, before, after, comment, n)
       ORDER BY e.n`,
      [
        entries.map((e) => e.campaignId),
        entries.map((e) => e.revisionId ?? null),
        entries.map((e) => e.actorId),
        entries.map((e) => e.action),
        entries.map((e) => e.field ?? null),
        entries.map((e) => (e.before === undefined ? null : JSON.stringify(e.before))),
        entries.map((e) => (e.after === undefined ? null : JSON.stringify(e.after))),
        entries.map((e) => e.comment ?? null),
      ],
    );
  }
}
