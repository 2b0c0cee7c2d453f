import 'reflect-metadata';
import Redis from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WebOfferTokens } from '@lib/channels';
import { loadConfig } from '@lib/config';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { machineBusyMs, processCpuMs } from './support/cpu-time';
import type { OpenLoopRequest, OpenLoopResult } from './support/open-loop-load';
import { writeBenchResults } from './support/results';
import { firstMessage, freePort, startProcess, stopProcess, waitForHealth } from './support/service-process';

/**
 * The web-offer endpoint under load: the real API as its own process over the signed
 * tokens of customers with an offer of a running campaign's web step (up to 5,000 of
 * the demo's BENCH_CUSTOMERS customers), against a bare Fastify route answering the
 * same bytes (the ceiling) in the same run. Flat out, autocannon (in this process)
 * gives requests per second. At the 5,000 requests/s (p99 under 20 ms), an
 * open-loop generator in a process of its own (bench/support/open-loop-load.ts)
 * sends on a steady schedule and measures each latency from the scheduled send, first
 * against the ceiling (the floor of what it can measure on this machine), then against
 * the API; autocannon's own fixed rate is kept as a row for comparison (bench/README.md
 * says what it measures). Afterwards a worker process moves the impressions to
 * PostgreSQL, and every answered impression must be there.
 *   npm run bench -- web-offers      node dist/bench/web-offers.bench.js --customers 100000 --seconds 20
 */
const OFFER_CUSTOMERS = 5000;
const CONNECTIONS = 50;
/** Connections of the open-loop generator: 5,000/s for 50 ms each before a request waits for one. */
const OPEN_LOOP_CONNECTIONS = 256;
const TARGET_RATE = 5000;
const WARM_UP_SECONDS = 2;
const ROUNDS = 3;
/** Queue keys of its own, so no other worker on the same Redis takes the run's events. */
const QUEUE_PREFIX = 'bench_web_offers';
const DRAIN_TIMEOUT_MS = 900_000;

const DIST = join(__dirname, '..');
const API_MAIN = join(DIST, 'apps', 'api', 'src', 'main.js');
const WORKER_MAIN = join(DIST, 'apps', 'worker', 'src', 'main.js');
const CEILING_MAIN = join(__dirname, 'support', 'web-offers-ceiling.js');
const OPEN_LOOP_MAIN = join(__dirname, 'support', 'open-loop-load.js');

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  requests: { method: string; setupRequest: (request: { path?: string }) => { path?: string } }[];
}
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p99_9: number; max: number };
  errors: number;
  timeouts: number;
  '2xx': number;
}
const autocannon = require('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

/** Seconds each target is loaded per round: `--seconds N`, else BENCH_WEB_OFFERS_SECONDS, else 20 (2 at CI sizes). */
function loadSeconds(customers: number): number {
  const at = process.argv.indexOf('--seconds');
  return Number((at > 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_WEB_OFFERS_SECONDS ?? (customers < 100_000 ? 2 : 20));
}

interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  requests: number;
  answered: number;
  /** Answers other than 200, and requests that got none. */
  unexpected: number;
  /** Cores the machine was busy meanwhile, and of them the loaded server's. */
  machineBusyCores: number;
  serverCores: number;
}

/** Runs `work` and measures the machine's CPU and `server`'s meanwhile. */
async function measured(server: ChildProcess, work: () => Promise<Omit<Load, 'machineBusyCores' | 'serverCores'>>): Promise<Load> {
  const [machineBefore, serverBefore, startedAt] = [machineBusyMs(), processCpuMs(server.pid!), performance.now()];
  const figures = await work();
  const wallMs = performance.now() - startedAt;
  const cores = (ms: number) => Math.round((ms / wallMs) * 100) / 100;
  return { ...figures, machineBusyCores: cores(machineBusyMs() - machineBefore), serverCores: cores(processCpuMs(server.pid!) - serverBefore) };
}

/** autocannon: flat out, or at its `overallRate` (a quota per connection and second, see bench/README.md). */
function closedLoop(server: ChildProcess, port: number, paths: string[], seconds: number, overallRate?: number): Promise<Load> {
  let next = 0;
  return measured(server, async () => {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: seconds,
      overallRate,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
    });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      p999Ms: result.latency.p99_9,
      maxMs: result.latency.max,
      requests: result.requests.total,
      answered: result['2xx'],
      unexpected: result.requests.total - result['2xx'] + result.errors + result.timeouts,
    };
  });
}

/** The open-loop generator, a process of its own for each load: a steady `TARGET_RATE`, latency from each scheduled send. */
function openLoop(server: ChildProcess, port: number, paths: string[], seconds: number): Promise<Load & { generator: OpenLoopResult }> {
  let generator: OpenLoopResult | undefined;
  return measured(server, async () => {
    const child = startProcess(OPEN_LOOP_MAIN, process.env);
    const request: OpenLoopRequest = { host: '127.0.0.1', port, paths, rate: TARGET_RATE, seconds, connections: OPEN_LOOP_CONNECTIONS };
    child.send(request);
    generator = await firstMessage<OpenLoopResult>(child);
    await stopProcess(child);
    return { ...generator, answered: generator.ok };
  }).then((load) => ({ ...load, generator: generator! }));
}

/** A running campaign with a web step whose contacts, due now, are the first `customers` customers'; its offer is the demo's bundle. */
async function createWebCampaign(dataSource: DataSource, customers: number): Promise<{ campaignId: number; customerNos: string[] }> {
  const [province] = await dataSource.query('SELECT id FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const [user] = await dataSource.query('SELECT id FROM users ORDER BY id LIMIT 1');
  const [bundle] = await dataSource.query(
    `INSERT INTO bundles (code, name, short_text, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
     VALUES ('BENCH-WEB-' || floor(random() * 1e9)::text, '家财+意外组合', '一份保障，全家安心', '{JCX,YWX}', 388, '{}', current_date, current_date + 60, $1, $2)
     RETURNING id`,
    [province.id, user.id],
  );
  const [campaign] = await dataSource.query(`INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('running', $1, $2) RETURNING id`, [user.id, province.id]);
  const [revision] = await dataSource.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, budget, bundle_id, created_by)
     VALUES ($1, 1, 'approved', 'bench: web offers', 'cross_sell', current_date, current_date + 30, 100000, $2, $3) RETURNING id`,
    [campaign.id, bundle.id, user.id],
  );
  await dataSource.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
  const [step] = await dataSource.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity)
     VALUES ($1, 1, 'web', 'cross_sell', 0, 0.02, 100000) RETURNING id`,
    [revision.id],
  );
  const rows: { customer_no: string }[] = await dataSource.query(
    `WITH made AS (
       INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
       SELECT id, $1, $2, 'web', org_unit_id, now() - interval '1 minute', 'planned' FROM customers WHERE NOT do_not_contact ORDER BY id LIMIT $3
       RETURNING customer_id)
     SELECT c.customer_no FROM made m JOIN customers c ON c.id = m.customer_id ORDER BY c.id`,
    [campaign.id, step.id, customers],
  );
  return { campaignId: campaign.id, customerNos: rows.map((row) => row.customer_no) };
}

async function dropCampaign(dataSource: DataSource, campaignId: number): Promise<void> {
  for (const table of ['contact_events', 'contact_engagements', 'leads', 'tracked_links']) {
    const column = table === 'tracked_links' ? 'step_id IN (SELECT s.id FROM campaign_steps s JOIN campaign_revisions r ON r.id = s.revision_id WHERE r.campaign_id = $1)' : 'campaign_id = $1';
    await dataSource.query(`DELETE FROM ${table} WHERE ${column}`, [campaignId]);
  }
  await dataSource.query('DELETE FROM contacts WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('UPDATE campaigns SET approved_revision_id = NULL WHERE id = $1', [campaignId]);
  await dataSource.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
}

const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarise(target: string, loads: Load[]) {
  const mid = (pick: (load: Load) => number) => middle(loads.map(pick));
  return {
    target,
    requestsPerSecond: mid((load) => load.requestsPerSecond),
    p50Ms: mid((load) => load.p50Ms),
    p99Ms: mid((load) => load.p99Ms),
    p999Ms: mid((load) => load.p999Ms),
    maxMs: mid((load) => load.maxMs),
    p99MsOfRounds: loads.map((load) => load.p99Ms),
    requests: loads.reduce((total, load) => total + load.requests, 0),
    unexpected: loads.reduce((total, load) => total + load.unexpected, 0),
    machineBusyCores: mid((load) => load.machineBusyCores),
    serverCores: mid((load) => load.serverCores),
  };
}

type Round = { ceiling: Load; api: Load; ceilingAtRate: Load & { generator: OpenLoopResult }; atRate: Load & { generator: OpenLoopResult }; autocannonAtRate: Load };

async function main(): Promise<void> {
  const config = loadConfig();
  const { dataSource, customers } = await openBenchDatabase('web-offers', benchCustomers(), { database: 'campaigns_bench_web_offers', entities: [] });
  const url = new URL(process.env.BENCH_DATABASE_URL ?? config.DATABASE_URL);
  if (!process.env.BENCH_DATABASE_URL) url.pathname = '/campaigns_bench_web_offers';
  const seconds = loadSeconds(customers);
  const redis = new Redis(config.REDIS_URL);
  const streamKey = `${QUEUE_PREFIX}:tracking:contact-events`;
  const children: ChildProcess[] = [];
  let campaignId: number | undefined;
  try {
    await redis.del(streamKey);
    const campaign = await createWebCampaign(dataSource, Math.min(customers, OFFER_CUSTOMERS));
    campaignId = campaign.campaignId;
    const tokens = new WebOfferTokens(config.WEB_OFFER_SECRET);
    const expires = new Date(Date.now() + 12 * 3_600_000);
    const paths = campaign.customerNos.map((no) => `/api/web/offers?limit=3&token=${tokens.customerToken(no, expires)}`);

    const env = { ...process.env, DATABASE_URL: url.toString(), QUEUE_PREFIX, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    const apiPort = await freePort();
    const api = startProcess(API_MAIN, { ...env, PORT: String(apiPort) });
    children.push(api);
    await waitForHealth(api, apiPort);
    // Every customer's offers read once (the cold path: a database read and the contact check each), then answered from memory.
    const coldStarted = performance.now();
    let sample = '';
    for (let i = 0; i < paths.length; i += 50) {
      const answers = await Promise.all(paths.slice(i, i + 50).map((path) => fetch(`http://127.0.0.1:${apiPort}${path}`).then((answer) => answer.text())));
      sample ||= answers[0];
    }
    const coldMs = Math.round(performance.now() - coldStarted);
    const offersShown = (JSON.parse(sample) as { offers: unknown[] }).offers.length;
    if (offersShown !== 1) throw new Error(`a bench customer got ${offersShown} offers, not 1: ${sample.slice(0, 300)}`);
    const ceiling = startProcess(CEILING_MAIN, { ...env, CEILING_BODY: sample });
    children.push(ceiling);
    const { port: ceilingPort } = await firstMessage<{ port: number }>(ceiling);

    console.log(`[web-offers] ${paths.length.toLocaleString('en')} customers with an offer, first read of all in ${coldMs} ms; ${ROUNDS} rounds of ${seconds} s per target`);
    await closedLoop(ceiling, ceilingPort, paths, WARM_UP_SECONDS);
    await closedLoop(api, apiPort, paths, WARM_UP_SECONDS);
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const figures: Round = {
        ceiling: await closedLoop(ceiling, ceilingPort, paths, seconds),
        api: await closedLoop(api, apiPort, paths, seconds),
        ceilingAtRate: await openLoop(ceiling, ceilingPort, paths, seconds),
        atRate: await openLoop(api, apiPort, paths, seconds),
        autocannonAtRate: await closedLoop(api, apiPort, paths, seconds, TARGET_RATE),
      };
      rounds.push(figures);
      const { ceilingAtRate: floor, atRate } = figures;
      console.log(
        `[web-offers] round ${round + 1}: flat out ceiling ${figures.ceiling.requestsPerSecond} req/s, API ${figures.api.requestsPerSecond} req/s; ` +
          `open loop at ${TARGET_RATE}/s: ceiling p99 ${floor.p99Ms} ms, API ${atRate.requestsPerSecond} req/s p50 ${atRate.p50Ms} ms p99 ${atRate.p99Ms} ms p99.9 ${atRate.p999Ms} ms ` +
          `(machine busy ${atRate.machineBusyCores} cores, API ${atRate.serverCores}); autocannon's rate p99 ${figures.autocannonAtRate.p99Ms} ms`,
      );
    }
    const loadAverage1m = Math.round(loadavg()[0] * 10) / 10;
    await stopProcess(api);
    await stopProcess(ceiling);

    // Impressions answered in the measured rounds, the warm-up and the first read.
    const answered = rounds.reduce((total, round) => total + round.api.answered + round.atRate.answered + round.autocannonAtRate.answered, 0);
    const entries = await redis.xlen(streamKey);
    const worker = startProcess(WORKER_MAIN, env);
    children.push(worker);
    const drainStarted = performance.now();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while ((await redis.xlen(streamKey)) > 0) {
      if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the worker left ${await redis.xlen(streamKey)} entries in the stream`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const drainSeconds = Math.round((performance.now() - drainStarted) / 100) / 10;
    const [stored] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE event_type = 'opened')::int AS impressions, count(*) FILTER (WHERE event_type = 'sent')::int AS made
         FROM contact_events WHERE campaign_id = $1`,
      [campaignId],
    );
    const [{ sent }] = await dataSource.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM contacts WHERE campaign_id = $1`, [campaignId]);
    const missing = Math.max(0, answered - stored.impressions);
    console.log(`[web-offers] impressions answered ≥ ${answered}, stored ${stored.impressions} (${entries} stream entries moved in ${drainSeconds} s); contacts made ${sent} of ${paths.length}`);

    const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim(), loadAverage1m };
    const rate = TARGET_RATE.toLocaleString('en');
    const atRate = summarise(`GET /api/web/offers at ${rate} requests/s, open loop (**the target**)`, rounds.map((round) => round.atRate));
    const targets = [
      { tool: 'autocannon, flat out', ...summarise('ceiling: bare Fastify route, same answer', rounds.map((round) => round.ceiling)) },
      { tool: 'autocannon, flat out', ...summarise('GET /api/web/offers', rounds.map((round) => round.api)) },
      { tool: `open loop, ${rate}/s`, ...summarise(`ceiling at ${rate} requests/s (the generator's floor)`, rounds.map((round) => round.ceilingAtRate)) },
      { tool: `open loop, ${rate}/s`, ...atRate },
      { tool: `autocannon overallRate ${rate}`, ...summarise('GET /api/web/offers (bursts; see bench/README.md)', rounds.map((round) => round.autocannonAtRate)) },
    ];
    const generator = (pick: (round: Round) => OpenLoopResult) => ({
      sendLagP99Ms: middle(rounds.map((round) => pick(round).sendLagP99Ms)),
      fromSendP99Ms: middle(rounds.map((round) => pick(round).fromSendP99Ms)),
      mostInFlight: Math.max(...rounds.map((round) => pick(round).mostInFlight)),
      waitedForConnection: rounds.reduce((total, round) => total + pick(round).waitedForConnection, 0),
      cpuCores: middle(rounds.map((round) => pick(round).cpuCores)),
    });
    const openLoopFigures = { ceiling: generator((round) => round.ceilingAtRate.generator), api: generator((round) => round.atRate.generator) };
    const shareOfCeilingPct = middle(rounds.map((round) => Math.round((round.api.requestsPerSecond / Math.max(round.ceiling.requestsPerSecond, 1)) * 100)));
    const meets = (load: { p99Ms: number; requestsPerSecond: number }) => load.p99Ms < 20 && load.requestsPerSecond >= TARGET_RATE * 0.99;
    const met = meets(atRate);
    const roundsMet = rounds.filter((round) => meets(round.atRate)).length;
    writeBenchResults(
      'web-offers',
      {
        benchmark: 'web-offers',
        customers,
        offerCustomers: paths.length,
        connections: { autocannon: CONNECTIONS, openLoop: OPEN_LOOP_CONNECTIONS },
        rounds: ROUNDS,
        secondsPerRound: seconds,
        machine,
        firstReadOfAllMs: coldMs,
        targets,
        openLoop: openLoopFigures,
        shareOfCeilingPct,
        targetMet: met,
        roundsMeetingTarget: roundsMet,
        impressions: { answered, stored: stored.impressions, missing, contactsMade: sent, streamEntries: entries, drainSeconds },
        target: `p99 under 20 ms at ${TARGET_RATE} requests/s; no answered impression missing`,
      },
      [
        '## Web offers under load',
        '',
        `${paths.length.toLocaleString('en')} customers (demo of ${customers.toLocaleString('en')}) with a due offer of a running campaign's web step, each asked for`,
        "with its own signed customer token (`limit=3`); the API (built `apps/api` main) and the ceiling, a bare Fastify route answering",
        `the same bytes with the same headers, each a process of their own. Every customer's offers were read once first (${coldMs.toLocaleString('en')} ms for all: the`,
        'database read and contact check of a cache miss), so the rounds measure answers from memory (each read anew in the background',
        'once a minute), each checking the token and appending its impression to the tracking stream.',
        `Flat out: autocannon in the benchmark's process, ${CONNECTIONS} connections. At ${rate} requests/s: the open-loop generator`,
        `(bench/support/open-loop-load.ts) in a process of its own, one request every 0.2 ms on ${OPEN_LOOP_CONNECTIONS} keep-alive connections opened first,`,
        'each latency from its scheduled send time, so stalls count for every request they held up. autocannon\'s own fixed rate',
        'is kept as the last row: per connection a quota each second, sent back to back and then idle, so it measures bursts (bench/README.md).',
        `${ROUNDS} rounds of ${seconds} s per target in turn after ${WARM_UP_SECONDS} s of warm-up; medians of the rounds.`,
        `Machine: ${machine.cores} cores (${machine.cpu}), load average ${loadAverage1m} at the end; "busy" is the whole machine's CPU during the row`,
        '(the server\'s own in brackets), in cores of the two: whatever is more than the server and its load generator is other work on the machine.',
        '',
        '| load | target | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | requests | unexpected | busy cores (server) |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...targets.map(
          (row) =>
            `| ${row.tool} | ${row.target} | ${row.requestsPerSecond.toLocaleString('en')} | ${row.p50Ms} | ${row.p99Ms} | ${row.p999Ms} | ${row.maxMs} | ` +
            `${row.requests.toLocaleString('en')} | ${row.unexpected} | ${row.machineBusyCores} (${row.serverCores}) |`,
        ),
        '',
        `**Target ${met ? 'met' : 'not met'}** (median of the rounds): p99 ${atRate.p99Ms} ms at ${atRate.requestsPerSecond.toLocaleString('en')} requests/s; under 20 ms in ${roundsMet} of ${ROUNDS} rounds (${atRate.p99MsOfRounds.join(', ')} ms). The generator's floor`,
        `on the bare route in the same rounds is p99 ${targets[2].p99Ms} ms. Against the API the generator sent its requests ${openLoopFigures.api.sendLagP99Ms} ms late at p99, had at most`,
        `${openLoopFigures.api.mostInFlight} requests in flight (${openLoopFigures.api.waitedForConnection} of them waited for one of the ${OPEN_LOOP_CONNECTIONS} connections) and took ${openLoopFigures.api.cpuCores} cores; measured`,
        `from the actual send instead of the schedule, the API's p99 would read ${openLoopFigures.api.fromSendP99Ms} ms.`,
        `Flat out, the endpoint reaches ${shareOfCeilingPct}% of the ceiling's requests per second.`,
        `Impressions: ${answered.toLocaleString('en')} answered in the rounds, ${stored.impressions.toLocaleString('en')} stored (warm-up and first read included), **${missing} missing**;`,
        `${sent.toLocaleString('en')} of ${paths.length.toLocaleString('en')} contacts made ('sent') by their first impression. A worker started after the load moved`,
        `${entries.toLocaleString('en')} stream entries in ${drainSeconds} s.`,
        '',
      ],
    );
    if (missing > 0) throw new Error(`${missing} answered impressions are not in PostgreSQL`);
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    if (campaignId !== undefined) await dropCampaign(dataSource, campaignId);
    await redis.del(streamKey);
    redis.disconnect();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`[web-offers] ${error.stack ?? error.message}`);
  process.exit(1);
});
