import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { Page } from '@lib/common';
import { SegmentService } from '@lib/segments';
import { embed, includeExclude } from './audience-sql';
import { CampaignStatus } from './campaign-status';
import type { CalendarQuery, SharedCustomersQuery } from './campaign.dto';
import { CampaignService, SHOWN_REVISION, SUMMARY_SELECT, SummaryRow, toSummary, visibleCampaign } from './campaign.service';
import type {
  CalendarCampaign, CalendarOverlap, CampaignCalendar, CampaignOverlap, CampaignOverlapRow, SharedCustomer,
} from './campaign.view';
import { addDays, weeksOf } from './plan-dates';

/** Campaigns whose audiences a new plan competes with for the same customers. */
const LIVE: readonly CampaignStatus[] = ['scheduled', 'running', 'paused'];
const NOT_PLANNED: readonly CampaignStatus[] = ['cancelled'];
const NO_ONE_TAGGED = 'SELECT NULL::int AS campaign_id, NULL::bigint AS customer_id WHERE false';

interface AudienceOf {
  campaignId: number;
  include: number[];
  exclude: number[];
  /** Participating branches: the campaign reaches only their customers (all of the scope while a draft names none). */
  branchIds: number[];
}

interface Competitor {
  row: Omit<CampaignOverlapRow, 'sharedCustomers'>;
  audience: AudienceOf;
}

/**
 * Where campaigns compete for the same customers: the calendar of a month with
 * the pairs whose audiences overlap in a common week, and, for a draft, how many of
 * its customers other live campaigns already hold. Audiences are the campaigns'
 * segments (included minus excluded) within the caller's scope, combined into one
 * SQL statement per answer.
 */
@Injectable()
export class CampaignOverlapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignService,
    private readonly segments: SegmentService,
  ) {}

  async calendar(scope: OrgScope, query: CalendarQuery): Promise<CampaignCalendar> {
    const monthStart = `${query.month}-01`;
    const monthEnd = addDays(addDays(monthStart, 31).slice(0, 8) + '01', -1);
    const params: unknown[] = [scope.pathPattern, monthStart, monthEnd];
    const where = [visibleCampaign(1), 'r.start_date <= $3', 'r.end_date >= $2'];
    if (query.objective) where.push(`r.objective = $${params.push(query.objective)}`);
    if (query.status) where.push(`c.status = $${params.push(query.status)}`);
    if (query.ownerId) where.push(`c.owner_id = $${params.push(query.ownerId)}`);
    if (query.branchId) {
      const subtree = `(SELECT path FROM org_units WHERE id = $${params.push(query.branchId)}) || '%'`;
      where.push(`(ou.path LIKE ${subtree} OR EXISTS (SELECT 1 FROM org_units tb WHERE tb.id = ANY(r.branch_ids) AND tb.path LIKE ${subtree}))`);
    }
    const rows: SummaryRow[] = await this.dataSource.query(
      `${SUMMARY_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.start_date, c.id`,
      params,
    );
    const weeks = new Map(rows.map((row) => [
      row.id,
      weeksOf(row.start_date! > monthStart ? row.start_date! : monthStart, row.end_date! < monthEnd ? row.end_date! : monthEnd),
    ]));
    const planned = rows.filter((row) => !NOT_PLANNED.includes(row.status) && row.include_segment_ids.length > 0);
    const pairs: CalendarOverlap[] = [];
    for (const [i, a] of planned.entries()) {
      for (const b of planned.slice(i + 1)) {
        const common = weeks.get(a.id)!.filter((week) => weeks.get(b.id)!.includes(week));
        if (common.length > 0) pairs.push({ campaignIds: [a.id, b.id], weeks: common, sharedCustomers: 0 });
      }
    }
    const inPairs = planned.filter((row) => pairs.some((pair) => pair.campaignIds.includes(row.id)));
    const shared = await this.pairCounts(scope, inPairs.map((row) => ({
      campaignId: row.id, include: row.include_segment_ids, exclude: row.exclude_segment_ids, branchIds: row.branch_ids,
    })));
    for (const pair of pairs) pair.sharedCustomers = shared.get(`${pair.campaignIds[0]}:${pair.campaignIds[1]}`) ?? 0;
    const overlaps = pairs.filter((pair) => pair.sharedCustomers > 0);
    const campaigns: CalendarCampaign[] = rows.map((row) => ({
      ...toSummary(row),
      weeks: weeks.get(row.id)!,
      overlapping: overlaps.some((pair) => pair.campaignIds.includes(row.id)),
    }));
    return { month: query.month, campaigns, overlaps };
  }

  /** How many of the campaign's customers (its open plan, else the one in force) each live campaign already holds. */
  async overlap(scope: OrgScope, id: number): Promise<CampaignOverlap> {
    const { subject, others } = await this.competitors(scope, id);
    const params: unknown[] = [];
    const mine = await this.audienceSql(scope, subject, params);
    const theirs = await this.taggedAudiences(scope, others.map((o) => o.audience), params);
    const rows: { campaign_id: number | null; n: number }[] = await this.dataSource.query(
      `WITH mine AS (${mine}), theirs AS (${theirs ?? NO_ONE_TAGGED})
       SELECT NULL::int AS campaign_id, count(*)::int AS n FROM mine
       UNION ALL
       SELECT t.campaign_id, count(*)::int FROM theirs t JOIN mine m ON m.customer_id = t.customer_id GROUP BY t.campaign_id`,
      params,
    );
    const audience = rows.find((row) => row.campaign_id === null)!.n;
    const counts = rows.filter((row) => row.campaign_id !== null);
    const campaigns: CampaignOverlapRow[] = others
      .map((other) => ({ ...other.row, sharedCustomers: counts.find((c) => c.campaign_id === other.row.campaignId)?.n ?? 0 }))
      .filter((row) => row.sharedCustomers > 0)
      .sort((a, b) => b.sharedCustomers - a.sharedCustomers || a.campaignId - b.campaignId);
    return { campaignId: id, audience, campaigns };
  }

  /** The customers the campaign shares with live campaigns (or with one of them), paged, each with the campaigns it shares them with. */
  async sharedCustomers(scope: OrgScope, id: number, query: SharedCustomersQuery): Promise<Page<SharedCustomer>> {
    const { subject, others } = await this.competitors(scope, id);
    const chosen = query.campaignId === undefined ? others : others.filter((o) => o.row.campaignId === query.campaignId);
    const params: unknown[] = [];
    const mine = await this.audienceSql(scope, subject, params);
    const theirs = await this.taggedAudiences(scope, chosen.map((o) => o.audience), params);
    if (!theirs) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const shared = `WITH mine AS (${mine}), theirs AS (${theirs}),
      shared AS (SELECT t.customer_id, array_agg(DISTINCT t.campaign_id ORDER BY t.campaign_id) AS campaign_ids
                 FROM theirs t JOIN mine m ON m.customer_id = t.customer_id GROUP BY t.customer_id)`;
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`${shared} SELECT count(*)::int AS total FROM shared`, params),
      this.dataSource.query(
        `${shared}
         SELECT c.id, c.customer_no, c.name, ou.name AS org_unit_name, s.campaign_ids
         FROM shared s JOIN customers c ON c.id = s.customer_id JOIN org_units ou ON ou.id = c.org_unit_id
         ORDER BY c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      ),
    ]);
    return {
      items: rows.map((row: any) => ({
        id: Number(row.id), customerNo: row.customer_no, name: row.name, orgUnitName: row.org_unit_name, campaignIds: row.campaign_ids,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The campaign's audience to compare (its open revision, else its plan in force) and the live campaigns visible in the scope. */
  private async competitors(scope: OrgScope, id: number): Promise<{ subject: AudienceOf; others: Competitor[] }> {
    await this.campaigns.findVisible(this.dataSource.manager, scope, id);
    const [subject] = await this.dataSource.query(
      `SELECT include_segment_ids, exclude_segment_ids, branch_ids FROM campaign_revisions r
       WHERE r.campaign_id = $1 ORDER BY (r.status IN ('draft','submitted','returned')) DESC, (r.status = 'approved') DESC, r.number DESC LIMIT 1`,
      [id],
    );
    const rows = await this.dataSource.query(
      `SELECT c.id, c.code, c.status, r.name, r.include_segment_ids, r.exclude_segment_ids, r.branch_ids
       FROM campaigns c JOIN org_units ou ON ou.id = c.owning_org_unit_id ${SHOWN_REVISION}
       WHERE c.id <> $2 AND c.status = ANY($3) AND ${visibleCampaign(1)} ORDER BY c.id`,
      [scope.pathPattern, id, LIVE],
    );
    return {
      subject: { campaignId: id, include: subject.include_segment_ids, exclude: subject.exclude_segment_ids, branchIds: subject.branch_ids },
      others: rows.map((row: any) => ({
        row: { campaignId: row.id, code: row.code, name: row.name, status: row.status },
        audience: { campaignId: row.id, include: row.include_segment_ids, exclude: row.exclude_segment_ids, branchIds: row.branch_ids },
      })),
    };
  }

  /**
   * Shared customers of every pair of the campaigns, in one statement; keys 'a:b'
   * with a < b. Customers are counted by the set of campaigns they are in, so the
   * database makes one pass over the audiences whatever the number of pairs.
   */
  private async pairCounts(scope: OrgScope, audiences: AudienceOf[]): Promise<Map<string, number>> {
    const params: unknown[] = [];
    const tagged = await this.taggedAudiences(scope, audiences, params);
    const counts = new Map<string, number>();
    if (!tagged) return counts;
    const sets: { ids: number[]; n: number }[] = await this.dataSource.query(
      `WITH tagged AS (${tagged}),
            per_customer AS (SELECT array_agg(campaign_id ORDER BY campaign_id) AS ids FROM tagged GROUP BY customer_id HAVING count(*) > 1)
       SELECT ids, count(*)::int AS n FROM per_customer GROUP BY ids`,
      params,
    );
    for (const { ids, n } of sets) {
      for (const [i, a] of ids.entries()) {
        for (const b of ids.slice(i + 1)) counts.set(`${a}:${b}`, (counts.get(`${a}:${b}`) ?? 0) + n);
      }
    }
    return counts;
  }

  /** `(campaign_id, customer_id)` for every customer of every audience, or null when there is none to compare. */
  private async taggedAudiences(scope: OrgScope, audiences: AudienceOf[], params: unknown[]): Promise<string | null> {
    const parts: string[] = [];
    for (const audience of audiences.filter((a) => a.include.length > 0)) {
      parts.push(`SELECT ${Number(audience.campaignId)} AS campaign_id, customer_id FROM (${await this.audienceSql(scope, audience, params)}) a`);
    }
    return parts.length > 0 ? parts.join(' UNION ALL ') : null;
  }

  /**
   * One campaign's customers as SQL. Segments the scope cannot see (deleted, or of
   * another branch) add no one, so a campaign's overlap never reveals them.
   */
  private async audienceSql(scope: OrgScope, audience: AudienceOf, params: unknown[]): Promise<string> {
    const visible = await this.visibleSegments(scope, [...audience.include, ...audience.exclude]);
    const sqlOf = async (ids: number[]) => {
      const parts: string[] = [];
      for (const segmentId of ids.filter((x) => visible.has(x))) parts.push(embed(await this.segments.audienceOf(scope, { segmentId }), params));
      return parts;
    };
    const included = await sqlOf(audience.include);
    if (included.length === 0) return 'SELECT NULL::bigint AS customer_id WHERE false';
    const customers = includeExclude(included, await sqlOf(audience.exclude));
    if (audience.branchIds.length === 0) return customers;
    params.push(audience.branchIds);
    return `SELECT a.customer_id FROM (${customers}) a JOIN customers bc ON bc.id = a.customer_id
            JOIN org_units bu ON bu.id = bc.org_unit_id
            WHERE EXISTS (SELECT 1 FROM org_units pb WHERE pb.id = ANY($${params.length}::int[]) AND bu.path LIKE pb.path || '%')`;
  }

  private async visibleSegments(scope: OrgScope, ids: number[]): Promise<Set<number>> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT s.id FROM segments s JOIN org_units ou ON ou.id = s.owner_org_unit_id
       WHERE s.id = ANY($1) AND (ou.path LIKE $2 OR $3 LIKE ou.path || '%')`,
      [ids, scope.pathPattern, scope.path],
    );
    return new Set(rows.map((row) => row.id));
  }
}
