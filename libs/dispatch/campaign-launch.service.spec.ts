import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { JobName, JobQueue } from '@lib/queue';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { call, eventually, login, startApi, startWorker } from '../../test/support/test-app';
import { CampaignLaunchService } from './campaign-launch.service';
import type { LaunchFigures } from './launch.view';

/** A Monday in March 2027: no public holiday, and the steps' 10:00 is outside every quiet window. */
const START = '2027-03-01';
const END = '2027-03-31';
const CONTROL_SHARE_PCT = 20;

describe(CampaignLaunchService.name, () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let launches: CampaignLaunchService;
  let org: FixtureOrg;
  let plannerId: number;
  let segmentId: number;
  let doNotContact: number[];
  let cityBCustomers: number[];

  /** A scheduled campaign of the planner with an approved plan: an email step for every branch, then calls in Nanjing only. */
  async function scheduledCampaign(): Promise<{ campaignId: number; revisionId: number; emailStep: number; phoneStep: number }> {
    const [campaign] = await db.query(
      `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('scheduled', $1, $2) RETURNING id`,
      [plannerId, org.province],
    );
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, include_segment_ids,
                                       control_share_pct, budget, branch_ids, created_by)
       VALUES ($1, 1, 'approved', '家财险交叉销售', 'cross_sell', $2, $3, $4, $5, 10000, $6, $7) RETURNING id`,
      [campaign.id, START, END, [segmentId], CONTROL_SHARE_PCT, [org.cityA, org.cityB], plannerId],
    );
    await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
    const steps: { id: number }[] = await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, window_end, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', 'home-offer', 0, '10:00', '18:00', 0.10, 1000, '{}'),
              ($1, 2, 'phone', 'call-script-home', 7, '10:00', '18:00', 3.50, 100, $2)
       RETURNING id`,
      [revision.id, [org.cityA]],
    );
    return { campaignId: campaign.id, revisionId: revision.id, emailStep: steps[0].id, phoneStep: steps[1].id };
  }

  async function controlGroup(campaignId: number): Promise<number[]> {
    const rows: { customer_id: string }[] = await db.query(
      `SELECT m.customer_id FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id
        WHERE l.campaign_id = $1 AND m.control ORDER BY m.customer_id`,
      [campaignId],
    );
    return rows.map((row) => Number(row.customer_id));
  }

  async function contactCount(campaignId: number): Promise<number> {
    const [row] = await db.query('SELECT count(*)::int AS n FROM contacts WHERE campaign_id = $1', [campaignId]);
    return row.n;
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    launches = app.get(CampaignLaunchService);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    await createUser(db, 'executor', org.countyA1, ['branch_executor']);
    const customers: number[] = [];
    doNotContact = [];
    // Nanjing: 60 customers over two counties, 10 without email consent, 5 on do-not-contact.
    for (let i = 0; i < 60; i += 1) {
      const id = await createCustomer(db, i % 2 ? org.countyA1 : org.countyA2, { consent_email: i >= 10, do_not_contact: i >= 50 && i < 55 });
      customers.push(id);
      if (i >= 50 && i < 55) doNotContact.push(id);
    }
    // Suzhou: 40 customers in one county, half gold and half silver.
    cityBCustomers = [];
    for (let i = 0; i < 40; i += 1) cityBCustomers.push(await createCustomer(db, org.countyB1, { value_tier: i < 20 ? 'gold' : 'silver' }));
    customers.push(...cityBCustomers);
    const [segment] = await db.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('家财险目标客户', 'static', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    segmentId = segment.id;
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segmentId, customers]);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it('freezes the audience, records per step who is left out and why, and contacts the treatment group of each step', async () => {
    const { campaignId, emailStep, phoneStep } = await scheduledCampaign();
    await expect(launches.launch(campaignId, { seed: 42 })).resolves.toMatchObject({ launched: true });

    const figures = await launches.figures(await scopeOf(db, org.province), campaignId);
    expect(figures).toMatchObject({ audience: 100, seed: 42, controlSharePct: CONTROL_SHARE_PCT });
    const [email, phone] = figures.steps;
    expect(email.leftOut).toEqual([{ reason: 'no_consent', count: 10 }, { reason: 'do_not_contact', count: 5 }]);
    expect(phone.leftOut).toEqual([{ reason: 'outside_step_branches', count: 40 }, { reason: 'do_not_contact', count: 5 }]);

    // Reachable on some step: all but the 5 on do-not-contact (no email consent still leaves the call). The control group is drawn from them.
    const control = await controlGroup(campaignId);
    expect(figures.control).toBe(control.length);
    const [treated] = await db.query(
      `SELECT count(*) FILTER (WHERE x.customer_id IS NULL AND NOT m.control)::int AS email_treated
         FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id
         LEFT JOIN launch_exclusions x ON x.launch_id = l.id AND x.customer_id = m.customer_id AND x.step_id = $2
        WHERE l.campaign_id = $1`,
      [campaignId, emailStep],
    );
    expect(email.contacts).toBe(treated.email_treated);
    expect(email.contacts + phone.contacts).toBe(await contactCount(campaignId));
    expect(phone.byBranch.map((row) => row.orgUnitId).sort()).toEqual([org.countyA1, org.countyA2].sort());

    const wrong: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM contacts k
         JOIN customers c ON c.id = k.customer_id
        WHERE k.campaign_id = $1
          AND (k.customer_id = ANY($2::bigint[]) OR k.customer_id = ANY($3::bigint[])
               OR (k.step_id = $4 AND k.customer_id = ANY($5::bigint[]))
               OR k.org_unit_id <> c.org_unit_id OR k.status <> 'planned')`,
      [campaignId, control, doNotContact, phoneStep, cityBCustomers],
    );
    expect(wrong[0].n).toBe(0);

    const [campaign] = await db.query('SELECT status FROM campaigns WHERE id = $1', [campaignId]);
    expect(campaign.status).toBe('running');
    const audit = await db.query(`SELECT action, after FROM campaign_audit WHERE campaign_id = $1`, [campaignId]);
    expect(audit).toEqual([{ action: 'launched', after: { status: 'running', audience: 100, control: figures.control, seed: 42 } }]);
  });

  it('holds out the control share of every branch and value tier, and the same seed draws the same group', async () => {
    const first = await scheduledCampaign();
    const second = await scheduledCampaign();
    await launches.launch(first.campaignId, { seed: 7 });
    await launches.launch(second.campaignId, { seed: 7 });
    const strata: { org_unit_id: number; value_tier: string | null; reachable: number; control: number }[] = await db.query(
      `SELECT m.org_unit_id, m.value_tier, count(*)::int AS reachable, count(*) FILTER (WHERE m.control)::int AS control
         FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id
        WHERE l.campaign_id = $1 AND NOT (m.customer_id = ANY($2::bigint[]))
        GROUP BY m.org_unit_id, m.value_tier`,
      [first.campaignId, doNotContact],
    );
    expect(strata).toHaveLength(4);
    for (const stratum of strata) {
      expect(Math.abs(stratum.control - (stratum.reachable * CONTROL_SHARE_PCT) / 100)).toBeLessThanOrEqual(1);
    }
    const group = await controlGroup(first.campaignId);
    expect(group.length).toBeGreaterThan(0);
    expect(await controlGroup(second.campaignId)).toEqual(group);

    const other = await scheduledCampaign();
    await launches.launch(other.campaignId, { seed: 8 });
    expect(await controlGroup(other.campaignId)).not.toEqual(group);
  });

  it('finds a launch done when it runs again, and changes nothing', async () => {
    const { campaignId } = await scheduledCampaign();
    const once = await launches.launch(campaignId);
    const contacts = await contactCount(campaignId);
    const control = await controlGroup(campaignId);
    const again = await launches.launch(campaignId);
    expect(again).toEqual({ launchId: once.launchId, launched: false });
    expect(await contactCount(campaignId)).toBe(contacts);
    expect(await controlGroup(campaignId)).toEqual(control);
    const [audit] = await db.query(`SELECT count(*)::int AS n FROM campaign_audit WHERE campaign_id = $1`, [campaignId]);
    expect(audit.n).toBe(1);
  });

  it('refuses a second contact row for the same campaign, step and customer', async () => {
    const { campaignId, emailStep } = await scheduledCampaign();
    await launches.launch(campaignId);
    const [contact] = await db.query('SELECT customer_id, org_unit_id FROM contacts WHERE campaign_id = $1 AND step_id = $2 LIMIT 1', [campaignId, emailStep]);
    const duplicate = db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status) VALUES ($1, $2, $3, 'email', $4, now(), 'planned')`,
      [contact.customer_id, campaignId, emailStep, contact.org_unit_id],
    );
    await expect(duplicate).rejects.toMatchObject({ code: '23505', constraint: 'contacts_one_per_step' });
  });

  it('launches by hand through the API: the owner queues it, the worker runs it, the figures follow', async () => {
    const { campaignId, revisionId } = await scheduledCampaign();
    const planner = await login(app, 'planner', FIXTURE_PASSWORD);
    const executor = await login(app, 'executor', FIXTURE_PASSWORD);

    await expect(call(app, 'POST', `/api/campaigns/${campaignId}/launch`, { token: executor })).resolves.toMatchObject({ status: 403 });
    const queued = await call(app, 'POST', `/api/campaigns/${campaignId}/launch`, { token: planner });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ campaignId, revisionId, jobId: `launch-campaign-${campaignId}-r${revisionId}` });

    const figures = await eventually(async () => {
      const answer = await call<LaunchFigures>(app, 'GET', `/api/campaigns/${campaignId}/launch`, { token: planner });
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(figures.audience).toBe(100);
    expect(figures.steps.map((step) => step.channel)).toEqual(['email', 'phone']);
    await eventually(async () => ((await db.query('SELECT status FROM campaigns WHERE id = $1', [campaignId]))[0].status === 'running' ? true : undefined));

    // Running now: a second launch is refused with the state it is in.
    const again = await call(app, 'POST', `/api/campaigns/${campaignId}/launch`, { token: planner });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'campaign_wrong_state', params: { status: 'running' } });
  });

  it('fails a launch queued for a campaign cancelled since at once, instead of retrying it', async () => {
    const { campaignId, revisionId } = await scheduledCampaign();
    await db.query(`UPDATE campaigns SET status = 'cancelled' WHERE id = $1`, [campaignId]);
    const jobs = app.get(JobQueue);
    const jobId = `launch-campaign-${campaignId}-r${revisionId}`;
    await jobs.add(JobName.LaunchCampaign, { campaignId, revisionId, requestedBy: plannerId }, jobId);
    const job = await eventually(async () => {
      const found = await jobs.queue(JobName.LaunchCampaign).getJob(jobId);
      return found && (await found.getState()) === 'failed' ? found : undefined;
    });
    expect(job.attemptsMade).toBe(1);
    await expect(contactCount(campaignId)).resolves.toBe(0);
  });
});
