import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignCloseChecks } from '@lib/campaigns';
import { ConflictError } from '@lib/common';

/**
 * A completed campaign is closed by its last report's approval (EvaluationReportService),
 * so closing it by hand is refused while a completion report is not approved, naming
 * the branches still to be approved. One without reports (no participating branch) closes.
 */
@Injectable()
export class ReportCloseCheck implements OnModuleInit {
  constructor(private readonly closeChecks: CampaignCloseChecks) {}

  onModuleInit(): void {
    this.closeChecks.register({ name: 'evaluation-reports', refusal: (manager, campaignId) => this.refusal(manager, campaignId) });
  }

  private async refusal(manager: EntityManager, campaignId: number): Promise<ConflictError | null> {
    const open: { zh: string; en: string; n: number }[] = await manager.query(
      `SELECT string_agg(u.name, '、' ORDER BY u.path) AS zh, string_agg(coalesce(u.name_en, u.name), ', ' ORDER BY u.path) AS en, count(*)::int AS n
         FROM evaluation_reports e JOIN org_units u ON u.id = e.branch_id
        WHERE e.campaign_id = $1 AND e.occasion = 'completion' AND e.status <> 'approved'
       HAVING count(*) > 0`,
      [campaignId],
    );
    if (open.length === 0) return null;
    const [{ zh, en, n }] = open;
    return new ConflictError(`${n} evaluation reports are not approved yet: ${en}`, 'campaign_reports_not_approved', { branches: { zh, en } });
  }
}
