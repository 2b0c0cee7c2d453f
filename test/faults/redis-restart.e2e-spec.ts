import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/test-app';
import {
  campaignContactIds,
  contactStatuses,
  createCustomers,
  deliveryCounts,
  FAST_SENDING,
  FaultWorld,
  launchedEmailCampaign,
  receivedContactIds,
  settled,
  startFaultWorld,
  startWorkerProcess,
  WorkerProcess,
} from './send-faults';

const CONTACTS = 2000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A Redis server of this test's own that keeps nothing on disk, so stopping it loses
 * every queued job, as a Redis without persistence that restarts does.
 */
class OwnRedis {
  private server: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.server = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], {
      stdio: 'ignore',
    });
    await eventually(() => this.answers(), 10_000);
  }

  private async answers(): Promise<true | undefined> {
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      probe.disconnect();
    }
  }

  /** SHUTDOWN NOSAVE: the server ends at once and its data with it. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    client.disconnect();
    await exited;
  }
}

describe('Redis restarted mid-campaign', () => {
  let sink: SmtpSink;
  let redis: OwnRedis;
  let world: FaultWorld;
  const workers: WorkerProcess[] = [];
  const givenRedisUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    sink = await startSmtpSink({ delayMs: () => 8 });
    redis = new OwnRedis(await freePort());
    await redis.start();
    // The API of this test and its workers use this Redis only, so restarting it disturbs no one else.
    process.env.REDIS_URL = redis.url;
    process.env.SMTP_URL = sink.url;
    world = await startFaultWorld();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await world.app.close();
    await redis.stop();
    await sink.close();
    process.env.REDIS_URL = givenRedisUrl;
    delete process.env.SMTP_URL;
  });

  it('resumes and finishes the campaign with every contact sent when Redis comes back empty', async () => {
    const customerIds = await createCustomers(world.db, world.org.countyA1, CONTACTS, 'REDIS');
    const campaign = await launchedEmailCampaign(world, customerIds);
    // Batches whose job Redis lost are queued again after 3 s instead of 2 minutes.
    const worker = startWorkerProcess({ ...FAST_SENDING, SMTP_URL: sink.url, REDIS_URL: redis.url, DISPATCH_ORPHAN_AFTER_MS: '3000' });
    workers.push(worker);

    await eventually(async () => (receivedContactIds(sink, campaign.campaignId).length >= CONTACTS / 4 ? true : undefined), 60_000);
    await redis.stop();
    const atTheStop = await contactStatuses(world.db, campaign.campaignId);
    // Down long enough for every connection to notice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await redis.start();
    const restartedAt = Date.now();

    const [counts] = await settled(world.db, [campaign.campaignId], 60_000);
    const finishedAfterMs = Date.now() - restartedAt;
    expect(worker.child.exitCode).toBeNull();
    await worker.stop();

    expect(counts).toEqual({ sent: CONTACTS });
    const received = receivedContactIds(sink, campaign.campaignId);
    const { duplicates, missing } = deliveryCounts(received, await campaignContactIds(world.db, campaign.campaignId));
    console.log(
      `Redis restarted empty mid-campaign: at the stop ${atTheStop.sent ?? 0} sent, ${atTheStop.sending ?? 0} being sent, ` +
        `${atTheStop.queued ?? 0} queued, ${atTheStop.planned ?? 0} planned; finished ${(finishedAfterMs / 1000).toFixed(1)} s after Redis came back; ` +
        `${received.length} mails for ${CONTACTS} contacts: ` +
        `${missing.length} lost, ${duplicates} duplicates`,
    );
    expect(missing).toEqual([]);
    expect(atTheStop.sent ?? 0).toBeLessThan(CONTACTS);
  }, 150_000);
});
