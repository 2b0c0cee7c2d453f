import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { ConversionAttribution, PolicyQuery } from '@lib/attribution';
import { createBatchSql, DECIDE_SQL } from '@lib/attribution/attribution-sql';
import { ApprovalThresholdService, CampaignAudit, CampaignService } from '@lib/campaigns';
import { allowBatchStatements } from '@lib/database';
import { ContactEventPartitions } from '@lib/tracking';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { ratio, writeBenchResults } from './support/results';

/**
 * Attribution of a large import: NEW_POLICIES new policies of the demo province
 * (BENCH_CUSTOMERS customers, 1,000,000 by default) against two launched campaigns
 * whose audiences overlap (the whole province with 10% held out, and half of it), most
 * treated customers contacted. Timed: the first run (every conversion and event
 * written), a repeat (nothing to write) and a run after a tenth of the premiums
 * changed; beside them, as the floor, a plain INSERT … SELECT of the same policies
 * into a bare copy of campaign_conversions. Runs in campaigns_bench_attribution.
 *   npm run bench -- attribution        node dist/bench/attribution.bench.js --customers 1000000
 */
const NEW_POLICIES = 100_000;
const BENCH_POLICIES: PolicyQuery = { sql: `SELECT id FROM policies WHERE policy_no LIKE 'BENCH-%'`, params: [] };

async function main(): Promise<void> {
  const { dataSource, customers } = await openBenchDatabase('attribution', benchCustomers(), {
    database: 'campaigns_bench_attribution',
    entities: [],
  });
  try {
    const attribution = new ConversionAttribution(
      dataSource,
      new ContactEventPartitions(dataSource),
      new CampaignService(dataSource, new CampaignAudit(), new ApprovalThresholdService(dataSource)),
    );
    await clearEarlierRuns(dataSource);
    const [{ policies }] = await dataSource.query('SELECT count(*)::int AS policies FROM policies');
    await launchTwoCampaigns(dataSource);
    await addNewPolicies(dataSource);

    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      const result = await work();
      return { ms: Math.round(performance.now() - started), result };
    };
    const attribute = () =>
      dataSource.transaction(async (manager) => {
        await allowBatchStatements(manager);
        return attribution.attribute(manager, BENCH_POLICIES);
      });
    const first = await timed(attribute);
    const repeat = await timed(attribute);
    await dataSource.query(`UPDATE policies SET premium = premium + 10, updated_at = now() WHERE policy_no LIKE 'BENCH-%' AND id % 10 = 0`);
    const changed = await timed(attribute);
    const floor = await timed(() => plainInsert(dataSource));
    const plan = await decisionPlan(dataSource);

    const figures = {
      customers,
      policies,
      newPolicies: NEW_POLICIES,
      firstRun: { ms: first.ms, ...(first.result as object), timesFloor: ratio(first.ms, floor.ms) },
      repeat: { ms: repeat.ms, ...(repeat.result as object) },
      tenthChanged: { ms: changed.ms, ...(changed.result as object) },
      plainInsertMs: floor.ms,
      decideStatementMs: plan.ms,
      cpus: cpus().length,
      load: loadavg()[0],
    };
    console.log(JSON.stringify(figures, null, 2));
    console.log(plan.text);
    writeBenchResults('attribution', figures, [
      '# Conversion attribution',
      '',
      `${customers.toLocaleString('en')} customers, ${policies.toLocaleString('en')} policies; ${NEW_POLICIES.toLocaleString('en')} new ones attributed against two overlapping launched campaigns. ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}.`,
      '',
      '| run | ms | considered | credited | withdrawn |',
      '|---|---:|---:|---:|---:|',
      ...[['first', first], ['repeat', repeat], ['a tenth of the premiums changed', changed]].map(([name, run]) => {
        const { ms, result } = run as { ms: number; result: { considered: number; credited: number; withdrawn: number } };
        return `| ${name} | ${ms} | ${result.considered} | ${result.credited} | ${result.withdrawn} |`;
      }),
      '',
      `Floor: a plain INSERT … SELECT of the same policies into a bare copy of campaign_conversions, ${floor.ms} ms (first run ${ratio(first.ms, floor.ms)}×).`,
      `The deciding statement alone under EXPLAIN ANALYZE: ${plan.ms} ms.`,
      '',
    ]);
  } finally {
    await dataSource.destroy();
  }
}

async function clearEarlierRuns(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM contact_events WHERE event_type = 'converted'`);
  await db.query(`DELETE FROM campaign_conversions`);
  await db.query(`DELETE FROM policies WHERE policy_no LIKE 'BENCH-%'`);
  await db.query(`DELETE FROM contacts WHERE campaign_id IN (SELECT id FROM campaigns WHERE code LIKE 'BENCH-%')`);
  await db.query(`DELETE FROM campaigns WHERE code LIKE 'BENCH-%'`);
  await db.query(`DELETE FROM bundles WHERE code LIKE 'BENCH-%'`);
}

/**
 * Two campaigns over the last 40 days: the whole province (home and accident bundle),
 * and, launched ten days later, half of it (the health line). 80% of the first one's
 * treated customers got a mail, half of the second one's a call.
 */
async function launchTwoCampaigns(db: DataSource): Promise<void> {
  const [province] = await db.query('SELECT id FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const [user] = await db.query('SELECT id FROM users ORDER BY id LIMIT 1');
  const [bundle] = await db.query(
    `INSERT INTO bundles (code, name, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
     VALUES ('BENCH-' || floor(random() * 1e9)::text, 'bench bundle', (SELECT array_agg(code) FROM (SELECT code FROM products WHERE line IN ('home', 'accident') ORDER BY code LIMIT 4) p),
             500, '{}', current_date - 60, current_date + 60, $1, $2) RETURNING id`,
    [province.id, user.id],
  );
  const plans = [
    { code: 'BENCH-ALL', offsetDays: 40, lines: [], every: 1, channel: 'email', reached: 0.8 },
    { code: 'BENCH-HALF', offsetDays: 30, lines: ['health'], every: 2, channel: 'phone', reached: 0.5 },
  ];
  for (const plan of plans) {
    const [campaign] = await db.query(
      `INSERT INTO campaigns (code, status, owner_id, owning_org_unit_id) VALUES ($1, 'running', $2, $3) RETURNING id`,
      [plan.code, user.id, province.id],
    );
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, bundle_id, attribution_product_lines, created_by)
       VALUES ($1, 1, 'approved', $2, 'cross_sell', current_date - $3::int, current_date, $4, $5, $6) RETURNING id`,
      [campaign.id, plan.code, plan.offsetDays, bundle.id, plan.lines, user.id],
    );
    const [step] = await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, $2, 'bench', 0, 1, 1000000, '{}') RETURNING id`,
      [revision.id, plan.channel],
    );
    const [launch] = await db.query(
      `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, frozen_at)
       VALUES ($1, $2, 1, 10, now() - make_interval(days => $3)) RETURNING id`,
      [campaign.id, revision.id, plan.offsetDays],
    );
    await db.query(
      `INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier, control)
       SELECT $1::int, id, org_unit_id, value_tier, hashtextextended(id::text, $1::int) % 10 = 0 FROM customers WHERE id % $2 = 0`,
      [launch.id, plan.every],
    );
    await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
       SELECT m.customer_id, $2, $3, $4, m.org_unit_id, now() - make_interval(days => (m.customer_id % $5)::int), 'delivered'
         FROM launch_members m WHERE m.launch_id = $1 AND NOT m.control AND (m.customer_id % 100) < $6`,
      [launch.id, campaign.id, step.id, plan.channel, plan.offsetDays, plan.reached * 100],
    );
  }
  await db.query('ANALYZE launch_members, contacts, campaign_launches, campaign_revisions, bundles');
}

/** A new policy for each of NEW_POLICIES customers drawn at random, over the last 40 days, across every product (some outside both plans). */
async function addNewPolicies(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO policies (policy_no, customer_id, product_code, premium, start_date, end_date, status, channel, org_unit_id)
     SELECT 'BENCH-' || c.id, c.id, (SELECT array_agg(code ORDER BY code) FROM products)[1 + c.id % (SELECT count(*) FROM products)],
            200 + c.id % 3000, current_date - (c.id % 40)::int, current_date - (c.id % 40)::int + 364, 'active', 'agent', c.org_unit_id
       FROM (SELECT id, org_unit_id FROM customers ORDER BY hashtextextended(id::text, 7) LIMIT $1) c`,
    [NEW_POLICIES],
  );
  await db.query('ANALYZE policies');
}

/** The floor: the same policies copied into a bare table of the conversion's shape, no rule. */
async function plainInsert(db: DataSource): Promise<void> {
  await db.transaction(async (manager) => {
    await allowBatchStatements(manager);
    await manager.query(`CREATE TEMP TABLE bench_conversions (LIKE campaign_conversions INCLUDING DEFAULTS INCLUDING INDEXES) ON COMMIT DROP`);
    await manager.query(
      `INSERT INTO bench_conversions (policy_id, campaign_id, launch_id, customer_id, control, org_unit_id, product_code, premium, start_date)
       SELECT p.id, 0, 0, p.customer_id, false, p.org_unit_id, p.product_code, p.premium, p.start_date FROM (${BENCH_POLICIES.sql}) b(id) JOIN policies p ON p.id = b.id`,
    );
  });
}

/** EXPLAIN ANALYZE of the deciding statement over the bench's policies, rolled back. */
async function decisionPlan(db: DataSource): Promise<{ ms: number; text: string }> {
  return db.transaction(async (manager) => {
    await allowBatchStatements(manager);
    await manager.query(createBatchSql(BENCH_POLICIES.sql));
    await manager.query('ANALYZE attribution_batch');
    const rows: { 'QUERY PLAN': string }[] = await manager.query(`EXPLAIN (ANALYZE, BUFFERS) ${DECIDE_SQL}`);
    await manager.query('DROP TABLE attribution_decided, attribution_batch');
    const text = rows.map((row) => row['QUERY PLAN']).join('\n');
    return { ms: Math.round(Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? 0)), text };
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
