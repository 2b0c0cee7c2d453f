import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignMoveListeners } from '@lib/campaigns';
import { LOCAL_TODAY_SQL } from '@lib/common';
import { AppConfig } from '@lib/config';
import { BranchFigures } from '../branch-figures';
import { EvaluationFormService } from '../forms/evaluation-form.service';
import type { FormAnswers, FormDefinition } from '../form-schema';
import { formFields } from '../form-validation';
import type { SystemFigureValues } from './evaluation-report.view';
import { owedReports } from './owed-reports';

/**
 * Gives each participating branch its report of an occasion: when a campaign completes
 * (told by the campaign moves, and found again by the worker's repeated round in case
 * that was missed) and on each checkpoint date of its plan. What is owed is read from
 * owedReports, the definition closing checks too; a report is unique per campaign,
 * branch and occasion, so creating them again changes nothing.
 */
@Injectable()
export class ReportCreation implements OnModuleInit {
  private readonly logger = new Logger(ReportCreation.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly forms: EvaluationFormService,
    private readonly figures: BranchFigures,
    private readonly moveListeners: CampaignMoveListeners,
  ) {}

  onModuleInit(): void {
    this.moveListeners.register({
      name: 'evaluation-reports',
      moved: async (campaignId) => {
        const [row] = await this.dataSource.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
        if (row?.status === 'completed') await this.create(campaignId);
      },
    });
  }

  /** The worker's round: every report owed and not made, completion missed or checkpoint reached. Returns how many were created. */
  async createDue(): Promise<number> {
    const candidates: { id: number }[] = await this.dataSource.query(
      `SELECT c.id FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id
        WHERE c.status = 'completed'
           OR (c.status IN ('running', 'paused') AND EXISTS (SELECT 1 FROM unnest(r.evaluation_checkpoints) AS k(day) WHERE k.day <= ${LOCAL_TODAY_SQL}))
        ORDER BY c.id`,
    );
    const owed = await owedReports(this.dataSource.manager, candidates.map((row) => row.id));
    const short = [...new Set(owed.filter((report) => report.reportId === null).map((report) => report.campaignId))];
    let created = 0;
    for (const campaignId of short) created += await this.create(campaignId);
    return created;
  }

  /**
   * Creates every report the campaign owes and has not, in one transaction, prefilled
   * with each branch's figures. Returns how many were created.
   */
  async create(campaignId: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [campaign] = await manager.query(
        `SELECT c.id, coalesce(r.evaluation_due_days, $2) AS due_days
           FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.id = $1 FOR UPDATE OF c`,
        [campaignId, this.config.EVALUATION_DUE_DAYS],
      );
      if (!campaign) return 0;
      const form = await this.forms.pinnedVersion(campaignId, manager);
      if (!form) {
        this.logger.log(`campaign ${campaignId} pinned no evaluation form: no reports`);
        return 0;
      }
      const missing = (await owedReports(manager, [campaignId])).filter((report) => report.reportId === null);
      if (missing.length === 0) return 0;
      const figures = await this.figures.forCampaign(manager, campaignId, [...new Set(missing.map((report) => report.branchId))]);
      const prefilled = missing.map((report) => prefill(form.definition, figures.get(report.branchId) as SystemFigureValues));
      const created: { id: number }[] = await manager.query(
        `INSERT INTO evaluation_reports (campaign_id, branch_id, occasion, occasion_date, due_date, form_version_id, answers, system_values)
         SELECT $1, b.branch_id, b.occasion, b.occasion_date, b.occasion_date + $2::int, $3, b.answers, b.system_values
           FROM unnest($4::int[], $5::text[], $6::date[], $7::jsonb[], $8::jsonb[]) AS b(branch_id, occasion, occasion_date, answers, system_values)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          campaignId, campaign.due_days, form.versionId, missing.map((report) => report.branchId), missing.map((report) => report.occasion),
          missing.map((report) => report.occasionDate), prefilled.map((p) => JSON.stringify(p.answers)), prefilled.map((p) => JSON.stringify(p.systemValues)),
        ],
      );
      await manager.query(
        `INSERT INTO evaluation_report_history (report_id, from_status, to_status) SELECT id, NULL, 'draft' FROM unnest($1::int[]) AS id`,
        [created.map((row) => row.id)],
      );
      return created.length;
    });
  }
}

/** The answers a report starts with: each bound field holds the branch's figure, which is also kept as the system value. */
function prefill(definition: FormDefinition, figures: SystemFigureValues): { answers: FormAnswers; systemValues: Record<string, string> } {
  const answers: FormAnswers = {};
  const systemValues: Record<string, string> = {};
  for (const field of formFields(definition)) {
    if (!field.binding) continue;
    answers[field.key] = figures[field.binding];
    systemValues[field.key] = figures[field.binding];
  }
  return { answers, systemValues };
}
