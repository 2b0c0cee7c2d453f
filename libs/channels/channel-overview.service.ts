import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { LOCAL_TIME_ZONE, ValidationError } from '@lib/common';
import { ContactPolicyService, NOT_REACHED } from '@lib/contact-rules';
import type { ChannelLoadView, ChannelsOverviewView, RunningStepCostView } from './channel-overview.view';

/** The longest range the overview answers at once: its load is read from the contacts themselves. */
export const MAX_OVERVIEW_DAYS = 62;

const STILL_OPEN = ['planned', 'queued', 'sending'];

/**
 * The channel manager's overview (docs/channels.md): per channel, capacity booked and
 * load by day and branch, the quiet hours and holidays of the default contact policy,
 * the cost per contact of running steps and the dead letters, all within the reader's
 * scope. A contact counts at the participating branch of its step whose subtree holds
 * the customer (the deepest), where the dispatcher and the call lists place it.
 */
@Injectable()
export class ChannelOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: ContactPolicyService,
  ) {}

  async overview(scope: OrgScope, from: string, to: string): Promise<ChannelsOverviewView> {
    if (to < from) throw new ValidationError([{ field: 'to', code: 'date_before', params: { other: 'from' } }]);
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_OVERVIEW_DAYS) {
      throw new ValidationError([{ field: 'to', code: 'range_too_long', params: { max: MAX_OVERVIEW_DAYS } }]);
    }
    const [load, steps, costs, dead, policy] = await Promise.all([
      this.load(scope, from, to),
      this.runningSteps(scope),
      this.dataSource.query(`SELECT channel, default_cost_per_contact::text AS cost FROM channel_settings`) as Promise<{ channel: StepChannel; cost: string | null }[]>,
      this.dataSource.query(
        `SELECT k.channel, count(*)::int AS n FROM contacts k JOIN org_units u ON u.id = k.org_unit_id
          WHERE k.status = 'dead' AND u.path LIKE $1 GROUP BY k.channel`,
        [scope.pathPattern],
      ) as Promise<{ channel: StepChannel; n: number }[]>,
      this.policies.loadDefault(),
    ]);
    return {
      from,
      to,
      channels: STEP_CHANNELS.map((channel) => {
        const quiet = policy.quietHours[channel];
        return {
          channel,
          load: load.filter((row) => row.channel === channel).map(({ channel: _, ...row }) => row),
          quietHours: quiet ? { start: quiet.start, end: quiet.end } : null,
          holidays: policy.holidayChannels.includes(channel) ? policy.holidays.filter((day) => day >= from && day <= to).sort() : [],
          defaultCostPerContact: costs.find((row) => row.channel === channel)?.cost ?? null,
          runningSteps: steps.filter((row) => row.channel === channel).map(({ channel: _, ...row }) => row),
          deadLetters: dead.find((row) => row.channel === channel)?.n ?? 0,
        };
      }),
    };
  }

  private load(scope: OrgScope, from: string, to: string): Promise<(ChannelLoadView & { channel: StepChannel })[]> {
    return this.dataSource.query(
      `WITH booked AS (
         SELECT k.channel, k.day, k.org_unit_id AS branch_id, sum(k.contacts)::int AS booked
           FROM capacity_bookings k JOIN org_units u ON u.id = k.org_unit_id
          WHERE k.day BETWEEN $2::date AND $3::date AND u.path LIKE $1
          GROUP BY k.channel, k.day, k.org_unit_id
       ), steps AS (
         SELECT s.id, CASE WHEN cardinality(s.branch_ids) > 0 THEN s.branch_ids ELSE r.branch_ids END AS branch_ids
           FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id JOIN campaign_steps s ON s.revision_id = r.id
       ), made AS (
         SELECT k.channel, (k.contacted_at AT TIME ZONE '${LOCAL_TIME_ZONE}')::date AS day, b.id AS branch_id,
                count(*) FILTER (WHERE k.status = ANY($4::text[]))::int AS planned,
                count(*) FILTER (WHERE k.status <> ALL($5::text[]))::int AS made
           FROM contacts k
           JOIN steps st ON st.id = k.step_id
           JOIN org_units cu ON cu.id = k.org_unit_id
           JOIN LATERAL (
             SELECT b.id, b.path FROM org_units b WHERE b.id = ANY(st.branch_ids) AND cu.path LIKE b.path || '%' ORDER BY length(b.path) DESC LIMIT 1
           ) b ON true
          WHERE k.contacted_at >= ($2::date::timestamp AT TIME ZONE '${LOCAL_TIME_ZONE}')
            AND k.contacted_at < (($3::date + 1)::timestamp AT TIME ZONE '${LOCAL_TIME_ZONE}')
            AND b.path LIKE $1
          GROUP BY 1, 2, 3
       )
       SELECT coalesce(b.channel, m.channel) AS channel, coalesce(b.day, m.day)::text AS day, u.id AS "branchId",
              u.name AS "branchName", u.name_en AS "branchNameEn",
              coalesce(b.booked, 0) AS booked, coalesce(m.planned, 0) AS planned, coalesce(m.made, 0) AS made
         FROM booked b
         FULL JOIN made m ON m.channel = b.channel AND m.day = b.day AND m.branch_id = b.branch_id
         JOIN org_units u ON u.id = coalesce(b.branch_id, m.branch_id)
        ORDER BY 1, 2, u.path`,
      [scope.pathPattern, from, to, STILL_OPEN, NOT_REACHED],
    );
  }

  /** Steps of running campaigns owned in the scope or worked by a branch of it. */
  private runningSteps(scope: OrgScope): Promise<(RunningStepCostView & { channel: StepChannel })[]> {
    return this.dataSource.query(
      `SELECT s.channel, c.id AS "campaignId", c.code AS "campaignCode", r.name AS "campaignName", s.id AS "stepId", s.position,
              s.cost_per_contact::text AS "costPerContact"
         FROM campaigns c
         JOIN campaign_revisions r ON r.id = c.approved_revision_id
         JOIN campaign_steps s ON s.revision_id = r.id
         JOIN org_units ou ON ou.id = c.owning_org_unit_id
        WHERE c.status = 'running'
          AND (ou.path LIKE $1 OR EXISTS (
                SELECT 1 FROM org_units b
                 WHERE b.id = ANY(CASE WHEN cardinality(s.branch_ids) > 0 THEN s.branch_ids ELSE r.branch_ids END) AND b.path LIKE $1))
        ORDER BY s.channel, c.id, s.position`,
      [scope.pathPattern],
    );
  }
}
