import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversionAttribution } from '@lib/attribution';
import { AuthUser } from '@lib/auth';
import { ConflictError, NotFoundError, ValidationError } from '@lib/common';
import { ContactPolicyService } from '@lib/contact-rules';
import { ContactBatches, localDayOf } from '@lib/dispatch';
import { contextsForContacts, MessageTemplates } from '@lib/message-templates';
import { ContactEventBatch, TrackingService } from '@lib/tracking';
import type {
  BranchCampaignResultView,
  DailyView,
  FieldAgentView,
  FieldTaskView,
  OutcomeRecordedView,
  TaskFilter,
  VisitOutcome,
} from './field-tasks.view';

export interface VisitResult {
  outcome: VisitOutcome;
  /** For 'sold': the policy the customer bought and its premium. */
  policyNo?: string;
  premium?: number;
  note?: string;
}

/** The contact's status and events of each outcome; the event's reason names the outcome (docs/field-tasks.md). */
const OUTCOMES: Record<VisitOutcome, { status: string; events: ContactEventBatch['type'][] }> = {
  visited: { status: 'visited', events: ['visited'] },
  quoted: { status: 'visited', events: ['visited', 'responded'] },
  sold: { status: 'visited', events: ['visited', 'responded'] },
  declined: { status: 'visited', events: ['visited'] },
  unreachable: { status: 'failed', events: ['failed'] },
};

const TASK_COLUMNS = `
  t.contact_id::int AS "contactId", t.campaign_id AS "campaignId", r.name AS "campaignName", t.branch_id AS "branchId",
  t.due_date::text AS "dueDate", (t.state = 'open' AND t.due_date < $1::date) AS overdue, t.state,
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.display_name) END AS agent,
  t.outcome, t.skip_reason AS "skipReason", t.policy_no AS "policyNo", t.premium::text AS premium,
  json_build_object('id', c.id::int, 'customerNo', c.customer_no, 'name', c.name, 'phone', c.mobile, 'city', c.city) AS customer,
  COALESCE(s.template_ref, r.objective) AS "templateRef"`;

const TASK_FROM = `
  FROM field_tasks t
  JOIN campaigns m ON m.id = t.campaign_id AND m.status IN ('running','paused')
  JOIN org_units u ON u.id = t.branch_id
  JOIN contacts k ON k.id = t.contact_id
  JOIN customers c ON c.id = k.customer_id
  JOIN campaign_steps s ON s.id = t.step_id
  JOIN campaign_revisions r ON r.id = s.revision_id
  LEFT JOIN users a ON a.id = t.agent_id`;

/**
 * The branch's side of the visit tasks: the board of the executor's branches, assigning
 * to agents of the task's branch, and the outcome that the agent records — checked
 * against the contact rules at that moment by the shared claim, and moving the task and
 * its contact forward in one transaction.
 */
@Injectable()
export class FieldTaskBoard {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: ContactBatches,
    private readonly templates: MessageTemplates,
    private readonly tracking: TrackingService,
    private readonly policies: ContactPolicyService,
    private readonly attribution: ConversionAttribution,
  ) {}

  /** The tasks of the user's branches (their unit and below) in running or paused campaigns, soonest due first. */
  async tasks(user: AuthUser, filter: TaskFilter, now = new Date()): Promise<FieldTaskView[]> {
    const today = localDayOf(now);
    const where = { today: `AND t.state = 'open' AND t.due_date = $1::date`, overdue: `AND t.state = 'open' AND t.due_date < $1::date`, all: '' }[filter];
    const rows = await this.dataSource.query(
      `SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE u.path LIKE $2 ${where} ORDER BY t.due_date, t.contact_id LIMIT 500`,
      [today, user.scope.pathPattern],
    );
    return this.withScripts(rows);
  }

  /** Who a task of the branch can go to: the active branch executors of that branch. */
  async agents(user: AuthUser, branchId: number): Promise<FieldAgentView[]> {
    const [branch] = await this.dataSource.query(`SELECT id FROM org_units WHERE id = $1 AND path LIKE $2`, [branchId, user.scope.pathPattern]);
    if (!branch) throw new NotFoundError('org_unit', branchId);
    return this.dataSource.query(
      `SELECT id, display_name AS name FROM users WHERE org_unit_id = $1 AND active AND 'branch_executor' = ANY(roles) ORDER BY display_name, id`,
      [branchId],
    );
  }

  /** Assigns or reassigns an open task of the user's branches to an agent of the task's branch. */
  async assign(user: AuthUser, contactId: number, agentId: number, now = new Date()): Promise<FieldTaskView> {
    await this.dataSource.transaction(async (manager) => {
      const [task] = await manager.query(
        `SELECT t.state, t.branch_id FROM field_tasks t JOIN org_units u ON u.id = t.branch_id
           JOIN campaigns m ON m.id = t.campaign_id AND m.status IN ('running','paused')
          WHERE t.contact_id = $1 AND u.path LIKE $2 FOR UPDATE OF t`,
        [contactId, user.scope.pathPattern],
      );
      if (!task) throw new NotFoundError('field_task', contactId);
      if (task.state !== 'open') throw new ConflictError('The task is done or skipped already', 'task_not_open');
      const [agent] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND org_unit_id = $2 AND active AND 'branch_executor' = ANY(roles)`, [
        agentId,
        task.branch_id,
      ]);
      if (!agent) throw new ValidationError([{ field: 'agentId', code: 'not_an_agent_of_branch' }]);
      await manager.query(`UPDATE field_tasks SET agent_id = $2, assigned_at = $3 WHERE contact_id = $1`, [contactId, agentId, now]);
    });
    const [row] = await this.dataSource.query(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE t.contact_id = $2`, [localDayOf(now), contactId]);
    return (await this.withScripts([row]))[0];
  }

  /** Records the outcome of a visit by the agent the task is assigned to. */
  async record(agent: AuthUser, contactId: number, result: VisitResult): Promise<OutcomeRecordedView> {
    const policy = await this.policies.loadDefault();
    return this.dataSource.transaction(async (manager) => {
      const [task] = await manager.query(
        `SELECT t.state, t.agent_id FROM field_tasks t JOIN org_units u ON u.id = t.branch_id WHERE t.contact_id = $1 AND u.path LIKE $2 FOR UPDATE OF t`,
        [contactId, agent.scope.pathPattern],
      );
      if (!task) throw new NotFoundError('field_task', contactId);
      if (task.state !== 'open') throw new ConflictError('The task is done or skipped already', 'task_not_open');
      if (Number(task.agent_id) !== agent.id) throw new ConflictError('The task is not assigned to you', 'task_not_assigned_to_you');
      // The rules hold at the moment of the visit: a do-not-contact entered since the task was made skips it.
      const claim = await this.batches.claimContact(manager, contactId, policy);
      if (claim.outcome === 'not_now') {
        throw new ConflictError(`The customer may not be visited now (${claim.reason})`, 'visit_not_allowed_now', { reason: claim.reason });
      }
      if (claim.outcome !== 'claimed') {
        const reason = claim.outcome === 'skipped' ? claim.reason : 'budget_exhausted';
        await manager.query(`UPDATE field_tasks SET state = 'skipped', skip_reason = $2, worked_at = now() WHERE contact_id = $1`, [contactId, reason]);
        return { contactId, state: 'skipped' as const, outcome: null, skipReason: reason, attributed: false };
      }
      const at = claim.at;
      const { outcome } = result;
      await manager.query(
        `UPDATE field_tasks SET state = 'done', outcome = $2, policy_no = $3, premium = $4, note = $5, worked_at = $6 WHERE contact_id = $1`,
        [contactId, outcome, result.policyNo ?? null, result.premium ?? null, result.note ?? null, at],
      );
      await manager.query(`UPDATE contacts SET status = $2, sent_at = COALESCE(sent_at, $3) WHERE id = $1`, [contactId, OUTCOMES[outcome].status, at]);
      for (const type of OUTCOMES[outcome].events) {
        await this.tracking.record({ type, contactIds: [contactId], occurredAt: at, reason: outcome, key: `visit:${contactId}` }, manager);
      }
      let attributed = false;
      if (outcome === 'sold' && result.policyNo) {
        // A policy not imported yet is attributed by the same rule when its import runs (docs/field-tasks.md).
        const [known] = await manager.query(`SELECT id FROM policies WHERE policy_no = $1`, [result.policyNo]);
        if (known) {
          await this.attribution.attribute(manager, { sql: 'SELECT id FROM policies WHERE policy_no = $1', params: [result.policyNo] });
          attributed = true;
        }
      }
      return { contactId, state: 'done' as const, outcome, skipReason: null, attributed };
    });
  }

  /** The executor's day: their open tasks due today, the overdue tasks of their branches, and results against the branches' share of the targets. */
  async daily(user: AuthUser, now = new Date()): Promise<DailyView> {
    const today = localDayOf(now);
    const [mine, overdue, results] = await Promise.all([
      this.dataSource.query(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE u.path LIKE $2 AND t.agent_id = $3 AND t.state = 'open' AND t.due_date = $1::date ORDER BY t.contact_id LIMIT 500`, [
        today,
        user.scope.pathPattern,
        user.id,
      ]),
      this.dataSource.query(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE u.path LIKE $2 AND t.state = 'open' AND t.due_date < $1::date ORDER BY t.due_date, t.contact_id LIMIT 500`, [
        today,
        user.scope.pathPattern,
      ]),
      this.results(user),
    ]);
    return { today, myTasksToday: await this.withScripts(mine), overdue: await this.withScripts(overdue), results };
  }

  /**
   * Per running or paused campaign with tasks in the user's branches: visits made, conversions and premium
   * attributed to the branches (campaign_conversions, whatever the channel), against the targets times the branches' part
   * of the campaign's audience (their contacts over all the campaign's contacts).
   */
  private async results(user: AuthUser): Promise<BranchCampaignResultView[]> {
    const rows = await this.dataSource.query(
      `WITH campaigns_here AS (
         SELECT DISTINCT t.campaign_id FROM field_tasks t JOIN org_units u ON u.id = t.branch_id
           JOIN campaigns m ON m.id = t.campaign_id AND m.status IN ('running','paused') WHERE u.path LIKE $1
       ), audience AS (
         SELECT k.campaign_id, count(*) FILTER (WHERE u.path LIKE $1)::numeric AS here, count(*)::numeric AS total
           FROM contacts k JOIN org_units u ON u.id = k.org_unit_id
          WHERE k.campaign_id IN (SELECT campaign_id FROM campaigns_here) GROUP BY k.campaign_id
       )
       SELECT m.id AS "campaignId", r.name AS "campaignName",
              round(a.here / NULLIF(a.total, 0), 4)::float AS share,
              (SELECT count(*)::int FROM field_tasks t JOIN org_units u ON u.id = t.branch_id
                WHERE t.campaign_id = m.id AND u.path LIKE $1 AND t.state = 'done' AND t.outcome <> 'unreachable') AS visits,
              (SELECT count(*)::int FROM campaign_conversions v JOIN org_units u ON u.id = v.org_unit_id
                WHERE v.campaign_id = m.id AND NOT v.control AND u.path LIKE $1) AS conversions,
              (SELECT COALESCE(sum(v.premium), 0)::numeric(14,2)::text FROM campaign_conversions v JOIN org_units u ON u.id = v.org_unit_id
                WHERE v.campaign_id = m.id AND NOT v.control AND u.path LIKE $1) AS premium,
              round(r.target_contacts * a.here / NULLIF(a.total, 0))::int AS "targetContacts",
              round(r.target_conversions * a.here / NULLIF(a.total, 0))::int AS "targetConversions",
              round(r.target_premium * a.here / NULLIF(a.total, 0), 2)::text AS "targetPremium"
         FROM campaigns_here h JOIN campaigns m ON m.id = h.campaign_id
         JOIN campaign_revisions r ON r.id = m.approved_revision_id
         JOIN audience a ON a.campaign_id = m.id
        ORDER BY m.id`,
      [user.scope.pathPattern],
    );
    return rows;
  }

  /** Adds each task's bundle and its step's agent_visit script rendered for the customer. */
  private async withScripts(rows: (FieldTaskView & { templateRef: string })[]): Promise<FieldTaskView[]> {
    if (rows.length === 0) return [];
    const contexts = await contextsForContacts(this.dataSource.manager, rows.map((row) => row.contactId));
    const compiled = new Map<string, Awaited<ReturnType<MessageTemplates['compiled']>>>();
    const views: FieldTaskView[] = [];
    for (const { templateRef, ...row } of rows) {
      if (!compiled.has(templateRef)) compiled.set(templateRef, await this.templates.compiled(templateRef, 'agent_visit'));
      const context = contexts.get(row.contactId);
      // A visit script has no links to track.
      const script = context ? (compiled.get(templateRef) as Awaited<ReturnType<MessageTemplates['compiled']>>).render(context, { pixelUrl: '', unsubscribeUrl: '', clickUrl: (_index, url) => url }).text : '';
      views.push({ ...row, bundle: context && context.bundle.name ? context.bundle : null, script });
    }
    return views;
  }
}

/** Checks a visit's fields against its outcome; the problems name the field. */
export function visitProblems(result: { outcome: VisitOutcome; policyNo?: string; premium?: number }): ValidationError | null {
  if (result.outcome !== 'sold') return null;
  const problems = [
    ...(result.policyNo ? [] : [{ field: 'policyNo', code: 'required' as const }]),
    ...(result.premium === undefined ? [{ field: 'premium', code: 'required' as const }] : []),
  ];
  return problems.length ? new ValidationError(problems) : null;
}
