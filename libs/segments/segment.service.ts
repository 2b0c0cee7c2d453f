import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ConflictError, ForbiddenError, NotFoundError, Page, PageQuery, ValidationError } from '@lib/common';
import { CancellableQueries } from '@lib/database';
import { AudienceQuery } from './audience-query';
import { breakdown, CountRow, MemberRow, overlapCounts, toMember, UnitRow } from './audience-breakdown';
import { compileRule, validateRule } from './compile-rule';
import { fieldCatalogue, FieldSpec } from './field-catalogue';
import { RuleNode } from './rule';
import { CreateSegmentBody, SegmentListQuery, UpdateSegmentBody } from './segment.dto';
import { Segment } from './segment.entity';
import type {
  AudienceMember, AudiencePreview, MemberRemovalResult, MemberUploadResult, OverlapResult, SegmentDetail, SegmentKind, SegmentView, SnapshotView,
} from './segment.view';

const SAMPLE_SIZE = 20;
const MEMBER_COLUMNS = 'c.id, c.customer_no, c.name, c.mobile, c.org_unit_id, c.value_tier';

/** Owned in the scope, or by a unit above the caller (province segments serve every branch below). */
const VISIBLE_OWNER = (pattern: number, path: number) => `(ou.path LIKE $${pattern} OR $${path} LIKE ou.path || '%')`;

const SEGMENT_SELECT = `
  SELECT s.id, s.name, s.description, s.kind, s.rule, s.owner_org_unit_id, ou.name AS owner_org_unit_name, ou.name_en AS owner_org_unit_name_en,
         ou.path AS owner_path, u.display_name AS created_by_name, s.created_at, s.updated_at
  FROM segments s JOIN org_units ou ON ou.id = s.owner_org_unit_id LEFT JOIN users u ON u.id = s.created_by`;

interface SegmentRow {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  rule: RuleNode | null;
  owner_org_unit_id: number;
  owner_org_unit_name: string;
  owner_org_unit_name_en: string | null;
  owner_path: string;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The segments and branches that make a campaign's audience. */
export interface CampaignAudiencePlan {
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  /** Participating branches: their whole subtrees take part. */
  branchIds: number[];
}

/** A campaign's audience, with the include segments each of its customers matches. */
export interface CampaignAudienceQuery extends AudienceQuery {
  customerCondition: string;
  /** An `integer[]` over `customers c` (same params): the include segments, in the plan's order, whose definition the customer matches. */
  includedSegments: string;
}

/** Where an audience comes from: a saved segment, or a rule not saved (yet). */
export interface AudienceSource {
  segmentId?: number;
  rule?: RuleNode;
}

/**
 * Segments: saving them, evaluating them as SQL over the customers of the caller's
 * scope (preview, members, overlap) and freezing their members in snapshots. Every
 * count and member list is restricted to the scope, whoever owns the segment.
 */
@Injectable()
export class SegmentService {
  constructor(
    @InjectRepository(Segment) private readonly segments: Repository<Segment>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cancellable: CancellableQueries,
  ) {}

  /** The field catalogue, with the product codes of the catalogue filled in. */
  async fields(): Promise<FieldSpec[]> {
    const products: { code: string; name: string; name_en: string | null }[] = await this.dataSource.query(
      'SELECT code, name, name_en FROM products WHERE active ORDER BY code',
    );
    const values = products.map((p) => ({ value: p.code, label: { zh: p.name, en: p.name_en ?? p.name } }));
    return fieldCatalogue().map((spec) => {
      if (spec.field === 'holds_product') return { ...spec, values };
      if (!spec.params?.some((param) => param.type === 'product_code')) return spec;
      return { ...spec, params: spec.params.map((p) => (p.type === 'product_code' ? { ...p, values: products.map((x) => x.code) } : p)) };
    });
  }

  async list(scope: OrgScope, query: SegmentListQuery): Promise<Page<SegmentView>> {
    const params: unknown[] = [scope.pathPattern, scope.path];
    let where = VISIBLE_OWNER(1, 2);
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      where += ` AND s.name ILIKE $${params.length}`;
    }
    if (query.kind) {
      params.push(query.kind);
      where += ` AND s.kind = $${params.length}`;
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM segments s JOIN org_units ou ON ou.id = s.owner_org_unit_id WHERE ${where}`,
      params,
    );
    const rows: SegmentRow[] = await this.dataSource.query(
      `${SEGMENT_SELECT} WHERE ${where} ORDER BY s.updated_at DESC, s.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(scope: OrgScope, id: number): Promise<SegmentDetail> {
    return toDetail(await this.findVisible(scope, id));
  }

  /** Creates a segment owned by the creator's home unit. */
  async create(scope: OrgScope, createdBy: number, body: CreateSegmentBody): Promise<SegmentDetail> {
    checkRuleForKind(body.kind, body.rule, true);
    const saved = await this.segments.save(this.segments.create({
      name: body.name,
      description: body.description ?? null,
      kind: body.kind,
      rule: body.kind === 'dynamic' ? body.rule : null,
      ownerOrgUnitId: scope.orgUnitId,
      createdBy,
    }));
    return this.get(scope, saved.id);
  }

  async update(scope: OrgScope, id: number, changes: UpdateSegmentBody): Promise<SegmentDetail> {
    const segment = await this.findWritable(scope, id);
    if (changes.name === null) throw new ValidationError([{ field: 'name', code: 'required' }]);
    if (changes.rule !== undefined) checkRuleForKind(segment.kind, changes.rule, false);
    const entity = await this.segments.findOneByOrFail({ id });
    if (changes.name !== undefined) entity.name = changes.name;
    if (changes.description !== undefined) entity.description = changes.description ?? null;
    if (changes.rule !== undefined) entity.rule = changes.rule;
    await this.segments.save(entity);
    return this.get(scope, id);
  }

  /** Deletes the segment and its member list; its snapshots stay (campaigns may use them). */
  async remove(scope: OrgScope, id: number): Promise<void> {
    await this.findWritable(scope, id);
    await this.segments.delete(id);
  }

  /** The customers of a saved segment or of an ad-hoc rule, within the scope, as one SQL statement. */
  async audienceOf(scope: OrgScope, source: AudienceSource): Promise<AudienceQuery> {
    const params: unknown[] = [];
    const from = await this.sourceOf(scope, source, params);
    return { sql: `SELECT c.id AS customer_id ${from}`, params };
  }

  /**
   * A campaign's audience: the customers of any include segment and of no exclude
   * segment, owned by a unit within one of the participating branches (and the scope).
   * Forecasts, overlap checks and the launch's freeze all select it this way.
   */
  async campaignAudience(scope: OrgScope, plan: CampaignAudiencePlan): Promise<CampaignAudienceQuery> {
    if (plan.includeSegmentIds.length === 0 || plan.branchIds.length === 0) {
      return { sql: 'SELECT NULL::bigint AS customer_id WHERE false', params: [], customerCondition: 'false', includedSegments: `'{}'::integer[]` };
    }
    // The units themselves (the branches' subtrees within the scope), not a subquery: the planner
    // then judges from the statistics how much of the table they hold, and scans it once.
    const units: { id: number }[] = await this.dataSource.query(
      `SELECT u.id FROM org_units u JOIN org_units b ON u.path LIKE b.path || '%' WHERE b.id = ANY($1::int[]) AND u.path LIKE $2`,
      [plan.branchIds, scope.pathPattern],
    );
    const params: unknown[] = [units.map((unit) => unit.id)];
    // One condition over the customer row, so that a reader of customers selects the
    // audience in the same scan (a rule may yield NULL, which must not keep anyone out).
    const conditionOf = (segment: SegmentRow): string =>
      segment.kind === 'dynamic'
        ? `coalesce(${compileRule(segment.rule as RuleNode, params)}, false)`
        : `EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = $${params.push(segment.id)} AND m.customer_id = c.id)`;
    const include: string[] = [];
    for (const id of plan.includeSegmentIds) include.push(conditionOf(await this.findVisible(scope, id)));
    const exclude: string[] = [];
    for (const id of plan.excludeSegmentIds) exclude.push(conditionOf(await this.findVisible(scope, id)));
    const condition =
      `c.org_unit_id = ANY($1::int[]) AND (${include.join(' OR ')})` +
      (exclude.length ? ` AND NOT (${exclude.join(' OR ')})` : '');
    // Ids written as literals: a parameter the audience's own SQL does not name could not be typed by its other readers.
    // A customer of the audience matches its only include segment without asking again.
    const ids = plan.includeSegmentIds.map((id) => Math.trunc(Number(id)));
    const includedSegments = include.length === 1
      ? `ARRAY[${ids[0]}]::integer[]`
      : `array_remove(ARRAY[${include.map((sql, i) => `CASE WHEN ${sql} THEN ${ids[i]} END`).join(', ')}]::integer[], NULL)`;
    return { sql: `SELECT c.id AS customer_id FROM customers c WHERE ${condition}`, params, customerCondition: condition, includedSegments };
  }

  /** Count, a sample and breakdowns by branch and value tier of the customers a rule selects. */
  async preview(scope: OrgScope, rule: RuleNode, askerGone?: AbortSignal): Promise<AudiencePreview> {
    const params: unknown[] = [];
    return this.previewOf(scope, this.ruleSource(scope, rule, params), params, askerGone);
  }

  async previewSegment(scope: OrgScope, id: number, askerGone?: AbortSignal): Promise<AudiencePreview> {
    const params: unknown[] = [];
    return this.previewOf(scope, this.segmentSource(scope, await this.findVisible(scope, id), params), params, askerGone);
  }

  async members(scope: OrgScope, id: number, page: PageQuery): Promise<Page<AudienceMember>> {
    const params: unknown[] = [];
    return this.pageOf(scope, this.segmentSource(scope, await this.findVisible(scope, id), params), params, page);
  }

  /**
   * Adds customers to a static segment by customer number, in one statement. Numbers
   * that match no customer in the caller's scope come back in `unknown`.
   */
  async addMembers(scope: OrgScope, id: number, customerNos: string[]): Promise<MemberUploadResult> {
    const segment = await this.findWritable(scope, id);
    if (segment.kind !== 'static') throw new ConflictError('Members are uploaded only to static segments; a dynamic segment follows its rule', 'not_static');
    const numbers = customerNumbers(customerNos);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `WITH given AS (SELECT DISTINCT unnest($1::text[]) AS customer_no),
              found AS (SELECT c.id, g.customer_no FROM given g JOIN customers c ON c.customer_no = g.customer_no
                        WHERE ${scope.unitCondition('c.org_unit_id', 3)}),
              added AS (INSERT INTO segment_members (segment_id, customer_id) SELECT $2, id FROM found
                        ON CONFLICT DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM added)::int AS added, (SELECT count(*) FROM found)::int AS found,
                ARRAY(SELECT g.customer_no FROM given g
                      WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.customer_no = g.customer_no) ORDER BY 1) AS unknown`,
        [numbers, id, scope.pathPattern],
      );
      await manager.query('UPDATE segments SET updated_at = now() WHERE id = $1', [id]);
      return { added: row.added, alreadyMembers: row.found - row.added, unknown: row.unknown };
    });
  }

  /** Takes customers off a static segment by customer number; numbers that were not members come back. */
  async removeMembers(scope: OrgScope, id: number, customerNos: string[]): Promise<MemberRemovalResult> {
    const segment = await this.findWritable(scope, id);
    if (segment.kind !== 'static') throw new ConflictError('A dynamic segment follows its rule; it has no member list', 'not_static');
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `WITH given AS (SELECT DISTINCT unnest($1::text[]) AS customer_no),
              removed AS (DELETE FROM segment_members m USING customers c, given g
                          WHERE m.segment_id = $2 AND m.customer_id = c.id AND c.customer_no = g.customer_no
                            AND ${scope.unitCondition('c.org_unit_id', 3)}
                          RETURNING c.customer_no)
         SELECT (SELECT count(*) FROM removed)::int AS removed,
                ARRAY(SELECT g.customer_no FROM given g
                      WHERE NOT EXISTS (SELECT 1 FROM removed r WHERE r.customer_no = g.customer_no) ORDER BY 1) AS not_members`,
        [customerNumbers(customerNos), id, scope.pathPattern],
      );
      await manager.query('UPDATE segments SET updated_at = now() WHERE id = $1', [id]);
      return { removed: row.removed, notMembers: row.not_members };
    });
  }

  /**
   * Freezes the segment's members in the scope, with the rule and the time, in one
   * transaction. Campaign launches freeze their audiences this way.
   */
  async snapshot(scope: OrgScope, segmentId: number, takenBy: number): Promise<SnapshotView> {
    const segment = await this.findVisible(scope, segmentId);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO segment_snapshots (segment_id, segment_name, kind, rule, org_unit_id, taken_by)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id, taken_at`,
        [segment.id, segment.name, segment.kind, segment.rule ? JSON.stringify(segment.rule) : null, scope.orgUnitId, takenBy],
      );
      const memberCount = await this.freeze(manager, scope, segment, row.id);
      await manager.query('UPDATE segment_snapshots SET member_count = $2 WHERE id = $1', [row.id, memberCount]);
      return { id: row.id, segmentId: segment.id, segmentName: segment.name, takenAt: row.taken_at, memberCount, rule: segment.rule };
    });
  }

  /** The segment's snapshots the caller may see, newest first; counts within the caller's scope. */
  async snapshotsOf(scope: OrgScope, segmentId: number): Promise<SnapshotView[]> {
    await this.findVisible(scope, segmentId);
    const rows = await this.dataSource.query(
      `SELECT s.id, s.segment_id, s.segment_name, s.taken_at, s.rule,
              CASE WHEN ou.path LIKE $2 THEN s.member_count
                   ELSE (SELECT count(*)::int FROM segment_snapshot_members m JOIN customers c ON c.id = m.customer_id
                         WHERE m.snapshot_id = s.id AND ${scope.unitCondition('c.org_unit_id', 2)}) END AS member_count
       FROM segment_snapshots s JOIN org_units ou ON ou.id = s.org_unit_id
       WHERE s.segment_id = $1 AND ${VISIBLE_OWNER(2, 3)}
       ORDER BY s.taken_at DESC, s.id DESC`,
      [segmentId, scope.pathPattern, scope.path],
    );
    return rows.map((row: any) => ({
      id: row.id, segmentId: row.segment_id, segmentName: row.segment_name, takenAt: row.taken_at, memberCount: row.member_count, rule: row.rule,
    }));
  }

  /** The members of a snapshot within the caller's scope, as one SQL statement. */
  async snapshotAudience(scope: OrgScope, snapshotId: number): Promise<AudienceQuery> {
    const params: unknown[] = [];
    return { sql: `SELECT c.id AS customer_id ${await this.snapshotSource(scope, snapshotId, params)}`, params };
  }

  async snapshotMembers(scope: OrgScope, snapshotId: number, page: PageQuery): Promise<Page<AudienceMember>> {
    const params: unknown[] = [];
    return this.pageOf(scope, await this.snapshotSource(scope, snapshotId, params), params, page);
  }

  /** Customers of each of 2..4 segments and of each intersection of two or more, in one statement. */
  async overlap(scope: OrgScope, segmentIds: number[]): Promise<OverlapResult> {
    const segments: SegmentRow[] = [];
    for (const id of segmentIds) segments.push(await this.findVisible(scope, id));
    const params: unknown[] = [];
    const parts = segments.map((segment, i) => `SELECT c.id AS customer_id, ${1 << i} AS bit ${this.segmentSource(scope, segment, params)}`);
    const masks = await this.dataSource.query(
      `SELECT mask, count(*)::int AS n
       FROM (SELECT customer_id, bit_or(bit) AS mask FROM (${parts.join(' UNION ALL ')}) x GROUP BY customer_id) y
       GROUP BY mask`,
      params,
    );
    const counts = overlapCounts(segments.length, masks);
    return {
      segments: segments.map((segment, i) => ({ id: segment.id, name: segment.name, count: counts.single[i] })),
      intersections: counts.intersections.map((x) => ({ segmentIds: x.indexes.map((i) => segments[i].id), count: x.count })),
    };
  }

  /** The preview's statements are cancelled when `askerGone` aborts: previews are asked for as the user types. */
  private async previewOf(scope: OrgScope, from: string, params: unknown[], askerGone?: AbortSignal): Promise<AudiencePreview> {
    const read = <T>(sql: string) => (askerGone ? this.cancellable.query<T>(sql, params, askerGone) : this.dataSource.query<T>(sql, params));
    const started = performance.now();
    const [counts, sample, units] = await Promise.all([
      read<CountRow[]>(`SELECT c.org_unit_id, c.value_tier, count(*)::int AS n ${from} GROUP BY 1, 2`),
      read<MemberRow[]>(`SELECT ${MEMBER_COLUMNS} ${from} ORDER BY c.id LIMIT ${SAMPLE_SIZE}`),
      this.unitsInScope(scope),
    ]);
    const unitsById = new Map(units.map((unit) => [unit.id, unit]));
    return {
      ...breakdown(scope, units, counts),
      sample: sample.map((row) => toMember(row, unitsById)),
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  private async pageOf(scope: OrgScope, from: string, params: unknown[], page: PageQuery): Promise<Page<AudienceMember>> {
    const n = params.length;
    const [[{ total }], rows, units] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params),
      this.dataSource.query<MemberRow[]>(
        `SELECT ${MEMBER_COLUMNS} ${from} ORDER BY c.id LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, page.pageSize, (page.page - 1) * page.pageSize],
      ),
      this.unitsInScope(scope),
    ]);
    const unitsById = new Map(units.map((unit) => [unit.id, unit]));
    return { items: rows.map((row) => toMember(row, unitsById)), total, page: page.page, pageSize: page.pageSize };
  }

  private async freeze(manager: EntityManager, scope: OrgScope, segment: SegmentRow, snapshotId: number): Promise<number> {
    const params: unknown[] = [snapshotId];
    const from = this.segmentSource(scope, segment, params);
    const result = await manager.queryRunner!.query(
      `INSERT INTO segment_snapshot_members (snapshot_id, customer_id) SELECT $1, c.id ${from}`,
      params,
      true,
    );
    return result.affected ?? 0;
  }

  private unitsInScope(scope: OrgScope): Promise<UnitRow[]> {
    return this.dataSource.query('SELECT id, name, name_en, path FROM org_units WHERE path LIKE $1', [scope.pathPattern]);
  }

  private async sourceOf(scope: OrgScope, source: AudienceSource, params: unknown[]): Promise<string> {
    if (source.segmentId !== undefined) return this.segmentSource(scope, await this.findVisible(scope, source.segmentId), params);
    if (source.rule !== undefined) return this.ruleSource(scope, source.rule, params);
    throw new ValidationError([{ field: 'segmentId', code: 'segment_or_rule' }]);
  }

  /** `FROM ... WHERE ...` over `customers c`: the customers in the scope that the rule selects. */
  private ruleSource(scope: OrgScope, rule: RuleNode, params: unknown[]): string {
    params.push(scope.pathPattern);
    const inScope = scope.unitCondition('c.org_unit_id', params.length);
    return `FROM customers c WHERE ${inScope} AND ${compileRule(rule, params)}`;
  }

  private segmentSource(scope: OrgScope, segment: SegmentRow, params: unknown[]): string {
    if (segment.kind === 'dynamic') return this.ruleSource(scope, segment.rule as RuleNode, params);
    params.push(segment.id, scope.pathPattern);
    return `FROM segment_members m JOIN customers c ON c.id = m.customer_id
            WHERE m.segment_id = $${params.length - 1} AND ${scope.unitCondition('c.org_unit_id', params.length)}`;
  }

  private async snapshotSource(scope: OrgScope, snapshotId: number, params: unknown[]): Promise<string> {
    const [visible] = await this.dataSource.query(
      `SELECT 1 FROM segment_snapshots s JOIN org_units ou ON ou.id = s.org_unit_id WHERE s.id = $1 AND ${VISIBLE_OWNER(2, 3)}`,
      [snapshotId, scope.pathPattern, scope.path],
    );
    if (!visible) throw new NotFoundError('segment_snapshot', snapshotId);
    params.push(snapshotId, scope.pathPattern);
    return `FROM segment_snapshot_members m JOIN customers c ON c.id = m.customer_id
            WHERE m.snapshot_id = $${params.length - 1} AND ${scope.unitCondition('c.org_unit_id', params.length)}`;
  }

  private async findVisible(scope: OrgScope, id: number): Promise<SegmentRow> {
    const [row] = await this.dataSource.query(`${SEGMENT_SELECT} WHERE s.id = $3 AND ${VISIBLE_OWNER(1, 2)}`, [
      scope.pathPattern,
      scope.path,
      id,
    ]);
    if (!row) throw new NotFoundError('segment', id);
    return row;
  }

  /** Visible and owned within the scope: a branch reads its province's segments but does not change them. */
  private async findWritable(scope: OrgScope, id: number): Promise<SegmentRow> {
    const row = await this.findVisible(scope, id);
    if (!scope.includesPath(row.owner_path)) throw new ForbiddenError('This segment belongs to a unit above yours; you may read it but not change it', 'owned_above', { entity: 'segment' });
    return row;
  }
}

function toView(row: SegmentRow): SegmentView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    ownerOrgUnitId: row.owner_org_unit_id,
    ownerOrgUnitName: row.owner_org_unit_name,
    ownerOrgUnitNameEn: row.owner_org_unit_name_en,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDetail(row: SegmentRow): SegmentDetail {
  return { ...toView(row), rule: row.rule };
}

/** Numbers as typed or pasted: surrounding blanks dropped, empty entries skipped. */
function customerNumbers(list: string[]): string[] {
  return list.map((no) => no.trim()).filter((no) => no.length > 0);
}

/** A dynamic segment has a valid rule; a static one has none. */
function checkRuleForKind(kind: SegmentKind, rule: RuleNode | null | undefined, creating: boolean): void {
  if (kind === 'static') {
    if (rule !== undefined) throw new ValidationError([{ field: 'rule', code: 'static_segment_rule' }]);
    return;
  }
  if ((rule === undefined && creating) || rule === null) throw new ValidationError([{ field: 'rule', code: 'dynamic_segment_needs_rule' }]);
  if (rule !== undefined) validateRule(rule);
}
