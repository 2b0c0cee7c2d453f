import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ApprovalThresholdService, CampaignAudit, CampaignService } from '@lib/campaigns';
import { addDays } from '@lib/campaigns/plan-dates';
import { todayIsoDate } from '@lib/demo';
import { CancellableQueries } from '@lib/database';
import { ContactEligibility, ContactPolicy, ContactPolicyService } from '@lib/contact-rules';
import { CampaignForecast, ForecastInput } from '@lib/forecast';
import { Segment, SegmentService, SegmentSnapshot } from '@lib/segments';
import { addContactHistory, benchCustomers, openBenchDatabase } from './support/bench-database';
import { alternatingMedians, ratio, writeBenchResults } from './support/results';

/**
 * The forecast of a campaign whose audience is the whole demo province (BENCH_CUSTOMERS
 * customers, 1,000,000 by default) across every city, with three channel steps, against
 * the plain count of the same audience as the baseline in the same run. Target: under 2 s.
 * Runs in its own database, campaigns_bench_forecast, loaded once and reused.
 *   npm run bench -- forecast        node dist/bench/forecast.bench.js --customers 1000000
 */
const RUNS = 5;

/** Every customer: a rule that cannot be false. */
const EVERYONE = {
  type: 'group',
  op: 'any',
  children: [
    { type: 'condition', field: 'do_not_contact', operator: 'is', value: false },
    { type: 'condition', field: 'do_not_contact', operator: 'is', value: true },
  ],
};

async function main(): Promise<void> {
  const { dataSource, customers, policies } = await openBenchDatabase('forecast', benchCustomers(), {
    database: 'campaigns_bench_forecast',
    entities: [Segment, SegmentSnapshot, ContactPolicy],
    afterLoad: addContactHistory,
  });
  try {
    const segments = new SegmentService(dataSource.getRepository(Segment), dataSource, new CancellableQueries(dataSource));
    const campaigns = new CampaignService(dataSource, new CampaignAudit(), new ApprovalThresholdService(dataSource));
    const forecasts = new CampaignForecast(dataSource, segments, new ContactPolicyService(dataSource), new ContactEligibility(dataSource), campaigns);
    const [province] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
    const scope = new OrgScope(province.id, province.path);
    const cities: { id: number }[] = await dataSource.query('SELECT id FROM org_units WHERE level = 3 AND path LIKE $1', [scope.pathPattern]);
    const [user] = await dataSource.query('SELECT id FROM users ORDER BY id LIMIT 1');
    const [segment] = await dataSource.query(
      `INSERT INTO segments (name, kind, rule, owner_org_unit_id, created_by) VALUES ('bench: everyone', 'dynamic', $1::jsonb, $2, $3) RETURNING id`,
      [JSON.stringify(EVERYONE), scope.orgUnitId, user.id],
    );
    const branchIds = cities.map((c) => c.id);
    const plan: ForecastInput = {
      objective: 'cross_sell',
      // Next week for a month: the contact history of the last 30 days still counts against the caps.
      startDate: addDays(todayIsoDate(), 7),
      endDate: addDays(todayIsoDate(), 37),
      includeSegmentIds: [segment.id],
      branchIds,
      controlSharePct: 10,
      budget: '500000.00',
      steps: [
        { channel: 'email', costPerContact: '0.10' },
        { channel: 'phone', costPerContact: '4.00', dailyCapacity: 300, daysOfWeek: [1, 2, 3, 4, 5] },
        { channel: 'agent_visit', costPerContact: '30.00', dailyCapacity: 20, startOffsetDays: 7 },
      ],
    };
    const audience = await segments.campaignAudience(scope, { includeSegmentIds: [segment.id], excludeSegmentIds: [], branchIds });
    let result = await forecasts.forecast(scope, plan);
    const [forecastMs, countMs] = await alternatingMedians(
      RUNS,
      async () => {
        result = await forecasts.forecast(scope, plan);
      },
      () => dataSource.query(`SELECT count(*) FROM (${audience.sql}) a`, audience.params),
    );
    await dataSource.query('DELETE FROM segments WHERE id = $1', [segment.id]);
    const machine = { cores: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 };
    const figure = { audience: result.audience, contactable: result.contactable, contacts: result.contacts, forecastMs, countMs, ratio: ratio(forecastMs, countMs) };
    console.log(`[forecast] ${JSON.stringify(figure)}`);
    writeBenchResults('forecast', { benchmark: 'forecast', customers, policies, runs: RUNS, statistic: 'median ms', machine, figure, target: 'forecast < 2000 ms' }, [
      '## Campaign forecast',
      '',
      `${customers.toLocaleString('en')} customers, ${policies.toLocaleString('en')} policies; median of ${RUNS} runs after a warm-up.`,
      'A cross-sell plan over the whole province (every city) with an email, a call-centre and a field-agent step: audience,',
      'contact rules and consent per channel (ContactEligibility), contacts within capacity and budget, expected return.',
      'Baseline: the plain count of the same audience in the same run. Target: the forecast under 2 s.',
      `Machine: ${machine.cores} cores, load average ${machine.loadAverage1m} at the end of the run (other work shares the machine).`,
      '',
      '| audience | contactable | contacts planned | forecast ms | audience count ms | ratio |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${figure.audience.toLocaleString('en')} | ${figure.contactable.toLocaleString('en')} | ${figure.contacts.toLocaleString('en')} | ${forecastMs} | ${countMs} | ${figure.ratio} |`,
      '',
    ]);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`[forecast] ${error.stack ?? error.message}`);
  process.exit(1);
});
