import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConversionAttribution } from '@lib/attribution';
import { CampaignCommitments } from '@lib/campaigns';
import { WebOfferTokens } from '@lib/channels';
import { ContactPolicyService } from '@lib/contact-rules';
import { CampaignLaunchService } from '@lib/dispatch';
import { TRACKING_PATH } from '@lib/tracking';
import { approve, createCampaign } from './support/budget-fixtures';
import { localTimeIn } from './support/call-campaign';
import { createPools, localToday } from './support/email-campaign';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { call, eventually, HttpAnswer, login, startApi } from './support/test-app';

const WORKER_MAIN = join(__dirname, '..', 'apps', 'worker', 'src', 'main.ts');
const TS_REQUIRE = join(__dirname, 'support', 'ts-require.js');
const CHANNELS = ['email', 'phone', 'web', 'agent_visit'] as const;

/**
 * One campaign over four channels (docs/dispatch.md#one-customer-across-channels): the
 * real API, a real worker process doing the email, the call lists, the visit tasks and
 * the tracking stream, a real SMTP server.
 */
describe('One campaign across email, call centre, web and field agents', () => {
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let worker: ChildProcess;
  let db: DataSource;
  let org: FixtureOrg;
  let campaignId: number;
  let stepIds: number[];
  /** c[0] unsubscribes from the email, c[1] converts on the phone, c[2] says "do not call again", c[3] accepts on the web and buys from the agent. */
  let c: number[];
  const policyNos: string[] = [];
  let agentToken: string;
  let executor: { id: number; token: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner.all', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.all', org.province, ['reviewer']);
    await createUser(db, 'agent.all', org.countyA1, ['call_agent']);
    agentToken = await login(app, 'agent.all', FIXTURE_PASSWORD);
    executor = { id: await createUser(db, 'executor.all', org.countyA1, ['branch_executor']), token: '' };
    executor.token = await login(app, 'executor.all', FIXTURE_PASSWORD);
    await createPools(app, db, org.province, reviewerId);
    // Four contacts of one campaign a day pass the rules: no gap, room under the caps, quiet hours away from now.
    await app.get(ContactPolicyService).loadDefault();
    const away = { start: localTimeIn(6), end: localTimeIn(7) };
    await db.query(
      `UPDATE contact_policies SET min_gap_hours = 0, max_per_7_days = 20, max_per_30_days = 40, holidays = '[]'::jsonb,
              per_channel = '{"email": {"maxPer7Days": 5, "maxPer30Days": 10}, "phone": {"maxPer7Days": 5, "maxPer30Days": 10},
                              "agent_visit": {"maxPer7Days": 5, "maxPer30Days": 10}, "web": {"maxPer7Days": null, "maxPer30Days": null}}',
              quiet_hours = jsonb_build_object('phone', $1::jsonb, 'agent_visit', $1::jsonb, 'email', $1::jsonb)
        WHERE is_default`,
      [JSON.stringify(away)],
    );

    c = [];
    for (let i = 0; i < 5; i += 1) c.push(Number(await createCustomer(db, org.countyA1)));
    for (const customerId of [c[1], c[3]]) {
      const policyId = await createPolicy(db, customerId, 'JCX', { start_date: localToday(), end_date: localToday(365), premium: 880 });
      policyNos.push((await db.query(`SELECT policy_no FROM policies WHERE id = $1`, [policyId]))[0].policy_no);
    }

    const campaign = await createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1],
      budgetFen: 1_000_000,
      startDate: localToday(),
      endDate: localToday(3),
      steps: CHANNELS.map((channel) => ({ channel, costPerContactFen: 100, dailyCapacity: 50, branchIds: [] })),
    });
    ({ campaignId, stepIds } = campaign);
    const [bundle] = await db.query(
      `INSERT INTO bundles (code, name, short_text, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
       VALUES ('ALL-CH', '全渠道家财组合', '一份保障，全家安心', '{JCX,YWX}', 388, '{}', '2026-01-01', '2027-12-31', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    const [segment] = await db.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('全渠道客户', 'static', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, c]);
    await db.query(`UPDATE campaign_revisions SET include_segment_ids = $2, control_share_pct = 0, bundle_id = $3 WHERE id = $1`, [
      campaign.revisionId,
      [segment.id],
      bundle.id,
    ]);
    await db.query(`UPDATE campaign_steps SET template_ref = 'cross_sell', window_end = NULL WHERE id = ANY($1::int[])`, [stepIds]);
    await approve(db, app.get(CampaignCommitments), campaign.plan);
    await db.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [campaignId]);
    await app.get(CampaignLaunchService).launch(campaignId, { seed: 5 });

    worker = fork(WORKER_MAIN, [], {
      execArgv: ['-r', TS_REQUIRE],
      env: { ...process.env, SMTP_URL: sink.url, DISPATCH_INTERVAL_MS: '300' },
      stdio: 'inherit',
    });
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await app.close();
    await sink.close();
    delete process.env.SMTP_URL;
  });

  const customerNo = async (customerId: number): Promise<string> => (await db.query(`SELECT customer_no FROM customers WHERE id = $1`, [customerId]))[0].customer_no;
  const contactOf = async (customerId: number, channel: string): Promise<{ id: number; status: string; skip_reason: string | null }> =>
    (await db.query(`SELECT id::int, status, skip_reason FROM contacts WHERE campaign_id = $1 AND customer_id = $2 AND channel = $3`, [campaignId, customerId, channel]))[0];

  async function webOffers(customerId: number): Promise<HttpAnswer> {
    const token = app.get(WebOfferTokens).customerToken(await customerNo(customerId), new Date(Date.now() + 600_000));
    return call(app, 'GET', `/api/web/offers?token=${encodeURIComponent(token)}`);
  }

  it('plans one contact per customer and step, and the worker hands each channel its own', async () => {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM contacts WHERE campaign_id = $1`, [campaignId]);
    expect(n).toBe(c.length * CHANNELS.length);
    await eventually(async () => (sink.received.length === c.length ? true : undefined), 120_000);
    await eventually(async () => {
      const [made] = await db.query(
        `SELECT (SELECT count(*) FROM call_list_entries WHERE campaign_id = $1)::int AS calls, (SELECT count(*) FROM field_tasks WHERE campaign_id = $1)::int AS tasks`,
        [campaignId],
      );
      return made.calls === c.length && made.tasks === c.length ? true : undefined;
    }, 60_000);
  }, 180_000);

  it('keeps a customer who opts out or converts on one channel from every later step of the campaign', async () => {
    // c[0] unsubscribes through the link of the mail it received.
    const email = (await db.query(`SELECT email FROM customers WHERE id = $1`, [c[0]]))[0].email;
    const mail = sink.received.find((received) => received.to.includes(email));
    const unsubscribe = mail?.raw.match(new RegExp(`${TRACKING_PATH}/u/[A-Za-z0-9._-]+`))?.[0];
    expect(unsubscribe).toBeDefined();
    expect((await call(app, 'POST', unsubscribe as string, { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    await eventually(async () => ((await db.query(`SELECT opted_out_at FROM contacts WHERE id = $1`, [(await contactOf(c[0], 'email')).id]))[0].opted_out_at ? true : undefined), 30_000);

    // The call centre works its list: c[1] buys, c[2] asks never to be called again, c[0] is left out.
    const skipped: { contactId: number; reason: string }[] = [];
    for (;;) {
      const next = await call(app, 'POST', '/api/calls/next', { token: agentToken });
      expect(next.status).toBe(200);
      skipped.push(...next.body.skipped);
      if (!next.body.call) break;
      const contactId = next.body.call.contactId;
      const [{ customer_id }] = await db.query(`SELECT customer_id::int FROM contacts WHERE id = $1`, [contactId]);
      const body =
        customer_id === c[1] ? { disposition: 'converted', policyNo: policyNos[0] } : customer_id === c[2] ? { disposition: 'do_not_call_again' } : { disposition: 'not_interested' };
      const recorded = await call(app, 'POST', `/api/calls/${contactId}/disposition`, { token: agentToken, body });
      expect(recorded.status).toBe(200);
      if (customer_id === c[1]) expect(recorded.body.attributed).toBe(true);
    }
    expect(skipped).toEqual([{ contactId: (await contactOf(c[0], 'phone')).id, reason: 'opted_out' }]);

    // The site shows the offer to those still in the campaign only.
    for (const out of [c[0], c[1], c[2]]) expect((await webOffers(out)).body.offers).toEqual([]);
    const shown = await webOffers(c[3]);
    expect(shown.body.offers).toEqual([expect.objectContaining({ campaign: expect.objectContaining({ id: campaignId }), bundle: expect.objectContaining({ name: '全渠道家财组合' }) })]);
    expect((await webOffers(c[4])).body.offers).toHaveLength(1);
    const accept = new URL(shown.body.offers[0].acceptUrl).pathname;
    expect((await call(app, 'POST', accept)).status).toBeLessThan(400);
    await eventually(async () => ((await db.query(`SELECT 1 FROM leads WHERE contact_id = $1`, [(await contactOf(c[3], 'web')).id])).length ? true : undefined), 30_000);

    // The agent visits: c[3] buys, c[4] is visited; the three others are skipped with their reason at the visit.
    const tasks = (await call(app, 'GET', '/api/field-tasks?filter=all', { token: executor.token })).body as { contactId: number; customer: { id: number } }[];
    expect(tasks).toHaveLength(c.length);
    const outcomes = new Map<number, HttpAnswer>();
    for (const task of tasks) {
      expect((await call(app, 'PUT', `/api/field-tasks/${task.contactId}/agent`, { token: executor.token, body: { agentId: executor.id } })).status).toBe(200);
      const [{ customer_id }] = await db.query(`SELECT customer_id::int FROM contacts WHERE id = $1`, [task.contactId]);
      const body = customer_id === c[3] ? { outcome: 'sold', policyNo: policyNos[1], premium: 880 } : { outcome: 'visited' };
      outcomes.set(customer_id, await call(app, 'POST', `/api/field-tasks/${task.contactId}/outcome`, { token: executor.token, body }));
    }
    expect(outcomes.get(c[0])?.body).toMatchObject({ state: 'skipped', skipReason: 'opted_out' });
    expect(outcomes.get(c[1])?.body).toMatchObject({ state: 'skipped', skipReason: 'already_converted' });
    expect(outcomes.get(c[2])?.body).toMatchObject({ state: 'skipped', skipReason: 'opted_out' });
    expect(outcomes.get(c[3])?.body).toMatchObject({ state: 'done', outcome: 'sold', attributed: true });
    expect(outcomes.get(c[4])?.body).toMatchObject({ state: 'done', outcome: 'visited' });
  }, 120_000);

  it('writes every channel’s events to the one contact-event model', async () => {
    const rows: { channel: string; event_type: string; reason: string | null; n: number }[] = await db.query(
      `SELECT channel, event_type, reason, count(*)::int AS n FROM contact_events WHERE campaign_id = $1 GROUP BY channel, event_type, reason`,
      [campaignId],
    );
    const count = (channel: string, type: string, reason?: string): number =>
      rows.filter((row) => row.channel === channel && row.event_type === type && (reason === undefined || row.reason === reason)).reduce((sum, row) => sum + row.n, 0);
    expect(new Set(rows.map((row) => row.channel))).toEqual(new Set(CHANNELS));
    expect({ queued: count('email', 'queued'), sent: count('email', 'sent'), unsubscribed: count('email', 'unsubscribed') }).toEqual({ queued: 5, sent: 5, unsubscribed: 1 });
    expect({ queued: count('phone', 'queued'), called: count('phone', 'called'), skipped: count('phone', 'skipped', 'opted_out') }).toEqual({ queued: 5, called: 4, skipped: 1 });
    expect({ sent: count('web', 'sent'), opened: count('web', 'opened'), responded: count('web', 'responded') }).toEqual({ sent: 2, opened: 2, responded: 1 });
    expect({ visited: count('agent_visit', 'visited'), skipped: count('agent_visit', 'skipped') }).toEqual({ visited: 2, skipped: 3 });
    expect(count('phone', 'converted') + count('agent_visit', 'converted')).toBe(2);
  });

  it('counts a conversion once, however many channels reached the customer and however often attribution runs', async () => {
    const conversions = async () =>
      db.query(
        `SELECT p.policy_no, count(*)::int AS n, min(cc.channel) AS channel FROM campaign_conversions cc JOIN policies p ON p.id = cc.policy_id
          WHERE cc.campaign_id = $1 GROUP BY p.policy_no ORDER BY p.policy_no`,
        [campaignId],
      );
    const expected = [
      { policy_no: policyNos[0], n: 1, channel: 'phone' },
      { policy_no: policyNos[1], n: 1, channel: 'agent_visit' },
    ].sort((a, b) => a.policy_no.localeCompare(b.policy_no));
    expect(await conversions()).toEqual(expected);
    // The daily sweep looks at the same policies again.
    const answer = await call(app, 'GET', `/api/campaigns/${campaignId}/conversions`, { token: await login(app, 'planner.all', FIXTURE_PASSWORD) });
    expect(answer.status).toBe(200);
    expect(answer.body.treatment).toMatchObject({ converters: 2, conversions: 2 });
    await db.transaction(async (manager) => {
      await app.get(ConversionAttribution).attribute(manager, { sql: `SELECT id FROM policies WHERE policy_no = ANY($1::text[])`, params: [policyNos] });
    });
    expect(await conversions()).toEqual(expected);
    const [{ converted }] = await db.query(`SELECT count(*)::int AS converted FROM contact_events WHERE campaign_id = $1 AND event_type = 'converted'`, [campaignId]);
    expect(converted).toBe(2);
  });
});
