import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError, ValidationError, LOCAL_TIME_ZONE } from '@lib/common';
import { allowBatchStatements } from '@lib/database';
import { JOB_OPTIONS, JobName, JobQueue } from '@lib/queue';
import { ValueTierSettings } from './value-tier-settings.entity';
import { ValueTierSettingsBody } from './value-tier-settings.dto';
import type { ValueTier } from './value-tier-name';
import type { TierDistribution, ValueTierSettingsView, ValueTierStatus } from './value-tier.view';
import { DEFAULT_VALUE_TIER_SETTINGS } from './value-tier-defaults';

export const VALUE_TIERS = ['gold', 'silver', 'ordinary', 'do_not_serve'] as const satisfies readonly ValueTier[];
export type { ValueTier } from './value-tier-name';

/** One id for the on-demand job, so that a double click queues it once. */
export const RECOMPUTE_JOB_ID = 'value-tiers-on-demand';
/** The nightly run, 02:00 Beijing time, when nobody is planning campaigns. */
export const NIGHTLY_SCHEDULER_ID = 'value-tiers-nightly';
const NIGHTLY_PATTERN = '0 2 * * *';
/** The run's date in Beijing: tenure and the 3-year window count from it. */
const LOCAL_DATE = `($1::timestamptz AT TIME ZONE '${LOCAL_TIME_ZONE}')::date`;
/** Serialises runs (nightly and on demand): the second waits, then finds nothing to change. */
const RECOMPUTE_LOCK_KEY = 7_301_001;

export interface RecomputeResult {
  customersScored: number;
  customersChanged: number;
  elapsedMs: number;
}

/**
 * Each customer's score and tier, as a statement over all customers. Per customer:
 *   annual premium  = premiums of active policies
 *   margin          = premiums of policies started in the last 3 years − claims paid in the last 3 years
 *   tenure          = whole years since the earliest policy started
 *   product lines   = distinct product lines of active policies
 *   score = w.annualPremium × premium/1000 + w.margin × margin/1000 + w.tenureYears × tenure + w.productLines × lines
 * Tier: ordinary for customers without policies; do_not_serve when claims paid > claimsRatioAbove × premiums (3 years) or margin < minMarginBelow;
 * otherwise gold at score ≥ gold threshold, silver at ≥ silver threshold, else ordinary.
 * Only rows whose tier or score changed are written, so a repeated run writes nothing.
 * $1 = the time of the run; dates are Beijing dates.
 */
export const RECOMPUTE_SQL = `
  UPDATE customers c
     SET value_tier = s.tier, value_score = s.score, value_scored_at = $1
    FROM (
      SELECT m.id, m.score,
             -- without policies there is no business to judge (docs/value-tiers.md), whatever the settings
             CASE WHEN m.no_policies THEN 'ordinary'
                  WHEN m.paid_3y > m.claims_ratio_above * m.premium_3y OR m.margin < m.min_margin_below THEN 'do_not_serve'
                  WHEN m.score >= m.gold_threshold THEN 'gold'
                  WHEN m.score >= m.silver_threshold THEN 'silver'
                  ELSE 'ordinary' END AS tier
        FROM (
          SELECT c.id, h.customer_id IS NULL AS no_policies, k.premium_3y, k.paid_3y, k.premium_3y - k.paid_3y AS margin,
                 w.claims_ratio_above, w.min_margin_below, w.gold_threshold, w.silver_threshold,
                 round(w.weight_annual_premium * k.annual_premium / 1000
                     + w.weight_margin * (k.premium_3y - k.paid_3y) / 1000
                     + w.weight_tenure_years * k.tenure_years
                     + w.weight_product_lines * k.lines, 2) AS score
            FROM customers c
            JOIN value_tier_settings w ON w.id = 1
            LEFT JOIN (
              SELECT customer_id,
                     sum(active_premium) AS annual_premium,
                     count(active_premium) AS lines,
                     sum(premium_3y) AS premium_3y,
                     greatest(extract(year FROM age(${LOCAL_DATE}, min(first_start))), 0) AS tenure_years
                FROM (
                  -- per customer and line first, so that counting lines needs no DISTINCT (hash aggregates only)
                  SELECT p.customer_id, pr.line,
                         sum(p.premium) FILTER (WHERE p.status = 'active') AS active_premium,
                         sum(p.premium) FILTER (WHERE p.status IN ('active', 'expired')
                                                  AND p.start_date > ${LOCAL_DATE} - interval '3 years') AS premium_3y,
                         min(p.start_date) FILTER (WHERE p.status <> 'pending') AS first_start
                    FROM policies p JOIN products pr ON pr.code = p.product_code
                   GROUP BY p.customer_id, pr.line
                ) per_line
               GROUP BY customer_id
            ) h ON h.customer_id = c.id
            LEFT JOIN (
              SELECT customer_id, sum(amount) AS paid_3y
                FROM claims
               WHERE status = 'paid' AND claim_date > ${LOCAL_DATE} - interval '3 years'
               GROUP BY customer_id
            ) cl ON cl.customer_id = c.id
            CROSS JOIN LATERAL (
              SELECT coalesce(h.annual_premium, 0) AS annual_premium, coalesce(h.lines, 0) AS lines,
                     coalesce(h.premium_3y, 0) AS premium_3y, coalesce(cl.paid_3y, 0) AS paid_3y,
                     coalesce(h.tenure_years, 0) AS tenure_years
            ) k
        ) m
    ) s
   WHERE s.id = c.id
     AND (c.value_tier IS DISTINCT FROM s.tier OR c.value_score IS DISTINCT FROM s.score)`;

@Injectable()
export class ValueTierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ValueTierSettings) private readonly settings: Repository<ValueTierSettings>,
    private readonly jobs: JobQueue,
  ) {}

  async getSettings(): Promise<ValueTierSettingsView> {
    await this.ensureSettings();
    return toView(await this.settings.findOneByOrFail({ id: 1 }));
  }

  async updateSettings(body: ValueTierSettingsBody, userId: number): Promise<ValueTierSettingsView> {
    if (body.thresholds.silver > body.thresholds.gold) {
      throw new ValidationError([{ field: 'thresholds.silver', code: 'silver_above_gold' }]);
    }
    await this.ensureSettings();
    await this.settings.update(
      { id: 1 },
      {
        weightAnnualPremium: body.weights.annualPremium,
        weightMargin: body.weights.margin,
        weightTenureYears: body.weights.tenureYears,
        weightProductLines: body.weights.productLines,
        goldThreshold: body.thresholds.gold,
        silverThreshold: body.thresholds.silver,
        claimsRatioAbove: body.doNotServe.claimsRatioAbove,
        minMarginBelow: body.doNotServe.minMarginBelow,
        updatedBy: userId,
      },
    );
    return this.getSettings();
  }

  /** Scores every customer in one statement; safe to run twice (the second run changes nothing). */
  async recompute(at: Date = new Date()): Promise<RecomputeResult> {
    const started = Date.now();
    await this.ensureSettings();
    await this.dataSource.query(
      `INSERT INTO value_tier_runs (id, running_since) VALUES (1, now())
       ON CONFLICT (id) DO UPDATE SET running_since = now()`,
    );
    try {
      const customersChanged = await this.dataSource.transaction(async (tx) => {
        await allowBatchStatements(tx);
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [RECOMPUTE_LOCK_KEY]);
        const [, changed] = await tx.query(RECOMPUTE_SQL, [at]);
        return Number(changed);
      });
      const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM customers`);
      const result = { customersScored: count, customersChanged, elapsedMs: Date.now() - started };
      await this.dataSource.query(
        `UPDATE value_tier_runs
            SET last_run_at = $1, last_run_ms = $2, customers_scored = $3, customers_changed = $4
          WHERE id = 1`,
        [at, result.elapsedMs, result.customersScored, result.customersChanged],
      );
      return result;
    } finally {
      await this.dataSource.query(`UPDATE value_tier_runs SET running_since = NULL WHERE id = 1`);
    }
  }

  /** Queues a recomputation; while one is waiting or running, asking again changes nothing. */
  async requestRecompute(requestedBy: number): Promise<void> {
    const queue = this.jobs.queue(JobName.RecomputeValueTiers);
    const previous = await queue.getJob(RECOMPUTE_JOB_ID);
    // A finished job keeps its id until removed, and BullMQ would ignore a new job with that id.
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) {
      await previous.remove();
    }
    await this.jobs.add(JobName.RecomputeValueTiers, { requestedBy }, RECOMPUTE_JOB_ID);
  }

  /** Registers the nightly run; calling it again (each worker start) only updates the same scheduler. */
  async scheduleNightly(): Promise<void> {
    await this.jobs
      .queue(JobName.RecomputeValueTiers)
      .upsertJobScheduler(
        NIGHTLY_SCHEDULER_ID,
        { pattern: NIGHTLY_PATTERN, tz: LOCAL_TIME_ZONE },
        { name: JobName.RecomputeValueTiers, data: {}, opts: JOB_OPTIONS[JobName.RecomputeValueTiers] },
      );
  }

  /**
   * The last run, in the caller's scope: a run scores every customer, and a branch
   * that sees only some of them is told only about those, as with every other count.
   */
  async status(scope: OrgScope): Promise<ValueTierStatus> {
    const [row] = await this.dataSource.query(
      `SELECT last_run_at, last_run_ms, customers_scored, customers_changed,
              -- a run that died without clearing the mark is not running any more
              coalesce(running_since > now() - interval '1 hour', false) AS running,
              NOT EXISTS (SELECT 1 FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.path NOT LIKE $1) AS all_customers
         FROM value_tier_runs WHERE id = 1`,
      [scope.pathPattern],
    );
    if (!row) return { lastRunAt: null, lastRunMs: null, running: false, customersScored: 0, customersChanged: 0 };
    const run = { lastRunAt: row.last_run_at, lastRunMs: row.last_run_ms, running: row.running };
    if (row.all_customers) return { ...run, customersScored: row.customers_scored, customersChanged: row.customers_changed };
    const [{ scored }] = await this.dataSource.query(
      `SELECT count(*)::int AS scored FROM customers c
        WHERE ${scope.unitCondition('c.org_unit_id', 1)} AND c.value_scored_at IS NOT NULL`,
      [scope.pathPattern],
    );
    return { ...run, customersScored: scored, customersChanged: null };
  }

  /** Customers and premium by tier, and tiers by the units one level below `orgUnitId` (default: the scope's unit). */
  async distribution(scope: OrgScope, orgUnitId: number = scope.orgUnitId): Promise<TierDistribution> {
    const [root] = await this.dataSource.query(
      `SELECT id, path FROM org_units WHERE id = $1 AND path LIKE $2`,
      [orgUnitId, scope.pathPattern],
    );
    if (!root) throw new NotFoundError('org_unit', orgUnitId);
    const [byTier, byUnit] = await Promise.all([this.byTier(root.path), this.byOrgUnit(root.id, root.path)]);
    return { byTier, byOrgUnit: byUnit };
  }

  private async byTier(rootPath: string): Promise<TierDistribution['byTier']> {
    const rows: { tier: string; count: number; annual_premium: number }[] = await this.dataSource.query(
      `WITH scoped AS (
         SELECT c.id, coalesce(c.value_tier, 'unscored') AS tier
           FROM customers c
          WHERE c.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE $1)
       ), premium AS (
         SELECT p.customer_id, sum(p.premium) AS premium
           FROM policies p
          WHERE p.status = 'active' AND p.customer_id IN (SELECT id FROM scoped)
          GROUP BY p.customer_id
       )
       SELECT s.tier, count(*)::int AS count, coalesce(sum(pr.premium), 0)::float8 AS annual_premium
         FROM scoped s LEFT JOIN premium pr ON pr.customer_id = s.id
        GROUP BY s.tier`,
      [`${rootPath}%`],
    );
    return [...VALUE_TIERS, 'unscored' as const].map((tier) => {
      const row = rows.find((r) => r.tier === tier);
      return { tier, count: row?.count ?? 0, annualPremium: row?.annual_premium ?? 0 };
    });
  }

  private async byOrgUnit(rootId: number, rootPath: string): Promise<TierDistribution['byOrgUnit']> {
    // The unit one level below the root is the first id in a customer's unit path after the root's path.
    const rows: {
      id: number;
      name: string;
      name_en: string | null;
      gold: number;
      silver: number;
      ordinary: number;
      do_not_serve: number;
      unscored: number;
      customers: number;
    }[] = await this.dataSource.query(
      `WITH counts AS (
         SELECT coalesce(nullif(split_part(substr(u.path, length($2) + 1), '/', 1), '')::int, $1) AS unit_id,
                count(*) FILTER (WHERE c.value_tier = 'gold')::int AS gold,
                count(*) FILTER (WHERE c.value_tier = 'silver')::int AS silver,
                count(*) FILTER (WHERE c.value_tier = 'ordinary')::int AS ordinary,
                count(*) FILTER (WHERE c.value_tier = 'do_not_serve')::int AS do_not_serve,
                count(*) FILTER (WHERE c.value_tier IS NULL)::int AS unscored,
                count(*)::int AS customers
           FROM customers c JOIN org_units u ON u.id = c.org_unit_id
          WHERE u.path LIKE $3
          GROUP BY 1
       )
       SELECT o.id, o.name, o.name_en, coalesce(k.gold, 0) AS gold, coalesce(k.silver, 0) AS silver,
              coalesce(k.ordinary, 0) AS ordinary, coalesce(k.do_not_serve, 0) AS do_not_serve,
              coalesce(k.unscored, 0) AS unscored, coalesce(k.customers, 0) AS customers
         FROM org_units o LEFT JOIN counts k ON k.unit_id = o.id
        WHERE o.parent_id = $1 OR o.id = $1
        ORDER BY o.id = $1 DESC, o.code`,
      [rootId, rootPath, `${rootPath}%`],
    );
    const [root, ...children] = rows;
    // The root itself is listed only for customers it holds directly (or when it has no units below).
    const units = children.length === 0 || root.customers > 0 ? rows : children;
    return units.map((row) => ({
      orgUnitId: row.id,
      orgUnitName: row.name,
      orgUnitNameEn: row.name_en,
      gold: row.gold,
      silver: row.silver,
      ordinary: row.ordinary,
      doNotServe: row.do_not_serve,
      unscored: row.unscored,
    }));
  }

  /** The settings row comes with the migration; this restores the defaults if the table was emptied. */
  private async ensureSettings(): Promise<void> {
    const { weights, thresholds, doNotServe } = DEFAULT_VALUE_TIER_SETTINGS;
    await this.dataSource.query(
      `INSERT INTO value_tier_settings
         (id, weight_annual_premium, weight_margin, weight_tenure_years, weight_product_lines,
          gold_threshold, silver_threshold, claims_ratio_above, min_margin_below)
       VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING`,
      [
        weights.annualPremium,
        weights.margin,
        weights.tenureYears,
        weights.productLines,
        thresholds.gold,
        thresholds.silver,
        doNotServe.claimsRatioAbove,
        doNotServe.minMarginBelow,
      ],
    );
  }
}

function toView(row: ValueTierSettings): ValueTierSettingsView {
  return {
    weights: {
      annualPremium: row.weightAnnualPremium,
      margin: row.weightMargin,
      tenureYears: row.weightTenureYears,
      productLines: row.weightProductLines,
    },
    thresholds: { gold: row.goldThreshold, silver: row.silverThreshold },
    doNotServe: { claimsRatioAbove: row.claimsRatioAbove, minMarginBelow: row.minMarginBelow },
    updatedAt: row.updatedAt.toISOString(),
  };
}
