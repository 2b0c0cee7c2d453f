import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import { NotFoundError } from '@lib/common';
import { allowBatchStatements } from '@lib/database';
import { JobName, JobPayloads } from '@lib/queue';
import { ContactEventPartitions } from '@lib/tracking';
import {
  CHANGES_SQL,
  COUNT_CHANGES_SQL,
  createBatchSql,
  CREDIT_SQL,
  DECIDE_SQL,
  DROP_EVENTS_SQL,
  DROP_TEMP_TABLES_SQL,
  EVENT_TIMES_SQL,
  MARK_CONTACTS_SQL,
  RECORD_EVENTS_SQL,
  WITHDRAW_SQL,
} from './attribution-sql';
import type { CampaignConversions, GroupConversions, LaunchGroup } from './campaign-conversions.view';

/** A query whose first column is policy ids, with its parameters: the policies one run attributes. */
export interface PolicyQuery {
  sql: string;
  params: unknown[];
}

export interface AttributionOutcome {
  /** Policies the run looked at. */
  considered: number;
  /** Conversions new or changed (campaign, contact, premium, product or start date). */
  credited: number;
  /** Conversions removed: the policy no longer qualifies for any campaign. */
  withdrawn: number;
}

/**
 * Conversion attribution (docs/attribution.md): which launched campaign each policy
 * converts for, its 'converted' event and the credited contact's converted_at; and the
 * figures per group that lift and ROI read.
 */
@Injectable()
export class ConversionAttribution {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partitions: ContactEventPartitions,
    private readonly campaigns: CampaignService,
  ) {}

  /**
   * Attributes the policies of the query in the caller's transaction, a few statements
   * over all of them. Safe to repeat: a policy decided as before writes nothing; one
   * whose campaign, contact, premium, product or start changed is written again; one
   * that no longer qualifies loses its conversion and event.
   */
  async attribute(manager: EntityManager, policies: PolicyQuery): Promise<AttributionOutcome> {
    // Runs one after the other, so that an import's job and the sweep never lock the same conversions in opposite orders.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('conversion-attribution'))`);
    await manager.query(createBatchSql(policies.sql), policies.params);
    await manager.query(`ANALYZE attribution_batch`);
    await manager.query(DECIDE_SQL);
    await manager.query(CHANGES_SQL);
    const times: { occurred_at: Date }[] = await manager.query(EVENT_TIMES_SQL);
    await this.partitions.ensureFor(times.map((row) => row.occurred_at), manager);
    await manager.query(DROP_EVENTS_SQL);
    await manager.query(WITHDRAW_SQL);
    await manager.query(CREDIT_SQL);
    await manager.query(RECORD_EVENTS_SQL);
    await manager.query(MARK_CONTACTS_SQL);
    const [outcome]: AttributionOutcome[] = await manager.query(COUNT_CHANGES_SQL);
    await manager.query(DROP_TEMP_TABLES_SQL);
    return outcome;
  }

  /** The worker's job: the policies an import wrote, or those changed in the last hours (the sweep). */
  async run(payload: JobPayloads[JobName.AttributeConversions]): Promise<AttributionOutcome> {
    const policies: PolicyQuery =
      'importId' in payload
        ? {
            // The merge stamps updated_at with its transaction's start, which lies between the run's start and finish.
            sql: `SELECT p.id FROM import_jobs j JOIN policies p ON p.updated_at BETWEEN j.started_at AND j.finished_at
                   WHERE j.id = $1 AND j.kind = 'policies' AND j.status = 'succeeded'`,
            params: [payload.importId],
          }
        : { sql: `SELECT id FROM policies WHERE updated_at >= now() - make_interval(hours => $1)`, params: [payload.changedSinceHours] };
    return this.dataSource.transaction(async (manager) => {
      await allowBatchStatements(manager);
      return this.attribute(manager, policies);
    });
  }

  /** Members, converters, conversions and premium per group, in all and per branch, for a campaign the reader's scope holds. */
  async conversionsOf(scope: OrgScope, campaignId: number): Promise<CampaignConversions> {
    await this.campaigns.findVisible(this.dataSource.manager, scope, campaignId);
    const [launch] = await this.dataSource.query(`SELECT id FROM campaign_launches WHERE campaign_id = $1`, [campaignId]);
    if (!launch) throw new NotFoundError('campaign_launch', campaignId);
    // Branch 0 is the whole group (the grouping set without a branch): a customer may convert in more than one branch.
    const rows: { org_unit_id: number; control: boolean; members: number; converters: number; conversions: number; premium: string }[] =
      await this.dataSource.query(
        `WITH members AS (
           SELECT coalesce(org_unit_id, 0) AS org_unit_id, control, count(*)::int AS members
             FROM launch_members WHERE launch_id = $1 GROUP BY GROUPING SETS ((org_unit_id, control), (control))
         ), conversions AS (
           SELECT coalesce(org_unit_id, 0) AS org_unit_id, control, count(DISTINCT customer_id)::int AS converters,
                  count(*)::int AS conversions, sum(premium) AS premium
             FROM campaign_conversions WHERE campaign_id = $2 GROUP BY GROUPING SETS ((org_unit_id, control), (control))
         )
         SELECT org_unit_id, control, coalesce(m.members, 0) AS members, coalesce(c.converters, 0) AS converters,
                coalesce(c.conversions, 0) AS conversions, coalesce(c.premium, 0)::numeric(14,2)::text AS premium
           FROM members m FULL JOIN conversions c USING (org_unit_id, control)
          ORDER BY org_unit_id, control`,
        [launch.id, campaignId],
      );
    const groupOf = (control: boolean): LaunchGroup => (control ? 'control' : 'treatment');
    const figures = (row: (typeof rows)[number]): GroupConversions => ({
      members: row.members,
      converters: row.converters,
      conversions: row.conversions,
      premium: row.premium,
    });
    const none: GroupConversions = { members: 0, converters: 0, conversions: 0, premium: '0.00' };
    const whole = (control: boolean) => rows.find((row) => row.org_unit_id === 0 && row.control === control);
    return {
      campaignId,
      treatment: whole(false) ? figures(whole(false)!) : none,
      control: whole(true) ? figures(whole(true)!) : none,
      byBranch: rows.filter((row) => row.org_unit_id !== 0).map((row) => ({ orgUnitId: row.org_unit_id, group: groupOf(row.control), ...figures(row) })),
    };
  }
}
