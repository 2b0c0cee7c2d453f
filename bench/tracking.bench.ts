import 'reflect-metadata';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@lib/config';
import { TrackedLinks, TrackingPurpose, TrackingTokens } from '@lib/tracking';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { machineBusyMs, processCpuMs } from './support/cpu-time';
import { writeBenchResults } from './support/results';
import { firstMessage, freePort, startProcess, stopProcess, waitForHealth } from './support/service-process';

/**
 * The public tracking links under load: the real API as its own process, autocannon in
 * this one, over the signed links of a sent email step (up to 5,000 contacts of the demo,
 * BENCH_CUSTOMERS customers): the open pixel and the click redirect, each over every
 * contact's own link, against a bare Fastify route answering the same GIF (the ceiling)
 * in the same run. Then a worker process moves the events to PostgreSQL, and every
 * answered open and click must be there, per contact. Target: at least 50% of the
 * ceiling's requests per second, and no answered event missing (the benchmark fails then).
 *   npm run bench -- tracking      node dist/bench/tracking.bench.js --customers 1000000 --seconds 20
 */
const TRACKED_CONTACTS = 5000;
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 1;
const ROUNDS = 3;
/** Queue keys of its own, so no other worker on the same Redis takes the run's events. */
const QUEUE_PREFIX = 'bench_tracking';
const THUNDERBIRD = 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0';
const LINKS = ['https://www.example.com/home-cover?utm_campaign=bench', 'https://www.example.com/branches'];
const DRAIN_TIMEOUT_MS = 600_000;

const DIST = join(__dirname, '..');
const API_MAIN = join(DIST, 'apps', 'api', 'src', 'main.js');
const WORKER_MAIN = join(DIST, 'apps', 'worker', 'src', 'main.js');
const CEILING_MAIN = join(__dirname, 'support', 'pixel-ceiling.js');

/** Seconds each target is loaded per round: `--seconds N`, else BENCH_TRACKING_SECONDS, else 20 (1 at CI sizes). */
function loadSeconds(customers: number): number {
  const at = process.argv.indexOf('--seconds');
  return Number((at > 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_TRACKING_SECONDS ?? (customers < 100_000 ? 1 : 20));
}

interface Target {
  name: string;
  label: string;
  port: number;
  /** The process answering, whose CPU is counted per request. */
  pid: number;
  /** One path per contact link; requests go round them. */
  paths: string[];
  /** Index of each path's contact, or undefined for the ceiling, which records nothing. */
  contactOf?: number[];
  expectedStatus: number;
}

interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers with another status than the target's, and requests that got none. */
  unexpected: number;
  /** CPU of the answering process per request, in microseconds: unlike the rate, hardly moved by other work on the machine. */
  cpuUsPerRequest: number;
  /** Cores the whole machine kept busy meanwhile (the load generator, Redis, other work), of `cpus().length`. */
  machineBusyCores: number;
}

/**
 * Loads a target for `seconds` and adds each answered request to its contact's count
 * in `answered`: without pipelining a connection has one request in flight, so its
 * context names the contact of the answer.
 */
async function load(target: Target, seconds: number, answered: number[]): Promise<Load> {
  let next = 0;
  const [cpuBefore, busyBefore, startedAt] = [processCpuMs(target.pid), machineBusyMs(), performance.now()];
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': THUNDERBIRD },
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const index = next++ % target.paths.length;
          context.index = index;
          return { ...request, path: target.paths[index] };
        },
        onResponse: (status, _body, context) => {
          if (target.contactOf && status === target.expectedStatus) answered[target.contactOf[context.index as number]] += 1;
        },
      },
    ],
  });
  const expected = target.expectedStatus === 302 ? result['3xx'] : result['2xx'];
  const elapsedMs = performance.now() - startedAt;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    unexpected: result.requests.total - expected + result.errors + result.timeouts,
    cpuUsPerRequest: Math.round(((processCpuMs(target.pid) - cpuBefore) * 1000) / Math.max(result.requests.total, 1) * 10) / 10,
    machineBusyCores: Math.round(((machineBusyMs() - busyBefore) / elapsedMs) * 100) / 100,
  };
}

/** Whether a worker has read from the stream: its consumer group has entries pending. */
async function readStarted(redis: Redis, streamKey: string): Promise<boolean> {
  try {
    const [pending] = (await redis.xpending(streamKey, 'contact-events')) as [number];
    return pending > 0;
  } catch {
    // No group yet: the worker has not read.
    return false;
  }
}

interface TargetFigures extends Load {
  target: string;
  shareOfCeilingPct: number;
}

/** Medians over the rounds; the share is each round's against that round's ceiling. */
function summarise(name: string, loads: Load[], ceilings: Load[]): TargetFigures {
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    target: name,
    requestsPerSecond: middle(loads.map((figures) => figures.requestsPerSecond)),
    p50Ms: middle(loads.map((figures) => figures.p50Ms)),
    p99Ms: middle(loads.map((figures) => figures.p99Ms)),
    requests: loads.reduce((total, figures) => total + figures.requests, 0),
    unexpected: loads.reduce((total, figures) => total + figures.unexpected, 0),
    cpuUsPerRequest: middle(loads.map((figures) => figures.cpuUsPerRequest)),
    machineBusyCores: middle(loads.map((figures) => figures.machineBusyCores)),
    shareOfCeilingPct: middle(loads.map((figures, round) => Math.round((figures.requestsPerSecond / Math.max(ceilings[round].requestsPerSecond, 1)) * 100))),
  };
}

interface BenchCampaign {
  campaignId: number;
  stepId: number;
  contactIds: number[];
}

/** A running campaign whose email step was sent to the first `contacts` customers, its links registered as the channel does. */
async function createSentCampaign(dataSource: DataSource, contacts: number): Promise<BenchCampaign> {
  const [province] = await dataSource.query('SELECT id FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const [user] = await dataSource.query('SELECT id FROM users ORDER BY id LIMIT 1');
  const [campaign] = await dataSource.query(
    `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('running', $1, $2) RETURNING id`,
    [user.id, province.id],
  );
  const [revision] = await dataSource.query(
    `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, budget, created_by)
     VALUES ($1, 1, 'approved', 'bench: tracking', 'cross_sell', current_date, current_date + 30, 100000, $2) RETURNING id`,
    [campaign.id, user.id],
  );
  await dataSource.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
  const [step] = await dataSource.query(
    `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, window_end, cost_per_contact, daily_capacity)
     VALUES ($1, 1, 'email', 'bench-offer', 0, '09:00', '20:00', 0.10, 100000) RETURNING id`,
    [revision.id],
  );
  const rows: { id: number }[] = await dataSource.query(
    `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
     SELECT id, $1, $2, 'email', org_unit_id, now(), 'sent' FROM customers ORDER BY id LIMIT $3
     RETURNING id::int AS id`,
    [campaign.id, step.id, contacts],
  );
  return { campaignId: campaign.id, stepId: step.id, contactIds: rows.map((row) => row.id) };
}

async function dropCampaign(dataSource: DataSource, campaignId: number): Promise<void> {
  await dataSource.query('DELETE FROM contact_events WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('DELETE FROM contact_engagements WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('DELETE FROM contacts WHERE campaign_id = $1', [campaignId]);
  await dataSource.query('UPDATE campaigns SET approved_revision_id = NULL WHERE id = $1', [campaignId]);
  await dataSource.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { dataSource, url, customers } = await openBenchDatabase('tracking', benchCustomers(), { database: 'campaigns_bench_tracking', entities: [] });
  const seconds = loadSeconds(customers);
  const redis = new Redis(config.REDIS_URL);
  const streamKey = `${QUEUE_PREFIX}:tracking:contact-events`;
  const children: ChildProcess[] = [];
  let campaign: BenchCampaign | undefined;
  try {
    // What a killed earlier run left in the stream belongs to no campaign of this run.
    await redis.del(streamKey);
    campaign = await createSentCampaign(dataSource, Math.min(customers, TRACKED_CONTACTS));
    const { contactIds, stepId } = campaign;
    const linkIndexes = await new TrackedLinks(dataSource).register(stepId, LINKS);
    const tokens = new TrackingTokens(config.TRACKING_SECRET);
    const contactIndexes = contactIds.map((_, index) => index);

    const env = { ...process.env, DATABASE_URL: url, QUEUE_PREFIX, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    const apiPort = await freePort();
    const api = startProcess(API_MAIN, { ...env, PORT: String(apiPort) });
    children.push(api);
    const ceiling = startProcess(CEILING_MAIN, env);
    children.push(ceiling);
    const [{ port: ceilingPort }] = await Promise.all([firstMessage<{ port: number }>(ceiling), waitForHealth(api, apiPort)]);

    const targets: Target[] = [
      {
        name: 'ceiling: bare Fastify route, same GIF',
        label: 'ceiling',
        port: ceilingPort,
        pid: ceiling.pid as number,
        paths: contactIds.map((contactId) => `/o/${tokens.sign({ purpose: TrackingPurpose.Open, contactId })}`),
        expectedStatus: 200,
      },
      {
        name: 'open pixel GET /api/t/o/:token',
        label: 'pixel',
        port: apiPort,
        pid: api.pid as number,
        paths: contactIds.map((contactId) => `/api/t/o/${tokens.sign({ purpose: TrackingPurpose.Open, contactId })}`),
        contactOf: contactIndexes,
        expectedStatus: 200,
      },
      {
        name: 'click redirect GET /api/t/c/:token',
        label: 'click',
        port: apiPort,
        pid: api.pid as number,
        // Every contact's link to each of the two links of the message, in turn.
        paths: contactIds.flatMap((contactId) =>
          linkIndexes.map((linkIndex) => `/api/t/c/${tokens.sign({ purpose: TrackingPurpose.Click, contactId, stepId, linkIndex })}`),
        ),
        contactOf: contactIndexes.flatMap((index) => linkIndexes.map(() => index)),
        expectedStatus: 302,
      },
    ];
    const answered = { opened: contactIds.map(() => 0), clicked: contactIds.map(() => 0) };
    const answersOf = (target: Target) => (target.expectedStatus === 302 ? answered.clicked : answered.opened);

    console.log(`[tracking] ${contactIds.length.toLocaleString('en')} contacts, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${seconds} s per target`);
    const loadAverageAtStart = Math.round(loadavg()[0] * 10) / 10;
    for (const target of targets) await load(target, WARM_UP_SECONDS, answersOf(target));
    const rounds: Load[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const figures: Load[] = [];
      for (const target of targets) figures.push(await load(target, seconds, answersOf(target)));
      rounds.push(figures);
      console.log(
        `[tracking] round ${round + 1}: ${figures.map((f, i) => `${targets[i].label} ${f.requestsPerSecond} req/s, ${f.cpuUsPerRequest} µs CPU each`).join('; ')}; load average ${loadavg()[0].toFixed(1)}`,
      );
    }
    const loadAverage1m = Math.round(loadavg()[0] * 10) / 10;
    await stopProcess(api);

    // The worker starts once the load is over, so that the figures above are the API's alone on a small machine.
    const entries = await redis.xlen(streamKey);
    const worker = startProcess(WORKER_MAIN, env);
    children.push(worker);
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    // Timed from the worker's first read (its entries pending), so that its start-up is left out.
    let drainStarted: number | undefined;
    while ((await redis.xlen(streamKey)) > 0) {
      if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the worker left ${await redis.xlen(streamKey)} entries in the stream`);
      drainStarted ??= (await readStarted(redis, streamKey)) ? performance.now() : undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drainSeconds = Math.round((performance.now() - (drainStarted ?? performance.now())) / 100) / 10;

    const stored = { opened: contactIds.map(() => 0), clicked: contactIds.map(() => 0) };
    const indexOf = new Map(contactIds.map((contactId, index) => [contactId, index]));
    const rows: { contactId: number; eventType: 'opened' | 'clicked'; events: number }[] = await dataSource.query(
      `SELECT contact_id::int AS "contactId", event_type AS "eventType", count(*)::int AS events
       FROM contact_events WHERE campaign_id = $1 GROUP BY contact_id, event_type`,
      [campaign.campaignId],
    );
    for (const row of rows) stored[row.eventType][indexOf.get(row.contactId) as number] = row.events;
    const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);
    // Per contact: an event stored without its answer (a request in flight when a load ended) cannot hide one lost.
    const missingOf = (type: 'opened' | 'clicked') => sum(answered[type].map((n, index) => Math.max(0, n - stored[type][index])));
    const events = {
      answered: sum(answered.opened) + sum(answered.clicked),
      stored: sum(stored.opened) + sum(stored.clicked),
      missing: missingOf('opened') + missingOf('clicked'),
      streamEntries: entries,
      drainSeconds,
    };
    const drainedPerSecond = Math.round(events.stored / Math.max(drainSeconds, 0.1));
    console.log(`[tracking] events answered ${events.answered}, stored ${events.stored}, answered but missing ${events.missing}; the worker moved them (${entries} stream entries) in ${drainSeconds} s`);

    const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim(), loadAverage1mAtStart: loadAverageAtStart, loadAverage1m };
    const rowsOut = targets.map((target, index) => summarise(target.name, rounds.map((figures) => figures[index]), rounds.map((figures) => figures[0])));
    console.log(`[tracking] ${JSON.stringify(rowsOut)}`);
    writeBenchResults(
      'tracking',
      {
        benchmark: 'tracking',
        customers,
        contacts: contactIds.length,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        secondsPerRound: seconds,
        machine,
        targets: rowsOut,
        perRound: rounds.map((figures) => Object.fromEntries(figures.map((figure, index) => [targets[index].label, figure]))),
        events: { ...events, drainedPerSecond },
        target: 'open pixel and click redirect ≥ 50% of the ceiling; no answered event missing',
      },
      [
        '## Tracking links under load',
        '',
        `${contactIds.length.toLocaleString('en')} contacts of a sent email step (demo of ${customers.toLocaleString('en')} customers), each with its own signed`,
        `links; autocannon in the benchmark's process with ${CONNECTIONS} connections, the API (built \`apps/api\` main) and the ceiling each a`,
        `process of their own. ${ROUNDS} rounds of ${seconds} s per target (ceiling, pixel, click in turn, after ${WARM_UP_SECONDS} s of warm-up each), so that`,
        'load from elsewhere falls on all alike; the figures are the medians of the rounds, the share the median of each round\'s share.',
        'Ceiling: a bare route on the Fastify the API runs on, answering the same 42-byte GIF with the same headers (no Nest, no token, no Redis).',
        'Target: at least 50% of the ceiling, and every answered event in PostgreSQL.',
        `Machine: ${machine.cores} cores (${machine.cpu}), load average ${loadAverageAtStart} at the start of the load and ${loadAverage1m} at its end (the load generator shares the cores, other work the machine).`,
        'CPU per request: of the answering process alone (the API, or the ceiling), which other work on the machine hardly moves; busy cores: the whole machine\'s.',
        '',
        '| target | requests/s | p50 ms | p99 ms | requests | unexpected answers | share of ceiling | CPU µs per request | machine busy cores |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rowsOut.map(
          (row) =>
            `| ${row.target} | ${row.requestsPerSecond.toLocaleString('en')} | ${row.p50Ms} | ${row.p99Ms} | ${row.requests.toLocaleString('en')} | ${row.unexpected} | ${row.shareOfCeilingPct}% | ${row.cpuUsPerRequest} | ${row.machineBusyCores} |`,
        ),
        '',
        `Each round (requests/s of ceiling, pixel, click): ${rounds.map((figures) => figures.map((figure) => figure.requestsPerSecond.toLocaleString('en')).join(' / ')).join('; ')}.`,
        '',
        `Events (opens and clicks, warm-up included): ${events.answered.toLocaleString('en')} answered, ${events.stored.toLocaleString('en')} stored, **${events.missing} answered but missing**.`,
        `A worker process started after the load moved them, ${entries.toLocaleString('en')} stream entries (the events of one turn of the API's event loop share one),`,
        `in ${drainSeconds} s from its first read (${drainedPerSecond.toLocaleString('en')} events/s).`,
        '',
      ],
    );
    if (events.missing > 0) throw new Error(`${events.missing} answered events are not in PostgreSQL`);
    const unexpected = rowsOut.slice(1).reduce((total, row) => total + row.unexpected, 0);
    if (unexpected > 0) throw new Error(`${unexpected} tracking requests got no answer or an unexpected one`);
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    if (campaign) await dropCampaign(dataSource, campaign.campaignId);
    await redis.del(streamKey);
    redis.disconnect();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`[tracking] ${error.stack ?? error.message}`);
  process.exit(1);
});
