import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { NotFoundError } from '@lib/common';
import type { ContactStatus } from '@lib/contact-rules/contact-status';
import type { LeftOutReason } from './launch.view';
import type { BranchProgress, CampaignProgress, StatusCounts, StepDispatchState } from './progress.view';

/**
 * Live progress of a launched campaign per step and branch: one grouped read of its
 * contacts, its launch's exclusions and its engagements, each limited to the units in
 * the reader's scope.
 */
@Injectable()
export class CampaignProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
  ) {}

  async progress(scope: OrgScope, campaignId: number): Promise<CampaignProgress> {
    const campaign = await this.campaigns.findVisible(this.dataSource.manager, scope, campaignId);
    const [launch] = await this.dataSource.query(
      `SELECT l.id, l.revision_id, l.frozen_at,
              count(m.*) FILTER (WHERE ${scope.unitCondition('m.org_unit_id', 2)})::int AS audience,
              count(m.*) FILTER (WHERE m.control AND ${scope.unitCondition('m.org_unit_id', 2)})::int AS control
         FROM campaign_launches l LEFT JOIN launch_members m ON m.launch_id = l.id
        WHERE l.campaign_id = $1 GROUP BY l.id`,
      [campaignId, scope.pathPattern],
    );
    if (!launch) throw new NotFoundError('campaign_launch', campaignId);
    const [steps, contacts, leftOut, engaged, stopped]: [
      { id: number; position: number; channel: StepChannel }[],
      { step_id: number; org_unit_id: number; name: string; name_en: string | null; status: ContactStatus; skip_reason: string | null; n: number }[],
      { step_id: number; reason: LeftOutReason; n: number }[],
      { step_id: number; opened: number; opened_directly: number; clicked: number; unsubscribed: number }[],
      { step_id: number }[],
    ] = await Promise.all([
      this.dataSource.query('SELECT id, position, channel FROM campaign_steps WHERE revision_id = $1 ORDER BY position', [launch.revision_id]),
      this.dataSource.query(
        `SELECT k.step_id, k.org_unit_id, u.name, u.name_en, k.status, k.skip_reason, count(*)::int AS n
           FROM contacts k JOIN org_units u ON u.id = k.org_unit_id
          WHERE k.campaign_id = $1 AND u.path LIKE $2
          GROUP BY k.step_id, k.org_unit_id, u.name, u.name_en, k.status, k.skip_reason`,
        [campaignId, scope.pathPattern],
      ),
      this.dataSource.query(
        `SELECT x.step_id, x.reason, count(*)::int AS n
           FROM launch_exclusions x JOIN launch_members m ON m.launch_id = x.launch_id AND m.customer_id = x.customer_id
          WHERE x.launch_id = $1 AND ${scope.unitCondition('m.org_unit_id', 2)}
          GROUP BY x.step_id, x.reason ORDER BY n DESC, x.reason`,
        [launch.id, scope.pathPattern],
      ),
      this.dataSource.query(
        `SELECT step_id, count(first_opened_at)::int AS opened, count(first_direct_open_at)::int AS opened_directly,
                count(first_clicked_at)::int AS clicked, count(unsubscribed_at)::int AS unsubscribed
           FROM contact_engagements WHERE campaign_id = $1 AND ${scope.unitCondition('org_unit_id', 2)}
          GROUP BY step_id`,
        [campaignId, scope.pathPattern],
      ),
      this.dataSource.query(`SELECT step_id FROM step_dispatch_states WHERE campaign_id = $1 AND state = 'budget_exhausted'`, [campaignId]),
    ]);
    return {
      campaignId,
      campaignStatus: campaign.status,
      launchedAt: launch.frozen_at,
      audience: launch.audience,
      control: launch.control,
      steps: steps.map((step) => {
        const rows = contacts.filter((row) => row.step_id === step.id);
        const counts = countByStatus(rows);
        const branches = new Map<number, BranchProgress>();
        for (const row of rows) {
          const branch = branches.get(row.org_unit_id) ?? { orgUnitId: row.org_unit_id, orgUnitName: row.name, orgUnitNameEn: row.name_en, counts: {} };
          branch.counts[row.status] = (branch.counts[row.status] ?? 0) + row.n;
          branches.set(row.org_unit_id, branch);
        }
        const skipped = new Map<string, number>();
        for (const row of rows) if (row.status === 'skipped' && row.skip_reason) skipped.set(row.skip_reason, (skipped.get(row.skip_reason) ?? 0) + row.n);
        const engagement = engaged.find((row) => row.step_id === step.id);
        return {
          stepId: step.id,
          position: step.position,
          channel: step.channel,
          state: stateOf(counts, stopped.some((row) => row.step_id === step.id)),
          counts,
          skipped: [...skipped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
          leftOut: leftOut.filter((row) => row.step_id === step.id).map((row) => ({ reason: row.reason, count: row.n })),
          engaged: {
            opened: engagement?.opened ?? 0,
            openedDirectly: engagement?.opened_directly ?? 0,
            clicked: engagement?.clicked ?? 0,
            unsubscribed: engagement?.unsubscribed ?? 0,
          },
          byBranch: [...branches.values()].sort((a, b) => a.orgUnitId - b.orgUnitId),
        };
      }),
    };
  }
}

function countByStatus(rows: { status: ContactStatus; n: number }[]): StatusCounts {
  const counts: StatusCounts = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + row.n;
  return counts;
}

function stateOf(counts: StatusCounts, budgetExhausted: boolean): StepDispatchState {
  if (budgetExhausted) return 'budget_exhausted';
  if ((counts.queued ?? 0) + (counts.sending ?? 0) > 0) return 'sending';
  if ((counts.planned ?? 0) > 0) return 'waiting';
  return 'done';
}
