import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasAnyRole, Role } from '@lib/auth';
import { ConflictError, ForbiddenError, ValidationError } from '@lib/common';
import { Notice, NotificationService } from '@lib/notifications';
import { ApprovalLevel, requiredApprovalLevels } from './approval-routing';
import { ApprovalThresholdService } from './approval-threshold.service';
import type { ApprovedPlan } from './campaign-commitment';
import { CampaignAudit } from './campaign-audit.service';
import { CampaignCommitments } from './campaign-commitments';
import { CAMPAIGN_TRANSITIONS, CampaignMove, campaignMoveTarget, mayMakeMove, MoveActor, revisionMoveTarget } from './campaign-life-cycle';
import { CampaignRevision } from './campaign-revision.entity';
import { CampaignCloseChecks } from './campaign-close-checks';
import { CampaignMoveListeners } from './campaign-move-listeners';
import { CampaignScheduleListeners, ScheduledLaunch, ScheduleChange } from './campaign-schedule-listeners';
import { CampaignStep } from './campaign-step.entity';
import type { MoveBody } from './campaign.dto';
import { CampaignRow, CampaignService } from './campaign.service';
import type { CampaignDetail } from './campaign.view';
import { planProblems } from './plan-validation';
import { stepDays } from './step-days';

const LEVEL_NAMES: Record<ApprovalLevel, { zh: string; en: string }> = {
  3: { zh: '地市分公司', en: 'city branch' },
  2: { zh: '省分公司', en: 'province branch' },
  1: { zh: '总公司', en: 'head office' },
};

/** Moves that release what budgets and capacity hold for the campaign. */
/** Moves that end a campaign: its contacts still to be made are cancelled. */
const ENDING: readonly CampaignMove[] = ['complete', 'cancel'];
const RELEASING: readonly CampaignMove[] = ['cancel', 'close'];

/** Moves after which no revision can come into force, so one under work or review is withdrawn. */
const WITHDRAWING: readonly CampaignMove[] = ['cancel', 'complete'];

/**
 * The life cycle of campaigns as the server enforces it: each move checks the
 * state (409 naming it), who may make it (owner, or a reviewer at or above the
 * owning unit), and is one transaction with its audit entry and, for approvals,
 * cancellations and closings, with the commitments of budgets and capacity. After the
 * commit, the schedule listeners hear of a campaign scheduled, of a new plan in force
 * for a scheduled campaign and of a scheduled campaign cancelled (its launch at the start).
 */
@Injectable()
export class CampaignMoves {
  private readonly logger = new Logger(CampaignMoves.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly audit: CampaignAudit,
    private readonly commitments: CampaignCommitments,
    private readonly thresholds: ApprovalThresholdService,
    private readonly notifications: NotificationService,
    private readonly scheduleListeners: CampaignScheduleListeners,
    private readonly moveListeners: CampaignMoveListeners,
    private readonly closeChecks: CampaignCloseChecks,
  ) {}

  async move(user: AuthUser, id: number, move: CampaignMove, body: MoveBody): Promise<CampaignDetail> {
    let notified = false;
    let scheduleChange: ScheduleChange | null = null;
    const detail = await this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaigns.findVisible(manager, user.scope, id, true);
      const actors = actorsOf(user, campaign);
      if (!mayMakeMove(move, actors)) throw notAllowed(move);
      let notices: Notice[] = [];
      if (move === 'submit') notices = await this.submit(manager, user, campaign, body);
      else if (move === 'approve' || move === 'return') notices = await this.review(manager, user, campaign, move, body);
      else {
        // A hand's close must wait for the evaluation; the last approval's close (closeEvaluated) comes after it.
        if (move === 'close' && campaign.status === 'completed') await this.closeChecks.check(manager, campaign.id);
        await this.lifeCycle(manager, user, campaign, move, body);
      }
      scheduleChange = await this.scheduleChange(manager, campaign, move);
      await manager.query('UPDATE campaigns SET updated_at = now() WHERE id = $1', [id]);
      const after = await this.campaigns.detail(manager, id);
      for (const notice of notices) {
        await this.notifications.notify(manager, { ...notice, params: { ...notice.params, name: after.name, code: after.code, actor: user.displayName } });
      }
      notified = notices.length > 0;
      return after;
    });
    if (notified) await this.nudgeMail();
    if (scheduleChange) await this.scheduleListeners.tell(scheduleChange);
    await this.moveListeners.tell(id);
    return detail;
  }

  /**
   * Closes a completed campaign once every branch's evaluation report is approved, in the
   * transaction of the last approval, so the campaign is closed exactly when its
   * evaluation is; the caller tells the move listeners after its commit.
   */
  async closeEvaluated(manager: EntityManager, user: AuthUser, campaignId: number): Promise<void> {
    const campaign = await this.campaigns.findVisible(manager, user.scope, campaignId, true);
    await this.lifeCycle(manager, user, campaign, 'close', { comment: 'every evaluation report approved' });
    await manager.query('UPDATE campaigns SET updated_at = now() WHERE id = $1', [campaignId]);
  }

  /** How the move changed when the campaign launches by itself; `campaign` is the row as it was before the move. */
  private async scheduleChange(manager: EntityManager, campaign: CampaignRow, move: CampaignMove): Promise<ScheduleChange | null> {
    if (move === 'schedule') return { kind: 'scheduled', launch: await this.launchOf(manager, campaign.id) };
    if (campaign.status !== 'scheduled') return null;
    if (move === 'cancel') return { kind: 'cancelled', campaignId: campaign.id, revisionId: campaign.approvedRevisionId as number };
    if (move !== 'approve') return null;
    const launch = await this.launchOf(manager, campaign.id);
    // An approval short of the last leaves the plan in force as it was.
    if (launch.revisionId === campaign.approvedRevisionId) return null;
    return { kind: 'rescheduled', launch, replacedRevisionId: campaign.approvedRevisionId as number };
  }

  /** The launch of the plan in force, as it stands in this transaction. */
  private async launchOf(manager: EntityManager, campaignId: number): Promise<ScheduledLaunch> {
    const [row] = await manager.query(
      `SELECT r.id, r.start_date::text AS start_date FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.id = $1`,
      [campaignId],
    );
    return { campaignId, revisionId: row.id, startDate: row.start_date };
  }

  /** Checks the open revision whole and sends it for approval; the first revision takes the campaign along. */
  private async submit(manager: EntityManager, user: AuthUser, campaign: CampaignRow, body: MoveBody): Promise<Notice[]> {
    const revision = await this.reviewedRevision(manager, campaign, 'submit');
    const steps = await manager.find(CampaignStep, { where: { revisionId: revision.id }, order: { position: 'ASC' } });
    const problems = planProblems({ ...revision, steps }, await this.references(manager, user, revision));
    // What budgets, capacity and the forecast would refuse, named on the plan's fields beside its own problems.
    const { open } = await this.campaigns.detail(manager, campaign.id);
    if (open) problems.push(...(await this.commitments.problems(manager, { campaignId: campaign.id, revisionId: revision.id, plan: open }, user.scope)));
    if (problems.length > 0) {
      throw new ValidationError(problems, `The plan has ${problems.length} problems`, 'campaign_plan_incomplete', { count: problems.length });
    }
    revision.status = revisionMoveTarget(revision.status, 'submit');
    revision.reviewRound += 1;
    await manager.save(revision);
    const status = await this.followRevision(manager, campaign, 'submit');
    await this.audit.record(manager, {
      campaignId: campaign.id, revisionId: revision.id, actorId: user.id, action: 'submitted', comment: body.comment ?? null,
      before: { status: campaign.status }, after: { status },
    });
    const [first] = requiredApprovalLevels(revision.budgetFen ?? 0, campaign.owningLevel, await this.thresholds.current(manager));
    return [await this.toReviewers(manager, campaign, first)];
  }

  /**
   * Records a reviewer's decision. Approval goes level by level (city, province,
   * head office as the amount requires); the last required approval makes the
   * revision the plan in force and lets budgets and capacity commit to it.
   */
  private async review(manager: EntityManager, user: AuthUser, campaign: CampaignRow, move: 'approve' | 'return', body: MoveBody): Promise<Notice[]> {
    const revision = await this.reviewedRevision(manager, campaign, move);
    const levels = requiredApprovalLevels(revision.budgetFen ?? 0, campaign.owningLevel, await this.thresholds.current(manager));
    const given: { org_level: number }[] = await manager.query(
      `SELECT org_level FROM campaign_approvals WHERE revision_id = $1 AND review_round = $2 AND decision = 'approved'`,
      [revision.id, revision.reviewRound],
    );
    const next = levels.find((level) => !given.some((g) => g.org_level === level)) as ApprovalLevel;
    if (user.orgLevel !== next) {
      throw new ForbiddenError(`This approval must be given by a reviewer of the ${LEVEL_NAMES[next].en}`, 'campaign_approval_level', {
        level: LEVEL_NAMES[next],
      });
    }
    const decision = move === 'approve' ? 'approved' : 'returned';
    await manager.query(
      `INSERT INTO campaign_approvals (revision_id, review_round, org_level, decision, decided_by, comment, field_comments)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [revision.id, revision.reviewRound, next, decision, user.id, body.comment ?? '', JSON.stringify(body.fieldComments ?? [])],
    );
    const final = move === 'return' || next === levels[levels.length - 1];
    const entry = { campaignId: campaign.id, revisionId: revision.id, actorId: user.id, comment: body.comment ?? null };
    if (!final) {
      const remaining = levels.slice(levels.indexOf(next) + 1);
      await this.audit.record(manager, { ...entry, action: 'approval_given', field: `level ${next}`, after: { level: next, remaining } });
      return [await this.toReviewers(manager, campaign, remaining[0])];
    }
    revision.status = revisionMoveTarget(revision.status, move);
    await manager.save(revision);
    const status = await this.followRevision(manager, campaign, move);
    if (move === 'approve') await this.putInForce(manager, campaign, revision);
    await this.audit.record(manager, {
      ...entry, action: decision, field: `level ${next}`, before: { status: campaign.status },
      after: move === 'return' ? { status, fieldComments: body.fieldComments ?? [] } : { status, revision: revision.number },
    });
    const link = `/campaigns/${campaign.id}`;
    if (move === 'return') return [{ kind: 'campaign_returned', recipientIds: [campaign.ownerId], params: { comment: body.comment ?? '' }, link }];
    return [
      { kind: 'campaign_approved', recipientIds: [campaign.ownerId], params: {}, link },
      {
        kind: 'campaign_assigned',
        recipientIds: await this.branchStaff(manager, revision.branchIds),
        params: { startDate: revision.startDate ?? '', endDate: revision.endDate ?? '' },
        link,
      },
    ];
  }

  private async lifeCycle(manager: EntityManager, user: AuthUser, campaign: CampaignRow, move: CampaignMove, body: MoveBody): Promise<void> {
    const status = campaignMoveTarget(campaign.status, move);
    await manager.query('UPDATE campaigns SET status = $2 WHERE id = $1', [campaign.id, status]);
    if (WITHDRAWING.includes(move)) {
      await manager.query(
        `UPDATE campaign_revisions SET status = 'withdrawn', updated_at = now() WHERE campaign_id = $1 AND status IN ('draft','submitted','returned')`,
        [campaign.id],
      );
    }
    if (RELEASING.includes(move)) await this.commitments.release(manager, campaign.id);
    if (ENDING.includes(move)) {
      // Contacts not yet made are not made any more; a part being sent still settles.
      await manager.query(`UPDATE contacts SET status = 'cancelled' WHERE campaign_id = $1 AND status IN ('planned', 'queued')`, [campaign.id]);
    }
    await this.audit.record(manager, {
      campaignId: campaign.id, actorId: user.id, action: move, comment: body.comment ?? null, before: { status: campaign.status }, after: { status },
    });
  }

  /** The revision a review move applies to: the open one, in a state the move starts from. */
  private async reviewedRevision(manager: EntityManager, campaign: CampaignRow, move: 'submit' | 'approve' | 'return'): Promise<CampaignRevision> {
    const revision = await this.campaigns.openRevision(manager, campaign.id);
    if (!revision) {
      // Nothing open: the campaign's own state explains why (e.g. running, or already approved).
      campaignMoveTarget(campaign.status, move);
      throw new ConflictError('No revision is being drafted or reviewed', 'campaign_no_open_revision');
    }
    revisionMoveTarget(revision.status, move);
    return revision;
  }

  /** A first plan moves the campaign with it; a later revision is reviewed while the campaign keeps its state. */
  private async followRevision(manager: EntityManager, campaign: CampaignRow, move: 'submit' | 'approve' | 'return'): Promise<string> {
    if (campaign.approvedRevisionId !== null) return campaign.status;
    const status = campaignMoveTarget(campaign.status, move);
    await manager.query('UPDATE campaigns SET status = $2 WHERE id = $1', [campaign.id, status]);
    return status;
  }

  private async putInForce(manager: EntityManager, campaign: CampaignRow, revision: CampaignRevision): Promise<void> {
    if (campaign.approvedRevisionId !== null) {
      await manager.query(`UPDATE campaign_revisions SET status = 'superseded', updated_at = now() WHERE id = $1`, [campaign.approvedRevisionId]);
    }
    await manager.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
    await this.commitments.commit(manager, await approvedPlan(manager, campaign, revision));
  }

  /** The reviewers whose approval is asked next: of that level, at or above the owning unit. */
  private async toReviewers(manager: EntityManager, campaign: CampaignRow, level: ApprovalLevel): Promise<Notice> {
    const rows: { id: number }[] = await manager.query(
      `SELECT u.id FROM users u JOIN org_units ou ON ou.id = u.org_unit_id
       WHERE 'reviewer' = ANY(u.roles) AND u.active AND ou.level = $1 AND $2 LIKE ou.path || '%'`,
      [level, campaign.owningPath],
    );
    return { kind: 'campaign_submitted', recipientIds: rows.map((row) => row.id), params: {}, link: `/campaigns/${campaign.id}` };
  }

  /** The branch executors of the participating branches and the units below them, who carry out the campaign. */
  private async branchStaff(manager: EntityManager, branchIds: number[]): Promise<number[]> {
    const rows: { id: number }[] = await manager.query(
      `SELECT u.id FROM users u JOIN org_units ou ON ou.id = u.org_unit_id
       WHERE 'branch_executor' = ANY(u.roles) AND u.active
         AND EXISTS (SELECT 1 FROM org_units b WHERE b.id = ANY($1::int[]) AND ou.path LIKE b.path || '%')`,
      [branchIds],
    );
    return rows.map((row) => row.id);
  }

  /** Mail goes out after the commit; when the queue cannot be reached, the worker's five-minute run still sends it. */
  private async nudgeMail(): Promise<void> {
    try {
      await this.notifications.deliverSoon();
    } catch (error) {
      this.logger.warn(`notification mail waits for the next scheduled run: ${error instanceof Error ? error.message : error}`);
    }
  }

  private async references(manager: EntityManager, user: AuthUser, revision: CampaignRevision) {
    const segmentIds = [...revision.includeSegmentIds, ...revision.excludeSegmentIds];
    // One after the other: the three share the transaction's connection.
    const segments = await manager.query(
      `SELECT s.id FROM segments s JOIN org_units ou ON ou.id = s.owner_org_unit_id
       WHERE s.id = ANY($1) AND (ou.path LIKE $2 OR $3 LIKE ou.path || '%')`,
      [segmentIds, user.scope.pathPattern, user.scope.path],
    );
    const bundles = await manager.query('SELECT id FROM bundles WHERE id = $1', [revision.bundleId]);
    const units = await manager.query('SELECT id FROM org_units WHERE id = ANY($1) AND path LIKE $2', [revision.branchIds, user.scope.pathPattern]);
    const ids = (rows: { id: number }[]) => new Set(rows.map((row) => row.id));
    return { segmentIds: ids(segments), bundleIds: ids(bundles), ownerSubtreeUnitIds: ids(units) };
  }
}

function notAllowed(move: CampaignMove): ForbiddenError {
  const by = CAMPAIGN_TRANSITIONS[move].by;
  if (!by.includes('reviewer')) return new ForbiddenError("Only the campaign's owner may do this", 'campaign_not_owner');
  if (!by.includes('owner')) return new ForbiddenError('Only a reviewer at or above the owning unit may do this', 'campaign_not_reviewer');
  return new ForbiddenError("Only the campaign's owner or a reviewer at or above the owning unit may do this", 'campaign_not_owner_or_reviewer');
}

/** What the caller is to this campaign: its owner, a reviewer at or above its owning unit, both or neither. */
function actorsOf(user: AuthUser, campaign: CampaignRow): MoveActor[] {
  const actors: MoveActor[] = [];
  if (campaign.ownerId === user.id) actors.push('owner');
  if (hasAnyRole(user, [Role.Reviewer]) && user.scope.includesPath(campaign.owningPath)) actors.push('reviewer');
  return actors;
}

async function approvedPlan(manager: EntityManager, campaign: CampaignRow, revision: CampaignRevision): Promise<ApprovedPlan> {
  const steps = await manager.find(CampaignStep, { where: { revisionId: revision.id }, order: { position: 'ASC' } });
  // Submit has checked the plan whole, so its dates and budget are set.
  const startDate = revision.startDate as string;
  const endDate = revision.endDate as string;
  return {
    campaignId: campaign.id,
    revisionId: revision.id,
    owningUnitId: campaign.owningOrgUnitId,
    startDate,
    endDate,
    budgetFen: revision.budgetFen ?? 0,
    branchIds: revision.branchIds,
    steps: steps.map((step) => ({
      stepId: step.id,
      channel: step.channel,
      days: stepDays(startDate, endDate, step),
      dailyCapacity: step.dailyCapacity ?? 0,
      costPerContactFen: step.costPerContactFen,
      branchIds: step.branchIds.length > 0 ? step.branchIds : revision.branchIds,
    })),
  };
}
