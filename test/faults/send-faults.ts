import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CampaignLaunchService } from '@lib/dispatch';
import { createPools, EmailCampaign, scheduledEmailCampaign } from '../support/email-campaign';
import { createFixtureOrg, createUser, FixtureOrg, resetState } from '../support/fixtures';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { eventually, startApi } from '../support/test-app';

const WORKER_MAIN = join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.ts');
const TS_REQUIRE = join(__dirname, '..', 'support', 'ts-require.js');

/**
 * The worker's settings in the fault tests: rounds every 300 ms, a rate that does not
 * hold the test back, and a short hold on a batch job so a dead worker's batch is taken
 * over within seconds instead of a minute.
 */
export const FAST_SENDING: NodeJS.ProcessEnv = {
  DISPATCH_INTERVAL_MS: '300',
  EMAIL_RATE_PER_SECOND: '5000',
  EMAIL_JOB_LOCK_MS: '3000',
};

/** A real worker process (apps/worker/src/main.ts), as `npm start` runs it, with its exit awaited by `exited`. */
export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<void>;
  /** SIGKILL: the process dies where it stands, as in a crash. */
  kill: () => Promise<void>;
  /** SIGTERM: the worker closes its queues and connections. */
  stop: () => Promise<void>;
}

export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  const child = fork(WORKER_MAIN, [], { execArgv: ['-r', TS_REQUIRE], env: { ...process.env, ...env }, stdio: 'inherit' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, exited, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** The test's world: the API in this process (for launches and queries), the org, a planner and a reviewer, budget pools. */
export interface FaultWorld {
  app: NestFastifyApplication;
  db: DataSource;
  org: FixtureOrg;
  plannerId: number;
  reviewerId: number;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const app = await startApi();
  const db = await resetState(app);
  const org = await createFixtureOrg(db);
  const plannerId = await createUser(db, 'planner.faults', org.province, ['campaign_manager']);
  const reviewerId = await createUser(db, 'reviewer.faults', org.province, ['reviewer']);
  await createPools(app, db, org.province, reviewerId);
  return { app, db, org, plannerId, reviewerId };
}

/** `count` contactable customers of a unit with addresses of their own, in one statement. */
export async function createCustomers(db: DataSource, unitId: number, count: number, label: string): Promise<number[]> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO customers (customer_no, name, gender, birth_date, mobile, email, city, org_unit_id,
                            consent_email, consent_phone, consent_sms, consent_agent_visit)
     SELECT $2 || lpad(i::text, 6, '0'), '故障测试客户' || i, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, DATE '1980-05-01',
            '139' || lpad(i::text, 8, '0'), lower($2) || '.' || i || '@example.com', '南京', $1, true, true, true, true
       FROM generate_series(1, $3) AS i
     RETURNING id`,
    [unitId, label, count],
  );
  return rows.map((row) => Number(row.id));
}

/** A campaign with one email step due now over the customers, launched (its contacts planned). */
export async function launchedEmailCampaign(world: FaultWorld, customerIds: number[]): Promise<EmailCampaign> {
  const campaign = await scheduledEmailCampaign(world.app, world.db, {
    ownerId: world.plannerId,
    reviewerId: world.reviewerId,
    owningUnitId: world.org.province,
    branchIds: [world.org.cityA, world.org.cityB],
    customerIds,
    templateRef: 'cross_sell',
  });
  await world.app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 7 });
  return campaign;
}

export async function contactStatuses(db: DataSource, campaignId: number): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await db.query(
    `SELECT status, count(*)::int AS n FROM contacts WHERE campaign_id = $1 GROUP BY status`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Waits until no contact of the campaigns is planned, queued or being sent; answers each campaign's counts. */
export async function settled(db: DataSource, campaignIds: number[], timeoutMs: number): Promise<Record<string, number>[]> {
  return eventually(async () => {
    const counts = await Promise.all(campaignIds.map((id) => contactStatuses(db, id)));
    const open = counts.reduce((sum, c) => sum + (c.planned ?? 0) + (c.queued ?? 0) + (c.sending ?? 0), 0);
    return open === 0 ? counts : undefined;
  }, timeoutMs);
}

/** The contact ids named by the Message-IDs of the mails a campaign sent, as the SMTP server received them, one entry per copy. */
export function receivedContactIds(sink: SmtpSink, campaignId: number): number[] {
  return sink.received.flatMap((mail: ReceivedMail) => {
    const found = /<contact-(\d+)\.campaign-(\d+)@/.exec(String(mail.parsed.messageId ?? ''));
    return found && Number(found[2]) === campaignId ? [Number(found[1])] : [];
  });
}

export async function campaignContactIds(db: DataSource, campaignId: number): Promise<number[]> {
  const rows: { id: string }[] = await db.query(`SELECT id FROM contacts WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  return rows.map((row) => Number(row.id));
}

/** Copies beyond the first of each Message-ID, and the contacts whose Message-ID never arrived. */
export function deliveryCounts(received: number[], expected: number[]): { duplicates: number; missing: number[] } {
  const arrived = new Set(received);
  return { duplicates: received.length - arrived.size, missing: expected.filter((id) => !arrived.has(id)) };
}
