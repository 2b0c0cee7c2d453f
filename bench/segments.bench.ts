import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CancellableQueries } from '@lib/database';
import { RuleNode, Segment, SegmentService, SegmentSnapshot } from '@lib/segments';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { alternatingMedians, ratio, writeBenchResults } from './support/results';

/**
 * Segment preview and snapshot on the demo province (BENCH_CUSTOMERS customers,
 * 1,000,000 by default, about 2.5 policies each), for three rules of rising
 * complexity, each against a hand-written SQL statement for the same rule as the
 * floor. Runs in its own database, campaigns_bench_segments, loaded once and reused.
 *   npm run bench -- segments        node dist/bench/segments.bench.js --customers 1000000
 */
const RUNS = 5;

interface Case {
  name: string;
  rule: RuleNode;
  /** The same rule written by hand, as a WHERE condition over `customers c`. */
  floor: string;
}

const cond = (field: string, operator: string, value: unknown, params?: Record<string, unknown>): RuleNode => ({
  type: 'condition', field, operator, value, ...(params ? { params } : {}),
});

/** The holdings summary a hand-written statement would read too (product_line_bit is folded to a constant). */
const HOLDS = (line: string) => `c.active_lines & product_line_bit('${line}') <> 0`;
/** As one anti-join against the customers with two claims or more, not a count per customer. */
const FEWER_THAN_2_CLAIMS = `NOT EXISTS (SELECT 1 FROM (SELECT cl.customer_id FROM claims cl WHERE cl.status <> 'rejected'
                                                   AND cl.claim_date >= current_date - interval '12 months'
                                                 GROUP BY cl.customer_id HAVING count(*) >= 2) t WHERE t.customer_id = c.id)`;
const RENEWS = (line: string, days: number) =>
  `EXISTS (SELECT 1 FROM policies p JOIN products pr ON pr.code = p.product_code
           WHERE p.customer_id = c.id AND p.status = 'active' AND pr.line = '${line}'
             AND p.end_date BETWEEN current_date AND current_date + ${days})`;

const CASES: Case[] = [
  {
    name: '1 condition: holds commercial motor',
    rule: cond('holds_line', 'has', 'motor_commercial'),
    floor: HOLDS('motor_commercial'),
  },
  {
    // The target: a rule of five conditions previews in under a second.
    name: '5 conditions: aged 30-55, holds commercial motor, lacks home, claims in 12 months < 2, phone consent',
    rule: {
      type: 'group', op: 'all', children: [
        cond('age', 'between', [30, 55]),
        cond('holds_line', 'has', 'motor_commercial'),
        cond('holds_line', 'lacks', 'home'),
        cond('claims_count', '<', 2, { months: 12 }),
        cond('consent', 'is', true, { channel: 'phone' }),
      ],
    },
    floor: `c.birth_date > current_date - interval '56 years' AND c.birth_date <= current_date - interval '30 years'
            AND ${HOLDS('motor_commercial')} AND NOT (${HOLDS('home')})
            AND ${FEWER_THAN_2_CLAIMS}
            AND c.consent_phone`,
  },
  {
    name: '9 conditions: renewal in 60 days, < 2 claims, phone consent, any(age, tier), not(home, contacted)',
    rule: {
      type: 'group', op: 'all', children: [
        cond('holds_line', 'has', 'motor_commercial'),
        cond('policy_expiring', 'within_days', 60, { line: 'motor_commercial' }),
        cond('claims_count', '<', 2, { months: 12 }),
        cond('consent', 'is', true, { channel: 'phone' }),
        cond('do_not_contact', 'is', false),
        { type: 'group', op: 'any', children: [cond('age', 'between', [25, 60]), cond('value_tier', 'in', ['gold', 'silver'])] },
        { type: 'group', op: 'not', children: [cond('holds_line', 'has', 'home'), cond('contacted', 'within_days', 30)] },
      ],
    },
    floor: `${HOLDS('motor_commercial')}
            AND ${RENEWS('motor_commercial', 60)}
            AND ${FEWER_THAN_2_CLAIMS}
            AND c.consent_phone AND NOT c.do_not_contact
            AND ((c.birth_date > current_date - interval '61 years' AND c.birth_date <= current_date - interval '25 years')
                 OR c.value_tier IN ('gold', 'silver'))
            AND NOT (${HOLDS('home')})
            AND NOT EXISTS (SELECT 1 FROM contacts co WHERE co.customer_id = c.id
                            AND co.contacted_at >= current_date - 30 AND co.status NOT IN ('planned', 'failed'))`,
  },
];

interface Figure {
  rule: string;
  count: number;
  previewMs: number;
  previewFloorMs: number;
  previewRatio: number;
  snapshotMs: number;
  snapshotFloorMs: number;
  snapshotRatio: number;
}

async function main(): Promise<void> {
  const { dataSource, customers, policies } = await openBenchDatabase('segments', benchCustomers(), {
    database: 'campaigns_bench_segments',
    entities: [Segment, SegmentSnapshot],
    afterLoad: addTiersAndContacts,
  });
  try {
    report(customers, policies, await measure(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Value tiers (derived from premium, as the value-tier job would) and a month of
 * contact history, so that every condition has data to read.
 */
async function addTiersAndContacts(dataSource: DataSource): Promise<void> {
  await dataSource.query(`
    UPDATE customers c SET value_tier = CASE WHEN t.premium >= 8000 THEN 'gold' WHEN t.premium >= 3000 THEN 'silver' ELSE 'ordinary' END,
                           value_scored_at = now()
    FROM (SELECT customer_id, sum(premium) AS premium FROM policies WHERE status = 'active' GROUP BY customer_id) t
    WHERE t.customer_id = c.id`);
  await dataSource.query(`
    INSERT INTO contacts (customer_id, channel, org_unit_id, contacted_at, status)
    SELECT id, (ARRAY['phone','email','sms'])[1 + id % 3], org_unit_id, now() - (id % 60) * interval '1 day', 'delivered'
    FROM customers WHERE id % 5 = 0`);
  await dataSource.query('ANALYZE contacts');
}

async function measure(dataSource: DataSource): Promise<Figure[]> {
  const segments = new SegmentService(dataSource.getRepository(Segment), dataSource, new CancellableQueries(dataSource));
  const [province] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const scope = new OrgScope(province.id, province.path);
  const [user] = await dataSource.query('SELECT id FROM users ORDER BY id LIMIT 1');
  const figures: Figure[] = [];
  for (const test of CASES) {
    const [saved] = await dataSource.query(
      `INSERT INTO segments (name, kind, rule, owner_org_unit_id, created_by) VALUES ($1, 'dynamic', $2::jsonb, $3, $4) RETURNING id`,
      [test.name, JSON.stringify(test.rule), scope.orgUnitId, user.id],
    );
    const inScope = `c.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE '${scope.pathPattern}')`;
    let count = 0;
    const [previewMs, previewFloorMs] = await alternatingMedians(
      RUNS,
      async () => {
        count = (await segments.preview(scope, test.rule)).count;
      },
      () => dataSource.query(`SELECT c.org_unit_id, c.value_tier, count(*) FROM customers c WHERE ${inScope} AND ${test.floor} GROUP BY 1, 2`),
    );
    const [snapshotMs, snapshotFloorMs] = await alternatingMedians(
      RUNS,
      () => segments.snapshot(scope, saved.id, user.id),
      () => dataSource.transaction(async (manager) => {
        const [row] = await manager.query(
          `INSERT INTO segment_snapshots (segment_name, kind, org_unit_id, taken_by) VALUES ('floor', 'dynamic', $1, $2) RETURNING id`,
          [scope.orgUnitId, user.id],
        );
        await manager.query(`INSERT INTO segment_snapshot_members SELECT $1, c.id FROM customers c WHERE ${inScope} AND ${test.floor}`, [row.id]);
      }),
      () => dataSource.query(`DELETE FROM segment_snapshots WHERE segment_id = $1 OR segment_name = 'floor'`, [saved.id]),
    );
    await dataSource.query('DELETE FROM segments WHERE id = $1', [saved.id]);
    const figure = {
      rule: test.name, count, previewMs, previewFloorMs, previewRatio: ratio(previewMs, previewFloorMs),
      snapshotMs, snapshotFloorMs, snapshotRatio: ratio(snapshotMs, snapshotFloorMs),
    };
    console.log(`[segments] ${JSON.stringify(figure)}`);
    figures.push(figure);
  }
  return figures;
}

function report(customers: number, policies: number, figures: Figure[]): void {
  const machine = { cores: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 };
  const result = { benchmark: 'segments', customers, policies, runs: RUNS, statistic: 'median ms', machine, figures, target: 'preview < 1000 ms and ratio <= 2' };
  writeBenchResults('segments', result, [
    '## Segments: preview and snapshot',
    '',
    `${customers.toLocaleString('en')} customers, ${policies.toLocaleString('en')} policies; median of ${RUNS} runs after a warm-up.`,
    'Preview = count and breakdown by branch and tier (plus the 20-customer sample, run alongside); floor = the same rule',
    'written by hand as one GROUP BY statement. Snapshot = freezing the members; floor = a hand-written INSERT ... SELECT.',
    'Target: preview under 1 s and at most twice the floor.',
    `Machine: ${machine.cores} cores, load average ${machine.loadAverage1m} at the end of the run (other work shares the machine).`,
    '',
    '| rule | members | preview ms | floor ms | ratio | snapshot ms | floor ms | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.rule} | ${f.count.toLocaleString('en')} | ${f.previewMs} | ${f.previewFloorMs} | ${f.previewRatio} | ${f.snapshotMs} | ${f.snapshotFloorMs} | ${f.snapshotRatio} |`),
    '',
  ]);
}

main().catch((error) => {
  console.error(`[segments] ${error.stack ?? error.message}`);
  process.exit(1);
});
