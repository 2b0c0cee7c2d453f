import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Job } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { BudgetPoolService } from '@lib/budgets';
import { addDays } from '@lib/campaigns/plan-dates';
import { JobName, JobQueue } from '@lib/queue';
import { REDIS } from '@lib/redis';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { call, eventually, login, loginNewUser, startApi, startWorker } from '../../test/support/test-app';
import { LaunchAtStart, launchTime } from './launch-at-start.service';
import { launchJobId } from './launch-jobs';

const motorHolders = { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' };

/** Today in Asia/Shanghai, the date a campaign starting now has. */
const localToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe(LaunchAtStart.name, () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let db: DataSource;
  let org: FixtureOrg;
  let planner: string;
  let plannerId: number;
  let reviewer: string;
  let segmentId: number;
  const today = localToday();
  /** Far enough ahead that no launch falls due during the run. */
  const later = addDays(today, 40);

  const move = (token: string, id: number, name: string) => call(app, 'POST', `/api/campaigns/${id}/moves/${name}`, { token, body: {} });
  const launchJob = (campaignId: number, revisionId: number): Promise<Job | undefined> =>
    app.get(JobQueue).queue(JobName.LaunchCampaign).getJob(launchJobId(campaignId, revisionId));
  const statusOf = async (id: number): Promise<string> => (await db.query('SELECT status FROM campaigns WHERE id = $1', [id]))[0].status;
  const launched = (id: number) => eventually(async () => ((await statusOf(id)) === 'running' ? true : undefined));

  /** A province campaign of the planner, approved by the province reviewer; scheduled unless told otherwise. */
  async function campaign(startDate: string, schedule = true): Promise<{ id: number; revisionId: number }> {
    const created = await call(app, 'POST', '/api/campaigns', {
      token: planner,
      body: {
        name: '家财险交叉销售', objective: 'cross_sell', startDate, endDate: addDays(startDate, 10), includeSegmentIds: [segmentId],
        controlSharePct: 10, budget: '2000.00', branchIds: [org.countyA1, org.countyA2],
        steps: [{ channel: 'email', templateRef: 'cross_sell', startOffsetDays: 0, daysOfWeek: [1, 2, 3, 4, 5, 6, 7], costPerContact: '0.10', dailyCapacity: 1000 }],
      },
    });
    expect(created.status).toBe(201);
    const id: number = created.body.id;
    expect((await move(planner, id, 'submit')).status).toBe(200);
    const approved = await move(reviewer, id, 'approve');
    expect(approved.body.status).toBe('approved');
    if (schedule) expect((await move(planner, id, 'schedule')).body.status).toBe('scheduled');
    return { id, revisionId: approved.body.approved.id };
  }

  /** Where the delayed job is due: its creation plus its delay. */
  const dueAt = (job: Job) => job.timestamp + job.delay;

  /** Empties the queues' Redis, as a lost Redis would; the sessions go with it, so the users log in again. */
  async function loseRedis(): Promise<void> {
    await app.get<Redis>(REDIS).flushdb();
    planner = await login(app, 'cm.province', FIXTURE_PASSWORD);
    reviewer = await login(app, 'rv.province', FIXTURE_PASSWORD);
  }

  async function restartApi(): Promise<void> {
    await app.close();
    app = await startApi();
    db = app.get(DataSource);
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (const unit of [org.countyA1, org.countyA1, org.countyA2]) await createPolicy(db, await createCustomer(db, unit), 'SYX');
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    plannerId = (await db.query(`SELECT id FROM users WHERE username = 'cm.province'`))[0].id;
    reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    segmentId = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '商业车险客户', kind: 'dynamic', rule: motorHolders } })).body.id;
    const admin = await createUser(db, 'budget.admin', org.province, ['admin']);
    const year = Number(today.slice(0, 4));
    for (const fiscalYear of [year, year + 1]) {
      await app.get(BudgetPoolService).create(await scopeOf(db, org.province), admin, { fiscalYear, orgUnitId: org.province, amount: '1000000.00' });
    }
  });

  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  it('queues the launch of a campaign when it is scheduled, delayed to local midnight of its start date', async () => {
    const { id, revisionId } = await campaign(later);
    const job = await launchJob(id, revisionId);
    expect(job).toBeDefined();
    await expect(job!.getState()).resolves.toBe('delayed');
    expect(job!.data).toEqual({ campaignId: id, revisionId, requestedBy: null });
    expect(launchTime(later).toISOString()).toBe(`${addDays(later, -1)}T16:00:00.000Z`);
    expect(Math.abs(dueAt(job!) - launchTime(later).getTime())).toBeLessThan(1000);
  });

  it('queues nothing for a schedule that rolled back', async () => {
    const { id, revisionId } = await campaign(later, false);
    // The move's audit entry fails, after the status was written: the whole move rolls back.
    await db.query(`CREATE FUNCTION refuse_schedule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await db.query(`CREATE TRIGGER refuse_schedule BEFORE INSERT ON campaign_audit FOR EACH ROW WHEN (NEW.action = 'schedule') EXECUTE FUNCTION refuse_schedule()`);
    try {
      expect((await move(planner, id, 'schedule')).status).toBe(500);
    } finally {
      await db.query('DROP TRIGGER refuse_schedule ON campaign_audit');
      await db.query('DROP FUNCTION refuse_schedule()');
    }
    await expect(statusOf(id)).resolves.toBe('approved');
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
  });

  it('moves the waiting launch when a new plan with another start date comes into force', async () => {
    const { id, revisionId } = await campaign(later);
    const moved = addDays(later, 5);
    expect((await call(app, 'POST', `/api/campaigns/${id}/revisions`, { token: planner })).status).toBe(201);
    const changed = await call(app, 'PATCH', `/api/campaigns/${id}`, { token: planner, body: { startDate: moved, endDate: addDays(moved, 10) } });
    expect(changed.status).toBe(200);
    expect((await move(planner, id, 'submit')).status).toBe(200);
    const approved = await move(reviewer, id, 'approve');
    expect(approved.body).toMatchObject({ status: 'scheduled', approved: { number: 2, startDate: moved } });
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
    const job = await launchJob(id, approved.body.approved.id);
    await expect(job!.getState()).resolves.toBe('delayed');
    expect(Math.abs(dueAt(job!) - launchTime(moved).getTime())).toBeLessThan(1000);
  });

  it('takes the waiting launch back when the scheduled campaign is cancelled', async () => {
    const { id, revisionId } = await campaign(later);
    await expect(launchJob(id, revisionId)).resolves.toBeDefined();
    expect((await move(planner, id, 'cancel')).body.status).toBe('cancelled');
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
  });

  it('launches a campaign that starts today by itself as soon as it is scheduled, with the worker running', async () => {
    worker = await startWorker();
    const { id } = await campaign(today);
    await launched(id);
    const [launch] = await db.query('SELECT audience, launched_by FROM campaign_launches WHERE campaign_id = $1', [id]);
    expect(launch).toEqual({ audience: 3, launched_by: null });
    const [entry] = await db.query(`SELECT actor_id FROM campaign_audit WHERE campaign_id = $1 AND action = 'launched'`, [id]);
    expect(entry.actor_id).toBeNull();
  });

  it('brings the waiting launch forward when the owner launches by hand before the start', async () => {
    const { id, revisionId } = await campaign(later);
    const queued = await call(app, 'POST', `/api/campaigns/${id}/launch`, { token: planner });
    expect(queued.body).toEqual({ campaignId: id, revisionId, jobId: launchJobId(id, revisionId) });
    await launched(id);
    const [launch] = await db.query('SELECT launched_by FROM campaign_launches WHERE campaign_id = $1', [id]);
    expect(launch.launched_by).toBe(plannerId);
  });

  it('launches at its due time after the API and the worker restarted while it waited', async () => {
    const { id, revisionId } = await campaign(later);
    const job = (await launchJob(id, revisionId))!;
    // Its start comes in eight seconds, not in forty days.
    await job.changeDelay(8000);
    const due = Date.now() + 8000;
    await worker!.close();
    worker = undefined;
    await restartApi();
    await expect((await launchJob(id, revisionId))!.getState()).resolves.toBe('delayed');
    expect(Date.now()).toBeLessThan(due);
    worker = await startWorker();
    await launched(id);
    expect(Date.now()).toBeGreaterThanOrEqual(due);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM campaign_launches WHERE campaign_id = $1', [id]);
    expect(n).toBe(1);
  });

  it('queues a lost launch again from the scheduled campaigns, at its start, and twice adds nothing', async () => {
    const { id, revisionId } = await campaign(later);
    await loseRedis();
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
    const atStart = worker!.get(LaunchAtStart);
    const [{ waiting }] = await db.query(`SELECT count(*)::int AS waiting FROM campaigns WHERE status = 'scheduled'`);
    await expect(atStart.queueAll()).resolves.toBe(waiting);
    const job = (await launchJob(id, revisionId))!;
    await expect(job.getState()).resolves.toBe('delayed');
    expect(Math.abs(dueAt(job) - launchTime(later).getTime())).toBeLessThan(1000);
    await atStart.queueAll();
    const again = (await launchJob(id, revisionId))!;
    expect([again.timestamp, again.delay]).toEqual([job.timestamp, job.delay]);
  });

  it('queues a failed launch of a campaign still scheduled afresh, at its start, and a launch by hand runs it now', async () => {
    const { id, revisionId } = await campaign(later);
    // A launch that runs while the campaign looks cancelled fails for good.
    await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE id = $1`, [id]);
    await (await launchJob(id, revisionId))!.promote();
    await eventually(async () => ((await (await launchJob(id, revisionId))!.isFailed()) ? true : undefined));
    await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [id]);
    await worker!.get(LaunchAtStart).queueAll();
    const job = (await launchJob(id, revisionId))!;
    await expect(job.getState()).resolves.toBe('delayed');
    expect(Math.abs(dueAt(job) - launchTime(later).getTime())).toBeLessThan(1000);
    expect((await call(app, 'POST', `/api/campaigns/${id}/launch`, { token: planner })).status).toBe(202);
    await launched(id);
  });

  it('keeps a schedule whose launch could not be queued after the commit, and the pass of the worker queues it', async () => {
    const { id, revisionId } = await campaign(later, false);
    // The API's connection to the launches queue is gone between the commit and the queueing, as in a crash.
    await app.get(JobQueue).queue(JobName.LaunchCampaign).close();
    try {
      expect((await move(planner, id, 'schedule')).body.status).toBe('scheduled');
    } finally {
      await restartApi();
    }
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
    await worker!.get(LaunchAtStart).queueAll();
    const job = (await launchJob(id, revisionId))!;
    expect(Math.abs(dueAt(job) - launchTime(later).getTime())).toBeLessThan(1000);
  });

  it('launches a due campaign whose job Redis lost while no worker ran, when a worker starts', async () => {
    await worker!.close();
    worker = undefined;
    const { id, revisionId } = await campaign(today);
    await expect((await launchJob(id, revisionId))!.getState()).resolves.toBe('waiting');
    await loseRedis();
    await expect(launchJob(id, revisionId)).resolves.toBeUndefined();
    worker = await startWorker();
    await launched(id);
  });
});
