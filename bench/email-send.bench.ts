import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { BudgetPoolService, BudgetsModule } from '@lib/budgets';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { addDays } from '@lib/campaigns/plan-dates';
import { ChannelsModule, EmailBatchSender } from '@lib/channels';
import { AppConfig, loadConfig } from '@lib/config';
import { todayIsoDate } from '@lib/demo';
import { CampaignLaunchService, DispatchModule } from '@lib/dispatch';
import type { OutgoingMail } from '@lib/mail';
import { contextsForContacts, MessageTemplates } from '@lib/message-templates';
import { PlatformModule } from '@lib/platform';
import { QueueName } from '@lib/queue';
import { TrackedLinks } from '@lib/tracking';
import { benchCustomers, openBenchDatabase } from './support/bench-database';
import { CpuMeter, CpuUse } from './support/cpu-time';
import type { CeilingWork } from './support/nodemailer-ceiling';
import { writeBenchResults } from './support/results';

/**
 * Campaign email sent end to end to a local SMTP sink — contact rules checked again at
 * send time, budget granted and settled, rendered with tracking, sent, status and events
 * written — in contacts per second, for one and for two worker processes (real
 * processes of apps/worker), each on a fresh campaign over the same customers. In the
 * same run: the naive baseline (one BullMQ job per email doing the same work, one
 * process, as many emails in flight as a pipeline process) and the ceiling (nodemailer
 * alone sending messages the pipeline rendered, same pool, to the same sink).
 * Targets: at least 70 % of the ceiling per process, at least 5× the naive baseline,
 * near-linear gain from the second process.
 *   npm run bench -- email        node dist/bench/email-send.bench.js --emails 20000
 * Size: --emails N, else BENCH_EMAILS, else BENCH_CUSTOMERS up to 20,000.
 */
const TEMPLATE = 'cross_sell';
const COST_PER_CONTACT_FEN = 10;
const SAMPLE_MESSAGES = 200;
/** The application name of the benchmark's own connections (support/cpu-time.ts leaves them out). */
const BENCH_APPLICATION_NAME = 'email-send bench';
/** The naive baseline's own queue. */
const NAIVE_QUEUE = 'bench-naive-email';
/**
 * Frequent rounds and no channel rate: the figures are the sending's, not the pacing's. The bound on
 * contacts in flight is the product's own (DISPATCH_MAX_IN_FLIGHT, 5,000), far above what a process sends in a round.
 */
const PIPELINE_ENV = { DISPATCH_INTERVAL_MS: '200', EMAIL_RATE_PER_SECOND: '1000000' };

@Module({ imports: [PlatformModule, BudgetsModule, CampaignsModule, DispatchModule, ChannelsModule] })
class EmailBenchModule {}

interface Province {
  scope: OrgScope;
  cityIds: number[];
  userId: number;
}

interface SendRun {
  processes: number;
  contacts: number;
  sent: number;
  ms: number;
  perSecond: number;
  cpu: CpuUse;
}

interface CeilingRun {
  ms: number;
  cpu: CpuUse;
}

/**
 * The benchmark's own connections name themselves, so that the CPU of its polling and
 * set-up is not counted as the senders' PostgreSQL work.
 */
function benchOwnUrl(url: string): string {
  const own = new URL(url);
  own.searchParams.set('application_name', BENCH_APPLICATION_NAME);
  return own.toString();
}

function benchEmails(): number {
  const at = process.argv.indexOf('--emails');
  return Number((at > 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_EMAILS ?? Math.min(benchCustomers(), 20_000));
}

async function main(): Promise<void> {
  const emails = benchEmails();
  const bench = await openBenchDatabase('email-send', emails, { database: 'campaigns_bench_email', entities: [], afterLoad: reachableByEmail });
  await bench.dataSource.destroy();
  const sink = await startSink();
  const prefix = `bench_email_${process.pid}`;
  Object.assign(process.env, { DATABASE_URL: benchOwnUrl(bench.url), QUEUE_PREFIX: prefix, SMTP_URL: sink.url, LOG_LEVEL: 'warn' });
  const childEnv = { ...process.env, DATABASE_URL: bench.url };
  const app = await NestFactory.createApplicationContext(EmailBenchModule, { logger: ['error', 'warn'] });
  const redis = new IORedis(loadConfig().REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const config = app.get(AppConfig);
    const db = app.get(DataSource);
    await clearEarlierRuns(app);
    const province = await provinceOf(db);
    await ensurePools(app, province);
    const partSize = app.get(EmailBatchSender).partSize;
    const inFlight = config.WORKER_CONCURRENCY * partSize;

    // The ceiling sends copies of messages the pipeline's own code rendered for real contacts.
    const first = await launchedCampaign(app, province);
    const samples = await renderedSamples(app, first.campaignId);
    const work = { smtpUrl: sink.url, from: config.MAIL_FROM, poolSize: config.SMTP_POOL_SIZE, inFlight, count: emails, samples };
    const ceilingRun1 = await ceiling(db, sink, work, 1);
    const ceilingRun2 = await ceiling(db, sink, work, 2);
    const [ceiling1, ceiling2] = [ceilingRun1.ms, ceilingRun2.ms];

    const runs: SendRun[] = [];
    for (const processes of [1, 2]) {
      const campaign = processes === 1 ? first : await launchedCampaign(app, province);
      runs.push(await pipelineRun(db, sink, campaign.campaignId, processes, prefix, redis, childEnv));
      await finishRun(app, campaign.campaignId);
    }
    const naiveCampaign = await launchedCampaign(app, province);
    const naive = await naiveRun(db, sink, naiveCampaign.campaignId, inFlight, prefix, redis, childEnv);
    await finishRun(app, naiveCampaign.campaignId);

    const [one, two] = runs;
    const rate = (ms: number, n: number) => Math.round((n / ms) * 1000);
    const ceilingPerSecond = { oneProcess: rate(ceiling1, emails), twoProcesses: rate(ceiling2, emails * 2) };
    const share = (value: number) => Math.round(value * 100) / 100;
    const ratios = {
      onePerCeiling: share(one.perSecond / ceilingPerSecond.oneProcess),
      twoPerProcessPerCeiling: share(two.perSecond / 2 / ceilingPerSecond.oneProcess),
      onePerNaive: share(one.perSecond / naive.perSecond),
      twoPerOne: share(two.perSecond / one.perSecond),
    };
    const machine = { cores: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 };
    const settings = {
      smtpPoolSize: config.SMTP_POOL_SIZE, workerConcurrency: config.WORKER_CONCURRENCY, partSize, batchSize: config.DISPATCH_BATCH_SIZE,
      inFlightPerProcess: inFlight, dispatchIntervalMs: Number(PIPELINE_ENV.DISPATCH_INTERVAL_MS),
    };
    const messageBytes = Math.round(samples.reduce((sum, m) => sum + m.html.length + m.text.length + m.subject.length, 0) / samples.length);
    console.table([
      { run: 'pipeline, 1 process', ...pick(one) },
      { run: 'pipeline, 2 processes', ...pick(two) },
      { run: 'naive, 1 process', ...pick(naive) },
      { run: 'ceiling, 1 sender', contacts: emails, ms: Math.round(ceiling1), perSecond: ceilingPerSecond.oneProcess, ...ceilingRun1.cpu },
      { run: 'ceiling, 2 senders (the sink)', contacts: emails * 2, ms: Math.round(ceiling2), perSecond: ceilingPerSecond.twoProcesses, ...ceilingRun2.cpu },
    ]);
    console.log(`[email-send] ${JSON.stringify(ratios)}`);
    writeBenchResults(
      'email-send',
      { benchmark: 'email-send', customers: emails, runs: 1, statistic: 'contacts per second', machine, settings, messageBytes, pipeline: runs, naive, ceilingPerSecond,
        ceilingCpu: { oneProcess: ceilingRun1.cpu, twoProcesses: ceilingRun2.cpu }, ratios,
        targets: { onePerCeiling: '>= 0.7', twoPerProcessPerCeiling: '>= 0.7', onePerNaive: '>= 5', twoPerOne: 'near 2' } },
      [
        '## Campaign email sent end to end',
        '',
        `${emails.toLocaleString('en')} customers, each with an address and consent; one email step (file template '${TEMPLATE}'), a fresh campaign per run.`,
        'Pipeline: real worker processes (apps/worker) — dispatcher rounds, batches, each part checked again against the contact rules,',
        'granted and settled through the budget guard, rendered with pixel, signed links and one-click unsubscribe, sent over the SMTP pool,',
        'status, spend and events written. Timed from the moment the workers listen and the launched campaign runs until no contact is planned, queued or sending.',
        `Naive: one BullMQ job per email doing the same work for its contact, one process, ${inFlight} jobs at once (the emails a pipeline process has in flight).`,
        'Ceiling: nodemailer alone sending messages the pipeline rendered (same size), same pool, same messages in flight; with two sender',
        'processes it is the SMTP sink\'s own ceiling (a separate process that discards each message unparsed).',
        `Settings: SMTP_POOL_SIZE ${settings.smtpPoolSize}, WORKER_CONCURRENCY ${settings.workerConcurrency}, part ${partSize}, batch ${settings.batchSize},`,
        `DISPATCH_INTERVAL_MS ${settings.dispatchIntervalMs}; messages of about ${messageBytes.toLocaleString('en')} characters (subject, text and HTML).`,
        `Machine: ${machine.cores} cores, load average ${machine.loadAverage1m} at the end of the run (the database, Redis, the sink and the senders share it).`,
        'Targets: 70 % of the ceiling per process, 5× the naive baseline, near-linear gain from the second process.',
        '',
        'CPU columns: milliseconds of CPU per email sent by the sending processes, by PostgreSQL\'s backends on the benchmark\'s database (but for',
        'those of the benchmark\'s own connections: its polling) and by the sink; cores busy on the whole machine during the run, and of them the cores',
        'taken by anything else (other work, Redis, the benchmark itself and its queries).',
        '',
        '| run | contacts | sent | seconds | contacts/s | CPU ms/email: senders | PostgreSQL | sink | machine cores busy | other work |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...[['pipeline, 1 process', one], ['pipeline, 2 processes', two], ['naive, 1 process', naive]].map(
          ([name, run]) => `| ${name} | ${(run as SendRun).contacts.toLocaleString('en')} | ${(run as SendRun).sent.toLocaleString('en')} | ${seconds((run as SendRun).ms)} | ${(run as SendRun).perSecond.toLocaleString('en')} | ${cpuCells((run as SendRun).cpu)} |`,
        ),
        `| ceiling, 1 sender | ${emails.toLocaleString('en')} | ${emails.toLocaleString('en')} | ${seconds(ceiling1)} | ${ceilingPerSecond.oneProcess.toLocaleString('en')} | ${cpuCells(ceilingRun1.cpu)} |`,
        `| ceiling, 2 senders (the sink) | ${(emails * 2).toLocaleString('en')} | ${(emails * 2).toLocaleString('en')} | ${seconds(ceiling2)} | ${ceilingPerSecond.twoProcesses.toLocaleString('en')} | ${cpuCells(ceilingRun2.cpu)} |`,
        '',
        '| ratio | value | target |',
        '|---|---:|---|',
        `| pipeline 1 process / ceiling | ${ratios.onePerCeiling} | ≥ 0.7 |`,
        `| pipeline per process, 2 processes / ceiling | ${ratios.twoPerProcessPerCeiling} | ≥ 0.7 |`,
        `| pipeline 1 process / naive | ${ratios.onePerNaive} | ≥ 5 |`,
        `| 2 processes / 1 process | ${ratios.twoPerOne} | near 2 |`,
        '',
      ],
    );
  } finally {
    await forgetKeys(redis, prefix);
    redis.disconnect();
    await app.close();
    sink.stop();
  }
}

const pick = (run: SendRun) => ({ contacts: run.contacts, ms: run.ms, perSecond: run.perSecond, ...run.cpu });
const cpuCells = (cpu: CpuUse) =>
  [cpu.sendersMsPerEmail.toFixed(2), cpu.postgresMsPerEmail.toFixed(2), cpu.sinkMsPerEmail.toFixed(2), `${cpu.machineBusyCores} of ${cpus().length}`, cpu.otherCores].join(' | ');
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Every demo customer reachable by email, so that the run sends as many emails as it has customers. */
async function reachableByEmail(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `UPDATE customers SET email = 'bench-' || id || '@example.com', consent_email = true, do_not_contact = false, do_not_contact_at = NULL`,
  );
}

async function provinceOf(db: DataSource): Promise<Province> {
  const [province] = await db.query('SELECT id, path FROM org_units WHERE level = 2 ORDER BY id LIMIT 1');
  const scope = new OrgScope(province.id, province.path);
  const cities: { id: number }[] = await db.query('SELECT id FROM org_units WHERE level = 3 AND path LIKE $1 ORDER BY id', [scope.pathPattern]);
  const [user] = await db.query('SELECT id FROM users ORDER BY id LIMIT 1');
  return { scope, cityIds: cities.map((c) => c.id), userId: user.id };
}

/** Budget pools of the province for this year and the next, large enough for every run. */
async function ensurePools(app: INestApplicationContext, province: Province): Promise<void> {
  const db = app.get(DataSource);
  const year = Number(todayIsoDate().slice(0, 4));
  for (const fiscalYear of [year, year + 1]) {
    const [pool] = await db.query('SELECT id FROM budget_pools WHERE fiscal_year = $1 AND org_unit_id = $2', [fiscalYear, province.scope.orgUnitId]);
    if (!pool) await app.get(BudgetPoolService).create(province.scope, province.userId, { fiscalYear, orgUnitId: province.scope.orgUnitId, amount: '100000000.00' });
  }
}

/**
 * A campaign over every customer of the province with one email step, sending today all
 * day, approved as the campaigns library does it (budget reserved) and launched.
 */
async function launchedCampaign(app: INestApplicationContext, province: Province): Promise<{ campaignId: number }> {
  const db = app.get(DataSource);
  const startDate = todayIsoDate();
  const endDate = addDays(startDate, 3);
  const budgetFen = 100_000_000;
  const campaignId = await db.transaction(async (manager) => {
    const [campaign] = await manager.query(`INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('approved', $1, $2) RETURNING id`, [
      province.userId,
      province.scope.orgUnitId,
    ]);
    const [segment] = await manager.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ($1, 'static', $2, $3) RETURNING id`,
      [`bench: email ${campaign.id}`, province.scope.orgUnitId, province.userId],
    );
    await manager.query(
      `INSERT INTO segment_members (segment_id, customer_id) SELECT $1, c.id FROM customers c JOIN org_units u ON u.id = c.org_unit_id WHERE u.path LIKE $2`,
      [segment.id, province.scope.pathPattern],
    );
    const [revision] = await manager.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, include_segment_ids,
                                       control_share_pct, budget, branch_ids, created_by)
       VALUES ($1, 1, 'approved', $2, 'cross_sell', $3, $4, $5, 0, $6::numeric / 100, $7, $8) RETURNING id`,
      [campaign.id, `bench: email ${campaign.id}`, startDate, endDate, [segment.id], budgetFen, province.cityIds, province.userId],
    );
    const [step] = await manager.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', $2, 0, $3::numeric / 100, 1000000, '{}') RETURNING id`,
      [revision.id, TEMPLATE, COST_PER_CONTACT_FEN],
    );
    await manager.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
    const days = [0, 1, 2, 3].map((offset) => addDays(startDate, offset));
    await app.get(CampaignCommitments).commit(manager, {
      campaignId: campaign.id, revisionId: revision.id, owningUnitId: province.scope.orgUnitId, startDate, endDate, budgetFen, branchIds: province.cityIds,
      steps: [{ stepId: step.id, channel: 'email', days, dailyCapacity: 1_000_000, costPerContactFen: COST_PER_CONTACT_FEN, branchIds: [] }],
    });
    await manager.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaign.id]);
    return Number(campaign.id);
  });
  await app.get(CampaignLaunchService).launch(campaignId, { seed: 1 });
  return { campaignId };
}

/** Messages rendered as the sender renders them, for some of the campaign's contacts. */
async function renderedSamples(app: INestApplicationContext, campaignId: number): Promise<OutgoingMail[]> {
  const db = app.get(DataSource);
  const rows: { id: string; email: string; step_id: number }[] = await db.query(
    `SELECT k.id, cu.email, k.step_id FROM contacts k JOIN customers cu ON cu.id = k.customer_id WHERE k.campaign_id = $1 ORDER BY k.id LIMIT $2`,
    [campaignId, SAMPLE_MESSAGES],
  );
  const compiled = await app.get(MessageTemplates).compiled(TEMPLATE, 'email');
  const linkIndexes = await app.get(TrackedLinks).register(rows[0].step_id, compiled.links);
  const contexts = await contextsForContacts(db.manager, rows.map((row) => Number(row.id)));
  const sender = app.get(EmailBatchSender);
  return rows.map((row) => sender.messageOf(Number(row.id), campaignId, row.email, compiled, contexts.get(Number(row.id))!, linkIndexes, row.step_id));
}

/** Starts worker processes, waits until they listen, and times the campaign's contacts from planned to settled. */
async function pipelineRun(db: DataSource, sink: Sink, campaignId: number, processes: number, prefix: string, redis: IORedis, env: NodeJS.ProcessEnv): Promise<SendRun> {
  const queue = new Queue(QueueName.EmailChannel, { connection: redis, prefix });
  const workerMain = join(__dirname, '..', 'apps', 'worker', 'src', 'main.js');
  // The campaign is running from its launch; its contacts wait for the first round of the dispatcher, which starts with the workers.
  await db.query(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [campaignId]);
  const workers = Array.from({ length: processes }, () => fork(workerMain, [], { env: { ...env, ...PIPELINE_ENV }, stdio: 'inherit' }));
  try {
    await until(async () => (await queue.getWorkersCount()) >= processes, 60_000);
    const before = await sink.count();
    const meter = new CpuMeter(db, () => workers.map((worker) => worker.pid!), sink.pid, BENCH_APPLICATION_NAME);
    await meter.start();
    const started = performance.now();
    await db.query(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [campaignId]);
    const counts = await settled(db, campaignId);
    const ms = Math.round(performance.now() - started);
    const cpu = await meter.stop(counts.sent);
    await expectDelivered(sink, before, counts.sent);
    return { processes, contacts: counts.total, sent: counts.sent, ms, perSecond: Math.round((counts.sent / ms) * 1000), cpu };
  } finally {
    await Promise.all(workers.map(stop));
    await queue.close();
  }
}

/** One job per planned contact on the naive worker's queue, timed from the first job queued to the last contact settled. */
async function naiveRun(db: DataSource, sink: Sink, campaignId: number, concurrency: number, prefix: string, redis: IORedis, env: NodeJS.ProcessEnv): Promise<SendRun> {
  const queue = new Queue(NAIVE_QUEUE, { connection: redis, prefix });
  const child = fork(join(__dirname, 'support', 'naive-email-worker.js'), [], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
    child.send({ queue: NAIVE_QUEUE, concurrency });
    await ready;
    const ids: { id: string }[] = await db.query(`SELECT id FROM contacts WHERE campaign_id = $1 AND status = 'planned' ORDER BY id`, [campaignId]);
    const before = await sink.count();
    const meter = new CpuMeter(db, () => [child.pid!], sink.pid, BENCH_APPLICATION_NAME);
    await meter.start();
    const started = performance.now();
    for (let at = 0; at < ids.length; at += 1000) {
      await queue.addBulk(ids.slice(at, at + 1000).map((row) => ({ name: 'send-one-email', data: { contactId: Number(row.id) }, opts: { removeOnComplete: true } })));
    }
    const counts = await settled(db, campaignId);
    const ms = Math.round(performance.now() - started);
    const cpu = await meter.stop(counts.sent);
    await expectDelivered(sink, before, counts.sent);
    return { processes: 1, contacts: counts.total, sent: counts.sent, ms, perSecond: Math.round((counts.sent / ms) * 1000), cpu };
  } finally {
    await stop(child);
    await queue.close();
  }
}

/** Milliseconds `senders` ceiling processes take, side by side, to each send `work.count` messages, and their CPU. */
async function ceiling(db: DataSource, sink: Sink, work: CeilingWork, senders: number): Promise<CeilingRun> {
  const children = Array.from({ length: senders }, () => fork(join(__dirname, 'support', 'nodemailer-ceiling.js'), [], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] }));
  const meter = new CpuMeter(db, () => [], sink.pid, BENCH_APPLICATION_NAME);
  await meter.start();
  const started = performance.now();
  const sendersCpuMs = await Promise.all(
    children.map((child) => {
      const done = new Promise<number>((resolve, reject) => {
        child.once('message', (message: { cpuMs: number }) => resolve(message.cpuMs));
        child.once('exit', (code) => code && reject(new Error(`ceiling sender exited with ${code}`)));
      });
      child.send(work);
      return done;
    }),
  );
  const ms = performance.now() - started;
  return { ms, cpu: await meter.stop(work.count * senders, sendersCpuMs.reduce((sum, n) => sum + n, 0)) };
}

/** Waits until no contact of the campaign is planned, queued or being sent. */
async function settled(db: DataSource, campaignId: number): Promise<{ total: number; sent: number }> {
  let counts = { total: 0, sent: 0, open: 1 };
  await until(async () => {
    [counts] = await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status IN ('planned', 'queued', 'sending'))::int AS open
         FROM contacts WHERE campaign_id = $1`,
      [campaignId],
    );
    return counts.open === 0;
  }, 30 * 60_000);
  return counts;
}

/** Every sent contact's message reached the sink (a resend after a crash would add more, none is expected here). */
async function expectDelivered(sink: Sink, before: number, sent: number): Promise<void> {
  const arrived = (await sink.count()) - before;
  if (arrived < sent) throw new Error(`the sink received ${arrived} messages for ${sent} contacts sent`);
}

/**
 * A run that stopped half-way leaves its campaign and contacts behind; none of them may hold this
 * run's customers, and their budgets go back to the pool (each run reserves a million yuan of it).
 */
async function clearEarlierRuns(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  await db.query(`UPDATE contacts SET status = 'cancelled' WHERE status IN ('planned', 'queued', 'sending')`);
  await db.query(`UPDATE contacts SET contacted_at = contacted_at - interval '60 days' WHERE contacted_at > now() - interval '60 days'`);
  await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE status IN ('scheduled', 'running', 'paused')`);
  const held: { campaign_id: number }[] = await db.query(`SELECT campaign_id FROM campaign_budgets WHERE released_at IS NULL`);
  for (const { campaign_id } of held) await releaseBudget(app, campaign_id);
}

/**
 * After a run: its contacts moved two months back, so the next run's contact rules see none of
 * them as recent, and what is left of its budget released, as a finished campaign's is.
 */
async function finishRun(app: INestApplicationContext, campaignId: number): Promise<void> {
  await app.get(DataSource).query(
    `UPDATE contacts SET contacted_at = contacted_at - interval '60 days', sent_at = sent_at - interval '60 days' WHERE campaign_id = $1`,
    [campaignId],
  );
  await releaseBudget(app, campaignId);
}

async function releaseBudget(app: INestApplicationContext, campaignId: number): Promise<void> {
  await app.get(DataSource).transaction((manager) => app.get(CampaignCommitments).release(manager, campaignId));
}

interface Sink {
  url: string;
  pid: number;
  count: () => Promise<number>;
  stop: () => void;
}

async function startSink(): Promise<Sink> {
  const child = fork(join(__dirname, 'support', 'counting-smtp-sink.js'), [], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message: { port: number }) => resolve(message.port)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid!,
    count: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message: { accepted: number }) => resolve(message.accepted));
        child.send({ count: true });
      }),
    stop: () => child.disconnect(),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The run's queues and the workers' tracking stream, all under the run's own prefix. */
async function forgetKeys(redis: IORedis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

main().catch((error) => {
  console.error(`[email-send] ${error.stack ?? error.message}`);
  process.exit(1);
});
