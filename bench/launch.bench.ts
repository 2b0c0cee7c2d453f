import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ApprovalThresholdService, CampaignAudit, CampaignMoveListeners, CampaignRevision, CampaignService, CampaignStep } from '@lib/campaigns';
import { addDays } from '@lib/campaigns/plan-dates';
import { CancellableQueries } from '@lib/database';
import { todayIsoDate } from '@lib/demo';
import { ContactEligibility, ContactPolicy, ContactPolicyService } from '@lib/contact-rules';
import { CampaignLaunchService } from '@lib/dispatch';
import { Segment, SegmentService, SegmentSnapshot } from '@lib/segments';
import { addContactHistory, benchCustomers, openBenchDatabase } from './support/bench-database';
import { ratio, writeBenchResults } from './support/results';

/**
 * The launch of a campaign whose audience is the whole demo province (BENCH_CUSTOMERS
 * customers, 1,000,000 by default): audience frozen, contact rules per step, the
 * stratified control group and the contact rows of an email step for every city and a
 * call step for half of them, against a plain INSERT … SELECT of the same audience and
 * steps into a copy of the contacts table (its indexes and unique key, no foreign keys)
 * in the same run. Target: the launch under 60 s. A launch happens once per campaign,
 * so each side runs once, on a campaign of its own.
 *   npm run bench -- launch        node dist/bench/launch.bench.js --customers 1000000
 */
const CONTROL_SHARE_PCT = 10;

/** Every customer: a rule that cannot be false. */
const EVERYONE = {
  type: 'group',
  op: 'any',
  children: [
    { type: 'condition', field: 'do_not_contact', operator: 'is', value: false },
    { type: 'condition', field: 'do_not_contact', operator: 'is', value: true },
  ],
};

interface BenchCampaign {
  campaignId: number;
  stepIds: number[];
}

async function main(): Promise<void> {
  const { dataSource, customers, policies } = await openBenchDatabase('launch', benchCustomers(), {
    database: 'campaigns_bench_launch',
    entities: [Segment, SegmentSnapshot, ContactPolicy, CampaignRevision, CampaignStep],
    afterLoad: addContactHistory,
  });
  try {
    const segments = new SegmentService(dataSource.getRepository(Segment), dataSource, new CancellableQueries(dataSource));
    const audit = new CampaignAudit();
    const campaigns = new CampaignService(dataSource, audit, new ApprovalThresholdService(dataSource));
    const launches = new CampaignLaunchService(dataSource, campaigns, audit, segments, new ContactPolicyService(dataSource), new ContactEligibility(dataSource), new CampaignMoveListeners());
    const [province] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
    const scope = new OrgScope(province.id, province.path);
    const cities: { id: number }[] = await dataSource.query('SELECT id FROM org_units WHERE level = 3 AND path LIKE $1 ORDER BY id', [scope.pathPattern]);
    const [user] = await dataSource.query('SELECT id FROM users ORDER BY id LIMIT 1');
    const [segment] = await dataSource.query(
      `INSERT INTO segments (name, kind, rule, owner_org_unit_id, created_by) VALUES ('bench: everyone', 'dynamic', $1::jsonb, $2, $3) RETURNING id`,
      [JSON.stringify(EVERYONE), scope.orgUnitId, user.id],
    );
    const branchIds = cities.map((c) => c.id);
    const plan = { segmentId: segment.id, ownerId: user.id, owningUnitId: scope.orgUnitId, branchIds, callBranchIds: branchIds.filter((_, i) => i % 2 === 0) };

    const launched = await createCampaign(dataSource, plan);
    let started = performance.now();
    await launches.launch(launched.campaignId, { seed: 1 });
    const launchMs = Math.round(performance.now() - started);
    const [counts] = await dataSource.query(
      `SELECT l.audience, l.control, (SELECT count(*)::int FROM contacts k WHERE k.campaign_id = l.campaign_id) AS contacts,
              (SELECT count(*)::int FROM launch_exclusions x WHERE x.launch_id = l.id) AS left_out
         FROM campaign_launches l WHERE l.campaign_id = $1`,
      [launched.campaignId],
    );

    const baseline = await createCampaign(dataSource, plan);
    const audience = await segments.campaignAudience(scope, { includeSegmentIds: [segment.id], excludeSegmentIds: [], branchIds });
    await dataSource.query('DROP TABLE IF EXISTS bench_launch_contacts');
    await dataSource.query('CREATE TABLE bench_launch_contacts (LIKE contacts INCLUDING ALL)');
    const params = [...audience.params, baseline.campaignId, baseline.stepIds];
    started = performance.now();
    await dataSource.query(
      `INSERT INTO bench_launch_contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
       SELECT c.id, $${params.length - 1}, s.step_id, 'email', c.org_unit_id, now(), 'planned'
         FROM customers c CROSS JOIN unnest($${params.length}::int[]) AS s(step_id)
        WHERE c.id IN (SELECT a.customer_id FROM (${audience.sql}) a)`,
      params,
    );
    const baselineMs = Math.round(performance.now() - started);

    await dataSource.query('DROP TABLE bench_launch_contacts');
    for (const campaign of [launched, baseline]) await dropCampaign(dataSource, campaign.campaignId);
    await dataSource.query('DELETE FROM segments WHERE id = $1', [segment.id]);

    const machine = { cores: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 };
    const figure = {
      audience: counts.audience, control: counts.control, leftOut: counts.left_out, contacts: counts.contacts, launchMs, baselineMs, ratio: ratio(launchMs, baselineMs),
    };
    console.log(`[launch] ${JSON.stringify(figure)}`);
    writeBenchResults('launch', { benchmark: 'launch', customers, policies, runs: 1, statistic: 'ms', machine, figure, target: 'launch < 60000 ms' }, [
      '## Campaign launch',
      '',
      `${customers.toLocaleString('en')} customers, ${policies.toLocaleString('en')} policies; one run each (a campaign launches once).`,
      'A campaign over the whole province with an email step for every city and a call step for half of them: the audience frozen,',
      `contact rules per step (ContactEligibility, a fifth of the customers contacted in the last month), a ${CONTROL_SHARE_PCT} % control group`,
      'stratified by branch and value tier, and one planned contact per step and treated customer, in one transaction.',
      'Baseline: a plain INSERT … SELECT of the same audience and steps into a copy of the contacts table (its indexes and unique key,',
      'no foreign keys, no rules, no control group). Target: the launch under 60 s.',
      `Machine: ${machine.cores} cores, load average ${machine.loadAverage1m} at the end of the run (other work shares the machine).`,
      '',
      '| audience | left out (customer × step) | control | contacts | launch ms | baseline ms | ratio |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${figure.audience.toLocaleString('en')} | ${figure.leftOut.toLocaleString('en')} | ${figure.control.toLocaleString('en')} | ${figure.contacts.toLocaleString('en')} | ${launchMs} | ${baselineMs} | ${figure.ratio} |`,
      '',
    ]);
  } finally {
    await dataSource.destroy();
  }
}

/** A scheduled campaign with its plan approved: starting next week, an email step for every branch and calls for some. */
async function createCampaign(
  dataSource: DataSource,
  plan: { segmentId: number; ownerId: number; owningUnitId: number; branchIds: number[]; callBranchIds: number[] },
): Promise<BenchCampaign> {
  const [campaign] = await dataSource.query(
    `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('scheduled', $1, $2) RETURNING id`,
    [plan.ownerId, plan.owningUnitId],
  );
  const [revision] = await dataSource.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, include_segment_ids,
                                     control_share_pct, budget, branch_ids, created_by)
     VALUES ($1, 1, 'approved', 'bench: launch', 'cross_sell', $2, $3, $4, $5, 1000000, $6, $7) RETURNING id`,
    [campaign.id, addDays(todayIsoDate(), 7), addDays(todayIsoDate(), 37), [plan.segmentId], CONTROL_SHARE_PCT, plan.branchIds, plan.ownerId],
  );
  await dataSource.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
  const steps: { id: number }[] = await dataSource.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, window_end, cost_per_contact, daily_capacity, branch_ids)
     VALUES ($1, 1, 'email', 'bench-offer', 0, '10:00', '18:00', 0.10, 100000, '{}'),
            ($1, 2, 'phone', 'bench-call', 7, '10:00', '18:00', 4.00, 300, $2)
     RETURNING id`,
    [revision.id, plan.callBranchIds],
  );
  return { campaignId: campaign.id, stepIds: steps.map((s) => s.id) };
}

async function dropCampaign(dataSource: DataSource, campaignId: number): Promise<void> {
  await dataSource.query('DELETE FROM contacts WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('DELETE FROM campaign_launches WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('UPDATE campaigns SET approved_revision_id = NULL WHERE id = $1', [campaignId]);
  await dataSource.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
}

main().catch((error) => {
  console.error(`[launch] ${error.stack ?? error.message}`);
  process.exit(1);
});
