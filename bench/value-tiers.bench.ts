import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { JobQueue } from '@lib/queue';
import { DEFAULT_VALUE_TIER_SETTINGS, ValueTierService, ValueTierSettings } from '@lib/value-tiers';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { median, ratio, writeBenchResults } from './support/results';

/**
 * Value-tier recomputation over every customer of the demo province (BENCH_CUSTOMERS,
 * 1,000,000 by default, about 2.5 policies each): the service's set-based UPDATE, when
 * every row changes and when none does, against a hand-written UPDATE doing the same
 * with the default settings written in as constants (the floor). Also reports the tier
 * shares the default settings give. Own database campaigns_bench_tiers, loaded once.
 *   npm run bench -- value-tiers     node dist/bench/value-tiers.bench.js --customers 1000000
 */
const RUNS = 3;
/** A run that rewrites every customer is long on a million rows: timed once each, on a vacuumed table. */
const FULL_RUNS = 1;
const RUN_AT = new Date();

const { weights: W, thresholds: T, doNotServe: D } = DEFAULT_VALUE_TIER_SETTINGS;

/** The same scoring, written by hand with the default weights and thresholds inlined. */
const FLOOR_SQL = `
  WITH held AS (
    SELECT p.customer_id,
           sum(p.premium) FILTER (WHERE p.status = 'active') AS premium,
           count(DISTINCT pr.line) FILTER (WHERE p.status = 'active') AS lines,
           sum(p.premium) FILTER (WHERE p.status IN ('active', 'expired') AND p.start_date > ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - interval '3 years') AS premium_3y,
           greatest(extract(year FROM age(($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, min(p.start_date) FILTER (WHERE p.status <> 'pending'))), 0) AS tenure
      FROM policies p JOIN products pr ON pr.code = p.product_code
     GROUP BY p.customer_id
  ), paid AS (
    SELECT customer_id, sum(amount) AS paid_3y FROM claims
     WHERE status = 'paid' AND claim_date > ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - interval '3 years' GROUP BY customer_id
  ), scored AS (
    SELECT c.id, coalesce(h.premium_3y, 0) AS premium_3y, coalesce(d.paid_3y, 0) AS paid_3y,
           round(${W.annualPremium} * coalesce(h.premium, 0) / 1000 + ${W.margin} * (coalesce(h.premium_3y, 0) - coalesce(d.paid_3y, 0)) / 1000
                 + ${W.tenureYears} * coalesce(h.tenure, 0) + ${W.productLines} * coalesce(h.lines, 0), 2) AS score
      FROM customers c LEFT JOIN held h ON h.customer_id = c.id LEFT JOIN paid d ON d.customer_id = c.id
  ), tiered AS (
    SELECT id, score,
           CASE WHEN paid_3y > ${D.claimsRatioAbove} * premium_3y OR premium_3y - paid_3y < ${D.minMarginBelow} THEN 'do_not_serve'
                WHEN score >= ${T.gold} THEN 'gold' WHEN score >= ${T.silver} THEN 'silver' ELSE 'ordinary' END AS tier
      FROM scored
  )
  UPDATE customers c SET value_tier = t.tier, value_score = t.score, value_scored_at = $1
    FROM tiered t
   WHERE t.id = c.id AND (c.value_tier IS DISTINCT FROM t.tier OR c.value_score IS DISTINCT FROM t.score)`;

interface Figures {
  allChangedMs: number;
  floorAllChangedMs: number;
  ratioAllChanged: number;
  noneChangedMs: number;
  floorNoneChangedMs: number;
  ratioNoneChanged: number;
  shares: { tier: string; customers: number; percent: number }[];
  scorePercentiles: { p80: number; p95: number };
}

async function main(): Promise<void> {
  const { dataSource, customers, policies } = await openBenchDatabase('value-tiers', benchCustomers(), {
    database: 'campaigns_bench_tiers',
    entities: [ValueTierSettings],
  });
  try {
    report(customers, policies, await measure(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

async function measure(dataSource: DataSource): Promise<Figures> {
  // The bench only recomputes; nothing is queued.
  const service = new ValueTierService(dataSource, dataSource.getRepository(ValueTierSettings), {} as JobQueue);
  const unscore = async () => {
    await dataSource.query('UPDATE customers SET value_tier = NULL, value_score = NULL, value_scored_at = NULL');
    await dataSource.query('VACUUM customers');
  };
  const floor = () => dataSource.query(FLOOR_SQL, [RUN_AT]);

  const allChangedMs = await timeOnce(() => service.recompute(RUN_AT), unscore);
  const floorAllChangedMs = await timeOnce(floor, unscore);
  await service.recompute(RUN_AT);
  const noneChangedMs = await medianOfRuns(() => service.recompute(RUN_AT));
  const floorNoneChangedMs = await medianOfRuns(floor);

  const shares: Figures['shares'] = await dataSource.query(
    `SELECT value_tier AS tier, count(*)::int AS customers, round(100.0 * count(*) / sum(count(*)) OVER (), 1)::float8 AS percent
       FROM customers GROUP BY value_tier ORDER BY customers`,
  );
  const [percentiles] = await dataSource.query(
    `SELECT percentile_cont(0.80) WITHIN GROUP (ORDER BY value_score)::float8 AS p80,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY value_score)::float8 AS p95
       FROM customers WHERE value_tier <> 'do_not_serve'`,
  );
  const figures = {
    allChangedMs,
    floorAllChangedMs,
    ratioAllChanged: ratio(allChangedMs, floorAllChangedMs),
    noneChangedMs,
    floorNoneChangedMs,
    ratioNoneChanged: ratio(noneChangedMs, floorNoneChangedMs),
    shares,
    scorePercentiles: percentiles,
  };
  console.log(`[value-tiers] ${JSON.stringify(figures)}`);
  return figures;
}

/** Mean of FULL_RUNS timed runs, each after an untimed `prepare`. */
async function timeOnce(work: () => Promise<unknown>, prepare: () => Promise<unknown>): Promise<number> {
  let total = 0;
  for (let run = 0; run < FULL_RUNS; run++) {
    await prepare();
    const started = performance.now();
    await work();
    total += performance.now() - started;
  }
  return Math.round(total / FULL_RUNS);
}

/** Median of RUNS timed runs after one warm-up; `prepare` and `cleanUp` run untimed before and after each. */
async function medianOfRuns(work: () => Promise<unknown>, prepare?: () => Promise<unknown>, cleanUp?: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await prepare?.();
    const started = performance.now();
    await work();
    if (run > 0) times.push(performance.now() - started);
    await cleanUp?.();
  }
  return median(times);
}

function report(customers: number, policies: number, f: Figures): void {
  const result = { benchmark: 'value-tiers', customers, policies, fullRuns: FULL_RUNS, runs: RUNS, statistic: 'ms (median of runs for the repeated run)', ...f, target: 'ratio <= 2' };
  writeBenchResults('value-tiers', result, [
    '## Value tiers: recomputation over all customers',
    '',
    `${customers.toLocaleString('en')} customers, ${policies.toLocaleString('en')} policies. Rewriting every customer: ${FULL_RUNS} run(s)`,
    `on a freshly vacuumed table; repeated run: median of ${RUNS} runs after a warm-up.`,
    'Service = ValueTierService.recompute (one UPDATE ... FROM aggregates, only changed rows written, plus the run status);',
    'floor = a hand-written UPDATE doing the same with the default settings inlined. Target: at most twice the floor.',
    '',
    '| case | service ms | floor ms | ratio |',
    '|---|---:|---:|---:|',
    `| every customer changes (first run) | ${f.allChangedMs} | ${f.floorAllChangedMs} | ${f.ratioAllChanged} |`,
    `| nothing changes (repeated run) | ${f.noneChangedMs} | ${f.floorNoneChangedMs} | ${f.ratioNoneChanged} |`,
    '',
    'Tier shares with the default settings:',
    '',
    '| tier | customers | % |',
    '|---|---:|---:|',
    ...f.shares.map((s) => `| ${s.tier} | ${s.customers.toLocaleString('en')} | ${s.percent} |`),
    '',
    `Score percentiles (excluding do-not-serve): 80th ${f.scorePercentiles.p80}, 95th ${f.scorePercentiles.p95}.`,
    '',
  ]);
}

main().catch((error) => {
  console.error(`[value-tiers] ${error.stack ?? error.message}`);
  process.exit(1);
});
