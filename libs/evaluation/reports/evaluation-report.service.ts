import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasAnyRole, Role } from '@lib/auth';
import { CampaignMoveListeners, CampaignMoves, CampaignService } from '@lib/campaigns';
import { ForbiddenError, LOCAL_TODAY_SQL, NotFoundError, ValidationError } from '@lib/common';
import type { FieldProblem } from '@lib/common/domain-error';
import { NotificationService } from '@lib/notifications';
import type { FigureExplanations, FormAnswers, FormDefinition } from '../form-schema';
import type { ApproveReportBody, OccasionQuery, ReportAnswersBody, ReportListQuery, ReturnReportBody } from './evaluation-report.dto';
import type {
  ComparedField, ComparedReport, ReportDetail, ReportHistoryEntry, ReportOccasionView, ReportSummary, SideBySideView, SystemFigureValues,
} from './evaluation-report.view';
import { comparedFields } from './compared-fields';
import { BranchFigures } from '../branch-figures';
import { closingRefusal } from './owed-reports';
import { checkAnswers, checkFieldComments, currentFigures, sameFigure } from './report-answers';
import { AWAITING_REVIEW, NOT_FILED, ReportMove, reportMoveTarget, ReportOccasion, ReportStatus } from './report-status';

/** Who fills a branch's report: its executors, and executors of the units above it. */
export const REPORT_FILLERS: readonly Role[] = [Role.BranchExecutor];
/** Who reviews besides the campaign's owner: reviewers and campaign managers at or above the owning unit. */
export const REPORT_REVIEWERS: readonly Role[] = [Role.Reviewer, Role.CampaignManager];
/** Who reads reports: the fillers and reviewers, and analysts. */
export const REPORT_READERS: readonly Role[] = [...REPORT_FILLERS, ...REPORT_REVIEWERS, Role.Analyst];

interface ReportRow {
  id: number;
  campaign_id: number;
  campaign_code: string;
  campaign_name: string;
  campaign_status: string;
  owner_id: number;
  owning_path: string;
  branch_id: number;
  branch_name: string;
  branch_name_en: string | null;
  branch_path: string;
  occasion: ReportOccasion;
  occasion_date: string;
  due_date: string;
  status: ReportStatus;
  overdue: boolean;
  submitted_at: Date | null;
  updated_at: Date;
}

interface ReportDetailRow extends ReportRow {
  form: FormDefinition;
  answers: FormAnswers;
  system_values: Record<string, string>;
  explanations: FigureExplanations;
  review_comment: string | null;
  field_comments: Record<string, string>;
}

const SUMMARY_COLUMNS = `
  e.id, e.campaign_id, c.code AS campaign_code, r.name AS campaign_name, c.status AS campaign_status, c.owner_id, ou.path AS owning_path,
  e.branch_id, b.name AS branch_name, b.name_en AS branch_name_en, b.path AS branch_path, e.occasion,
  to_char(e.occasion_date, 'YYYY-MM-DD') AS occasion_date, to_char(e.due_date, 'YYYY-MM-DD') AS due_date, e.status,
  (e.status IN ('draft', 'returned') AND e.due_date < ${LOCAL_TODAY_SQL}) AS overdue, e.submitted_at, e.updated_at`;

const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, v.definition AS form, e.answers, e.system_values, e.explanations, e.review_comment, e.field_comments`;

const REPORT_FROM = `
  FROM evaluation_reports e
  JOIN campaigns c ON c.id = e.campaign_id
  JOIN campaign_revisions r ON r.id = c.approved_revision_id
  JOIN org_units ou ON ou.id = c.owning_org_unit_id
  JOIN org_units b ON b.id = e.branch_id
  JOIN evaluation_form_versions v ON v.id = e.form_version_id`;

/** A report the reader may see: of a branch in their scope, or of a campaign they own. `$1` the path pattern, `$2` the user id. */
const VISIBLE = `(b.path LIKE $1 OR c.owner_id = $2)`;

/**
 * Branch evaluation reports: the branch's list, one report whole, saving and
 * submitting (checked by the form's own rules and the explanation rule), the
 * reviewer's return and approval, and every branch's report of a campaign side by
 * side. A branch sees only its own reports; others answer 404. The approval of the
 * last report a completed campaign owes closes the campaign in the same transaction.
 */
@Injectable()
export class EvaluationReportService {
  private readonly logger = new Logger(EvaluationReportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly moves: CampaignMoves,
    private readonly moveListeners: CampaignMoveListeners,
    private readonly notifications: NotificationService,
    private readonly figures: BranchFigures,
  ) {}

  async list(user: AuthUser, query: ReportListQuery): Promise<ReportSummary[]> {
    const params: unknown[] = [user.scope.pathPattern, user.id];
    const where = [VISIBLE];
    if (query.status) where.push(`e.status = $${params.push(query.status)}`);
    if (query.campaignId) where.push(`e.campaign_id = $${params.push(query.campaignId)}`);
    if (query.overdue) where.push(`e.status IN ('draft', 'returned') AND e.due_date < ${LOCAL_TODAY_SQL}`);
    if (query.toReview) {
      where.push(`e.status IN ('submitted', 'resubmitted') AND (c.owner_id = $2 OR ($${params.push(hasAnyRole(user, REPORT_REVIEWERS))} AND ou.path LIKE $1))`);
    }
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} ${REPORT_FROM} WHERE ${where.join(' AND ')}
       ORDER BY (e.status IN ('draft', 'returned')) DESC, e.due_date, b.path, e.id`,
      params,
    );
    return rows.map((row) => toSummary(user, row));
  }

  /** A draft opened shows the figures as they are now, written back so the reviewer later compares with them. */
  async get(user: AuthUser, id: number): Promise<ReportDetail> {
    const row = await this.findVisible(this.dataSource.manager, user, id);
    if (row.status !== 'draft') return this.detail(this.dataSource.manager, user, row);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.findVisible(manager, user, id, true);
      if (locked.status === 'draft') {
        const { systemValues, answers } = await this.currentOf(manager, locked, locked.answers);
        if (!sameEntries(systemValues, locked.system_values) || !sameEntries(answers, locked.answers)) {
          await manager.query(`UPDATE evaluation_reports SET system_values = $2::jsonb, answers = $3::jsonb WHERE id = $1`, [
            id, JSON.stringify(systemValues), JSON.stringify(answers),
          ]);
          Object.assign(locked, { system_values: systemValues, answers });
        }
      }
      return this.detail(manager, user, locked);
    });
  }

  /** Saves the branch's answers as they are; a draft may be incomplete, but what is filled must be well-formed. */
  async save(user: AuthUser, id: number, body: ReportAnswersBody): Promise<ReportDetail> {
    return this.file(user, id, body, 'save');
  }

  /** Saves and submits: every problem of the form at once, by field. */
  async submit(user: AuthUser, id: number, body: ReportAnswersBody): Promise<ReportDetail> {
    return this.file(user, id, body, 'submit');
  }

  async returnReport(user: AuthUser, id: number, body: ReturnReportBody): Promise<ReportDetail> {
    const detail = await this.dataSource.transaction(async (manager) => {
      const row = await this.findVisible(manager, user, id, true);
      requireReviewer(user, row);
      const status = reportMoveTarget(row.status, 'return');
      const { kept, problems } = checkFieldComments(row.form, body.fieldComments ?? {});
      const comment = body.comment?.trim() || null;
      if (problems.length === 0 && !comment && Object.keys(kept).length === 0) problems.push({ field: 'comment', code: 'report_return_needs_comment' });
      throwProblems(problems);
      await manager.query(
        `UPDATE evaluation_reports SET status = $2, review_comment = $3, field_comments = $4::jsonb, decided_at = now(), decided_by = $5, updated_at = now()
          WHERE id = $1`,
        [id, status, comment, JSON.stringify(kept), user.id],
      );
      await record(manager, id, row.status, status, user.id, comment, kept);
      const executors: { id: number }[] = await manager.query(
        `SELECT id FROM users WHERE org_unit_id = $1 AND 'branch_executor' = ANY(roles) AND active`,
        [row.branch_id],
      );
      await this.notifications.notify(manager, {
        kind: 'evaluation_report_returned',
        recipientIds: executors.map((executor) => executor.id),
        params: { name: row.campaign_name, code: row.campaign_code, actor: user.displayName, comment: comment ?? '' },
        link: `/evaluation-reports/${id}`,
      });
      return this.detail(manager, user, await this.findVisible(manager, user, id));
    });
    await this.nudgeMail();
    return detail;
  }

  /** Approves a report; the last of the reports a completed campaign owes, approved, closes it with it. */
  async approve(user: AuthUser, id: number, body: ApproveReportBody): Promise<ReportDetail> {
    let closed: number | null = null;
    const detail = await this.dataSource.transaction(async (manager) => {
      const { campaign_id } = await this.findVisible(manager, user, id);
      // The campaign first: two last approvals at once queue here, and the second sees the first's.
      await manager.query('SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE', [campaign_id]);
      const row = await this.findVisible(manager, user, id, true);
      requireReviewer(user, row);
      const status = reportMoveTarget(row.status, 'approve');
      const comment = body.comment?.trim() || null;
      await manager.query(
        `UPDATE evaluation_reports SET status = $2, review_comment = $3, field_comments = '{}', decided_at = now(), decided_by = $4, updated_at = now()
          WHERE id = $1`,
        [id, status, comment, user.id],
      );
      await record(manager, id, row.status, status, user.id, comment, {});
      // The same check as a hand's close: every report the campaign owes made and approved.
      if (row.campaign_status === 'completed' && (await closingRefusal(manager, row.campaign_id)) === null) {
        await this.moves.closeEvaluated(manager, user, row.campaign_id);
        closed = row.campaign_id;
      }
      return this.detail(manager, user, await this.findVisible(manager, user, id));
    });
    if (closed !== null) await this.moveListeners.tell(closed);
    return detail;
  }

  /** Every visible branch's report of one occasion of the campaign, the same fields in the form's order. */
  async sideBySide(user: AuthUser, campaignId: number, query: OccasionQuery): Promise<SideBySideView> {
    const manager = this.dataSource.manager;
    await this.campaigns.findVisible(manager, user.scope, campaignId);
    const [campaign] = await manager.query(
      `SELECT c.code, r.name, c.status FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.id = $1`,
      [campaignId],
    );
    const occasions: ReportOccasionView[] = (
      await manager.query(
        `SELECT e.occasion, to_char(e.occasion_date, 'YYYY-MM-DD') AS occasion_date, count(*)::int AS reports,
                count(*) FILTER (WHERE e.status = 'approved')::int AS approved
           ${REPORT_FROM} WHERE e.campaign_id = $3 AND ${VISIBLE}
          GROUP BY e.occasion, e.occasion_date ORDER BY e.occasion = 'completion' DESC, e.occasion_date DESC`,
        [user.scope.pathPattern, user.id, campaignId],
      )
    ).map((row: { occasion: ReportOccasion; occasion_date: string; reports: number; approved: number }) => ({
      occasion: row.occasion, occasionDate: row.occasion_date, reports: row.reports, approved: row.approved,
    }));
    const occasion = occasions.find((o) => (!query.occasion || o.occasion === query.occasion) && (!query.date || o.occasionDate === query.date)) ?? null;
    const base = { campaignId, campaignCode: campaign?.code ?? '', campaignName: campaign?.name ?? '', campaignStatus: campaign?.status ?? '', occasions, occasion };
    if (!occasion) return { ...base, form: null, fields: [], reports: [] };
    const rows: ReportDetailRow[] = await manager.query(
      `SELECT ${DETAIL_COLUMNS} ${REPORT_FROM}
        WHERE e.campaign_id = $3 AND e.occasion = $4 AND e.occasion_date = $5::date AND ${VISIBLE} ORDER BY b.path, e.id`,
      [user.scope.pathPattern, user.id, campaignId, occasion.occasion, occasion.occasionDate],
    );
    const fields = comparedFields(rows[0].form);
    return { ...base, form: rows[0].form, fields, reports: rows.map((row) => compared(user, row, fields)) };
  }

  /** One report whole as the reader may see it, or 404; `lock` holds it until the transaction ends. */
  async findVisible(manager: EntityManager, user: AuthUser, id: number, lock = false): Promise<ReportDetailRow> {
    const [row] = await manager.query(`SELECT ${DETAIL_COLUMNS} ${REPORT_FROM} WHERE e.id = $3 AND ${VISIBLE} ${lock ? 'FOR UPDATE OF e' : ''}`, [
      user.scope.pathPattern, user.id, id,
    ]);
    if (!row) throw new NotFoundError('evaluation_report', id);
    return row;
  }

  async detail(manager: EntityManager, user: AuthUser, row: ReportDetailRow): Promise<ReportDetail> {
    const history: { from_status: ReportStatus | null; to_status: ReportStatus; actor_name: string | null; comment: string | null; field_comments: Record<string, string>; at: Date }[] =
      await manager.query(
        `SELECT h.from_status, h.to_status, u.display_name AS actor_name, h.comment, h.field_comments, h.at
           FROM evaluation_report_history h LEFT JOIN users u ON u.id = h.actor_id WHERE h.report_id = $1 ORDER BY h.id`,
        [row.id],
      );
    return {
      ...toSummary(user, row),
      form: row.form,
      answers: row.answers,
      systemValues: row.system_values,
      explanations: row.explanations,
      reviewComment: row.review_comment,
      fieldComments: row.field_comments,
      history: history.map((h): ReportHistoryEntry => ({
        fromStatus: h.from_status, toStatus: h.to_status, actorName: h.actor_name, comment: h.comment, fieldComments: h.field_comments, at: h.at.toISOString(),
      })),
    };
  }

  private async file(user: AuthUser, id: number, body: ReportAnswersBody, move: Extract<ReportMove, 'save' | 'submit'>): Promise<ReportDetail> {
    const detail = await this.dataSource.transaction(async (manager) => {
      const row = await this.findVisible(manager, user, id, true);
      requireFiller(user, row);
      const status = reportMoveTarget(row.status, move);
      // Until first filed, the figures are the current ones; a returned report keeps those it was filed with.
      const { systemValues, answers } = row.status === 'draft' ? await this.currentOf(manager, row, body.answers) : { systemValues: row.system_values, answers: body.answers };
      const { kept, problems } = checkAnswers(row.form, systemValues, answers, body.explanations ?? {}, move === 'save' ? 'draft' : 'submit');
      throwProblems(problems);
      await manager.query(
        `UPDATE evaluation_reports SET answers = $2::jsonb, explanations = $3::jsonb, status = $4, system_values = $6::jsonb,
                submitted_at = CASE WHEN $5 THEN now() ELSE submitted_at END, updated_at = now()
          WHERE id = $1`,
        [id, JSON.stringify(answers), JSON.stringify(kept), status, move === 'submit', JSON.stringify(systemValues)],
      );
      if (move === 'submit') {
        await record(manager, id, row.status, status, user.id, null, {});
        await this.notifications.notify(manager, {
          kind: 'evaluation_report_submitted',
          recipientIds: [row.owner_id],
          params: { name: row.campaign_name, code: row.campaign_code, branch: row.branch_name, actor: user.displayName },
          link: `/evaluation-reports/${id}`,
        });
      }
      return this.detail(manager, user, await this.findVisible(manager, user, id));
    });
    if (move === 'submit') await this.nudgeMail();
    return detail;
  }

  /** The report's figures as they are now, and the answers that follow them (currentFigures). */
  private async currentOf(manager: EntityManager, row: ReportDetailRow, answers: FormAnswers) {
    const figures = await this.figures.forCampaign(manager, row.campaign_id, [row.branch_id]);
    return currentFigures(row.form, row.system_values, figures.get(row.branch_id) as SystemFigureValues, answers);
  }

  /** Mail goes out after the commit; when the queue cannot be reached, the worker's five-minute run still sends it. */
  private async nudgeMail(): Promise<void> {
    try {
      await this.notifications.deliverSoon();
    } catch (error) {
      this.logger.warn(`notification mail waits for the next scheduled run: ${error instanceof Error ? error.message : error}`);
    }
  }
}

/** The same keys with the same values, whatever their order (jsonb keeps its own). */
function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function mayFill(user: AuthUser, row: ReportRow): boolean {
  return hasAnyRole(user, REPORT_FILLERS) && user.scope.includesPath(row.branch_path);
}

function mayReview(user: AuthUser, row: ReportRow): boolean {
  return row.owner_id === user.id || (hasAnyRole(user, REPORT_REVIEWERS) && user.scope.includesPath(row.owning_path));
}

function requireFiller(user: AuthUser, row: ReportRow): void {
  if (!mayFill(user, row)) throw new ForbiddenError("Only the executors of the report's branch may fill it in", 'report_not_branch');
}

function requireReviewer(user: AuthUser, row: ReportRow): void {
  if (!mayReview(user, row)) throw new ForbiddenError("Only the campaign's owner or a reviewer at or above its owning unit may review the report", 'report_not_reviewer');
}

function throwProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems, `Problems to fix in the report: ${problems.length}`, 'report_has_problems', { count: problems.length });
}

async function record(
  manager: EntityManager, reportId: number, from: ReportStatus, to: ReportStatus, actorId: number, comment: string | null, fieldComments: Record<string, string>,
): Promise<void> {
  await manager.query(
    `INSERT INTO evaluation_report_history (report_id, from_status, to_status, actor_id, comment, field_comments) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [reportId, from, to, actorId, comment, JSON.stringify(fieldComments)],
  );
}

function toSummary(user: AuthUser, row: ReportRow): ReportSummary {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignCode: row.campaign_code,
    campaignName: row.campaign_name,
    branch: { id: row.branch_id, name: row.branch_name, nameEn: row.branch_name_en },
    occasion: row.occasion,
    occasionDate: row.occasion_date,
    dueDate: row.due_date,
    status: row.status,
    overdue: row.overdue,
    submittedAt: row.submitted_at ? row.submitted_at.toISOString() : null,
    updatedAt: row.updated_at.toISOString(),
    mayFill: NOT_FILED.includes(row.status) && mayFill(user, row),
    mayReview: AWAITING_REVIEW.includes(row.status) && mayReview(user, row),
  };
}

function compared(user: AuthUser, row: ReportDetailRow, fields: ComparedField[]): ComparedReport {
  const values: ComparedReport['values'] = {};
  for (const field of fields) {
    const value = row.answers[field.key] ?? null;
    const system = row.system_values[field.key] ?? null;
    values[field.key] = {
      value,
      system,
      differs: system !== null && !sameFigure(value, system),
      explanation: row.explanations[field.key] ?? null,
      comment: row.field_comments[field.key] ?? null,
    };
  }
  return { ...toSummary(user, row), values, reviewComment: row.review_comment };
}
