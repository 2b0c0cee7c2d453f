import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthUser, OrgScope } from '@lib/auth';
import { ConflictError, ForbiddenError, NotFoundError, Page, ValidationError } from '@lib/common';
import { parseYuan } from '@lib/common/money';
import { requiredApprovalLevels } from './approval-routing';
import { ApprovalThresholdService } from './approval-threshold.service';
import { AuditEntry, CampaignAudit } from './campaign-audit.service';
import { PLAN_IN_FORCE } from './campaign-life-cycle';
import { CampaignRevision } from './campaign-revision.entity';
import { CampaignStatus, RevisionStatus } from './campaign-status';
import { CampaignStep } from './campaign-step.entity';
import { toPlanView } from './campaign-views';
import type { CampaignListQuery, CreateCampaignBody, StepBody, UpdateCampaignBody } from './campaign.dto';
import { Campaign } from './campaign.entity';
import type {
  ApprovalView, AuditEntryView, AwaitingApproval, CampaignDetail, CampaignSummary, PlanView, RevisionComparison, RevisionView,
} from './campaign.view';
import { comparePlans } from './revision-comparison';

/** Revision statuses of the one revision that is being drafted or reviewed. */
export const OPEN_REVISION: readonly RevisionStatus[] = ['draft', 'submitted', 'returned'];
const EDITABLE_REVISION: readonly RevisionStatus[] = ['draft', 'returned'];
const COPY_SUFFIX = ' 副本';
const NAME_MAX = 100;

/**
 * Visible to a scope: owned in it, or with a participating branch in it in any
 * revision. `$n` is the scope's path pattern.
 */
export function visibleCampaign(param: number): string {
  // A participating branch in the scope, or above the reader's unit: a county works the contacts of its city's campaign.
  return `(ou.path LIKE $${param} OR EXISTS (
            SELECT 1 FROM campaign_revisions vr JOIN org_units vb ON vb.id = ANY(vr.branch_ids)
            WHERE vr.campaign_id = c.id AND (vb.path LIKE $${param} OR $${param} LIKE vb.path || '%')))`;
}

/**
 * The revision a list shows: the approved one while it is in force, else the
 * latest. Joined as `r` beside `campaigns c`.
 */
export const SHOWN_REVISION = `JOIN LATERAL (
    SELECT * FROM campaign_revisions sr WHERE sr.campaign_id = c.id
    ORDER BY (sr.id = c.approved_revision_id) DESC NULLS LAST, sr.number DESC LIMIT 1) r ON true`;

export const SUMMARY_SELECT = `
  SELECT c.id, c.code, c.status, c.owner_id, u.display_name AS owner_name, c.owning_org_unit_id, ou.name AS owning_org_unit_name,
         ou.name_en AS owning_org_unit_name_en,
         c.created_at, c.updated_at, r.name, r.objective, to_char(r.start_date, 'YYYY-MM-DD') AS start_date,
         to_char(r.end_date, 'YYYY-MM-DD') AS end_date, r.budget::text AS budget, r.branch_ids, r.number AS revision_number,
         (SELECT o.status FROM campaign_revisions o WHERE o.campaign_id = c.id AND o.status IN ('draft','submitted','returned')) AS open_revision_status,
         r.include_segment_ids, r.exclude_segment_ids
  FROM campaigns c
  JOIN org_units ou ON ou.id = c.owning_org_unit_id
  JOIN users u ON u.id = c.owner_id
  ${SHOWN_REVISION}`;

export interface SummaryRow {
  id: number;
  code: string;
  status: CampaignStatus;
  owner_id: number;
  owner_name: string;
  owning_org_unit_id: number;
  owning_org_unit_name: string;
  owning_org_unit_name_en: string | null;
  created_at: Date;
  updated_at: Date;
  name: string;
  objective: CampaignSummary['objective'];
  start_date: string | null;
  end_date: string | null;
  budget: string | null;
  branch_ids: number[];
  revision_number: number;
  open_revision_status: RevisionStatus | null;
  include_segment_ids: number[];
  exclude_segment_ids: number[];
}

/** The campaign row with what access checks need. */
export interface CampaignRow {
  id: number;
  status: CampaignStatus;
  ownerId: number;
  owningOrgUnitId: number;
  owningPath: string;
  owningLevel: number;
  approvedRevisionId: number | null;
}

/**
 * Campaign plans: drafts and their channel steps, copies, revisions of approved
 * plans, the list, the detail, comparisons and the audit timeline. Every method
 * takes the caller's scope (or the user, who carries it): campaigns outside it
 * answer 404. Life-cycle moves are in CampaignMoves.
 */
@Injectable()
export class CampaignService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: CampaignAudit,
    private readonly thresholds: ApprovalThresholdService,
  ) {}

  async list(scope: OrgScope, query: CampaignListQuery): Promise<Page<CampaignSummary>> {
    const params: unknown[] = [scope.pathPattern];
    const where = [visibleCampaign(1)];
    if (query.objective) where.push(`r.objective = $${params.push(query.objective)}`);
    if (query.status) where.push(`c.status = $${params.push(query.status)}`);
    if (query.ownerId) where.push(`c.owner_id = $${params.push(query.ownerId)}`);
    if (query.branchId) where.push(takesPart(params.push(query.branchId)));
    if (query.q) {
      const n = params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`(r.name ILIKE $${n} OR c.code ILIKE $${n})`);
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM campaigns c JOIN org_units ou ON ou.id = c.owning_org_unit_id ${SHOWN_REVISION}
       WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: SummaryRow[] = await this.dataSource.query(
      `${SUMMARY_SELECT} WHERE ${where.join(' AND ')}
       ORDER BY r.start_date DESC NULLS FIRST, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
  }

  /** The reviewer's approval inbox: submitted revisions at or below the reviewer's unit whose next required approval is of the reviewer's level. */
  async awaitingApproval(user: AuthUser): Promise<AwaitingApproval[]> {
    const rows: { id: number; level: number; number: number; budget: string | null; given: number[] }[] = await this.dataSource.query(
      `SELECT c.id, ou.level, r.number, r.budget::text AS budget,
              ARRAY(SELECT a.org_level FROM campaign_approvals a
                    WHERE a.revision_id = r.id AND a.review_round = r.review_round AND a.decision = 'approved') AS given
       FROM campaigns c JOIN org_units ou ON ou.id = c.owning_org_unit_id
       JOIN campaign_revisions r ON r.campaign_id = c.id AND r.status = 'submitted'
       WHERE ou.path LIKE $1 ORDER BY r.updated_at, c.id`,
      [user.scope.pathPattern],
    );
    const thresholds = await this.thresholds.current();
    const mine = rows
      .map((row) => ({ ...row, levels: requiredApprovalLevels(parseYuan(row.budget ?? '0') ?? 0, row.level, thresholds) }))
      .filter((row) => row.levels.find((level) => !row.given.includes(level)) === user.orgLevel);
    if (mine.length === 0) return [];
    const summaries: SummaryRow[] = await this.dataSource.query(`${SUMMARY_SELECT} WHERE c.id = ANY($1::int[])`, [mine.map((row) => row.id)]);
    return mine.map((row) => ({
      ...toSummary(summaries.find((summary) => summary.id === row.id)!),
      reviewRevisionNumber: row.number,
      reviewBudget: row.budget ?? '0.00',
      requiredApprovalLevels: row.levels,
      givenApprovalLevels: row.given,
    }));
  }

  async get(scope: OrgScope, id: number): Promise<CampaignDetail> {
    await this.findVisible(this.dataSource.manager, scope, id);
    return this.detail(this.dataSource.manager, id);
  }

  /** A new draft owned by the creator's home unit. */
  async create(user: AuthUser, body: CreateCampaignBody): Promise<CampaignDetail> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await manager.save(manager.create(Campaign, {
        status: 'draft', ownerId: user.id, owningOrgUnitId: user.scope.orgUnitId, approvedRevisionId: null,
      }));
      const revision = manager.create(CampaignRevision, {
        campaignId: campaign.id, number: 1, status: 'draft', createdBy: user.id, name: body.name, objective: body.objective,
        description: '', controlSharePct: 10, priority: 0, attributionWindowDays: 30, attributionProductLines: [], includeSegmentIds: [], excludeSegmentIds: [], branchIds: [],
        startDate: null, endDate: null, bundleId: null, targetContacts: null, targetResponseRatePct: null, targetConversions: null,
        targetPremiumFen: null, evaluationFormRef: null, evaluationCheckpoints: [], evaluationDueDays: null, budgetFen: null, reviewRound: 0,
      });
      applyPlan(revision, body);
      await manager.save(revision);
      const steps = await this.replaceSteps(manager, revision.id, [], body.steps ?? []);
      await this.audit.record(manager, {
        campaignId: campaign.id, revisionId: revision.id, actorId: user.id, action: 'created', after: toPlanView(revision, steps),
      });
      return this.detail(manager, campaign.id);
    });
  }

  /** Changes the draft (or returned) revision; every changed field and step goes to the audit trail. */
  async update(user: AuthUser, id: number, body: UpdateCampaignBody): Promise<CampaignDetail> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.findVisible(manager, user.scope, id, true);
      this.requireOwner(user, campaign);
      const revision = await this.editableRevision(manager, campaign);
      const oldSteps = await manager.find(CampaignStep, { where: { revisionId: revision.id } });
      const before = toPlanView(revision, oldSteps);
      applyPlan(revision, body);
      await manager.save(revision);
      const steps = body.steps === undefined ? oldSteps : await this.replaceSteps(manager, revision.id, oldSteps, body.steps);
      await this.audit.record(manager, ...changeEntries(campaign.id, revision.id, user.id, before, toPlanView(revision, steps)));
      await touch(manager, id);
      return this.detail(manager, id);
    });
  }

  /**
   * Deletes a draft that was never submitted, with its steps and audit trail: nothing
   * was reviewed or committed for it. Anything further along is cancelled instead,
   * so its history stays.
   */
  async remove(user: AuthUser, id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const campaign = await this.findVisible(manager, user.scope, id, true);
      this.requireOwner(user, campaign);
      const [{ submitted }] = await manager.query(
        'SELECT count(*) FILTER (WHERE review_round > 0)::int AS submitted FROM campaign_revisions WHERE campaign_id = $1',
        [id],
      );
      if (campaign.status !== 'draft' || submitted > 0) {
        throw new ConflictError(`The campaign is ${campaign.status}; only a draft never submitted is deleted, others are cancelled`, 'campaign_wrong_state', {
          what: 'campaign', status: campaign.status, move: 'delete', from: ['draft'],
        });
      }
      await manager.query('DELETE FROM campaigns WHERE id = $1', [id]);
    });
  }

  /** A new draft with the plan shown for the campaign (the approved one, else the latest), owned by the copier. */
  async copy(user: AuthUser, id: number): Promise<CampaignDetail> {
    return this.dataSource.transaction(async (manager) => {
      const source = await this.findVisible(manager, user.scope, id);
      const from = await this.shownRevision(manager, source);
      const campaign = await manager.save(manager.create(Campaign, {
        status: 'draft', ownerId: user.id, owningOrgUnitId: user.scope.orgUnitId, approvedRevisionId: null,
      }));
      const name = from.name.length + COPY_SUFFIX.length <= NAME_MAX ? from.name + COPY_SUFFIX : from.name;
      const revision = await this.copyRevision(manager, from, campaign.id, 1, user.id, name);
      await this.audit.record(manager, {
        campaignId: campaign.id, revisionId: revision.id, actorId: user.id, action: 'copied', comment: `from campaign ${id}`,
        after: { fromCampaignId: id, fromRevision: from.number },
      });
      return this.detail(manager, campaign.id);
    });
  }

  /** A new draft revision of an approved plan; the approved one stays in force until the new one is approved. */
  async createRevision(user: AuthUser, id: number): Promise<CampaignDetail> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.findVisible(manager, user.scope, id, true);
      this.requireOwner(user, campaign);
      if (!PLAN_IN_FORCE.includes(campaign.status) || campaign.approvedRevisionId === null) {
        throw new ConflictError(`The campaign is ${campaign.status}; only an approved plan is revised`, 'campaign_wrong_state', {
          what: 'campaign', status: campaign.status, move: 'revise', from: PLAN_IN_FORCE,
        });
      }
      if (await this.openRevision(manager, id)) throw new ConflictError('A revision is already open', 'campaign_revision_open');
      const approved = await manager.findOneByOrFail(CampaignRevision, { id: campaign.approvedRevisionId });
      const [{ next }] = await manager.query('SELECT max(number) + 1 AS next FROM campaign_revisions WHERE campaign_id = $1', [id]);
      const revision = await this.copyRevision(manager, approved, id, next, user.id, approved.name);
      await this.audit.record(manager, {
        campaignId: id, revisionId: revision.id, actorId: user.id, action: 'revision_created', after: { number: next, fromRevision: approved.number },
      });
      await touch(manager, id);
      return this.detail(manager, id);
    });
  }

  /** A revision against the one before it (the first against nothing). */
  async compare(scope: OrgScope, id: number, number: number): Promise<RevisionComparison> {
    const manager = this.dataSource.manager;
    await this.findVisible(manager, scope, id);
    const revisions = await manager.find(CampaignRevision, { where: { campaignId: id, number: In([number - 1, number]) } });
    const after = revisions.find((r) => r.number === number);
    if (!after) throw new NotFoundError('campaign_revision', `${id}/${number}`);
    const before = revisions.find((r) => r.number === number - 1) ?? null;
    const steps = await manager.find(CampaignStep, { where: { revisionId: In(revisions.map((r) => r.id)) } });
    const planOf = (revision: CampaignRevision) => toPlanView(revision, steps.filter((s) => s.revisionId === revision.id));
    return { campaignId: id, fromNumber: before?.number ?? null, toNumber: number, ...comparePlans(before ? planOf(before) : null, planOf(after)) };
  }

  async timeline(scope: OrgScope, id: number): Promise<AuditEntryView[]> {
    await this.findVisible(this.dataSource.manager, scope, id);
    const rows = await this.dataSource.query(
      `SELECT a.id, a.revision_id, r.number AS revision_number, a.actor_id, u.display_name AS actor_name, a.at,
              a.action, a.field, a.before, a.after, a.comment
       FROM campaign_audit a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN campaign_revisions r ON r.id = a.revision_id
       WHERE a.campaign_id = $1 ORDER BY a.at, a.id`,
      [id],
    );
    return rows.map((row: any) => ({
      id: Number(row.id), revisionId: row.revision_id, revisionNumber: row.revision_number, actorId: row.actor_id,
      actorName: row.actor_name, at: row.at, action: row.action, field: row.field, before: row.before, after: row.after, comment: row.comment,
    }));
  }

  /** The campaign if visible in the scope, else 404; `lock` holds its row until the transaction ends, so moves do not race. */
  async findVisible(manager: EntityManager, scope: OrgScope, id: number, lock = false): Promise<CampaignRow> {
    const [row] = await manager.query(
      `SELECT c.id, c.status, c.owner_id, c.owning_org_unit_id, ou.path, ou.level, c.approved_revision_id
       FROM campaigns c JOIN org_units ou ON ou.id = c.owning_org_unit_id
       WHERE c.id = $2 AND ${visibleCampaign(1)} ${lock ? 'FOR UPDATE OF c' : ''}`,
      [scope.pathPattern, id],
    );
    if (!row) throw new NotFoundError('campaign', id);
    return {
      id: row.id, status: row.status, ownerId: row.owner_id, owningOrgUnitId: row.owning_org_unit_id, owningPath: row.path,
      owningLevel: row.level, approvedRevisionId: row.approved_revision_id,
    };
  }

  requireOwner(user: AuthUser, campaign: CampaignRow): void {
    if (campaign.ownerId !== user.id) throw new ForbiddenError("Only the campaign's owner may do this", 'campaign_not_owner');
  }

  async openRevision(manager: EntityManager, campaignId: number): Promise<CampaignRevision | null> {
    return manager.findOne(CampaignRevision, { where: { campaignId, status: In([...OPEN_REVISION]) } });
  }

  async detail(manager: EntityManager, id: number): Promise<CampaignDetail> {
    const [row]: SummaryRow[] = await manager.query(`${SUMMARY_SELECT} WHERE c.id = $1`, [id]);
    const revisions = await manager.find(CampaignRevision, { where: { campaignId: id }, order: { number: 'ASC' } });
    const approved = revisions.find((r) => r.status === 'approved');
    const open = revisions.find((r) => OPEN_REVISION.includes(r.status));
    const [approvedView, openView] = await this.revisionViews(manager, row.owning_org_unit_id, [approved, open]);
    return {
      ...toSummary(row),
      approved: approvedView,
      open: openView,
      revisions: revisions.map((r) => ({ id: r.id, number: r.number, status: r.status, createdAt: r.createdAt })),
    };
  }

  /** One revision whole, any of them (superseded ones too), for the revisions side by side. */
  async revision(scope: OrgScope, id: number, number: number): Promise<RevisionView> {
    const manager = this.dataSource.manager;
    const campaign = await this.findVisible(manager, scope, id);
    const revision = await manager.findOneBy(CampaignRevision, { campaignId: id, number });
    if (!revision) throw new NotFoundError('campaign_revision', `${id}/${number}`);
    const [view] = await this.revisionViews(manager, campaign.owningOrgUnitId, [revision]);
    return view!;
  }

  /** The revisions as answered, with their steps, approvals and the approval route of their budget; null stays null. */
  private async revisionViews(manager: EntityManager, owningUnitId: number, revisions: (CampaignRevision | undefined)[]): Promise<(RevisionView | null)[]> {
    const ids = revisions.filter((r): r is CampaignRevision => r !== undefined).map((r) => r.id);
    if (ids.length === 0) return revisions.map(() => null);
    const [{ level }] = await manager.query('SELECT level FROM org_units WHERE id = $1', [owningUnitId]);
    const steps = await manager.find(CampaignStep, { where: { revisionId: In(ids) } });
    const approvals = await this.approvalsOf(manager, ids);
    const thresholds = await this.thresholds.current(manager);
    return revisions.map((revision) => revision ? {
      ...toPlanView(revision, steps.filter((s) => s.revisionId === revision.id)),
      id: revision.id,
      number: revision.number,
      status: revision.status,
      reviewRound: revision.reviewRound,
      requiredApprovalLevels: revision.budgetFen === null ? [] : requiredApprovalLevels(revision.budgetFen, level, thresholds),
      approvals: approvals.filter((a) => a.revisionId === revision.id).map(({ revisionId: _, ...approval }) => approval),
      createdAt: revision.createdAt,
      updatedAt: revision.updatedAt,
    } : null);
  }

  private async approvalsOf(manager: EntityManager, revisionIds: number[]): Promise<(ApprovalView & { revisionId: number })[]> {
    const rows = await manager.query(
      `SELECT a.revision_id, a.review_round, a.org_level, a.decision, a.decided_by, u.display_name, a.decided_at, a.comment, a.field_comments
       FROM campaign_approvals a JOIN users u ON u.id = a.decided_by WHERE a.revision_id = ANY($1) ORDER BY a.decided_at, a.id`,
      [revisionIds],
    );
    return rows.map((row: any) => ({
      revisionId: row.revision_id, reviewRound: row.review_round, orgLevel: row.org_level, decision: row.decision, decidedBy: row.decided_by,
      decidedByName: row.display_name, decidedAt: row.decided_at, comment: row.comment, fieldComments: row.field_comments,
    }));
  }

  private async editableRevision(manager: EntityManager, campaign: CampaignRow): Promise<CampaignRevision> {
    const open = await this.openRevision(manager, campaign.id);
    if (!open) {
      throw new ConflictError('An approved plan is frozen; create a new revision to change it', 'campaign_plan_frozen');
    }
    if (!EDITABLE_REVISION.includes(open.status)) {
      throw new ConflictError(`The revision is ${open.status}; it is edited only as a draft or when returned`, 'campaign_wrong_state', {
        what: 'revision', status: open.status, move: 'edit', from: EDITABLE_REVISION,
      });
    }
    return open;
  }

  private async shownRevision(manager: EntityManager, campaign: CampaignRow): Promise<CampaignRevision> {
    if (campaign.approvedRevisionId !== null) return manager.findOneByOrFail(CampaignRevision, { id: campaign.approvedRevisionId });
    const [latest] = await manager.find(CampaignRevision, { where: { campaignId: campaign.id }, order: { number: 'DESC' }, take: 1 });
    return latest;
  }

  private async copyRevision(
    manager: EntityManager, from: CampaignRevision, campaignId: number, number: number, createdBy: number, name: string,
  ): Promise<CampaignRevision> {
    const { id: _id, createdAt: _c, updatedAt: _u, ...plan } = from;
    const revision = await manager.save(manager.create(CampaignRevision, {
      ...plan, campaignId, number, name, status: 'draft', reviewRound: 0, createdBy,
    }));
    await manager.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, start_date, days_of_week,
                                   window_start, window_end, cost_per_contact, daily_capacity, branch_ids)
       SELECT $2, position, channel, template_ref, start_offset_days, start_date, days_of_week,
              window_start, window_end, cost_per_contact, daily_capacity, branch_ids
       FROM campaign_steps WHERE revision_id = $1`,
      [from.id, revision.id],
    );
    return revision;
  }

  /**
   * Makes the revision's steps the given list, in its order. A step that names its
   * id keeps it (so the audit and the web follow it); the others are new. Draft
   * steps have no contacts yet, so they are rewritten in place.
   */
  private async replaceSteps(manager: EntityManager, revisionId: number, oldSteps: CampaignStep[], given: StepBody[]): Promise<CampaignStep[]> {
    const problems = given.flatMap((step, i) =>
      step.id !== undefined && !oldSteps.some((old) => old.id === step.id)
        ? [{ field: `steps[${i}].id`, code: 'campaign_unknown_step' as const, params: { id: step.id } }]
        : [],
    );
    if (problems.length > 0) throw new ValidationError(problems);
    await manager.delete(CampaignStep, { revisionId });
    const byId = new Map(oldSteps.map((step) => [step.id, step]));
    const steps = given.map((body, i) => {
      const old = body.id !== undefined ? byId.get(body.id) : undefined;
      return manager.create(CampaignStep, {
        ...(old ?? { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], costPerContactFen: 0, branchIds: [], templateRef: null, startOffsetDays: null,
          startDate: null, windowStart: null, windowEnd: null, dailyCapacity: null }),
        ...stepFields(body),
        id: old?.id,
        revisionId,
        position: i + 1,
      });
    });
    return steps.length ? manager.save(steps) : [];
  }
}

/** Takes part in or is owned by the unit `$param` or a unit below it. */
function takesPart(param: number): string {
  const subtree = `(SELECT path FROM org_units WHERE id = $${param}) || '%'`;
  return `(ou.path LIKE ${subtree} OR EXISTS (SELECT 1 FROM org_units tb WHERE tb.id = ANY(r.branch_ids) AND tb.path LIKE ${subtree}))`;
}

async function touch(manager: EntityManager, id: number): Promise<void> {
  await manager.query('UPDATE campaigns SET updated_at = now() WHERE id = $1', [id]);
}

export function toSummary(row: SummaryRow): CampaignSummary {
  return {
    id: row.id, code: row.code, status: row.status, name: row.name, objective: row.objective, startDate: row.start_date,
    endDate: row.end_date, budget: row.budget, branchIds: row.branch_ids, ownerId: row.owner_id, ownerName: row.owner_name,
    owningOrgUnitId: row.owning_org_unit_id, owningOrgUnitName: row.owning_org_unit_name,
    owningOrgUnitNameEn: row.owning_org_unit_name_en, revisionNumber: row.revision_number,
    openRevisionStatus: row.open_revision_status, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Copies the given fields onto the revision; undefined leaves a field, null clears it. */
function applyPlan(revision: CampaignRevision, body: UpdateCampaignBody): void {
  if (body.name !== undefined) revision.name = body.name;
  if (body.objective !== undefined) revision.objective = body.objective;
  if (body.description !== undefined) revision.description = body.description ?? '';
  if (body.startDate !== undefined) revision.startDate = body.startDate;
  if (body.endDate !== undefined) revision.endDate = body.endDate;
  if (body.includeSegmentIds !== undefined) revision.includeSegmentIds = body.includeSegmentIds;
  if (body.excludeSegmentIds !== undefined) revision.excludeSegmentIds = body.excludeSegmentIds;
  if (body.bundleId !== undefined) revision.bundleId = body.bundleId;
  if (body.controlSharePct !== undefined) revision.controlSharePct = body.controlSharePct;
  if (body.priority !== undefined) revision.priority = body.priority;
  if (body.attributionWindowDays !== undefined) revision.attributionWindowDays = body.attributionWindowDays;
  if (body.attributionProductLines !== undefined) revision.attributionProductLines = body.attributionProductLines;
  if (body.evaluationFormRef !== undefined) revision.evaluationFormRef = body.evaluationFormRef;
  if (body.evaluationCheckpoints !== undefined) revision.evaluationCheckpoints = [...body.evaluationCheckpoints].sort();
  if (body.evaluationDueDays !== undefined) revision.evaluationDueDays = body.evaluationDueDays;
  if (body.budget !== undefined) revision.budgetFen = body.budget === null ? null : parseYuan(body.budget);
  if (body.branchIds !== undefined) revision.branchIds = body.branchIds;
  const kpi = body.kpiTargets;
  if (kpi) {
    if (kpi.contacts !== undefined) revision.targetContacts = kpi.contacts;
    if (kpi.responseRatePct !== undefined) revision.targetResponseRatePct = kpi.responseRatePct;
    if (kpi.conversions !== undefined) revision.targetConversions = kpi.conversions;
    if (kpi.premium !== undefined) revision.targetPremiumFen = kpi.premium === null ? null : parseYuan(kpi.premium);
  }
}

function stepFields(body: StepBody): Partial<CampaignStep> {
  const fields: Partial<CampaignStep> = { channel: body.channel };
  if (body.templateRef !== undefined) fields.templateRef = body.templateRef;
  if (body.startOffsetDays !== undefined) fields.startOffsetDays = body.startOffsetDays;
  if (body.startDate !== undefined) fields.startDate = body.startDate;
  // A step starts either after an offset or on a date: giving one clears the other.
  if (body.startDate) fields.startOffsetDays = null;
  else if (body.startOffsetDays !== undefined && body.startOffsetDays !== null) fields.startDate = null;
  if (body.daysOfWeek !== undefined) fields.daysOfWeek = [...body.daysOfWeek].sort((a, b) => a - b);
  if (body.windowStart !== undefined) fields.windowStart = body.windowStart;
  if (body.windowEnd !== undefined) fields.windowEnd = body.windowEnd;
  if (body.costPerContact !== undefined) fields.costPerContactFen = parseYuan(body.costPerContact) as number;
  if (body.dailyCapacity !== undefined) fields.dailyCapacity = body.dailyCapacity;
  if (body.branchIds !== undefined) fields.branchIds = body.branchIds;
  return fields;
}

/** The audit entries of a draft's change: one per changed field, one per added, removed or changed step. */
function changeEntries(campaignId: number, revisionId: number, actorId: number, before: PlanView, after: PlanView): AuditEntry[] {
  const { fields, steps } = comparePlans(before, after);
  const base = { campaignId, revisionId, actorId };
  return [
    ...fields.map((f) => ({ ...base, action: 'field_changed', field: f.field, before: f.before, after: f.after })),
    ...steps.map((s) => ({
      ...base,
      action: `step_${s.change}`,
      field: `steps[${s.position}]`,
      before: Object.fromEntries(s.fields.map((f) => [f.field, f.before])),
      after: Object.fromEntries(s.fields.map((f) => [f.field, f.after])),
    })),
  ];
}
