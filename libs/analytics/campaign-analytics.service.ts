import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import { formatYuan } from '@lib/common';
import type {
  CampaignRoi,
  CampaignRoiBreakdown,
  ChannelFunnel,
  DailyFigures,
  GroupFigures,
  RoiBreakdown,
  RoiRow,
} from './campaign-roi.view';
import { CampaignRollups } from './campaign-rollups';
import { campaignFigures, campaignLift, fen, FigureSums, groupFigures, GroupSums, kpiAttainment, KpiTargets } from './roi-figures';

interface CampaignHead extends KpiTargets {
  id: number;
  code: string;
  status: CampaignStatus;
  name: string;
  objective: CampaignObjective;
  start_date: string | null;
  end_date: string | null;
  launched_at: Date | null;
  control_share_pct: string;
  include_segment_ids: number[];
  /** The include segments of the launched plan; null before the launch. */
  launched_segment_ids: number[] | null;
  segments_recorded: boolean | null;
  owning_in_scope: boolean;
  planned: string | null;
  branch_planned: string | null;
}

/** The treatment figures of the contact rollups, summed; `$1` campaign, `$2` the scope's path pattern. */
const CONTACT_SUMS = `
  sum(r.contacts) FILTER (WHERE NOT r.control)::int AS contacts,
  sum(r.delivered) FILTER (WHERE NOT r.control)::int AS delivered,
  sum(r.responses) FILTER (WHERE NOT r.control)::int AS responses,
  sum(r.conversions) FILTER (WHERE NOT r.control)::int AS conversions,
  coalesce(sum(r.premium) FILTER (WHERE NOT r.control), 0)::text AS premium,
  coalesce(sum(r.margin) FILTER (WHERE NOT r.control), 0)::text AS margin`;

const MEMBER_SUMS = `
  sum(m.members)::int AS members, sum(m.responders)::int AS responders, sum(m.converters)::int AS converters,
  sum(m.conversions)::int AS conversions, sum(m.premium)::text AS premium`;

/** The member sums of the segment rollup, whose conversions and premium of the members sit beside the contacts'. */
const SEGMENT_MEMBER_SUMS = `
  sum(m.members)::int AS members, sum(m.responders)::int AS responders, sum(m.converters)::int AS converters,
  sum(m.member_conversions)::int AS conversions, sum(m.member_premium)::text AS premium`;

/** Where each breakdown's lines come from: the rollup and column of its figures, spend and members (null: not kept by it). */
const LINE_SOURCES: Record<Exclude<RoiBreakdown, 'day'>, {
  figures: { table: string; column: string };
  spend: string | null;
  members: { table: string; column: string; sums: string } | null;
}> = {
  channel: { figures: { table: 'campaign_step_rollups', column: 'channel' }, spend: 'channel', members: null },
  step: { figures: { table: 'campaign_step_rollups', column: 'step_id' }, spend: 'step_id', members: null },
  branch: {
    figures: { table: 'campaign_unit_rollups', column: 'org_unit_id' },
    spend: 'branch_id',
    members: { table: 'campaign_member_rollups', column: 'org_unit_id', sums: MEMBER_SUMS },
  },
  value_tier: {
    figures: { table: 'campaign_step_rollups', column: 'value_tier' },
    spend: null,
    members: { table: 'campaign_member_rollups', column: 'value_tier', sums: MEMBER_SUMS },
  },
  segment: {
    figures: { table: 'campaign_segment_rollups', column: 'segment_id' },
    spend: null,
    members: { table: 'campaign_segment_rollups', column: 'segment_id', sums: SEGMENT_MEMBER_SUMS },
  },
};

const UNKNOWN_TIER = { zh: '未分级', en: 'No tier' };
const DELETED_SEGMENT = (id: string) => ({ zh: `已删除的细分 #${id}`, en: `Deleted segment #${id}` });
/** The '' channel and step 0: conversions of members no contact reached, and manual spend not given a channel. */
const NO_STEP = { zh: '无步骤（未接触客户的转化、人工支出）', en: 'No step (conversions of members not reached, manual spend)' };
const NO_CHANNEL = { zh: '无渠道（未接触客户的转化、人工支出）', en: 'No channel (conversions of members not reached, manual spend)' };

/**
 * A campaign's ROI figures from the rollups (docs/roi.md), every one limited to the
 * units in the reader's scope: a contact's, conversion's and spend line's branch, a
 * member's unit as frozen at launch. A breakdown lists only units in the scope.
 */
@Injectable()
export class CampaignAnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly rollups: CampaignRollups,
  ) {}

  async campaign(scope: OrgScope, campaignId: number): Promise<CampaignRoi> {
    const head = await this.head(scope, campaignId);
    const params = [campaignId, scope.pathPattern];
    const [[contactSums], [spendSums], members, segments, funnels, daily, freshAt] = await Promise.all([
      this.dataSource.query(
        `SELECT ${CONTACT_SUMS} FROM campaign_unit_rollups r WHERE r.campaign_id = $1 AND ${scope.unitCondition('r.org_unit_id', 2)}`,
        params,
      ),
      this.dataSource.query(
        `SELECT coalesce(sum(s.automatic), 0)::text AS automatic, coalesce(sum(s.manual), 0)::text AS manual
           FROM campaign_unit_rollups s WHERE s.campaign_id = $1 AND ${scope.unitCondition('s.org_unit_id', 2)}`,
        params,
      ),
      this.dataSource.query(
        `SELECT m.control, ${MEMBER_SUMS} FROM campaign_member_rollups m
          WHERE m.campaign_id = $1 AND ${scope.unitCondition('m.org_unit_id', 2)} GROUP BY m.control`,
        params,
      ) as Promise<(GroupSums & { control: boolean })[]>,
      this.dataSource.query(`SELECT id, name FROM segments WHERE id = ANY($1::int[]) ORDER BY id`, [head.include_segment_ids]),
      this.funnels(scope, campaignId),
      this.daily(scope, campaignId),
      this.rollups.freshAt(),
    ]);
    const figures = campaignFigures({ ...zeroCounts(contactSums), automatic: spendSums.automatic, manual: spendSums.manual });
    const treatment = groupFigures(members.find((row) => !row.control));
    const control = groupFigures(members.find((row) => row.control));
    return {
      campaignId: head.id,
      code: head.code,
      name: head.name,
      status: head.status,
      objective: head.objective,
      startDate: head.start_date,
      endDate: head.end_date,
      launchedAt: head.launched_at,
      targetSegments: segments,
      budget: head.owning_in_scope ? head.planned : head.branch_planned,
      figures,
      treatment,
      control,
      lift: campaignLift(treatment, control, Number(head.control_share_pct)),
      kpis: kpiAttainment(head, figures, treatment),
      funnels,
      daily,
      freshAt,
    };
  }

  async breakdown(scope: OrgScope, campaignId: number, by: RoiBreakdown): Promise<CampaignRoiBreakdown> {
    const head = await this.head(scope, campaignId);
    // A launch that did not record its members' segments has no segment lines: none rather than wrong ones.
    const segmentsRecorded = by === 'segment' ? head.segments_recorded : null;
    const rows = by === 'day'
      ? await this.dailyRows(scope, campaignId)
      : by === 'segment' && !segmentsRecorded ? [] : await this.rowsBy(scope, head, by);
    return { campaignId, by, rows, segmentsRecorded, freshAt: await this.rollups.freshAt() };
  }

  /** 404 unless the reader sees the campaign; the approved plan (else the latest) and its launch. */
  private async head(scope: OrgScope, campaignId: number): Promise<CampaignHead> {
    await this.campaigns.findVisible(this.dataSource.manager, scope, campaignId);
    const [head] = await this.dataSource.query(
      `SELECT c.id, c.code, c.status, r.name, r.objective, to_char(r.start_date, 'YYYY-MM-DD') AS start_date,
              to_char(r.end_date, 'YYYY-MM-DD') AS end_date, l.frozen_at AS launched_at,
              coalesce(l.control_share_pct, r.control_share_pct)::text AS control_share_pct, r.include_segment_ids,
              (SELECT lr.include_segment_ids FROM campaign_revisions lr WHERE lr.id = l.revision_id) AS launched_segment_ids,
              l.segments_recorded,
              r.target_contacts, r.target_response_rate_pct::text, r.target_conversions, r.target_premium::text,
              ou.path LIKE $2 AS owning_in_scope,
              (cb.plan_budget + coalesce((SELECT sum(q.amount) FROM budget_raise_requests q
                 WHERE q.campaign_id = c.id AND q.revision_id = cb.revision_id AND q.status = 'approved'), 0))::text AS planned,
              (SELECT sum(a.amount)::text FROM budget_allocations a
                WHERE a.revision_id = cb.revision_id AND ${scope.unitCondition('a.branch_id', 2)}) AS branch_planned
         FROM campaigns c
         JOIN org_units ou ON ou.id = c.owning_org_unit_id
         JOIN LATERAL (SELECT * FROM campaign_revisions sr WHERE sr.campaign_id = c.id
                        ORDER BY (sr.id = c.approved_revision_id) DESC NULLS LAST, sr.number DESC LIMIT 1) r ON true
         LEFT JOIN campaign_launches l ON l.campaign_id = c.id
         LEFT JOIN campaign_budgets cb ON cb.campaign_id = c.id
        WHERE c.id = $1`,
      [campaignId, scope.pathPattern],
    );
    return head;
  }

  async funnels(scope: OrgScope, campaignId: number): Promise<ChannelFunnel[]> {
    const rows: (Omit<ChannelFunnel, 'channel'> & { channel: StepChannel })[] = await this.dataSource.query(
      `SELECT r.channel, sum(r.targeted)::int AS members, sum(r.contacts)::int AS contacts, sum(r.delivered)::int AS delivered,
              sum(r.responses)::int AS responses, sum(r.conversions)::int AS conversions
         FROM campaign_step_rollups r
        WHERE r.campaign_id = $1 AND NOT r.control AND r.channel <> '' AND ${scope.unitCondition('r.org_unit_id', 2)}
        GROUP BY r.channel ORDER BY r.channel`,
      [campaignId, scope.pathPattern],
    );
    return rows;
  }

  private async daily(scope: OrgScope, campaignId: number): Promise<DailyFigures[]> {
    const rows: (Omit<DailyFigures, 'premiumWritten' | 'spend'> & { premium: string; spend: string })[] = await this.dataSource.query(
      `WITH contact_days AS (
         SELECT r.day, sum(r.contacts) FILTER (WHERE NOT r.control)::int AS contacts,
                sum(r.delivered) FILTER (WHERE NOT r.control)::int AS delivered,
                sum(r.responses) FILTER (WHERE NOT r.control)::int AS responses,
                sum(r.conversions) FILTER (WHERE NOT r.control)::int AS conversions,
                sum(r.premium) FILTER (WHERE NOT r.control) AS premium,
                sum(r.conversions) FILTER (WHERE r.control)::int AS control_conversions
           FROM campaign_contact_rollups r WHERE r.campaign_id = $1 AND ${scope.unitCondition('r.org_unit_id', 2)} GROUP BY r.day),
       spend_days AS (
         SELECT s.day, sum(s.automatic + s.manual) AS spend
           FROM campaign_spend_rollups s WHERE s.campaign_id = $1 AND ${scope.unitCondition('s.branch_id', 2)} GROUP BY s.day)
       SELECT to_char(day, 'YYYY-MM-DD') AS day, coalesce(c.contacts, 0) AS contacts, coalesce(c.delivered, 0) AS delivered,
              coalesce(c.responses, 0) AS responses, coalesce(c.conversions, 0) AS conversions,
              coalesce(c.premium, 0)::text AS premium, coalesce(s.spend, 0)::text AS spend,
              coalesce(c.control_conversions, 0) AS "controlConversions"
         FROM contact_days c FULL JOIN spend_days s USING (day)
        ORDER BY day`,
      [campaignId, scope.pathPattern],
    );
    return rows.map(({ premium, spend, ...row }) => ({ ...row, premiumWritten: formatYuan(fen(premium)), spend: formatYuan(fen(spend)) }));
  }

  private async dailyRows(scope: OrgScope, campaignId: number): Promise<RoiRow[]> {
    const rows: (FigureSums & { key: string })[] = await this.dataSource.query(
      `WITH contact_days AS (
         SELECT r.day, ${CONTACT_SUMS} FROM campaign_contact_rollups r
          WHERE r.campaign_id = $1 AND ${scope.unitCondition('r.org_unit_id', 2)} GROUP BY r.day),
       spend_days AS (
         SELECT s.day, sum(s.automatic) AS automatic, sum(s.manual) AS manual
           FROM campaign_spend_rollups s WHERE s.campaign_id = $1 AND ${scope.unitCondition('s.branch_id', 2)} GROUP BY s.day)
       SELECT to_char(day, 'YYYY-MM-DD') AS key, c.contacts, c.delivered, c.responses, c.conversions, c.premium, c.margin,
              coalesce(s.automatic, 0)::text AS automatic, coalesce(s.manual, 0)::text AS manual
         FROM contact_days c FULL JOIN spend_days s USING (day) ORDER BY day`,
      [campaignId, scope.pathPattern],
    );
    return rows.map((row) => ({
      key: row.key, label: row.key, labelEn: null, figures: campaignFigures(zeroCounts(row)), treatment: null, control: null, lift: null,
    }));
  }

  /**
   * Lines by channel, step, branch, value tier or segment. Spend is kept by branch,
   * channel and step; members by branch, value tier and segment, so those lines carry
   * the groups and their lift. Segment lines are one per include segment of the launched
   * plan, in its order, and a member in two segments counts in both.
   */
  private async rowsBy(scope: OrgScope, head: CampaignHead, by: Exclude<RoiBreakdown, 'day'>): Promise<RoiRow[]> {
    const source = LINE_SOURCES[by];
    const params = [head.id, scope.pathPattern];
    const [figureRows, spendRows, memberRows]: [
      (FigureSums & { key: string })[],
      { key: string; automatic: string; manual: string }[],
      (GroupSums & { key: string; control: boolean })[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT r.${source.figures.column}::text AS key, ${CONTACT_SUMS} FROM ${source.figures.table} r
          WHERE r.campaign_id = $1 AND ${scope.unitCondition('r.org_unit_id', 2)} GROUP BY r.${source.figures.column}`,
        params,
      ),
      source.spend
        ? this.dataSource.query(
            `SELECT s.${source.spend}::text AS key, sum(s.automatic)::text AS automatic, sum(s.manual)::text AS manual
               FROM campaign_spend_rollups s WHERE s.campaign_id = $1 AND ${scope.unitCondition('s.branch_id', 2)} GROUP BY s.${source.spend}`,
            params,
          )
        : Promise.resolve([]),
      source.members
        ? this.dataSource.query(
            `SELECT m.${source.members.column}::text AS key, m.control, ${source.members.sums} FROM ${source.members.table} m
              WHERE m.campaign_id = $1 AND ${scope.unitCondition('m.org_unit_id', 2)} GROUP BY m.${source.members.column}, m.control`,
            params,
          )
        : Promise.resolve([]),
    ]);
    // Every include segment has its line, also one no member in the scope matched.
    const included = by === 'segment' ? (head.launched_segment_ids ?? []).map(String) : [];
    const keys = [...new Set([...included, ...[...figureRows, ...spendRows, ...memberRows].map((row) => row.key)])];
    const labels = await this.labels(by, keys);
    const planned = Number(head.control_share_pct);
    const rows = keys
      .map((key): RoiRow => {
        const sums = figureRows.find((row) => row.key === key);
        const spend = spendRows.find((row) => row.key === key);
        const figures = campaignFigures({
          ...zeroCounts(sums),
          automatic: source.spend ? (spend?.automatic ?? '0') : null,
          manual: source.spend ? (spend?.manual ?? '0') : null,
        });
        let treatment: GroupFigures | null = null;
        let control: GroupFigures | null = null;
        if (source.members) {
          treatment = groupFigures(memberRows.find((row) => row.key === key && !row.control));
          control = groupFigures(memberRows.find((row) => row.key === key && row.control));
        }
        const label = labels.get(key) ?? { zh: key, en: null };
        return {
          key, label: label.zh, labelEn: label.en, figures, treatment, control,
          lift: treatment && control ? campaignLift(treatment, control, planned) : null,
        };
      });
    // Segments in the plan's order; the other lines by key.
    return by === 'segment' ? rows : rows.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  }

  private async labels(by: Exclude<RoiBreakdown, 'day'>, keys: string[]): Promise<Map<string, { zh: string; en: string | null }>> {
    const labels = new Map<string, { zh: string; en: string | null }>();
    if (by === 'branch') {
      const units: { id: number; name: string; name_en: string | null }[] = await this.dataSource.query(
        `SELECT id, name, name_en FROM org_units WHERE id = ANY($1::int[])`,
        [keys.map(Number)],
      );
      for (const unit of units) labels.set(String(unit.id), { zh: unit.name, en: unit.name_en });
    } else if (by === 'step') {
      const steps: { id: number; position: number; channel: string }[] = await this.dataSource.query(
        `SELECT id, position, channel FROM campaign_steps WHERE id = ANY($1::int[])`,
        [keys.map(Number)],
      );
      for (const step of steps) labels.set(String(step.id), { zh: `第 ${step.position} 步 · ${step.channel}`, en: `Step ${step.position} · ${step.channel}` });
      labels.set('0', NO_STEP);
    } else if (by === 'channel') {
      labels.set('', NO_CHANNEL);
    } else if (by === 'segment') {
      // A segment's name is one for both languages; a segment deleted since the launch keeps its line.
      const segments: { id: number; name: string }[] = await this.dataSource.query(`SELECT id, name FROM segments WHERE id = ANY($1::int[])`, [
        keys.map(Number),
      ]);
      for (const key of keys) {
        const name = segments.find((segment) => String(segment.id) === key)?.name;
        labels.set(key, name !== undefined ? { zh: name, en: null } : DELETED_SEGMENT(key));
      }
    } else {
      for (const key of keys) labels.set(key, key === '' ? UNKNOWN_TIER : { zh: key, en: key });
    }
    return labels;
  }
}

/** Sums of no rows are NULL in SQL: zeros here. */
function zeroCounts(row: Partial<FigureSums> | undefined): FigureSums {
  return {
    contacts: row?.contacts ?? 0,
    delivered: row?.delivered ?? 0,
    responses: row?.responses ?? 0,
    conversions: row?.conversions ?? 0,
    premium: row?.premium ?? '0',
    margin: row?.margin ?? '0',
    automatic: row?.automatic ?? null,
    manual: row?.manual ?? null,
  };
}
