import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/create-api-app';
import { AuthUser, OrgScope, Role } from '@lib/auth';
import { CampaignCommitments } from '@lib/campaigns';
import { addDays } from '@lib/campaigns/plan-dates';
import { BudgetPoolService } from '@lib/budgets';
import { CallDesk, CallListGenerator } from '@lib/channels';
import { ContactPolicyService } from '@lib/contact-rules';
import { todayIsoDate } from '@lib/demo';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { ratio, writeBenchResults } from './support/results';

/**
 * Call lists (docs/call-centre.md). 1: the generation of the day's lists from 100,000
 * (at most BENCH_CUSTOMERS) due contacts of a phone step over every city of the demo province, against a plain
 * INSERT … SELECT of the same rows into a copy of call_list_entries in the same run.
 * 2: 200 agents asking for their next call at once, each working CALLS_PER_AGENT calls
 * (next call, then a disposition): calls handed out per second, and a check that no
 * call was handed out twice. Runs on the API's own services and connection pool.
 *   npm run bench -- call-lists        node dist/bench/call-lists.bench.js --customers 1000000
 */
const CONTACTS = 100_000;
const AGENTS = 200;
const CALLS_PER_AGENT = 10;

async function main(): Promise<void> {
  const customers = benchCustomers();
  // A small run (CI's 2,000 customers) lists them all.
  const contacts = Math.min(CONTACTS, customers);
  const { dataSource } = await openBenchDatabase('call-lists', customers, { database: 'campaigns_bench_call_lists', entities: [] });
  process.env.DATABASE_URL = urlOf(dataSource);
  const app = await createApiApp();
  await app.init();
  try {
    await clearEarlierRuns(dataSource);
    const { campaignId, stepId, cityIds, agents } = await prepare(app, dataSource, contacts);
    // Quiet hours away from now and no holidays, so the run does not depend on the hour it starts at.
    await app.get(ContactPolicyService).loadDefault();
    const away = (hours: number) => new Date(Date.now() + (8 + hours) * 3_600_000).toISOString().slice(11, 16);
    await dataSource.query(
      `UPDATE contact_policies SET quiet_hours = quiet_hours || jsonb_build_object('phone', jsonb_build_object('start', $1::text, 'end', $2::text)), holidays = '[]'::jsonb WHERE is_default`,
      [away(6), away(7)],
    );

    const generator = app.get(CallListGenerator);
    let started = performance.now();
    const round = await generator.generate();
    const generationMs = Math.round(performance.now() - started);

    await dataSource.query('DROP TABLE IF EXISTS bench_call_entries');
    await dataSource.query('CREATE TABLE bench_call_entries (LIKE call_list_entries INCLUDING ALL)');
    const [batch] = await dataSource.query(`SELECT batch_id FROM call_list_days WHERE step_id = $1 LIMIT 1`, [stepId]);
    started = performance.now();
    await dataSource.query(
      `INSERT INTO bench_call_entries (contact_id, batch_id, campaign_id, step_id, branch_id, list_day, due_at)
       SELECT k.id, $2, k.campaign_id, k.step_id, k.org_unit_id, current_date, now() FROM contacts k WHERE k.step_id = $1`,
      [stepId, batch.batch_id],
    );
    const baselineMs = Math.round(performance.now() - started);
    await dataSource.query('DROP TABLE bench_call_entries');

    const desk = app.get(CallDesk);
    const handed: number[] = [];
    started = performance.now();
    await Promise.all(
      agents.map(async (agent) => {
        for (let i = 0; i < CALLS_PER_AGENT; i += 1) {
          const next = await desk.nextCall(agent);
          if (!next.call) return;
          handed.push(next.call.contactId);
          await desk.record(agent, next.call.contactId, { disposition: 'not_interested' });
        }
      }),
    );
    const agentsMs = Math.round(performance.now() - started);
    const distinct = new Set(handed).size;
    const [{ twice }] = await dataSource.query(
      `SELECT count(*)::int AS twice FROM (SELECT contact_id FROM contact_events WHERE campaign_id = $1 AND event_type = 'called' GROUP BY contact_id HAVING count(*) > 1) x`,
      [campaignId],
    );
    const perSecond = Math.round((handed.length / agentsMs) * 1000);

    const results = {
      contacts,
      branches: cityIds.length,
      generation: { listed: round.listed, ms: generationMs, baselineMs, ratio: ratio(generationMs, baselineMs) },
      agents: { agents: AGENTS, callsHandedOut: handed.length, distinct, handedTwice: handed.length - distinct + twice, ms: agentsMs, callsPerSecond: perSecond },
      machine: { cores: cpus().length, load: loadavg().map((l) => Math.round(l * 100) / 100) },
    };
    console.log(JSON.stringify(results, null, 2));
    writeBenchResults('call-lists', results, [
      '## call-lists — call-list generation and next call',
      '',
      `${contacts.toLocaleString('en')} due contacts of one phone step over ${cityIds.length} city branches; ${cpus().length} cores, load ${results.machine.load.join(' / ')}.`,
      '',
      '| measure | ours | plain INSERT … SELECT | ratio |',
      '|---|---:|---:|---:|',
      `| generate the day's lists (${round.listed.toLocaleString('en')} calls listed) | ${generationMs} ms | ${baselineMs} ms | ${results.generation.ratio} |`,
      '',
      '| agents at once | calls handed out | distinct | handed out twice | time | calls per second |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${AGENTS} | ${handed.length} | ${distinct} | ${results.agents.handedTwice} | ${agentsMs} ms | ${perSecond} |`,
      '',
    ]);
  } finally {
    await app.close();
    await dataSource.destroy();
  }
}

function urlOf(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string };
  if (!options.url) throw new Error('the bench database has no URL');
  return options.url;
}

/** A run leaves its campaign behind; the next one starts from the demo alone. */
async function clearEarlierRuns(dataSource: DataSource): Promise<void> {
  const earlier: { id: number }[] = await dataSource.query(`SELECT id FROM campaigns WHERE code LIKE 'BENCH-CALL-%'`);
  const ids = earlier.map((row) => row.id);
  if (ids.length === 0) return;
  await dataSource.query(`DELETE FROM call_list_entries WHERE campaign_id = ANY($1)`, [ids]);
  await dataSource.query(`DELETE FROM call_list_days WHERE step_id IN (SELECT id FROM campaign_steps WHERE revision_id IN (SELECT id FROM campaign_revisions WHERE campaign_id = ANY($1)))`, [ids]);
  await dataSource.query(`UPDATE campaigns SET status = 'completed' WHERE id = ANY($1)`, [ids]);
}

/** A running campaign with one phone step of today over every city, its budget reserved, and 100,000 due contacts; 200 call agents. */
async function prepare(app: INestApplication, dataSource: DataSource, contacts: number): Promise<{ campaignId: number; stepId: number; cityIds: number[]; agents: AuthUser[] }> {
  const [province] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const cities: { id: number }[] = await dataSource.query('SELECT id FROM org_units WHERE level = 3 AND path LIKE $1 ORDER BY id', [`${province.path}%`]);
  const cityIds = cities.map((city) => city.id);
  const [owner] = await dataSource.query(`SELECT id FROM users ORDER BY id LIMIT 1`);
  const today = todayIsoDate();
  const year = Number(today.slice(0, 4));
  const [pool] = await dataSource.query(`SELECT 1 FROM budget_pools WHERE org_unit_id = $1 AND fiscal_year = $2`, [province.id, year]);
  if (!pool) await app.get(BudgetPoolService).create(new OrgScope(province.id, province.path), owner.id, { fiscalYear: year, orgUnitId: province.id, amount: '100000000.00' });

  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM campaigns WHERE code LIKE 'BENCH-CALL-%'`);
  const [campaign] = await dataSource.query(
    `INSERT INTO campaigns (code, status, owner_id, owning_org_unit_id) VALUES ($1, 'approved', $2, $3) RETURNING id`,
    [`BENCH-CALL-${n + 1}`, owner.id, province.id],
  );
  const [revision] = await dataSource.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, control_share_pct, budget, branch_ids, created_by)
     VALUES ($1, 1, 'approved', 'bench: call lists', 'cross_sell', $2, $3, 0, 1000000, $4, $5) RETURNING id`,
    [campaign.id, today, addDays(today, 3), cityIds, owner.id],
  );
  await dataSource.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
  const [step] = await dataSource.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity, branch_ids)
     VALUES ($1, 1, 'phone', 'cross_sell', 0, 4.00, $2, '{}') RETURNING id`,
    [revision.id, contacts],
  );
  const days = [0, 1, 2, 3].map((offset) => addDays(today, offset));
  await dataSource.transaction((manager) =>
    app.get(CampaignCommitments).commit(manager, {
      campaignId: campaign.id,
      revisionId: revision.id,
      owningUnitId: province.id,
      startDate: today,
      endDate: addDays(today, 3),
      budgetFen: 100_000_000,
      branchIds: cityIds,
      steps: [{ stepId: step.id, channel: 'phone', days, dailyCapacity: contacts, costPerContactFen: 400, branchIds: cityIds }],
    }),
  );
  await dataSource.query(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [campaign.id]);
  await dataSource.query(`INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct) VALUES ($1, $2, 1, 0)`, [campaign.id, revision.id]);
  // The customers of the run may be phoned: the bench measures the lists and the desk, not the launch's exclusions.
  await dataSource.query(
    `WITH picked AS (SELECT id FROM customers ORDER BY id LIMIT $1)
     UPDATE customers c SET consent_phone = true, do_not_contact = false FROM picked p WHERE c.id = p.id`,
    [contacts],
  );
  await dataSource.query(`DELETE FROM do_not_call WHERE customer_id IN (SELECT id FROM customers ORDER BY id LIMIT $1)`, [contacts]);
  await dataSource.query(
    `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
     SELECT c.id, $1, $2, 'phone', c.org_unit_id, now() - interval '1 minute', 'planned' FROM customers c ORDER BY c.id LIMIT $3`,
    [campaign.id, step.id, contacts],
  );
  await dataSource.query('ANALYZE contacts');

  // 200 agents spread over the counties of the province, each working their city's list.
  const counties: { id: number; path: string }[] = await dataSource.query('SELECT id, path FROM org_units WHERE level = 4 AND path LIKE $1 ORDER BY id', [`${province.path}%`]);
  const agents: AuthUser[] = [];
  for (let i = 0; i < AGENTS; i += 1) {
    const county = counties[i % counties.length];
    const [user] = await dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, org_unit_id, roles) VALUES ($1, $2, 'x', $3, '{call_agent}')
       ON CONFLICT (username) DO UPDATE SET org_unit_id = EXCLUDED.org_unit_id RETURNING id`,
      [`bench.agent${i}`, `坐席 ${i}`, county.id],
    );
    agents.push({
      id: user.id,
      username: `bench.agent${i}`,
      displayName: `坐席 ${i}`,
      roles: [Role.CallAgent],
      orgUnitId: county.id,
      orgUnitName: '',
      orgUnitNameEn: null,
      orgLevel: 4,
      scope: new OrgScope(county.id, county.path),
    });
  }
  return { campaignId: campaign.id, stepId: step.id, cityIds, agents };
}

main().catch((error) => {
  console.error(`[call-lists] ${error.stack ?? error.message}`);
  process.exit(1);
});
