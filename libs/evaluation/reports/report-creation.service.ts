import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignMoveListeners } from '@lib/campaigns';
import { LOCAL_TIME_ZONE, LOCAL_TODAY_SQL } from '@lib/common';
import { AppConfig } from '@lib/config';
import { BranchFigures } from '../branch-figures';
import { EvaluationFormService } from '../forms/evaluation-form.service';
import type { FormAnswers, FormDefinition } from '../form-schema';
import { formFields } from '../form-validation';
import type { SystemFigureValues } from './evaluation-report.view';
import type { ReportOccasion } from './report-status';

/** The local day a campaign completed: its 'complete' audit entry, so every path that creates its reports names the same day. */
const COMPLETED_ON_SQL = `(SELECT (max(a.at) AT TIME ZONE '${LOCAL_TIME_ZONE}')::date FROM campaign_audit a WHERE a.campaign_id = c.id AND a.action = 'complete')`;

/**
 * Gives each participating branch its report of an occasion: when a campaign completes
 * (told by the campaign moves, and found again by the worker's repeated round in case
 * that was missed) and on each checkpoint date of its plan. A report is unique per
 * campaign, branch and occasion, so creating them again changes nothing.
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
        if (row?.status === 'completed') await this.create(campaignId, 'completion');
      },
    });
  }

  /** The worker's round: completion reports missed, and checkpoints reached. Returns how many reports were created. */
  async createDue(): Promise<number> {
    const due: { campaign_id: number; occasion: ReportOccasion; occasion_date: string | null }[] = await this.dataSource.query(
      `SELECT c.id AS campaign_id, 'completion' AS occasion, NULL AS occasion_date FROM campaigns c
        WHERE c.status = 'completed' AND NOT EXISTS (SELECT 1 FROM evaluation_reports e WHERE e.campaign_id = c.id AND e.occasion = 'completion')
       UNION ALL
       SELECT c.id, 'checkpoint', to_char(k.day, 'YYYY-MM-DD') FROM campaigns c
         JOIN campaign_revisions r ON r.id = c.approved_revision_id
         CROSS JOIN LATERAL unnest(r.evaluation_checkpoints) AS k(day)
        WHERE k.day <= ${LOCAL_TODAY_SQL}
          -- A checkpoint after an early completion is covered by the completion report.
          AND (c.status IN ('running', 'paused') OR (c.status IN ('completed', 'closed') AND k.day <= ${COMPLETED_ON_SQL}))
          AND NOT EXISTS (SELECT 1 FROM evaluation_reports e WHERE e.campaign_id = c.id AND e.occasion = 'checkpoint' AND e.occasion_date = k.day)
       ORDER BY 1, 3 NULLS FIRST`,
    );
    let created = 0;
    for (const row of due) created += await this.create(row.campaign_id, row.occasion, row.occasion_date ?? undefined);
    return created;
  }

  /**
   * Creates the occasion's reports of every participating branch that has none, in one
   * transaction, prefilled with the branch's figures. Returns how many were created.
   */
  async create(campaignId: number, occasion: ReportOccasion, checkpoint?: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [campaign] = await manager.query(
        `SELECT c.id, r.branch_ids, coalesce(r.evaluation_due_days, $2) AS due_days,
                to_char(coalesce(${COMPLETED_ON_SQL}, ${LOCAL_TODAY_SQL}), 'YYYY-MM-DD') AS completed_on
           FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.id = $1 FOR UPDATE OF c`,
        [campaignId, this.config.EVALUATION_DUE_DAYS],
      );
      if (!campaign) return 0;
      const form = await this.forms.pinnedVersion(campaignId, manager);
      if (!form) {
        this.logger.log(`campaign ${campaignId} pinned no evaluation form: no reports`);
        return 0;
      }
      const branchIds = await this.participatingBranches(manager, campaignId, campaign.branch_ids);
      const figures = await this.figures.forCampaign(manager, campaignId, branchIds);
      const prefilled = branchIds.map((id) => prefill(form.definition, figures.get(id) as SystemFigureValues));
      const occasionDate = occasion === 'completion' ? campaign.completed_on : (checkpoint as string);
      const created: { id: number }[] = await manager.query(
        `INSERT INTO evaluation_reports (campaign_id, branch_id, occasion, occasion_date, due_date, form_version_id, answers, system_values)
         SELECT $1, b.branch_id, $2, $3::date, $3::date + $4::int, $5, b.answers, b.system_values
           FROM unnest($6::int[], $7::jsonb[], $8::jsonb[]) AS b(branch_id, answers, system_values)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          campaignId, occasion, occasionDate, campaign.due_days, form.versionId, branchIds,
          prefilled.map((p) => JSON.stringify(p.answers)), prefilled.map((p) => JSON.stringify(p.systemValues)),
        ],
      );
      await manager.query(
        `INSERT INTO evaluation_report_history (report_id, from_status, to_status) SELECT id, NULL, 'draft' FROM unnest($1::int[]) AS id`,
        [created.map((row) => row.id)],
      );
      return created.length;
    });
  }

  /** The plan's participating branches, or the units its contacts were made for when the plan names none. */
  private async participatingBranches(manager: EntityManager, campaignId: number, planned: number[]): Promise<number[]> {
    if (planned.length > 0) return planned;
    const rows: { org_unit_id: number }[] = await manager.query(
      `SELECT DISTINCT org_unit_id FROM contacts WHERE campaign_id = $1 ORDER BY org_unit_id`,
      [campaignId],
    );
    return rows.map((row) => row.org_unit_id);
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
