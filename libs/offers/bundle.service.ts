import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ConflictError, FieldProblem, ForbiddenError, NotFoundError, ValidationError, LOCAL_TODAY_SQL } from '@lib/common';
import { AudiencePreview, RuleNode, SegmentService, validateRule } from '@lib/segments';
import { BundleListQuery, CreateBundleBody, UpdateBundleBody } from './bundle.dto';
import type { BundleView } from './bundle.view';
import { Bundle } from './bundle.entity';

const MIN_PRODUCTS = 2;

/**
 * Cross-sell bundles. A bundle is visible to the users of its owner unit's subtree
 * and of the units above it (a province bundle is sold by every branch below);
 * it is changed only by segment managers whose scope contains its owner unit.
 */
@Injectable()
export class BundleService {
  constructor(
    @InjectRepository(Bundle) private readonly bundles: Repository<Bundle>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly segments: SegmentService,
  ) {}

  async list(scope: OrgScope, query: BundleListQuery = {}): Promise<BundleView[]> {
    const builder = this.visible(scope).orderBy('b.active', 'DESC').addOrderBy('b.code', 'ASC');
    if (query.active !== undefined) builder.andWhere('b.active = :active', { active: query.active });
    return (await builder.getMany()).map(toView);
  }

  async get(scope: OrgScope, id: number): Promise<BundleView> {
    return toView(await this.find(scope, id));
  }

  /**
   * The bundles on sale today (active, within their validity dates) to a customer:
   * those of the customer's unit and the units above it (a county's bundle is not
   * sold to another county's customers), as far as the scope sees them.
   */
  async onSaleTo(scope: OrgScope, customerId: number): Promise<Bundle[]> {
    return this.visible(scope)
      .andWhere('b.active')
      .andWhere(`${LOCAL_TODAY_SQL} BETWEEN b.valid_from AND b.valid_to`)
      .andWhere(
        `b.owner_org_unit_id IN (SELECT id FROM org_units WHERE
           (SELECT u.path FROM customers c JOIN org_units u ON u.id = c.org_unit_id WHERE c.id = :customerId) LIKE path || '%')`,
        { customerId },
      )
      .orderBy('b.id', 'ASC')
      .getMany();
  }

  /** Creates a bundle owned by the creator's home unit. */
  async create(scope: OrgScope, createdBy: number, body: CreateBundleBody): Promise<BundleView> {
    const draft = this.bundles.create({
      code: body.code,
      name: body.name,
      description: body.description ?? '',
      productCodes: body.productCodes,
      price: body.price,
      discountPct: body.discountPct ?? 0,
      eligibilityRule: body.eligibilityRule,
      validFrom: body.validFrom,
      validTo: body.validTo,
      active: body.active ?? true,
      talkingPoints: body.guidance?.talkingPoints ?? [],
      objections: body.guidance?.objections ?? [],
      shortText: body.guidance?.shortText ?? '',
      ownerOrgUnitId: scope.orgUnitId,
      createdBy,
    });
    await this.validate(draft);
    await this.assertCodeFree(draft.code);
    return toView(await this.bundles.save(draft));
  }

  async update(scope: OrgScope, id: number, changes: UpdateBundleBody): Promise<BundleView> {
    const bundle = await this.findWritable(scope, id);
    refuseNulls(changes);
    const { guidance, ...fields } = changes;
    Object.assign(bundle, withoutUndefined(fields));
    if (guidance) {
      Object.assign(bundle, {
        talkingPoints: guidance.talkingPoints,
        objections: guidance.objections,
        shortText: guidance.shortText,
      });
    }
    await this.validate(bundle);
    if (changes.code !== undefined) await this.assertCodeFree(bundle.code, bundle.id);
    return toView(await this.bundles.save(bundle));
  }

  /**
   * The customers the bundle's eligibility rule selects among those it is sold to
   * (its owner unit's subtree) and the caller sees (their scope).
   */
  async eligible(scope: OrgScope, id: number): Promise<AudiencePreview> {
    const bundle = await this.find(scope, id);
    const owner = await this.ownerScope(bundle);
    return this.segments.preview(scope.includesPath(owner.path) ? owner : scope, bundle.eligibilityRule);
  }

  private visible(scope: OrgScope): SelectQueryBuilder<Bundle> {
    return this.bundles
      .createQueryBuilder('b')
      .where(
        `b.owner_org_unit_id IN (SELECT id FROM org_units WHERE path LIKE :pattern OR :path LIKE path || '%')`,
        { pattern: scope.pathPattern, path: scope.path },
      );
  }

  private async find(scope: OrgScope, id: number): Promise<Bundle> {
    const bundle = await this.visible(scope).andWhere('b.id = :id', { id }).getOne();
    if (!bundle) throw new NotFoundError('bundle', id);
    return bundle;
  }

  private async findWritable(scope: OrgScope, id: number): Promise<Bundle> {
    const bundle = await this.find(scope, id);
    if (!scope.includesPath((await this.ownerScope(bundle)).path)) {
      throw new ForbiddenError('This bundle belongs to a unit above yours; only that unit may change it', 'owned_above', { entity: 'bundle' });
    }
    return bundle;
  }

  private async ownerScope(bundle: Bundle): Promise<OrgScope> {
    const [owner] = await this.dataSource.query(`SELECT path FROM org_units WHERE id = $1`, [bundle.ownerOrgUnitId]);
    return new OrgScope(bundle.ownerOrgUnitId, owner.path);
  }

  private async assertCodeFree(code: string, exceptId?: number): Promise<void> {
    const [taken] = await this.dataSource.query(`SELECT id FROM bundles WHERE code = $1 AND id IS DISTINCT FROM $2`, [
      code,
      exceptId ?? null,
    ]);
    if (taken) throw new ConflictError(`A bundle with code ${code} already exists`, 'duplicate_code', { code });
  }

  /** Business rules over the whole bundle, so a PATCH is checked against the result it would give. */
  private async validate(bundle: Bundle): Promise<void> {
    const problems: FieldProblem[] = [
      ...(await this.productProblems(bundle.productCodes)),
      ...numberProblems(bundle),
      ...ruleProblems(bundle.eligibilityRule),
    ];
    if (bundle.validFrom > bundle.validTo) problems.push({ field: 'validTo', code: 'ends_before_start' });
    if (problems.length > 0) throw new ValidationError(problems);
  }

  private async productProblems(codes: string[]): Promise<FieldProblem[]> {
    if (new Set(codes).size !== codes.length) return [{ field: 'productCodes', code: 'items_not_unique' }];
    if (codes.length < MIN_PRODUCTS) return [{ field: 'productCodes', code: 'bundle_too_few_products', params: { min: MIN_PRODUCTS } }];
    const known: { code: string }[] = await this.dataSource.query(`SELECT code FROM products WHERE code = ANY($1)`, [codes]);
    const unknown = codes.filter((code) => !known.some((row) => row.code === code));
    return unknown.length ? [{ field: 'productCodes', code: 'unknown_products', params: { codes: unknown } }] : [];
  }
}

function numberProblems(bundle: Bundle): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isFinite(bundle.price) || bundle.price < 0) problems.push({ field: 'price', code: 'below_min', params: { min: 0 } });
  if (!Number.isFinite(bundle.discountPct) || bundle.discountPct < 0 || bundle.discountPct > 100) {
    problems.push({ field: 'discountPct', code: 'not_in_range', params: { min: 0, max: 100 } });
  }
  return problems;
}

/** The segment compiler's verdict on the rule, its problems pointing into `eligibilityRule`. */
function ruleProblems(rule: RuleNode): FieldProblem[] {
  try {
    validateRule(rule, 'eligibilityRule');
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.details ?? [];
  }
}

function refuseNulls(changes: object): void {
  const nulls = Object.entries(changes).filter(([, value]) => value === null);
  if (nulls.length) throw new ValidationError(nulls.map(([field]) => ({ field, code: 'not_null' })));
}

function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function toView(bundle: Bundle): BundleView {
  return {
    id: bundle.id,
    code: bundle.code,
    name: bundle.name,
    description: bundle.description,
    productCodes: bundle.productCodes,
    price: bundle.price,
    discountPct: bundle.discountPct,
    eligibilityRule: bundle.eligibilityRule,
    validFrom: bundle.validFrom,
    validTo: bundle.validTo,
    active: bundle.active,
    guidance: { talkingPoints: bundle.talkingPoints, objections: bundle.objections, shortText: bundle.shortText },
    ownerOrgUnitId: bundle.ownerOrgUnitId,
    updatedAt: bundle.updatedAt,
  };
}
