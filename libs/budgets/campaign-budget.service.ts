import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { AuditEntry, CampaignAudit } from '@lib/campaigns';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { ConflictError, DomainError, Fen, FieldProblem, ForbiddenError, formatYuan, isCalendarDate, NotFoundError, Page, ValidationError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { NotificationService } from '@lib/notifications';
import { addLine, campaignMoney, fenOf, lockCampaignBudget, LockedCampaignBudget, lockPool } from './budget-ledger';
import { allocationProblems } from './budget-commitment';
import { budgetExceeded, insufficientPool } from './budget-errors';
import { yuanField } from './budget-pool.service';
import { CAMPAIGN_FIGURES_SQL, campaignFigures, shareFigures } from './campaign-figures';
import type {
  BudgetAllocationView,
  BudgetRaiseRequestView,
  CampaignBudgetView,
  SpendCategory,
  SpendLineView,
} from './budget.view';

/** What the reader of a campaign's budget may see: all of it, or only the branches in their scope. */
interface Access {
  owningUnitId: number;
  whole: boolean;
  /** Participating branches in the reader's scope. */
  branchIds: number[];
}

export interface NewManualSpend {
  branchId: number;
  category: SpendCategory;
  amount: string;
  spentOn: string;
  reference?: string;
  channel?: StepChannel;
  note?: string;
}

const SPEND_SQL = `
  SELECT l.id, l.campaign_id, l.branch_id, l.channel, l.amount::text, l.contacts, l.note, l.created_by, l.created_at,
         l.source_line_id, ms.category, ms.spent_on::text, ms.reference, ms.attachment_name,
         (ms.line_id IS NOT NULL OR rm.line_id IS NOT NULL) AS manual,
         (SELECT r.id FROM budget_lines r WHERE r.source_line_id = l.id AND r.kind = 'spend') AS reversed_by
  FROM budget_lines l
  LEFT JOIN manual_spends ms ON ms.line_id = l.id
  LEFT JOIN manual_spends rm ON rm.line_id = l.source_line_id`;

/**
 * A campaign's budget once approved: its figures by branch and channel, the split of
 * each revision's budget, manual spend lines, and requests to raise it. A user who
 * sees only some of the participating branches gets only those branches' part.
 */
@Injectable()
export class CampaignBudgetService {
  private readonly logger = new Logger(CampaignBudgetService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: CampaignAudit,
    private readonly config: AppConfig,
    private readonly notifications: NotificationService,
  ) {}

  async view(scope: OrgScope, campaignId: number): Promise<CampaignBudgetView> {
    const access = await this.access(scope, campaignId);
    const [row] = await this.dataSource.query(`${CAMPAIGN_FIGURES_SQL} WHERE cb.campaign_id = $1`, [campaignId]);
    const allocations: { branch_id: number | null; channel: StepChannel | null; amount: string }[] = await this.dataSource.query(
      `SELECT branch_id, channel, amount::text FROM budget_allocations WHERE revision_id = $1`,
      [row.revision_id],
    );
    const used: { branch_id: number; channel: StepChannel | null; committed: string; actual: string }[] = await this.dataSource.query(
      `SELECT branch_id, channel,
              COALESCE(sum(amount) FILTER (WHERE kind = 'commitment'), 0)::text AS committed,
              COALESCE(sum(amount) FILTER (WHERE kind = 'spend'), 0)::text AS actual
       FROM budget_lines WHERE campaign_id = $1 AND kind IN ('commitment','spend') GROUP BY branch_id, channel`,
      [campaignId],
    );
    const names: { id: number; name: string }[] = await this.dataSource.query(`SELECT id, name FROM org_units WHERE id = ANY($1) ORDER BY path`, [
      access.branchIds,
    ]);
    const splitByBranch = allocations.some((a) => a.branch_id !== null);
    const splitByChannel = allocations.some((a) => a.channel !== null);
    const sumOf = (rows: typeof used, key: 'committed' | 'actual') => rows.reduce((sum, r) => sum + fenOf(r[key]), 0);
    const branches = names.map(({ id, name }) => {
      const mine = used.filter((u) => u.branch_id === id);
      const allocation = allocations.find((a) => a.branch_id === id);
      return {
        branchId: id,
        branchName: name,
        figures: shareFigures(splitByBranch ? fenOf(allocation?.amount ?? null) : null, sumOf(mine, 'committed'), sumOf(mine, 'actual'), row.released),
      };
    });
    const channels = access.whole
      ? [...new Set([...allocations.map((a) => a.channel), ...used.map((u) => u.channel)])]
          .filter((channel): channel is StepChannel => channel !== null)
          .sort()
          .map((channel) => {
            const mine = used.filter((u) => u.channel === channel);
            const allocation = allocations.find((a) => a.channel === channel);
            return {
              channel,
              figures: shareFigures(splitByChannel ? fenOf(allocation?.amount ?? null) : null, sumOf(mine, 'committed'), sumOf(mine, 'actual'), row.released),
            };
          })
      : [];
    return {
      campaignId,
      poolId: row.pool_id,
      owningUnitId: row.owning_unit_id,
      revisionId: row.revision_id,
      released: row.released,
      whole: access.whole,
      figures: access.whole ? campaignFigures(row) : null,
      branches,
      channels,
    };
  }

  /**
   * The budgets of the campaigns the reader sees (owned in their scope, or with a
   * participating branch in it), newest first; for a branch page, those it takes part in.
   */
  async list(scope: OrgScope, query: { fiscalYear?: number; branchId?: number; page: number; pageSize: number }): Promise<Page<CampaignBudgetView>> {
    const where = `
      FROM campaign_budgets cb JOIN budget_pools p ON p.id = cb.pool_id JOIN org_units owner ON owner.id = cb.owning_unit_id
      WHERE (owner.path LIKE $1 OR EXISTS (SELECT 1 FROM org_units u WHERE u.id = ANY(cb.branch_ids) AND u.path LIKE $1))
        AND ($2::int IS NULL OR p.fiscal_year = $2) AND ($3::int IS NULL OR $3 = ANY(cb.branch_ids))`;
    const params = [scope.pathPattern, query.fiscalYear ?? null, query.branchId ?? null];
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${where}`, params);
    const rows: { campaign_id: number }[] = await this.dataSource.query(
      `SELECT cb.campaign_id ${where} ORDER BY cb.campaign_id DESC LIMIT $4 OFFSET $5`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const items = [];
    for (const row of rows) items.push(await this.view(scope, row.campaign_id));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The split of a revision's budget; a reader who sees only some branches gets only theirs. */
  async allocations(scope: OrgScope, campaignId: number, revisionId: number): Promise<BudgetAllocationView> {
    const revision = await this.revision(this.dataSource.manager, scope, campaignId, revisionId);
    const onlyBranches = revision.whole ? null : revision.visibleBranchIds;
    const own = await this.allocationView(this.dataSource.manager, campaignId, revisionId, onlyBranches);
    const [approved] = await this.dataSource.query(
      `SELECT cb.revision_id FROM campaign_budgets cb
       WHERE cb.campaign_id = $1 AND cb.revision_id <> $2 AND NOT EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2)`,
      [campaignId, revisionId],
    );
    if (!approved || ['approved', 'superseded'].includes(revision.status)) return own;
    const inherited = await this.allocationView(this.dataSource.manager, campaignId, approved.revision_id, onlyBranches);
    return {
      ...inherited,
      revisionId,
      branches: inherited.branches.filter((b) => revision.branchIds.includes(b.branchId)),
      inheritedFromRevisionId: approved.revision_id,
    };
  }

  /**
   * Replaces the split of a revision that is still being worked on (draft or returned);
   * an approved plan changes only through a new revision. Each sum must fit the
   * revision's budget, and branches must take part in it. Only the campaign's owner changes it, as the rest of the plan.
   */
  async setAllocations(
    scope: OrgScope,
    actorId: number,
    campaignId: number,
    revisionId: number,
    body: { branches: { branchId: number; amount: string }[]; channels: { channel: StepChannel; amount: string }[] },
  ): Promise<BudgetAllocationView> {
    const branches = body.branches.map((b, i) => ({ branchId: b.branchId, amountFen: yuanField(b.amount, `branches[${i}].amount`) }));
    const channels = body.channels.map((c, i) => ({ channel: c.channel, amountFen: yuanField(c.amount, `channels[${i}].amount`) }));
    return this.dataSource.transaction(async (manager) => {
      const revision = await this.revision(manager, scope, campaignId, revisionId, true);
      if (!revision.whole) throw new NotFoundError('campaign', campaignId);
      // The split is part of the plan, which its owner edits.
      if (revision.ownerId !== actorId) throw new ForbiddenError("Only the campaign's owner may do this", 'campaign_not_owner');
      if (!['draft', 'returned'].includes(revision.status)) {
        throw new ConflictError(`Revision ${revision.number} can no longer be changed`, 'revision_not_editable', { number: revision.number });
      }
      const stepChannels: { channel: StepChannel }[] = await manager.query(
        `SELECT DISTINCT channel FROM campaign_steps WHERE revision_id = $1`,
        [revisionId],
      );
      const problems: FieldProblem[] = [
        ...allocationProblems(revision.budgetFen, revision.branchIds, branches, channels.map((c) => c.amountFen)),
        ...duplicates(branches.map((b) => b.branchId), 'branches', 'branchId'),
        ...duplicates(channels.map((c) => c.channel), 'channels', 'channel'),
      ];
      channels.forEach((c, i) => {
        if (!stepChannels.some((s) => s.channel === c.channel)) {
          problems.push({ field: `channels[${i}].channel`, code: 'channel_not_in_plan', params: { channel: c.channel } });
        }
      });
      if (problems.length > 0) throw new ValidationError(problems);
      const before = await this.allocationView(manager, campaignId, revisionId, null);
      await manager.query(`DELETE FROM budget_allocations WHERE revision_id = $1`, [revisionId]);
      await manager.query(
        `INSERT INTO budget_allocations (campaign_id, revision_id, branch_id, channel, amount)
         SELECT $1, $2, a.branch_id, a.channel, a.amount
         FROM unnest($3::int[], $4::text[], $5::numeric[]) AS a(branch_id, channel, amount)`,
        [
          campaignId,
          revisionId,
          [...branches.map((b) => b.branchId), ...channels.map(() => null)],
          [...branches.map(() => null), ...channels.map((c) => c.channel)],
          [...branches, ...channels].map((a) => formatYuan(a.amountFen)),
        ],
      );
      const after = await this.allocationView(manager, campaignId, revisionId, null);
      await this.audit.record(manager, ...allocationChanges(actorId, before, after));
      return after;
    });
  }

  async spendLines(scope: OrgScope, campaignId: number, branchId?: number): Promise<SpendLineView[]> {
    const access = await this.access(scope, campaignId);
    const branchIds = branchId === undefined ? access.branchIds : access.branchIds.filter((id) => id === branchId);
    const rows = await this.dataSource.query(
      `${SPEND_SQL} WHERE l.campaign_id = $1 AND l.kind = 'spend' AND l.branch_id = ANY($2) ORDER BY l.created_at, l.id`,
      [campaignId, branchIds],
    );
    return rows.map(toSpendView);
  }

  /**
   * Records a manual spend of a branch (gifts, events, printed material, staff…). Like
   * every spend it must fit what the campaign, the branch and (when named) the channel
   * have left: overspending is refused, a raise request comes first.
   */
  async addManualSpend(scope: OrgScope, actorId: number, campaignId: number, spend: NewManualSpend): Promise<SpendLineView> {
    const amountFen = yuanField(spend.amount, 'amount');
    if (amountFen === 0) throw new ValidationError([{ field: 'amount', code: 'below_min', params: { min: '0.01' } }]);
    if (!isCalendarDate(spend.spentOn)) throw new ValidationError([{ field: 'spentOn', code: 'not_a_date' }]);
    const lineId = await this.dataSource.transaction(async (manager) => {
      const budget = await this.lockedForBranch(manager, scope, campaignId, spend.branchId);
      const remainingFen = await this.leftFor(manager, budget, spend.branchId, spend.channel ?? null);
      if (amountFen > remainingFen) throw budgetExceeded(remainingFen);
      const id = await addLine(manager, {
        poolId: budget.poolId,
        kind: 'spend',
        amountFen,
        campaignId,
        branchId: spend.branchId,
        channel: spend.channel ?? null,
        note: spend.note ?? '',
        createdBy: actorId,
      });
      await manager.query(`INSERT INTO manual_spends (line_id, category, spent_on, reference) VALUES ($1, $2, $3, $4)`, [
        id,
        spend.category,
        spend.spentOn,
        spend.reference ?? '',
      ]);
      await this.audit.record(manager, {
        campaignId,
        revisionId: budget.revisionId,
        actorId,
        action: 'spend_recorded',
        field: `spend.branch[${spend.branchId}]`,
        after: { line: id, amount: formatYuan(amountFen), category: spend.category, spentOn: spend.spentOn },
      });
      return id;
    });
    return this.spendLine(scope, campaignId, lineId);
  }

  /** A wrongly entered manual spend is corrected by a reversing line; the ledger keeps both. */
  async reverseManualSpend(scope: OrgScope, actorId: number, campaignId: number, lineId: number): Promise<SpendLineView> {
    const reversalId = await this.dataSource.transaction(async (manager) => {
      const original = await this.manualLine(manager, scope, campaignId, lineId);
      const budget = await this.lockedForBranch(manager, scope, campaignId, original.branch_id);
      const [reversed] = await manager.query(`SELECT 1 FROM budget_lines WHERE source_line_id = $1 AND kind = 'spend'`, [lineId]);
      if (reversed) throw new ConflictError(`Spend line ${lineId} has already been reversed`, 'spend_reversed', { id: lineId });
      const amountFen = fenOf(original.amount);
      const id = await addLine(manager, {
        poolId: budget.poolId,
        kind: 'spend',
        amountFen: -amountFen,
        campaignId,
        branchId: original.branch_id,
        channel: original.channel,
        sourceLineId: lineId,
        note: `reverses line ${lineId}`,
        createdBy: actorId,
      });
      await this.audit.record(manager, {
        campaignId,
        revisionId: budget.revisionId,
        actorId,
        action: 'spend_reversed',
        field: `spend.branch[${original.branch_id}]`,
        before: { line: lineId, amount: formatYuan(amountFen) },
        after: { line: id, amount: formatYuan(-amountFen) },
      });
      return id;
    });
    return this.spendLine(scope, campaignId, reversalId);
  }

  /** Stores a receipt or invoice for a manual spend line under UPLOAD_DIR, replacing an earlier one. */
  async attach(scope: OrgScope, actorId: number, campaignId: number, lineId: number, fileName: string, file: Readable): Promise<SpendLineView> {
    await this.manualLine(this.dataSource.manager, scope, campaignId, lineId);
    const relative = join('budget-attachments', `${lineId}-${randomUUID()}${extname(fileName).slice(0, 16)}`);
    const stored = resolve(this.config.UPLOAD_DIR, relative);
    await mkdir(resolve(this.config.UPLOAD_DIR, 'budget-attachments'), { recursive: true });
    try {
      await pipeline(file, attachmentLimit(), createWriteStream(stored));
    } catch (err) {
      await rm(stored, { force: true });
      throw err;
    }
    const [previous] = await this.dataSource.transaction(async (manager) => {
      const [old] = await manager.query(`SELECT attachment_path FROM manual_spends WHERE line_id = $1 FOR UPDATE`, [lineId]);
      await manager.query(`UPDATE manual_spends SET attachment_name = $2, attachment_path = $3 WHERE line_id = $1`, [
        lineId,
        fileName.slice(0, 255),
        relative,
      ]);
      await this.audit.record(manager, { campaignId, actorId, action: 'spend_attachment', field: `spend.line[${lineId}]`, after: fileName });
      return [old?.attachment_path as string | null];
    });
    if (previous) await rm(resolve(this.config.UPLOAD_DIR, previous), { force: true });
    return this.spendLine(scope, campaignId, lineId);
  }

  /** Where a manual spend's attachment is stored, for the controller to stream. */
  async attachment(scope: OrgScope, campaignId: number, lineId: number): Promise<{ path: string; name: string }> {
    const line = await this.manualLine(this.dataSource.manager, scope, campaignId, lineId);
    if (!line.attachment_path) throw new NotFoundError('spend_line', `${lineId}/attachment`);
    return { path: resolve(this.config.UPLOAD_DIR, line.attachment_path), name: line.attachment_name };
  }

  async requestRaise(scope: OrgScope, actorId: number, campaignId: number, body: { amount: string; reason: string }): Promise<BudgetRaiseRequestView> {
    const amountFen = yuanField(body.amount, 'amount');
    if (amountFen === 0) throw new ValidationError([{ field: 'amount', code: 'below_min', params: { min: '0.01' } }]);
    const id = await this.dataSource.transaction(async (manager) => {
      const access = await this.access(scope, campaignId, manager);
      if (!access.whole) throw new NotFoundError('budget', campaignId);
      const [campaign] = await manager.query(`SELECT owner_id FROM campaigns WHERE id = $1`, [campaignId]);
      if (campaign.owner_id !== actorId) throw new ForbiddenError("Only the campaign's owner may do this", 'campaign_not_owner');
      const budget = await lockCampaignBudget(manager, campaignId);
      if (!budget || budget.released) throw new ConflictError('The campaign was cancelled or closed and its budget released', 'budget_released');
      const [open] = await manager.query(`SELECT id FROM budget_raise_requests WHERE campaign_id = $1 AND status = 'pending'`, [campaignId]);
      if (open) throw new ConflictError('The campaign already has a budget raise request waiting for review', 'raise_request_open');
      const [created] = await manager.query(
        `INSERT INTO budget_raise_requests (campaign_id, revision_id, amount, reason, requested_by) VALUES ($1, $2, $3::numeric, $4, $5) RETURNING id`,
        [campaignId, budget.revisionId, formatYuan(amountFen), body.reason, actorId],
      );
      await this.audit.record(manager, {
        campaignId,
        revisionId: budget.revisionId,
        actorId,
        action: 'budget_raise_requested',
        field: 'budget',
        after: { request: created.id, amount: formatYuan(amountFen) },
        comment: body.reason,
      });
      const reviewers: { id: number }[] = await manager.query(
        `SELECT u.id FROM users u JOIN org_units ou ON ou.id = u.org_unit_id
         WHERE 'reviewer' = ANY(u.roles) AND u.active AND (SELECT path FROM org_units WHERE id = $1) LIKE ou.path || '%'`,
        [budget.owningUnitId],
      );
      await this.notifications.notify(manager, {
        kind: 'budget_raise_requested',
        recipientIds: reviewers.map((reviewer) => reviewer.id),
        params: { ...(await noticeParams(manager, campaignId, actorId)), amount: formatYuan(amountFen), reason: body.reason },
        link: `/campaigns/${campaignId}`,
      });
      return created.id as number;
    });
    await this.nudgeMail();
    return this.raiseRequest(scope, id);
  }

  async raiseRequests(scope: OrgScope, campaignId: number): Promise<BudgetRaiseRequestView[]> {
    const access = await this.access(scope, campaignId);
    if (!access.whole) throw new NotFoundError('budget', campaignId);
    const rows = await this.dataSource.query(`SELECT * FROM budget_raise_requests WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
    return rows.map(toRaiseView);
  }

  /** The open raise requests of the campaigns a reviewer's scope holds, oldest first. */
  async pendingRaiseRequests(scope: OrgScope): Promise<BudgetRaiseRequestView[]> {
    const rows = await this.dataSource.query(
      `SELECT r.* FROM budget_raise_requests r JOIN campaign_budgets cb ON cb.campaign_id = r.campaign_id
       WHERE r.status = 'pending' AND ${scope.unitCondition('cb.owning_unit_id', 1)} ORDER BY r.requested_at, r.id`,
      [scope.pathPattern],
    );
    return rows.map(toRaiseView);
  }

  async raiseRequest(scope: OrgScope, requestId: number): Promise<BudgetRaiseRequestView> {
    const [row] = await this.dataSource.query(
      `SELECT r.* FROM budget_raise_requests r JOIN campaign_budgets cb ON cb.campaign_id = r.campaign_id
       WHERE r.id = $1 AND ${scope.unitCondition('cb.owning_unit_id', 2)}`,
      [requestId, scope.pathPattern],
    );
    if (!row) throw new NotFoundError('budget_raise_request', requestId);
    return toRaiseView(row);
  }

  /** A reviewer at or above the owning unit approves (the raise is reserved from the pool) or rejects. */
  async decideRaise(scope: OrgScope, actorId: number, requestId: number, approve: boolean, comment = ''): Promise<BudgetRaiseRequestView> {
    await this.dataSource.transaction(async (manager) => {
      const [request] = await manager.query(
        `SELECT r.id, r.campaign_id, r.status, r.amount::text, r.requested_by FROM budget_raise_requests r
         JOIN campaign_budgets cb ON cb.campaign_id = r.campaign_id
         WHERE r.id = $1 AND ${scope.unitCondition('cb.owning_unit_id', 2)} FOR UPDATE OF r`,
        [requestId, scope.pathPattern],
      );
      if (!request) throw new NotFoundError('budget_raise_request', requestId);
      if (request.status !== 'pending') throw new ConflictError('This request has already been decided', 'raise_request_decided');
      const budget = (await lockCampaignBudget(manager, request.campaign_id)) as LockedCampaignBudget;
      const amountFen = fenOf(request.amount);
      const entry: AuditEntry = { campaignId: request.campaign_id, revisionId: budget.revisionId, actorId, action: 'budget_raise_rejected', field: 'budget', comment };
      if (approve) {
        if (budget.released) throw new ConflictError('The campaign was cancelled or closed and its budget released', 'budget_released');
        const before = await campaignMoney(manager, request.campaign_id);
        const pool = await lockPool(manager, budget.poolId);
        if (amountFen > pool.remainingFen) throw insufficientPool(pool.remainingFen, amountFen);
        await addLine(manager, {
          poolId: budget.poolId,
          kind: 'reservation',
          amountFen,
          campaignId: request.campaign_id,
          note: `budget raise ${requestId} approved`,
          createdBy: actorId,
        });
        Object.assign(entry, { action: 'budget_raised', before: formatYuan(before.reservedFen), after: formatYuan(before.reservedFen + amountFen) });
      }
      await manager.query(
        `UPDATE budget_raise_requests SET status = $2, decided_by = $3, decided_at = now(), comment = $4, revision_id = $5 WHERE id = $1`,
        [requestId, approve ? 'approved' : 'rejected', actorId, comment, budget.revisionId],
      );
      await this.audit.record(manager, entry);
      await this.notifications.notify(manager, {
        kind: approve ? 'budget_raise_approved' : 'budget_raise_rejected',
        recipientIds: [request.requested_by],
        params: { ...(await noticeParams(manager, request.campaign_id, actorId)), amount: formatYuan(amountFen), comment },
        link: `/campaigns/${request.campaign_id}`,
      });
    });
    await this.nudgeMail();
    return this.raiseRequest(scope, requestId);
  }

  /** Mail goes out after the commit; when the queue cannot be reached, the worker's scheduled run still sends it. */
  private async nudgeMail(): Promise<void> {
    try {
      await this.notifications.deliverSoon();
    } catch (error) {
      this.logger.warn(`notification mail waits for the next scheduled run: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** What the reader sees of a campaign's budget; 404 when nothing of it is in their scope. */
  private async access(scope: OrgScope, campaignId: number, manager: EntityManager = this.dataSource.manager): Promise<Access> {
    const [row] = await manager.query(
      `SELECT cb.owning_unit_id, owner.path LIKE $2 AS whole,
              ARRAY(SELECT u.id FROM org_units u WHERE u.id = ANY(cb.branch_ids) AND u.path LIKE $2 ORDER BY u.path) AS visible
       FROM campaign_budgets cb JOIN org_units owner ON owner.id = cb.owning_unit_id WHERE cb.campaign_id = $1`,
      [campaignId, scope.pathPattern],
    );
    if (!row || (!row.whole && row.visible.length === 0)) throw new NotFoundError('budget', campaignId);
    return { owningUnitId: row.owning_unit_id, whole: row.whole, branchIds: row.visible };
  }

  /** The campaign's budget row, locked, for a change of one branch's part by a user who sees that branch. */
  private async lockedForBranch(manager: EntityManager, scope: OrgScope, campaignId: number, branchId: number): Promise<LockedCampaignBudget> {
    const access = await this.access(scope, campaignId, manager);
    const budget = (await lockCampaignBudget(manager, campaignId)) as LockedCampaignBudget;
    if (!budget.branchIds.includes(branchId)) {
      throw new ValidationError([{ field: 'branchId', code: 'not_participating_branch', params: { id: branchId } }]);
    }
    if (!access.branchIds.includes(branchId)) throw new ValidationError([{ field: 'branchId', code: 'outside_scope_unit' }]);
    if (budget.released) throw new ConflictError('The campaign was cancelled or closed and its budget released', 'budget_released');
    return budget;
  }

  /** What the campaign, the branch and the channel (each where the budget is split that way) still have, the least of them. */
  private async leftFor(manager: EntityManager, budget: LockedCampaignBudget, branchId: number, channel: StepChannel | null): Promise<Fen> {
    const campaignLeft = (await campaignMoney(manager, budget.campaignId)).remainingFen;
    const [split] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2 AND branch_id IS NOT NULL) AS by_branch,
              (SELECT amount::text FROM budget_allocations WHERE revision_id = $2 AND branch_id = $3) AS branch_allocation,
              (SELECT COALESCE(sum(amount), 0)::text FROM budget_lines WHERE campaign_id = $1 AND branch_id = $3 AND kind IN ('commitment','spend')) AS branch_used,
              EXISTS (SELECT 1 FROM budget_allocations WHERE revision_id = $2 AND channel IS NOT NULL) AS by_channel,
              (SELECT amount::text FROM budget_allocations WHERE revision_id = $2 AND channel = $4) AS channel_allocation,
              (SELECT COALESCE(sum(amount), 0)::text FROM budget_lines WHERE campaign_id = $1 AND channel = $4 AND kind IN ('commitment','spend')) AS channel_used`,
      [budget.campaignId, budget.revisionId, branchId, channel],
    );
    const limits = [campaignLeft];
    if (split.by_branch) limits.push(fenOf(split.branch_allocation) - fenOf(split.branch_used));
    if (split.by_channel && channel !== null) limits.push(fenOf(split.channel_allocation) - fenOf(split.channel_used));
    return Math.min(...limits);
  }

  private async manualLine(manager: EntityManager, scope: OrgScope, campaignId: number, lineId: number) {
    const access = await this.access(scope, campaignId, manager);
    const [line] = await manager.query(
      `SELECT l.id, l.branch_id, l.channel, l.amount::text, ms.attachment_name, ms.attachment_path
       FROM budget_lines l JOIN manual_spends ms ON ms.line_id = l.id
       WHERE l.id = $1 AND l.campaign_id = $2 AND l.branch_id = ANY($3)`,
      [lineId, campaignId, access.branchIds],
    );
    if (!line) throw new NotFoundError('spend_line', lineId);
    return line;
  }

  private async spendLine(scope: OrgScope, campaignId: number, lineId: number): Promise<SpendLineView> {
    const line = (await this.spendLines(scope, campaignId)).find((l) => l.id === lineId);
    if (!line) throw new NotFoundError('spend_line', lineId);
    return line;
  }

  private async revision(manager: EntityManager, scope: OrgScope, campaignId: number, revisionId: number, lock = false) {
    const [row] = await manager.query(
      `SELECT r.number, r.status, COALESCE(r.budget, 0)::text AS budget, r.branch_ids, c.owner_id, owner.path LIKE $3 AS whole,
              ARRAY(SELECT u.id FROM org_units u WHERE u.id = ANY(r.branch_ids) AND u.path LIKE $3) AS visible
       FROM campaign_revisions r JOIN campaigns c ON c.id = r.campaign_id JOIN org_units owner ON owner.id = c.owning_org_unit_id
       WHERE r.id = $1 AND r.campaign_id = $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [revisionId, campaignId, scope.pathPattern],
    );
    if (!row || (!row.whole && row.visible.length === 0)) throw new NotFoundError('campaign_revision', revisionId);
    return {
      number: row.number as number,
      status: row.status as string,
      ownerId: row.owner_id as number,
      budgetFen: fenOf(row.budget),
      branchIds: row.branch_ids as number[],
      whole: row.whole as boolean,
      visibleBranchIds: row.visible as number[],
    };
  }

  private async allocationView(manager: EntityManager, campaignId: number, revisionId: number, onlyBranches: number[] | null): Promise<BudgetAllocationView> {
    const rows: { branch_id: number | null; channel: StepChannel | null; amount: string }[] = await manager.query(
      `SELECT a.branch_id, a.channel, a.amount::text FROM budget_allocations a LEFT JOIN org_units u ON u.id = a.branch_id
       WHERE a.revision_id = $1 ORDER BY u.path, a.channel`,
      [revisionId],
    );
    return {
      campaignId,
      revisionId,
      inheritedFromRevisionId: null,
      branches: rows
        .filter((r) => r.branch_id !== null && (onlyBranches === null || onlyBranches.includes(r.branch_id)))
        .map((r) => ({ branchId: r.branch_id as number, amount: r.amount })),
      channels: onlyBranches === null ? rows.filter((r) => r.channel !== null).map((r) => ({ channel: r.channel as StepChannel, amount: r.amount })) : [],
    };
  }
}

/** A receipt or an invoice, photographed or scanned, fits in this. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Passes a file through and stops it with a 413 once it outgrows an attachment. */
function attachmentLimit(): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > MAX_ATTACHMENT_BYTES) done(new DomainError('file_too_large', 'The attachment is larger than 20 MB', 413));
      else done(null, chunk);
    },
  });
}

/** The campaign's code and name (of the plan in force) and the actor's name, as notifications show them. */
async function noticeParams(manager: EntityManager, campaignId: number, actorId: number): Promise<{ code: string; name: string; actor: string }> {
  const [row] = await manager.query(
    `SELECT c.code, r.name, (SELECT display_name FROM users WHERE id = $2) AS actor
     FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.id = $1`,
    [campaignId, actorId],
  );
  return { code: row?.code ?? '', name: row?.name ?? '', actor: row?.actor ?? '' };
}

/** One audit entry per allocation whose amount changed, appeared or went. */
function allocationChanges(actorId: number, before: BudgetAllocationView, after: BudgetAllocationView): AuditEntry[] {
  const keyed = (view: BudgetAllocationView) =>
    new Map<string, string>([
      ...view.branches.map((b): [string, string] => [`allocation.branch[${b.branchId}]`, b.amount]),
      ...view.channels.map((c): [string, string] => [`allocation.channel[${c.channel}]`, c.amount]),
    ]);
  const old = keyed(before);
  const now = keyed(after);
  return [...new Set([...old.keys(), ...now.keys()])]
    .filter((field) => old.get(field) !== now.get(field))
    .map((field) => ({
      campaignId: after.campaignId,
      revisionId: after.revisionId,
      actorId,
      action: 'budget_allocated',
      field,
      before: old.get(field) ?? null,
      after: now.get(field) ?? null,
    }));
}

function duplicates<T>(values: T[], list: string, key: string): FieldProblem[] {
  return values.flatMap((value, index) =>
    values.indexOf(value) !== index ? [{ field: `${list}[${index}].${key}`, code: 'items_not_unique' as const }] : [],
  );
}

function toSpendView(row: Record<string, any>): SpendLineView {
  return {
    id: Number(row.id),
    campaignId: row.campaign_id,
    branchId: row.branch_id,
    channel: row.channel,
    source: row.manual ? 'manual' : 'automatic',
    amount: formatYuan(fenOf(row.amount)),
    contacts: row.contacts,
    category: row.category,
    spentOn: row.spent_on,
    reference: row.reference ?? '',
    note: row.note,
    attachmentName: row.attachment_name,
    reverses: row.manual && row.source_line_id ? Number(row.source_line_id) : null,
    reversedBy: row.reversed_by === null ? null : Number(row.reversed_by),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

function toRaiseView(row: Record<string, any>): BudgetRaiseRequestView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    amount: formatYuan(fenOf(row.amount)),
    reason: row.reason,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    comment: row.comment,
  };
}
