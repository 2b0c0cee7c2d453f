import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { Page } from '@lib/common';
import { SegmentService } from '@lib/segments';
import { embed, includeExclude, reachedSubtrees, UnitPath } from './audience-sql';
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
const OVERLAP_WORK_MEM = '64MB';

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
    const audiences = [subject, ...others.map((o) => o.audience)];
    const shared = new Map<number, number>();
    let audience = 0;
    for (const { members, n } of await this.membership(scope, audiences)) {
      if (!members.includes(subject.campaignId)) continue;
      audience += n;
      for (const member of members) shared.set(member, (shared.get(member) ?? 0) + n);
    }
    const campaigns: CampaignOverlapRow[] = others
      .map((other) => ({ ...other.row, sharedCustomers: shared.get(other.row.campaignId) ?? 0 }))
      .filter((row) => row.sharedCustomers > 0)
      .sort((a, b) => b.sharedCustomers - a.sharedCustomers || a.campaignId - b.campaignId);
    return { campaignId: id, audience, campaigns };
  }

  /** The customers the campaign shares with live campaigns (or with one of them), paged, each with the campaigns it shares them with. */
  async sharedCustomers(scope: OrgScope, id: number, query: SharedCustomersQuery): Promise<Page<SharedCustomer>> {
    const { subject, others } = await this.competitors(scope, id);
    const chosen = query.campaignId === undefined ? others : others.filter((o) => o.row.campaignId === query.campaignId);
    const audiences = [subject, ...chosen.map((o) => o.audience)];
    const params: unknown[] = [];
    const masks = await this.masksSql(scope, audiences, params);
    // Bit 1 is the campaign asked about; a shared customer has it and another.
    const shared = `WITH ${masks}, shared AS (
        SELECT customer_id, mask FROM masks WHERE substring(mask FROM 1 FOR 1) = B'1' AND bit_count(mask) > 1)`;
    const rows = await this.withMemory((manager) => manager.query(
      `${shared}, page AS (SELECT customer_id, mask, count(*) OVER () AS total FROM shared
                           ORDER BY customer_id LIMIT $${params.length + 1} OFFSET $${params.length + 2})
       SELECT c.id, c.customer_no, c.name, ou.name AS org_unit_name, p.mask::text AS mask, p.total::int AS total
       FROM page p JOIN customers c ON c.id = p.customer_id JOIN org_units ou ON ou.id = c.org_unit_id ORDER BY c.id`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    ));
    // A page past the end has no row to carry the total.
    const total: number = rows[0]?.total
      ?? (await this.withMemory((manager) => manager.query(`${shared} SELECT count(*)::int AS total FROM shared`, params)))[0].total;
    return {
      items: rows.map((row: any) => ({
        id: Number(row.id), customerNo: row.customer_no, name: row.name, orgUnitName: row.org_unit_name,
        campaignIds: membersOf(row.mask, audiences).filter((member) => member !== subject.campaignId).sort((a, b) => a - b),
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

  /** Shared customers of every pair of the campaigns; keys 'a:b' with a < b. */
  private async pairCounts(scope: OrgScope, audiences: AudienceOf[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (audiences.length < 2) return counts;
    for (const { members, n } of await this.membership(scope, audiences)) {
      const sorted = [...members].sort((a, b) => a - b);
      for (const [i, a] of sorted.entries()) {
        for (const b of sorted.slice(i + 1)) counts.set(`${a}:${b}`, (counts.get(`${a}:${b}`) ?? 0) + n);
      }
    }
    return counts;
  }

  /**
   * How many customers are in exactly each combination of the audiences, in one
   * statement: every customer gets a bit per audience it is in, then customers are
   * counted by their bits. Grouping costs the same whatever the planner guesses of
   * each audience's size, where a join chosen on a bad guess can loop over a million
   * rows a million times; and the answer has a row per combination, not per pair.
   */
  private async membership(scope: OrgScope, audiences: AudienceOf[]): Promise<{ members: number[]; n: number }[]> {
    const params: unknown[] = [];
    const masks = await this.masksSql(scope, audiences, params);
    const rows: { mask: string; n: number }[] = await this.withMemory((manager) => manager.query(
      `WITH ${masks} SELECT mask::text AS mask, count(*)::int AS n FROM masks GROUP BY mask`,
      params,
    ));
    return rows.map((row) => ({ members: membersOf(row.mask, audiences), n: row.n }));
  }

  /** `masks (customer_id, mask)`: bit i of a customer's mask is set when it is in audience i. */
  private async masksSql(scope: OrgScope, audiences: AudienceOf[], params: unknown[]): Promise<string> {
    const width = audiences.length;
    const parts: string[] = [];
    for (const [i, audience] of audiences.entries()) {
      const bit = `B'${'0'.repeat(i)}1${'0'.repeat(width - i - 1)}'`;
      parts.push(`SELECT customer_id, ${bit} AS bit FROM (${await this.audienceSql(scope, audience, params)}) a${i}`);
    }
    return `masks AS (SELECT customer_id, bit_or(bit) AS mask FROM (${parts.join(' UNION ALL ')}) tagged GROUP BY customer_id)`;
  }

  /** Grouping a million customers needs more memory than a session's default, or it spills to disk. */
  private withMemory<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL work_mem = '${OVERLAP_WORK_MEM}'`);
      return work(manager);
    });
  }

  /**
   * One campaign's customers as SQL. Segments the scope cannot see (deleted, or of
   * another branch) add no one, so a campaign's overlap never reveals them.
   */
  private async audienceSql(scope: OrgScope, audience: AudienceOf, params: unknown[]): Promise<string> {
    const visible = await this.visibleSegments(scope, [...audience.include, ...audience.exclude]);
    const branches: UnitPath[] = await this.dataSource.query('SELECT id, path FROM org_units WHERE id = ANY($1::int[])', [audience.branchIds]);
    const parts: string[] = [];
    for (const root of reachedSubtrees({ id: scope.orgUnitId, path: scope.path }, branches)) {
      const part = await this.audienceWithin(scope, new OrgScope(root.id, root.path), audience, visible, params);
      if (part) parts.push(part);
    }
    if (parts.length === 0) return 'SELECT NULL::bigint AS customer_id WHERE false';
    // The subtrees do not overlap, so their customers are distinct.
    return parts.map((part) => `(${part})`).join(' UNION ALL ');
  }

  /** The audience within one reached subtree, or null when it includes no segment the caller can see. */
  private async audienceWithin(
    scope: OrgScope, subtree: OrgScope, audience: AudienceOf, visible: Set<number>, params: unknown[],
  ): Promise<string | null> {
    const ids = [...visible];
    // A segment the caller sees may be of a unit beside the branch (a city's segment used for another city): then
    // the segment is evaluated in the caller's scope and its customers kept to the branch by their unit.
    const fromSubtree = subtree.path === scope.path || (await this.visibleSegments(subtree, ids)).size === ids.length;
    const evaluatedIn = fromSubtree ? subtree : scope;
    const sqlOf = async (list: number[]) => {
      const sql: string[] = [];
      for (const segmentId of list.filter((x) => visible.has(x))) sql.push(embed(await this.segments.audienceOf(evaluatedIn, { segmentId }), params));
      return sql;
    };
    const included = await sqlOf(audience.include);
    if (included.length === 0) return null;
    const customers = includeExclude(included, await sqlOf(audience.exclude));
    if (fromSubtree) return customers;
    params.push(subtree.pathPattern);
    return `SELECT a.customer_id FROM (${customers}) a JOIN customers bc ON bc.id = a.customer_id
            WHERE ${subtree.unitCondition('bc.org_unit_id', params.length)}`;
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

/** The campaigns whose bits are set in a mask written '0101…' (bit 1 first). */
function membersOf(mask: string, audiences: AudienceOf[]): number[] {
  return audiences.filter((_, i) => mask[i] === '1').map((audience) => audience.campaignId);
}
