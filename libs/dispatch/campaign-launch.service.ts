import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignAudit, CampaignMoveListeners, CampaignRevision, CampaignService, CampaignStep, stepDays } from '@lib/campaigns';
import { launchTarget } from '@lib/campaigns/campaign-life-cycle';
import { NotFoundError } from '@lib/common';
import { ContactEligibility, ContactPolicy, ContactPolicyService } from '@lib/contact-rules';
import { allowBatchStatements } from '@lib/database';
import { SegmentService } from '@lib/segments';
import type { LaunchFigures, LeftOutReason } from './launch.view';

/** A step without a daily window is checked against the contact rules as if its contacts were made at this local hour. */
const DEFAULT_SEND_TIME = '10:00:00';

export interface LaunchOptions {
  /** The revision the launch was asked for; a launch queued before a newer revision came into force does nothing. */
  revisionId?: number;
  /** The seed of the control-group draw; a random one when none is given. */
  seed?: number;
  /**
   * When the launch counts as made; now unless given. The demo launches its finished
   * campaigns as of their start, so that their contacts and conversion windows lie in the past.
   */
  asOf?: Date;
  launchedBy?: number | null;
}

export interface LaunchOutcome {
  /** Null when the launch asked for was of a revision no longer in force. */
  launchId: number | null;
  /** False when the campaign had been launched already and nothing changed. */
  launched: boolean;
}

interface PlannedStep {
  id: number;
  position: number;
  channel: CampaignStep['channel'];
  /** When the step's first contacts are due: its first day at the start of its window. */
  plannedAt: Date;
  branchIds: number[];
}

/**
 * The launch of an approved, scheduled campaign (docs/launch.md): in one transaction it
 * freezes the audience with the include segments each member matched, records per step
 * who the contact rules leave out and why, draws the seeded control group stratified by
 * owning branch and value tier, creates one 'planned' contact per (campaign, step,
 * customer) of the treatment group and moves the campaign to running. Every part is one statement over the whole audience. A second
 * launch of the same campaign finds the first and changes nothing.
 */
@Injectable()
export class CampaignLaunchService {
  private readonly logger = new Logger(CampaignLaunchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly audit: CampaignAudit,
    private readonly segments: SegmentService,
    private readonly policies: ContactPolicyService,
    private readonly eligibility: ContactEligibility,
    private readonly moveListeners: CampaignMoveListeners,
  ) {}

  async launch(campaignId: number, options: LaunchOptions = {}): Promise<LaunchOutcome> {
    const outcome = await this.launchOnce(campaignId, options);
    if (!outcome.launched) return outcome;
    // Statistics taken before the launch know none of its planned contacts: the claims of
    // the first parts would scan every planned contact for a handful of customers.
    await this.dataSource.query('ANALYZE contacts');
    await this.moveListeners.tell(campaignId);
    return outcome;
  }

  private launchOnce(campaignId: number, options: LaunchOptions): Promise<LaunchOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await allowBatchStatements(manager);
      // The campaign row is locked first, so two launches of one campaign run one after the other.
      const [campaign] = await manager.query(
        `SELECT c.status, c.approved_revision_id, c.owning_org_unit_id, ou.path
           FROM campaigns c JOIN org_units ou ON ou.id = c.owning_org_unit_id WHERE c.id = $1 FOR UPDATE OF c`,
        [campaignId],
      );
      if (!campaign) throw new NotFoundError('campaign', campaignId);
      const [done] = await manager.query('SELECT id FROM campaign_launches WHERE campaign_id = $1', [campaignId]);
      if (done) return { launchId: done.id, launched: false };
      const revisionId: number | null = campaign.approved_revision_id;
      if (options.revisionId !== undefined && options.revisionId !== revisionId) {
        // A newer revision came into force after this launch was queued; its own launch freezes the audience.
        this.logger.warn(`campaign ${campaignId}: revision ${options.revisionId} is no longer in force, nothing launched`);
        return { launchId: null, launched: false };
      }
      const status = launchTarget(campaign.status);
      const revision = await manager.findOneByOrFail(CampaignRevision, { id: revisionId as number });
      const steps = await this.plannedSteps(manager, revision, options.asOf ?? new Date());
      const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
      const [launch] = await manager.query(
        `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, launched_by, frozen_at, segments_recorded)
         VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), true) RETURNING id`,
        [campaignId, revision.id, seed, revision.controlSharePct, options.launchedBy ?? null, options.asOf ?? null],
      );
      // The owning unit's view: segments it may use, customers in its subtree.
      const scope = new OrgScope(campaign.owning_org_unit_id, campaign.path);
      await this.freezeAudience(manager, launch.id, scope, revision);
      // Statistics of the rows just written (ANALYZE sees its own transaction's), so the planner does not take a province for a handful.
      await manager.query('ANALYZE launch_members');
      const policy = await this.policies.loadDefault();
      for (const step of steps) await this.leaveOut(manager, launch.id, scope, revision, policy, step);
      await manager.query('ANALYZE launch_exclusions');
      await this.drawControl(manager, launch.id, seed, revision.controlSharePct, steps.length);
      await this.createContacts(manager, launch.id, campaignId, revision.priority, steps);
      // An UPDATE answers [rows, affected count].
      const [[counts]] = await manager.query(
        `UPDATE campaign_launches l SET audience = m.audience, control = m.control
           FROM (SELECT count(*)::int AS audience, count(*) FILTER (WHERE control)::int AS control FROM launch_members WHERE launch_id = $1) m
          WHERE l.id = $1 RETURNING l.audience, l.control`,
        [launch.id],
      );
      await manager.query('UPDATE campaigns SET status = $2, updated_at = now() WHERE id = $1', [campaignId, status]);
      await this.audit.record(manager, {
        campaignId, revisionId: revision.id, actorId: options.launchedBy ?? null, action: 'launched',
        before: { status: campaign.status }, after: { status, audience: counts.audience, control: counts.control, seed },
      });
      this.logger.log(`campaign ${campaignId} launched: ${counts.audience} customers, ${counts.control} in the control group`);
      return { launchId: launch.id, launched: true };
    });
  }

  /** What the launch froze, left out, held out and created, per step and branch. */
  async figures(scope: OrgScope, campaignId: number): Promise<LaunchFigures> {
    await this.campaigns.findVisible(this.dataSource.manager, scope, campaignId);
    const [launch] = await this.dataSource.query(
      `SELECT id, revision_id, frozen_at, seed, control_share_pct::float AS share, audience, control FROM campaign_launches WHERE campaign_id = $1`,
      [campaignId],
    );
    if (!launch) throw new NotFoundError('campaign_launch', campaignId);
    const steps: { id: number; position: number; channel: CampaignStep['channel'] }[] = await this.dataSource.query(
      'SELECT id, position, channel FROM campaign_steps WHERE revision_id = $1 ORDER BY position',
      [launch.revision_id],
    );
    const leftOut: { step_id: number; reason: LeftOutReason; count: number }[] = await this.dataSource.query(
      `SELECT step_id, reason, count(*)::int AS count FROM launch_exclusions WHERE launch_id = $1 GROUP BY step_id, reason ORDER BY count DESC, reason`,
      [launch.id],
    );
    const contacts: { step_id: number; org_unit_id: number; count: number }[] = await this.dataSource.query(
      `SELECT step_id, org_unit_id, count(*)::int AS count FROM contacts WHERE campaign_id = $1 GROUP BY step_id, org_unit_id ORDER BY org_unit_id`,
      [campaignId],
    );
    return {
      campaignId,
      revisionId: launch.revision_id,
      frozenAt: launch.frozen_at,
      seed: launch.seed,
      controlSharePct: launch.share,
      audience: launch.audience,
      control: launch.control,
      steps: steps.map((step) => {
        const byBranch = contacts.filter((row) => row.step_id === step.id).map((row) => ({ orgUnitId: row.org_unit_id, contacts: row.count }));
        return {
          stepId: step.id,
          position: step.position,
          channel: step.channel,
          leftOut: leftOut.filter((row) => row.step_id === step.id).map((row) => ({ reason: row.reason, count: row.count })),
          contacts: byBranch.reduce((sum, row) => sum + row.contacts, 0),
          byBranch,
        };
      }),
    };
  }

  private async plannedSteps(manager: EntityManager, revision: CampaignRevision, now: Date): Promise<PlannedStep[]> {
    const steps = await manager.find(CampaignStep, { where: { revisionId: revision.id }, order: { position: 'ASC' } });
    return steps.map((step) => {
      // Approval has checked that every step has a day to run on.
      const [first] = stepDays(revision.startDate as string, revision.endDate as string, step);
      const due = new Date(`${first}T${step.windowStart ?? DEFAULT_SEND_TIME}+08:00`);
      return {
        id: step.id,
        position: step.position,
        channel: step.channel,
        // A campaign launched by hand after its first day has its contacts due from now.
        plannedAt: due > now ? due : now,
        branchIds: step.branchIds.length > 0 ? step.branchIds : revision.branchIds,
      };
    });
  }

  /**
   * The include segments less the excludes, in the participating branches, as they are now,
   * each member with the include segments it matched: in the same scan of the customers.
   */
  private async freezeAudience(manager: EntityManager, launchId: number, scope: OrgScope, revision: CampaignRevision): Promise<void> {
    const audience = await this.segments.campaignAudience(scope, revision);
    const params = [...audience.params, launchId, scope.pathPattern];
    await manager.query(
      `INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier, segment_ids)
       SELECT $${params.length - 1}, c.id, c.org_unit_id, c.value_tier, ${audience.includedSegments}
         FROM customers c
        WHERE ${audience.customerCondition} AND ${scope.unitCondition('c.org_unit_id', params.length)}`,
      params,
    );
  }

  /** Records, for one step, each frozen customer it will not contact and the first reason why. */
  private async leaveOut(
    manager: EntityManager,
    launchId: number,
    scope: OrgScope,
    revision: CampaignRevision,
    policy: ContactPolicy,
    step: PlannedStep,
  ): Promise<void> {
    const frozen = { sql: 'SELECT customer_id FROM launch_members WHERE launch_id = $1', params: [launchId] };
    const decisions = this.eligibility.decisionsByCustomer(scope, frozen, policy, {
      channels: [step.channel],
      at: step.plannedAt,
      purpose: revision.objective === 'retention' ? 'renewal' : 'sales',
      campaignId: revision.campaignId,
      priority: revision.priority,
    });
    const params = [...decisions.params, launchId, step.id, step.branchIds];
    await manager.query(
      `WITH covered AS (
         SELECT u.id FROM org_units u JOIN org_units b ON u.path LIKE b.path || '%' WHERE b.id = ANY($${params.length}::int[])
       )
       INSERT INTO launch_exclusions (launch_id, customer_id, step_id, reason)
       SELECT $${params.length - 2}, d.customer_id, $${params.length - 1},
              CASE WHEN d.org_unit_id NOT IN (SELECT id FROM covered) THEN 'outside_step_branches' ELSE d.reason_0 END
         FROM (${decisions.sql}) d
        WHERE d.reason_0 IS NOT NULL OR d.org_unit_id NOT IN (SELECT id FROM covered)`,
      params,
    );
  }

  /**
   * Holds out the control share of every stratum (owning branch × value tier) of the
   * customers some step may contact: ranked by a hash of the seed and the customer, so
   * the draw is random, and the same seed over the same audience draws the same group.
   */
  private async drawControl(manager: EntityManager, launchId: number, seed: number, sharePct: number, stepCount: number): Promise<void> {
    await manager.query(
      `WITH left_out AS (
         SELECT customer_id, count(*) AS steps FROM launch_exclusions WHERE launch_id = $1 GROUP BY customer_id
       ), reachable AS (
         SELECT m.customer_id, m.org_unit_id, m.value_tier
           FROM launch_members m LEFT JOIN left_out x ON x.customer_id = m.customer_id
          WHERE m.launch_id = $1 AND coalesce(x.steps, 0) < $4
       ), ranked AS (
         SELECT customer_id,
                row_number() OVER (PARTITION BY org_unit_id, value_tier ORDER BY hashtextextended(customer_id::text, $2), customer_id) AS rank,
                count(*) OVER (PARTITION BY org_unit_id, value_tier) AS stratum
           FROM reachable
       )
       UPDATE launch_members m SET control = true
         FROM ranked r
        WHERE m.launch_id = $1 AND m.customer_id = r.customer_id AND r.rank <= round(r.stratum * $3::numeric / 100)`,
      [launchId, seed, sharePct, stepCount],
    );
  }

  /** One planned contact per step for every treated customer the step may contact, assigned to the customer's owning branch. */
  private async createContacts(manager: EntityManager, launchId: number, campaignId: number, priority: number, steps: PlannedStep[]): Promise<void> {
    await manager.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status, priority)
       SELECT m.customer_id, $2, s.step_id, s.channel, m.org_unit_id, s.planned_at, 'planned', $3
         FROM launch_members m
        CROSS JOIN unnest($4::int[], $5::text[], $6::timestamptz[]) AS s(step_id, channel, planned_at)
        WHERE m.launch_id = $1 AND NOT m.control
          AND NOT EXISTS (SELECT 1 FROM launch_exclusions x WHERE x.launch_id = $1 AND x.customer_id = m.customer_id AND x.step_id = s.step_id)
       ON CONFLICT (campaign_id, step_id, customer_id) DO NOTHING`,
      [launchId, campaignId, priority, steps.map((s) => s.id), steps.map((s) => s.channel), steps.map((s) => s.plannedAt.toISOString())],
    );
  }
}
