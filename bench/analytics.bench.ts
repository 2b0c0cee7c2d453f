import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { CampaignAnalyticsService, CampaignRollups, PortfolioService, ROI_BREAKDOWNS, ROLLUP_REFRESH_INTERVAL_MS } from '@lib/analytics';
import { OrgScope } from '@lib/auth';
import { ApprovalThresholdService, CampaignAudit, CampaignService } from '@lib/campaigns';
import { allowBatchStatements } from '@lib/database';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { ratio, writeBenchResults } from './support/results';

/**
 * The dashboards at scale: BENCH_EVENTS contact events (10,000,000 by default, at most
 * ten per customer of BENCH_CUSTOMERS) over 50 campaigns of the demo province, with their
 * members, contacts, conversions and spend consistent with the events, all generated
 * set-based. Timed: the full rollup refresh, an incremental one after new events of one
 * campaign, one with nothing new; then each dashboard query p50/p95 over RUNS runs, the
 * same figures from the raw tables beside it in the same run. Target: every dashboard
 * query under 200 ms p95 at 10,000,000 events. Runs in campaigns_bench_analytics.
 *   npm run bench -- analytics        BENCH_EVENTS=10000000 node dist/bench/analytics.bench.js --customers 1000000
 */
const CAMPAIGNS = 50;
const RUNS = 30;
/** The raw baseline takes seconds at full size: fewer runs of it (its p95 is then its slowest run). */
const RAW_RUNS = 5;
/** Events per member on average with the status mix below: email 2.6 per treated member, calls 0.85, conversions ≈ 0.04. */
const EVENTS_PER_MEMBER = 3.15;

function benchEvents(customers: number): number {
  return Number(process.env.BENCH_EVENTS ?? Math.min(10_000_000, customers * 10));
}

interface Timing {
  p50: number;
  p95: number;
}

async function main(): Promise<void> {
  const customersWanted = benchCustomers();
  const { dataSource, customers } = await openBenchDatabase('analytics', customersWanted, { database: 'campaigns_bench_analytics', entities: [] });
  try {
    const eventsWanted = benchEvents(customers);
    const membersPerCampaign = Math.min(customers, Math.ceil(eventsWanted / EVENTS_PER_MEMBER / CAMPAIGNS));
    const generated = await timed(() => generate(dataSource, membersPerCampaign));
    const sizes = await sizesOf(dataSource);
    console.log(`[analytics] generated ${JSON.stringify(sizes)} in ${generated.ms} ms`);

    const rollups = new CampaignRollups(dataSource);
    const campaigns = new CampaignService(dataSource, new CampaignAudit(), new ApprovalThresholdService(dataSource));
    const analytics = new CampaignAnalyticsService(dataSource, campaigns, rollups);
    const portfolios = new PortfolioService(dataSource, rollups);

    const full = await timed(() => rollups.refresh({ everything: true }));
    const [busiest] = await dataSource.query(`SELECT id FROM campaigns WHERE code = 'BENCH-A-01'`);
    const added = await addLateEvents(dataSource, busiest.id);
    const incremental = await timed(() => rollups.refresh());
    // The grace period looks back at the events just added: the same campaign again.
    const repeat = await timed(() => rollups.refresh());
    await dataSource.query(`UPDATE contact_events SET recorded_at = recorded_at - interval '1 hour' WHERE recorded_at > now() - interval '1 hour'`);
    const idle = await timed(() => rollups.refresh());
    const [rollupRows] = await dataSource.query(
      `SELECT (SELECT count(*) FROM campaign_contact_rollups)::int AS contact, (SELECT count(*) FROM campaign_step_rollups)::int AS step,
              (SELECT count(*) FROM campaign_member_rollups)::int AS member,
              (SELECT count(*) FROM campaign_spend_rollups)::int AS spend, (SELECT count(*) FROM campaign_unit_rollups)::int AS unit,
              (SELECT count(*) FROM campaign_segment_rollups)::int AS segment`,
    );

    const [province] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
    const scope = new OrgScope(province.id, province.path);
    const id = busiest.id;
    const queries: { name: string; dashboard: () => Promise<unknown>; raw: () => Promise<unknown> }[] = [
      { name: 'campaign totals', dashboard: () => analytics.campaign(scope, id), raw: () => rawFigures(dataSource, scope, [id], null) },
      ...ROI_BREAKDOWNS.map((by) => ({
        name: `by ${by}`,
        dashboard: () => analytics.breakdown(scope, id, by),
        raw: () => rawFigures(dataSource, scope, [id], RAW_GROUPS[by]),
      })),
      { name: 'funnel per channel', dashboard: () => analytics.funnels(scope, id), raw: () => rawFigures(dataSource, scope, [id], RAW_GROUPS.channel) },
      {
        name: 'portfolio (50 campaigns)',
        dashboard: () => portfolios.portfolio(scope, { sort: 'roi' }),
        raw: async () => rawFigures(dataSource, scope, (await dataSource.query(`SELECT array_agg(id) AS ids FROM campaigns`))[0].ids, 'campaign_id'),
      },
    ];
    const results: { name: string; dashboard: Timing; raw: Timing }[] = [];
    for (const query of queries) {
      const [dashboard, raw] = await percentiles(query.dashboard, query.raw);
      results.push({ name: query.name, dashboard, raw });
      console.log(`[analytics] ${query.name}: p50 ${dashboard.p50} ms, p95 ${dashboard.p95} ms; raw p50 ${raw.p50} ms, p95 ${raw.p95} ms`);
    }
    const slowest = Math.max(...results.map((result) => result.dashboard.p95));

    const figures = {
      customers,
      campaigns: CAMPAIGNS,
      ...sizes,
      generateMs: generated.ms,
      rollupRows,
      fullRefresh: { ms: full.ms, campaigns: full.result.campaigns },
      incrementalRefresh: { ms: incremental.ms, campaigns: incremental.result.campaigns, newEvents: added },
      repeatRefresh: { ms: repeat.ms, campaigns: repeat.result.campaigns },
      idleRefresh: { ms: idle.ms, campaigns: idle.result.campaigns },
      runs: RUNS,
      rawRuns: RAW_RUNS,
      queries: results.map((result) => ({ ...result, timesFaster: ratio(result.raw.p50, result.dashboard.p50) })),
      slowestP95Ms: slowest,
      targetP95Ms: 200,
      cpus: cpus().length,
      load: loadavg()[0],
    };
    console.log(JSON.stringify(figures, null, 2));
    writeBenchResults('analytics', figures, [
      '## Campaign analytics: rollups and dashboard queries',
      '',
      `${sizes.events.toLocaleString('en')} contact events over ${CAMPAIGNS} campaigns (${sizes.members.toLocaleString('en')} members, ${sizes.contacts.toLocaleString('en')} contacts, ` +
        `${sizes.conversions.toLocaleString('en')} conversions, ${sizes.spendLines.toLocaleString('en')} spend lines) of ${customers.toLocaleString('en')} demo customers, generated in ${seconds(generated.ms)} s. ` +
        `${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)} at the end (other work shares the machine).`,
      '',
      '| rollup refresh | ms | campaigns computed |',
      '|---|---:|---:|',
      `| full (every campaign) | ${full.ms} | ${full.result.campaigns} |`,
      `| incremental, after ${added.toLocaleString('en')} new events of one campaign | ${incremental.ms} | ${incremental.result.campaigns} |`,
      `| again within the grace period (the same campaign) | ${repeat.ms} | ${repeat.result.campaigns} |`,
      `| nothing new | ${idle.ms} | ${idle.result.campaigns} |`,
      '',
      `A change is in the rollups at most one refresh interval (${ROLLUP_REFRESH_INTERVAL_MS / 1000} s) plus one incremental refresh (${seconds(incremental.ms)} s here) after it is recorded.`,
      '',
      `Rollup rows: ${rollupRows.contact.toLocaleString('en')} contact, ${rollupRows.step.toLocaleString('en')} step, ${rollupRows.member.toLocaleString('en')} member, ${rollupRows.spend.toLocaleString('en')} spend, ${rollupRows.unit.toLocaleString('en')} unit, ${rollupRows.segment.toLocaleString('en')} segment.`,
      '',
      `Each query as the province reads it (the whole tree): ${RUNS} runs after a warm-up (the raw baseline ${RAW_RUNS}, alternating with the first ones); raw = the same figures from contacts, contact_events, campaign_conversions, launch_members and budget_lines at the moment of asking.`,
      '',
      '| query | p50 ms | p95 ms | raw p50 ms | raw p95 ms | raw / rollups (p50) |',
      '|---|---:|---:|---:|---:|---:|',
      ...results.map((r) => `| ${r.name} | ${r.dashboard.p50} | ${r.dashboard.p95} | ${r.raw.p50} | ${r.raw.p95} | ${ratio(r.raw.p50, r.dashboard.p50)}× |`),
      '',
      `Slowest dashboard query p95: ${slowest} ms (target under 200 ms).`,
      '',
    ]);
  } finally {
    await dataSource.destroy();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: Math.round(performance.now() - started), result };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** p50 and p95 of RUNS runs of the query and RAW_RUNS of its baseline, after a warm-up, alternating so that load from elsewhere falls on both alike. */
async function percentiles(dashboard: () => Promise<unknown>, raw: () => Promise<unknown>): Promise<[Timing, Timing]> {
  const times: [number[], number[]] = [[], []];
  for (let run = 0; run <= RUNS; run++) {
    for (const [index, job] of [dashboard, raw].entries()) {
      if (index === 1 && run > RAW_RUNS) continue;
      const started = performance.now();
      await job();
      if (run > 0) times[index].push(performance.now() - started);
    }
  }
  const at = (sorted: number[], share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] * 10) / 10;
  return times.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: at(sorted, 0.5), p95: at(sorted, 0.95) };
  }) as [Timing, Timing];
}

/** The key each breakdown groups the raw facts by. */
const RAW_GROUPS: Record<(typeof ROI_BREAKDOWNS)[number], string> = {
  channel: 'channel',
  step: 'step_id',
  branch: 'org_unit_id',
  segment: 'segment_id',
  value_tier: 'value_tier',
  day: 'day',
};

/**
 * The baseline: the dashboard's figures computed from the raw tables at the moment of
 * the question (docs/figures.md): contacts and delivered from contacts, responses from
 * each contact's first click or response event, conversions and premium, members and
 * spend, grouped by `groupBy` (or in total), within the scope.
 */
async function rawFigures(db: DataSource, scope: OrgScope, campaignIds: number[], groupBy: string | null): Promise<unknown[]> {
  const key = groupBy ?? `'all'`;
  // By segment, a contact counts once for each segment its member matched at launch.
  const segments = groupBy === 'segment_id' ? 'CROSS JOIN LATERAL unnest(m.segment_ids) AS segment_id' : 'CROSS JOIN (SELECT NULL::int AS segment_id) s';
  return db.query(
    `WITH units AS (SELECT id FROM org_units WHERE path LIKE $2),
     facts AS (
       SELECT k.campaign_id, k.channel, k.step_id, k.org_unit_id, m.value_tier, segment_id, (coalesce(k.sent_at, k.contacted_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
              (k.status NOT IN ('planned','queued','sending','failed','skipped','dead','cancelled'))::int AS contacts,
              (k.status IN ('sent','delivered','opened','clicked','connected','visited'))::int AS delivered, 0 AS responses, 0 AS conversions,
              0::numeric AS premium, 0::numeric AS spend
         FROM contacts k JOIN campaign_launches l ON l.campaign_id = k.campaign_id
         LEFT JOIN launch_members m ON m.launch_id = l.id AND m.customer_id = k.customer_id
         ${segments}
        WHERE k.campaign_id = ANY($1::int[]) AND k.org_unit_id IN (SELECT id FROM units)
       UNION ALL
       SELECT e.campaign_id, min(e.channel), min(e.step_id), min(e.org_unit_id), NULL, NULL, (min(e.occurred_at) AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1, 0, 0, 0
         FROM contact_events e
        WHERE e.campaign_id = ANY($1::int[]) AND e.event_type IN ('clicked', 'responded') AND e.org_unit_id IN (SELECT id FROM units)
        GROUP BY e.campaign_id, e.contact_id
       UNION ALL
       SELECT cv.campaign_id, cv.channel, cv.step_id, cv.org_unit_id, NULL, NULL, cv.start_date, 0, 0, 0, 1, cv.premium, 0
         FROM campaign_conversions cv WHERE cv.campaign_id = ANY($1::int[]) AND NOT cv.control AND cv.org_unit_id IN (SELECT id FROM units)
       UNION ALL
       SELECT l.campaign_id, l.channel, l.step_id, l.branch_id, NULL, NULL, (l.created_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, l.amount
         FROM budget_lines l WHERE l.kind = 'spend' AND l.campaign_id = ANY($1::int[]) AND l.branch_id IN (SELECT id FROM units)
     ),
     groups AS (
       SELECT l.campaign_id, count(*) FILTER (WHERE NOT m.control) AS treatment, count(*) FILTER (WHERE m.control) AS control
         FROM campaign_launches l JOIN launch_members m ON m.launch_id = l.id
        WHERE l.campaign_id = ANY($1::int[]) AND m.org_unit_id IN (SELECT id FROM units)
        GROUP BY l.campaign_id
     )
     SELECT ${key} AS key, sum(contacts) AS contacts, sum(delivered) AS delivered, sum(responses) AS responses, sum(conversions) AS conversions,
            sum(premium) AS premium, sum(spend) AS spend, (SELECT sum(treatment) FROM groups) AS treatment, (SELECT sum(control) FROM groups) AS control
       FROM facts GROUP BY 1`,
    [campaignIds, scope.pathPattern],
  );
}

/**
 * Fifty campaigns over the last 120 days, each over `members` customers of the demo
 * (10 % control, tiers by hash, two include segments with half the members in both): an email to every treated member and a call to half of
 * them, statuses drawn by hash, each contact's events as its status says, conversions
 * for a fifth of the responders, a fiftieth of the other treated members and 1.5 % of
 * control, automatic spend per branch, step and day from the contacts made, and a
 * manual spend line per campaign and city. Earlier runs' rows are removed first.
 */
async function generate(db: DataSource, members: number): Promise<void> {
  await clearEarlierRuns(db);
  const [{ n: customers, first }] = await db.query(`SELECT count(*)::int AS n, min(id)::bigint AS first FROM customers`);
  const [province] = await db.query('SELECT id FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const [user] = await db.query('SELECT id FROM users ORDER BY id LIMIT 1');
  await db.query(`SELECT create_contact_event_partitions(now() - interval '6 months', 8)`);
  // Two include segments per campaign; a member matched the first, the second or (half of them) both.
  const segments: { id: number }[] = await db.query(
    `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('BENCH-A: first', 'static', $1, $2), ('BENCH-A: second', 'static', $1, $2) RETURNING id`,
    [province.id, user.id],
  );
  await db.query(
    `INSERT INTO campaigns (code, status, owner_id, owning_org_unit_id)
     SELECT 'BENCH-A-' || lpad(n::text, 2, '0'), (ARRAY['running','completed','closed'])[1 + n % 3], $1, $2 FROM generate_series(1, $3) n`,
    [user.id, province.id, CAMPAIGNS],
  );
  await db.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, budget, control_share_pct,
                                     target_contacts, target_response_rate_pct, target_conversions, target_premium, branch_ids, created_by, include_segment_ids)
     SELECT c.id, 1, 'approved', 'bench ' || c.code, 'cross_sell', current_date - 120 + (c.id % 90), current_date - 90 + (c.id % 90),
            $1::numeric * 3, 10, $1, 8, $1 / 40, $1 * 20, (SELECT array_agg(id) FROM org_units WHERE level = 3), $2, $3
       FROM campaigns c WHERE c.code LIKE 'BENCH-A-%'`,
    [members, user.id, segments.map((s) => s.id)],
  );
  await db.query(`UPDATE campaigns c SET approved_revision_id = r.id FROM campaign_revisions r WHERE r.campaign_id = c.id AND c.code LIKE 'BENCH-A-%'`);
  await db.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, start_offset_days, cost_per_contact)
     SELECT r.id, s.position, s.channel, s.offset_days, s.cost
       FROM campaign_revisions r JOIN campaigns c ON c.id = r.campaign_id AND c.code LIKE 'BENCH-A-%'
      CROSS JOIN (VALUES (1, 'email', 0, 0.10), (2, 'phone', 7, 3.50)) AS s(position, channel, offset_days, cost)`,
  );
  await db.query(
    `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, frozen_at, segments_recorded)
     SELECT r.campaign_id, r.id, 1, 10, r.start_date - interval '1 day', true FROM campaign_revisions r JOIN campaigns c ON c.id = r.campaign_id AND c.code LIKE 'BENCH-A-%'`,
  );
  const [pool] = await db.query(
    `INSERT INTO budget_pools (fiscal_year, org_unit_id, created_by) VALUES (2000, $1, $2)
     ON CONFLICT (fiscal_year, org_unit_id) DO UPDATE SET fiscal_year = EXCLUDED.fiscal_year RETURNING id`,
    [province.id, user.id],
  );
  await db.query(
    `INSERT INTO campaign_budgets (campaign_id, pool_id, owning_unit_id, revision_id, plan_budget, branch_ids)
     SELECT r.campaign_id, $1, $2, r.id, r.budget, r.branch_ids FROM campaign_revisions r JOIN campaigns c ON c.id = r.campaign_id AND c.code LIKE 'BENCH-A-%'`,
    [pool.id, province.id],
  );
  await db.transaction(async (manager) => {
    await allowBatchStatements(manager);
    // Each campaign a window of `members` customers starting at its own offset, wrapping around.
    await manager.query(
      `INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier, control, segment_ids)
       SELECT l.id, cu.id, cu.org_unit_id, (ARRAY['gold','silver','ordinary','ordinary'])[1 + (hashint8(cu.id) & 3)],
              (hashint8(cu.id # l.id::bigint) & 1023) < 102,
              CASE (hashint8(cu.id) >> 8) & 3 WHEN 0 THEN ARRAY[$4::int] WHEN 1 THEN ARRAY[$5::int] ELSE ARRAY[$4::int, $5::int] END
         FROM campaign_launches l JOIN campaigns c ON c.id = l.campaign_id AND c.code LIKE 'BENCH-A-%'
         CROSS JOIN generate_series(0, $1 - 1) g
         JOIN customers cu ON cu.id = $3 + (g + l.campaign_id * 7919) % $2`,
      [members, customers, first, segments[0].id, segments[1].id],
    );
    // Statuses by hash: email 5 % failed, 5 % bounced, 40 % delivered, 35 % opened, 15 % clicked;
    // calls (half the treated) 10 % planned, 30 % called, 40 % connected, 20 % connected with interest.
    await manager.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, sent_at, status)
       SELECT m.customer_id, l.campaign_id, s.id, s.channel, m.org_unit_id, t.at, CASE WHEN t.status NOT IN ('planned', 'failed') THEN t.at END, t.status
         FROM campaign_launches l
         JOIN launch_members m ON m.launch_id = l.id AND NOT m.control
         JOIN campaign_revisions r ON r.id = l.revision_id
         JOIN campaign_steps s ON s.revision_id = r.id AND (s.channel = 'email' OR (hashint8(m.customer_id) & 2) = 0)
         CROSS JOIN LATERAL (SELECT (hashint8(m.customer_id # s.id::bigint) & 1023) * 20 / 1024 AS bucket) h
         CROSS JOIN LATERAL (SELECT (r.start_date + s.start_offset_days + (m.customer_id % 20)::int)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' AS at,
           CASE WHEN s.channel = 'email' THEN
             CASE WHEN h.bucket < 1 THEN 'failed' WHEN h.bucket < 2 THEN 'bounced' WHEN h.bucket < 10 THEN 'delivered' WHEN h.bucket < 17 THEN 'opened' ELSE 'clicked' END
           ELSE CASE WHEN h.bucket < 2 THEN 'planned' WHEN h.bucket < 8 THEN 'called' ELSE 'connected' END END AS status) t`,
    );
  });
  // Each contact's events, in the order its status implies; calls that connected with interest (a fifth) respond.
  await db.transaction(async (manager) => {
    await allowBatchStatements(manager);
    await manager.query(
      `INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type, reason, link_index, recorded_at)
       SELECT gen_random_uuid(), k.contacted_at + e.n * interval '37 minutes', k.id, k.campaign_id, k.step_id, k.customer_id, k.org_unit_id, k.channel,
              e.type, CASE WHEN e.type IN ('failed', 'bounced') THEN 'bench' END, CASE WHEN e.type = 'clicked' THEN 0 END,
              k.contacted_at + e.n * interval '37 minutes' + interval '1 minute'
         FROM contacts k
         JOIN campaigns c ON c.id = k.campaign_id AND c.code LIKE 'BENCH-A-%'
         CROSS JOIN LATERAL unnest(CASE k.status
             WHEN 'failed' THEN ARRAY['failed'] WHEN 'bounced' THEN ARRAY['sent', 'bounced'] WHEN 'delivered' THEN ARRAY['sent', 'delivered']
             WHEN 'opened' THEN ARRAY['sent', 'delivered', 'opened'] WHEN 'clicked' THEN ARRAY['sent', 'delivered', 'opened', 'clicked']
             WHEN 'called' THEN ARRAY['called']
             WHEN 'connected' THEN CASE WHEN (hashint8(k.id) & 1) = 0 THEN ARRAY['called', 'connected', 'responded'] ELSE ARRAY['called', 'connected'] END
             ELSE ARRAY[]::text[] END) WITH ORDINALITY AS e(type, n)
        -- Stored in the order they happened, as the tracking stream writes them (recorded_at grows with the table).
        ORDER BY 2`,
    );
  });
  await db.query(`ANALYZE launch_members, contacts, contact_events`);
  // Conversions: a policy per converter, credited to the member's last responding contact (else none), start a week after it.
  await db.transaction(async (manager) => {
    await allowBatchStatements(manager);
    await manager.query(
      `CREATE TEMP TABLE bench_converters ON COMMIT DROP AS
       SELECT l.id AS launch_id, l.campaign_id, m.customer_id, m.control, m.org_unit_id, r.id AS contact_id, r.step_id, r.channel,
              coalesce(r.org_unit_id, m.org_unit_id) AS credited_unit,
              least((l.frozen_at AT TIME ZONE 'Asia/Shanghai')::date + 10 + (m.customer_id % 30)::int, current_date - 2) AS start_date,
              (SELECT array_agg(code ORDER BY code) FROM products)[1 + (hashint8(m.customer_id) & 3)] AS product_code, 300 + (m.customer_id % 2700) AS premium
         FROM campaign_launches l
         JOIN campaigns c ON c.id = l.campaign_id AND c.code LIKE 'BENCH-A-%'
         JOIN launch_members m ON m.launch_id = l.id
         LEFT JOIN LATERAL (SELECT k.id, k.step_id, k.channel, k.org_unit_id FROM contacts k
                             WHERE k.campaign_id = l.campaign_id AND k.customer_id = m.customer_id AND k.status IN ('clicked', 'connected')
                             ORDER BY k.contacted_at DESC LIMIT 1) r ON true
        WHERE (hashint8(m.customer_id # l.id::bigint # 99) & 1023) < CASE WHEN m.control THEN 15 WHEN r.id IS NOT NULL THEN 205 ELSE 20 END`,
    );
    await manager.query(
      `INSERT INTO policies (policy_no, customer_id, product_code, premium, start_date, end_date, status, channel, org_unit_id)
       SELECT 'BENCH-A-' || b.launch_id || '-' || b.customer_id, b.customer_id, b.product_code, b.premium, b.start_date, b.start_date + 364, 'active', 'agent', cu.org_unit_id
         FROM bench_converters b JOIN customers cu ON cu.id = b.customer_id`,
    );
    await manager.query(
      `INSERT INTO campaign_conversions (policy_id, campaign_id, launch_id, customer_id, control, contact_id, step_id, channel, org_unit_id, product_code, premium, start_date, attributed_at)
       SELECT p.id, b.campaign_id, b.launch_id, b.customer_id, b.control, b.contact_id, b.step_id, b.channel, b.credited_unit, b.product_code, b.premium, b.start_date,
              b.start_date + interval '1 day'
         FROM bench_converters b JOIN policies p ON p.policy_no = 'BENCH-A-' || b.launch_id || '-' || b.customer_id`,
    );
    await manager.query(
      `INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type, policy_id, premium, recorded_at)
       SELECT gen_random_uuid(), cv.start_date::timestamp AT TIME ZONE 'Asia/Shanghai', cv.contact_id, cv.campaign_id, cv.step_id, cv.customer_id, cv.org_unit_id,
              cv.channel, 'converted', cv.policy_id, cv.premium, cv.attributed_at
         FROM campaign_conversions cv JOIN campaigns c ON c.id = cv.campaign_id AND c.code LIKE 'BENCH-A-%'`,
    );
  });
  // Spend as the budget guard settles it: the contacts made per branch, step and day at the step's cost; one manual line per campaign and city.
  await db.query(
    `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, channel, step_id, contacts, unit_cost, created_at)
     SELECT $1, 'spend', count(*) * s.cost_per_contact, k.campaign_id, k.org_unit_id, k.channel, k.step_id, count(*), s.cost_per_contact, min(k.sent_at)
       FROM contacts k JOIN campaigns c ON c.id = k.campaign_id AND c.code LIKE 'BENCH-A-%' JOIN campaign_steps s ON s.id = k.step_id
      WHERE k.status NOT IN ('planned', 'queued', 'sending', 'failed', 'skipped', 'dead', 'cancelled')
      GROUP BY k.campaign_id, k.org_unit_id, k.channel, k.step_id, s.cost_per_contact, (k.sent_at AT TIME ZONE 'Asia/Shanghai')::date`,
    [pool.id],
  );
  await db.query(
    `WITH manual AS (
       INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, branch_id, note, created_at)
       SELECT $1, 'spend', 500 + (c.id * u.id) % 1500, c.id, u.id, 'bench: events', r.start_date + 3
         FROM campaigns c JOIN campaign_revisions r ON r.campaign_id = c.id CROSS JOIN org_units u
        WHERE c.code LIKE 'BENCH-A-%' AND u.level = 3
       RETURNING id, created_at)
     INSERT INTO manual_spends (line_id, category, spent_on) SELECT id, 'events', created_at::date FROM manual`,
    [pool.id],
  );
  // Generated now, but as of the campaigns' own days: the first refresh is the one to compute them.
  await db.query(`UPDATE campaigns SET updated_at = now() - interval '1 day' WHERE code LIKE 'BENCH-A-%'`);
  await db.query(`ANALYZE campaigns, campaign_revisions, campaign_steps, campaign_launches, campaign_conversions, policies, budget_lines, manual_spends, contact_events`);
}

/** New events of one campaign recorded now: a click on every tenth delivered email not yet clicked. */
async function addLateEvents(db: DataSource, campaignId: number): Promise<number> {
  const [{ n }] = await db.query(
    `WITH added AS (
       INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type, link_index)
       SELECT gen_random_uuid(), now(), k.id, k.campaign_id, k.step_id, k.customer_id, k.org_unit_id, k.channel, 'clicked', 0
         FROM contacts k WHERE k.campaign_id = $1 AND k.status = 'delivered' AND k.id % 10 = 0
       RETURNING 1)
     SELECT count(*)::int AS n FROM added`,
    [campaignId],
  );
  return n;
}

async function sizesOf(db: DataSource) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM contact_events)::int AS events, (SELECT count(*) FROM launch_members)::int AS members,
            (SELECT count(*) FROM contacts WHERE campaign_id IS NOT NULL)::int AS contacts, (SELECT count(*) FROM campaign_conversions)::int AS conversions,
            (SELECT count(*) FROM budget_lines WHERE kind = 'spend')::int AS "spendLines"`,
  );
  return row as { events: number; members: number; contacts: number; conversions: number; spendLines: number };
}

async function clearEarlierRuns(db: DataSource): Promise<void> {
  const bench = `SELECT id FROM campaigns WHERE code LIKE 'BENCH-A-%'`;
  for (const table of ['campaign_contact_rollups', 'campaign_step_rollups', 'campaign_member_rollups', 'campaign_spend_rollups', 'campaign_unit_rollups', 'campaign_segment_rollups', 'campaign_rollup_sources']) {
    await db.query(`DELETE FROM ${table} WHERE campaign_id IN (${bench})`);
  }
  await db.query(`TRUNCATE contact_events`);
  await db.query(`DELETE FROM campaign_conversions WHERE campaign_id IN (${bench})`);
  await db.query(`DELETE FROM policies WHERE policy_no LIKE 'BENCH-A-%'`);
  await db.query(`DELETE FROM manual_spends WHERE line_id IN (SELECT id FROM budget_lines WHERE campaign_id IN (${bench}))`);
  await db.query(`DELETE FROM budget_lines WHERE campaign_id IN (${bench})`);
  await db.query(`DELETE FROM campaign_budgets WHERE campaign_id IN (${bench})`);
  await db.query(`DELETE FROM contacts WHERE campaign_id IN (${bench})`);
  await db.query(`DELETE FROM launch_members WHERE launch_id IN (SELECT id FROM campaign_launches WHERE campaign_id IN (${bench}))`);
  await db.query(`DELETE FROM campaign_launches WHERE campaign_id IN (${bench})`);
  await db.query(`UPDATE campaigns SET approved_revision_id = NULL WHERE id IN (${bench})`);
  await db.query(`DELETE FROM campaign_steps WHERE revision_id IN (SELECT id FROM campaign_revisions WHERE campaign_id IN (${bench}))`);
  await db.query(`DELETE FROM campaign_revisions WHERE campaign_id IN (${bench})`);
  await db.query(`DELETE FROM campaigns WHERE code LIKE 'BENCH-A-%'`);
  await db.query(`DELETE FROM segments WHERE name LIKE 'BENCH-A: %'`);
  await db.query(`DELETE FROM analytics_refresh_state`);
  await db.query(`VACUUM ANALYZE contacts, launch_members`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
