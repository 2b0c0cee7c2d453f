import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError, ValidationError } from '@lib/common';
import { compileRule } from '@lib/segments';
import { acceptanceRate, AcceptanceRate, TierOrUnscored, tierOf } from './acceptance-rate';
import { Bundle } from './bundle.entity';
import { BundleService } from './bundle.service';
import { explainEligibility, leavesOf, ReasonNames, TIER_NAMES } from './eligibility-reason';
import type { Bilingual, NextBestOfferView } from './next-best-offer.view';

/** Where one bundle's results sit in the evaluation's boolean array. */
interface Evaluation {
  bundle: Bundle;
  /** Index of the whole rule's result; its conditions' results follow it. */
  at: number;
  conditions: number;
}

interface CustomerFacts {
  value_tier: string | null;
  held: string[];
  results: (boolean | null)[];
}

/**
 * Next best offer (gap G4): the bundles a customer is eligible for, ranked by
 * expected value = what the customer pays for the bundle × the acceptance rate of
 * customers of their value tier, each with the reason it was chosen.
 */
@Injectable()
export class NextBestOfferService {
  private readonly logger = new Logger(NextBestOfferService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bundles: BundleService,
  ) {}

  async forCustomer(scope: OrgScope, customerId: number): Promise<NextBestOfferView[]> {
    const onSale = await this.bundles.onSaleTo(scope, customerId);
    const { sql, params, evaluations } = this.evaluationStatement(scope, customerId, onSale);
    const [facts]: CustomerFacts[] = await this.dataSource.query(sql, params);
    if (!facts) throw new NotFoundError('customer', customerId);

    const tier = tierOf(facts.value_tier);
    const rate = acceptanceRate(tier);
    if (rate.rate === 0) return [];
    const eligible = evaluations.filter(
      ({ bundle, at }) => facts.results[at] === true && !bundle.productCodes.every((code) => facts.held.includes(code)),
    );
    const names = await this.reasonNames(eligible.map(({ bundle }) => bundle));
    return eligible
      .map((evaluation) => toOffer(evaluation, facts.results, tier, rate, names))
      .sort((a, b) => b.expectedValue - a.expectedValue || a.bundleId - b.bundleId);
  }

  /**
   * One statement for the customer: their tier, the products they hold, and for each
   * bundle the rule's result followed by each of its conditions' results (for the reason).
   */
  private evaluationStatement(scope: OrgScope, customerId: number, bundles: Bundle[]) {
    const params: unknown[] = [customerId, scope.pathPattern];
    const expressions: string[] = [];
    const evaluations: Evaluation[] = [];
    for (const bundle of bundles) {
      const compiled = this.compile(bundle, params);
      if (!compiled) continue;
      evaluations.push({ bundle, at: expressions.length, conditions: compiled.length - 1 });
      expressions.push(...compiled);
    }
    const sql = `
      SELECT c.value_tier,
             ARRAY(SELECT DISTINCT p.product_code FROM policies p WHERE p.customer_id = c.id AND p.status = 'active') AS held,
             ARRAY[${expressions.map((expression) => `(${expression})`).join(', ')}]::boolean[] AS results
        FROM customers c
       WHERE c.id = $1 AND ${scope.unitCondition('c.org_unit_id', 2)}`;
    return { sql, params, evaluations };
  }

  /** The rule and each of its conditions as SQL; undefined for a rule the compiler no longer accepts. */
  private compile(bundle: Bundle, params: unknown[]): string[] | undefined {
    const mark = params.length;
    try {
      return [bundle.eligibilityRule, ...leavesOf(bundle.eligibilityRule)].map((node) => compileRule(node, params, 'c'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      params.length = mark;
      this.logger.warn(`Bundle ${bundle.code} skipped: its eligibility rule no longer compiles (${error.message})`);
      return undefined;
    }
  }

  private async reasonNames(bundles: Bundle[]): Promise<ReasonNames> {
    if (bundles.length === 0) return {};
    const products: { code: string; name: string; name_en: string | null }[] = await this.dataSource.query(
      `SELECT code, name, name_en FROM products`,
    );
    const unitIds = bundles
      .flatMap((bundle) => leavesOf(bundle.eligibilityRule))
      .filter((condition) => condition.field === 'org_unit')
      .map((condition) => Number(condition.value));
    const units: { id: number; name: string; name_en: string | null }[] = unitIds.length
      ? await this.dataSource.query(`SELECT id, name, name_en FROM org_units WHERE id = ANY($1)`, [unitIds])
      : [];
    return {
      products: new Map(products.map((p) => [p.code, { zh: p.name, en: p.name_en ?? p.name }])),
      orgUnits: new Map(units.map((u) => [u.id, { zh: u.name, en: u.name_en ?? u.name }])),
    };
  }
}

function toOffer(
  { bundle, at, conditions }: Evaluation,
  results: (boolean | null)[],
  tier: TierOrUnscored,
  rate: AcceptanceRate,
  names: ReasonNames,
): NextBestOfferView {
  const bundlePremium = round(bundle.price * (1 - bundle.discountPct / 100), 2);
  const held = results.slice(at + 1, at + 1 + conditions).map((result) => result === true);
  return {
    bundleId: bundle.id,
    code: bundle.code,
    name: bundle.name,
    price: bundle.price,
    discountPct: bundle.discountPct,
    bundlePremium,
    acceptanceRate: round(rate.rate, 4),
    expectedValue: round(bundlePremium * rate.rate, 2),
    reason: reasonText(explainEligibility(bundle.eligibilityRule, held, names), tier, rate),
    shortText: bundle.shortText,
    talkingPoints: bundle.talkingPoints,
  };
}

function reasonText(conditions: Bilingual[], tier: TierOrUnscored, rate: AcceptanceRate): Bilingual {
  const percent = `${round(rate.rate * 100, 1)}%`;
  const tierName = TIER_NAMES[tier];
  // Until contacts record the bundle offered, the rate is the documented prior, and the reason says so.
  const rateText: Bilingual =
    rate.source === 'learned'
      ? { zh: `${tierName.zh}客户的历史接受率 ${percent}`, en: `acceptance rate of ${tierName.en} customers: ${percent}` }
      : {
          zh: `${tierName.zh}客户的预估接受率 ${percent}（先验值）`,
          en: `expected acceptance rate of ${tierName.en} customers: ${percent} (prior)`,
        };
  return {
    zh: [...conditions.map((c) => c.zh), rateText.zh].join('；'),
    en: [...conditions.map((c) => c.en), rateText.en].join('; '),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
