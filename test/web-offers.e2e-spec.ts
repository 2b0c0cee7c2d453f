import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { WebOfferService, WebOfferTokens, WEB_OFFERS_VERSION_POLL_MS as VERSION_POLL_MS } from '@lib/channels';
import { AppConfig } from '@lib/config';
import { REDIS } from '@lib/redis';
import { createPools } from './support/email-campaign';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { call, eventually, login, startApi, startWorker } from './support/test-app';
import { runningWebCampaign, WebCampaign } from './support/web-campaign';

describe('Web offers for the insurer’s site', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let plannerId: number;
  let tokens: WebOfferTokens;

  beforeAll(async () => {
    process.env.DISPATCH_INTERVAL_MS = '300';
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'planner.web', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.web', org.province, ['reviewer']);
    await createUser(db, 'executor.a1', org.countyA1, ['branch_executor']);
    await createUser(db, 'executor.b1', org.countyB1, ['branch_executor']);
    await createPools(app, db, org.province, reviewerId);
    tokens = app.get(WebOfferTokens);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    delete process.env.DISPATCH_INTERVAL_MS;
  });

  const customerNo = async (customerId: number): Promise<string> =>
    (await db.query(`SELECT customer_no FROM customers WHERE id = $1`, [customerId]))[0].customer_no;

  async function offersOf(customerId: number, limit?: number) {
    const token = tokens.customerToken(await customerNo(customerId), new Date(Date.now() + 600_000));
    return call(app, 'GET', `/api/web/offers?token=${encodeURIComponent(token)}${limit ? `&limit=${limit}` : ''}`);
  }

  const campaign = (customerIds: number[], name: string, priority = 0): Promise<WebCampaign> =>
    runningWebCampaign(app, db, { ownerId: plannerId, owningUnitId: org.province, branchIds: [org.cityA, org.cityB], customerIds, name, priority });

  const eventsOf = async (campaignId: number): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await db.query(`SELECT event_type, count(*)::int AS n FROM contact_events WHERE campaign_id = $1 GROUP BY event_type`, [campaignId])).map(
        (row: { event_type: string; n: number }) => [row.event_type, row.n],
      ),
    );

  it('answers a customer’s offers in priority order, at most the number asked for, rendered from the step’s template', async () => {
    const customer = await createCustomer(db, org.countyA1, { name: '王芳' });
    // Launched lowest first: a launch leaves out customers a campaign of higher priority has reserved.
    const low = await campaign([customer], '低优先级组合', 1);
    const middle = await campaign([customer], '中优先级组合', 5);
    const high = await campaign([customer], '高优先级组合', 9);

    const all = await offersOf(customer, 5);
    expect(all.status).toBe(200);
    expect(all.headers['cache-control']).toBe('private, no-store');
    expect(all.body.offers.map((offer: { campaign: { id: number } }) => offer.campaign.id)).toEqual([high.campaignId, middle.campaignId, low.campaignId]);
    const [first] = all.body.offers;
    expect(first.bundle).toEqual({ name: '高优先级组合', shortText: '一份保障，全家安心', price: expect.stringContaining('388') });
    expect(first.html).toContain('王芳');
    expect(first.html).toContain(first.clickUrl.replace(/^https?:\/\/[^/]+/, ''));
    expect(first.acceptUrl).toMatch(/\/api\/web\/accept\/a\d+\.[A-Za-z0-9_-]{43}$/);

    const two = await offersOf(customer, 2);
    expect(two.body.offers.map((offer: { campaign: { id: number } }) => offer.campaign.id)).toEqual([high.campaignId, middle.campaignId]);
    const byDefault = await offersOf(customer);
    expect(byDefault.body.offers).toHaveLength(3);
  });

  it('refuses a bad token or count, naming the field, in the reader’s language', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const no = await customerNo(customer);
    const tooMany = await call(app, 'GET', `/api/web/offers?limit=6&token=${tokens.customerToken(no, new Date(Date.now() + 60_000))}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    const expired = await call(app, 'GET', `/api/web/offers?token=${tokens.customerToken(no, new Date(Date.now() - 1000))}`, { headers: { 'accept-language': 'en' } });
    expect(expired.status).toBe(400);
    expect(expired.body.details).toEqual([expect.objectContaining({ field: 'token', code: 'web_token_expired', problem: expect.stringContaining('expired') })]);
    const forged = new WebOfferTokens('someone-else-secret-of-32-characters-or-more').customerToken(no, new Date(Date.now() + 60_000));
    const refused = await call(app, 'GET', `/api/web/offers?token=${forged}`, { headers: { 'accept-language': 'zh-CN' } });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'token', code: 'web_token_invalid', problem: expect.stringContaining('令牌') })]);
    const missing = await call(app, 'GET', '/api/web/offers');
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'token' })]));
  });

  it('shows a do-not-contact customer nothing, also one flagged after the launch', async () => {
    const flagged = await createCustomer(db, org.countyA1, { do_not_contact: true });
    const later = await createCustomer(db, org.countyA1);
    const { campaignId } = await campaign([flagged, later], '免打扰测试组合');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM contacts WHERE campaign_id = $1`, [campaignId]);
    expect(n).toBe(1);
    expect((await offersOf(flagged)).body.offers).toEqual([]);
    await db.query(`UPDATE customers SET do_not_contact = true WHERE id = $1`, [later]);
    expect((await offersOf(later)).body.offers).toEqual([]);
  });

  it('holds the web’s own frequency caps where the policy sets them, counting the offers of the same answer', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const low = await campaign([customer], '频次低优先级组合', 1);
    const high = await campaign([customer], '频次高优先级组合', 9);
    await db.query(`UPDATE contact_policies SET per_channel = jsonb_set(per_channel, '{web}', '{"maxPer7Days": 1, "maxPer30Days": null}') WHERE is_default`);
    try {
      const answer = await offersOf(customer, 5);
      expect(answer.body.offers.map((offer: { campaign: { id: number } }) => offer.campaign.id)).toEqual([high.campaignId]);
      await eventually(async () => {
        const [{ status }] = await db.query(`SELECT status FROM contacts WHERE campaign_id = $1`, [high.campaignId]);
        return status === 'sent' ? true : undefined;
      });
      // Read anew after a move: the made contact is shown still, the other stays held back.
      const token = await login(app, 'planner.web', FIXTURE_PASSWORD);
      await call(app, 'POST', `/api/campaigns/${low.campaignId}/moves/pause`, { token, body: {} });
      await call(app, 'POST', `/api/campaigns/${low.campaignId}/moves/resume`, { token, body: {} });
      const again = await offersOf(customer, 5);
      expect(again.body.offers.map((offer: { campaign: { id: number } }) => offer.campaign.id)).toEqual([high.campaignId]);
    } finally {
      await db.query(`UPDATE contact_policies SET per_channel = jsonb_set(per_channel, '{web}', '{"maxPer7Days": null, "maxPer30Days": null}') WHERE is_default`);
    }
  });

  it('records impressions, clicks and accepts through the worker; an accept makes one lead for the owning branch', async () => {
    const customer = await createCustomer(db, org.countyB1);
    const { campaignId } = await campaign([customer], '点击办理组合');
    const [contact] = await db.query(`SELECT id::int, status FROM contacts WHERE campaign_id = $1`, [campaignId]);
    expect(contact.status).toBe('planned');

    const first = await offersOf(customer);
    await offersOf(customer);
    const [offer] = first.body.offers;
    const click = await call(app, 'GET', new URL(offer.clickUrl).pathname);
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe('https://www.example.com/offers/cross-sell');
    const acceptPath = new URL(offer.acceptUrl).pathname;
    const confirm = await call(app, 'GET', acceptPath);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('<form method="post">');
    expect((await call(app, 'POST', acceptPath)).body).toEqual({ accepted: true });
    expect((await call(app, 'POST', acceptPath)).status).toBe(200);
    expect((await call(app, 'POST', `${acceptPath.slice(0, -3)}xyz`)).status).toBe(404);

    const events = await eventually(async () => {
      const counts = await eventsOf(campaignId);
      return counts.responded && counts.clicked && counts.opened === 2 ? counts : undefined;
    });
    expect(events).toEqual({ sent: 1, opened: 2, clicked: 1, responded: 1 });
    const [made] = await db.query(`SELECT status, responded_at IS NOT NULL AS responded FROM contacts WHERE id = $1`, [contact.id]);
    expect(made).toEqual({ status: 'sent', responded: true });
    const leads = await db.query(`SELECT customer_id::int, campaign_id, org_unit_id, status FROM leads WHERE contact_id = $1`, [contact.id]);
    expect(leads).toEqual([{ customer_id: Number(customer), campaign_id: campaignId, org_unit_id: org.countyB1, status: 'new' }]);
    // An accepted offer is not shown again once the offers are read anew (here after a move drops what is in memory).
    const planner = await login(app, 'planner.web', FIXTURE_PASSWORD);
    await call(app, 'POST', `/api/campaigns/${campaignId}/moves/pause`, { token: planner, body: {} });
    await call(app, 'POST', `/api/campaigns/${campaignId}/moves/resume`, { token: planner, body: {} });
    expect((await offersOf(customer)).body.offers).toEqual([]);
  });

  it('charges a web step’s cost per contact once per contact made, through the budget guard, and stops making contacts when its budget is spent', async () => {
    const customers = [await createCustomer(db, org.countyA1), await createCustomer(db, org.countyB1)];
    const { campaignId, stepId } = await campaign(customers, '网站计费组合');
    for (const customer of customers) for (let i = 0; i < 3; i += 1) expect((await offersOf(customer)).body.offers).toHaveLength(1);
    const spend = () =>
      eventually(async () => {
        const lines = await db.query(
          `SELECT branch_id, contacts, amount::text FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend' AND channel = 'web' ORDER BY branch_id`,
          [campaignId],
        );
        return lines.length === 2 ? lines : undefined;
      });
    // 0.02 yuan for each customer's first impression, at the branch that works the customer; none for the other five.
    expect(await spend()).toEqual([
      { branch_id: org.cityA, contacts: 1, amount: '0.02' },
      { branch_id: org.cityB, contacts: 1, amount: '0.02' },
    ]);
    const [{ actual }] = await db.query(`SELECT coalesce(sum(amount), 0)::text AS actual FROM campaign_budget_sums WHERE campaign_id = $1 AND kind = 'spend'`, [campaignId]);
    expect(actual).toBe('0.04');

    // A cost that leaves the budget room for one more contact only: the step stops at it.
    await db.query(`UPDATE campaign_steps SET cost_per_contact = 9000 WHERE id = $1`, [stepId]);
    const more = [await createCustomer(db, org.countyA1), await createCustomer(db, org.countyA1), await createCustomer(db, org.countyA1)];
    await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status, priority)
       SELECT id, $1, $2, 'web', org_unit_id, now(), 'planned', 0 FROM customers WHERE id = ANY($3::bigint[])`,
      [campaignId, stepId, more],
    );
    expect((await offersOf(more[0])).body.offers).toHaveLength(1);
    expect((await offersOf(more[1])).body.offers).toHaveLength(1);
    await eventually(async () => ((await db.query(`SELECT 1 FROM step_dispatch_states WHERE step_id = $1 AND state = 'budget_exhausted'`, [stepId])).length ? true : undefined));
    const [{ paid }] = await db.query(`SELECT sum(contacts)::int AS paid FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend' AND channel = 'web'`, [campaignId]);
    expect(paid).toBe(3);
    expect((await offersOf(more[2])).body.offers).toEqual([]);
    // Shown and paid for already: still shown.
    expect((await offersOf(customers[0])).body.offers).toHaveLength(1);
  });

  it('answers from memory without asking Redis for the offers version, request by request', async () => {
    const customer = await createCustomer(db, org.countyA1);
    await campaign([customer], '并发版本组合');
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    const versionKey = `${app.get(AppConfig).QUEUE_PREFIX}:web-offers:version`;
    const redis = app.get<Redis>(REDIS);
    const get = jest.spyOn(redis, 'get');
    const token = tokens.customerToken(await customerNo(customer), new Date(Date.now() + 600_000));
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(app, 'GET', `/api/web/offers?token=${encodeURIComponent(token)}`)));
    const reads = get.mock.calls.filter(([key]) => key === versionKey);
    get.mockRestore();
    expect(answers.every((answer) => answer.status === 200 && answer.body.offers.length === 1)).toBe(true);
    expect(answers[0].headers['content-type']).toBe('application/json; charset=utf-8');
    // At most the read of the timer, however many requests.
    expect(reads.length).toBeLessThanOrEqual(1);
  });

  it('drops the offers in memory when another process moves a campaign, at once through its message, within the poll without one', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const { campaignId } = await campaign([customer], '跨进程暂停组合');
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    // The worker's launch or move: the campaign changes in PostgreSQL, and that process bumps the version.
    await db.query(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [campaignId]);
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    const movedAt = Date.now();
    await worker.get(WebOfferService).moved();
    await eventually(async () => ((await offersOf(customer)).body.offers.length === 0 ? true : undefined));
    expect(Date.now() - movedAt).toBeLessThan(VERSION_POLL_MS);

    // A bump whose message is lost (a subscriber reconnecting meanwhile): the poll finds it.
    await db.query(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [campaignId]);
    const bumpedAt = Date.now();
    await app.get<Redis>(REDIS).incr(`${app.get(AppConfig).QUEUE_PREFIX}:web-offers:version`);
    await eventually(async () => ((await offersOf(customer)).body.offers.length === 1 ? true : undefined));
    expect(Date.now() - bumpedAt).toBeLessThan(VERSION_POLL_MS + 500);
  });

  it('answers a customer’s offers from memory past their minute while reading them anew, then shows what changed', async () => {
    const customer = await createCustomer(db, org.countyA1);
    await campaign([customer], '过期重读组合');
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    await db.query(`UPDATE customers SET do_not_contact = true WHERE id = $1`, [customer]);
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockImplementation(() => now + 61_000);
    try {
      // The entry answers once more, and is read anew behind it.
      expect((await offersOf(customer)).body.offers).toHaveLength(1);
      await eventually(async () => ((await offersOf(customer)).body.offers.length === 0 ? true : undefined));
    } finally {
      later.mockRestore();
    }
  });

  it('takes a paused campaign’s offer away at once and brings it back on resume', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const { campaignId } = await campaign([customer], '暂停测试组合');
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    const token = await login(app, 'planner.web', FIXTURE_PASSWORD);
    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/pause`, { token, body: {} })).status).toBe(200);
    expect((await offersOf(customer)).body.offers).toEqual([]);
    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/resume`, { token, body: {} })).status).toBe(200);
    expect((await offersOf(customer)).body.offers).toHaveLength(1);
    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/complete`, { token, body: {} })).status).toBe(200);
    expect((await offersOf(customer)).body.offers).toEqual([]);
  });

  it('lists each branch only its own leads, and lets only that branch move them on', async () => {
    const inA = await createCustomer(db, org.countyA1);
    const inB = await createCustomer(db, org.countyB1);
    const { campaignId } = await campaign([inA, inB], '线索分派组合');
    for (const customer of [inA, inB]) {
      const [offer] = (await offersOf(customer)).body.offers;
      await call(app, 'POST', new URL(offer.acceptUrl).pathname);
    }
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM leads WHERE campaign_id = $1`, [campaignId]);
      return n === 2 ? true : undefined;
    });
    const a1 = await login(app, 'executor.a1', FIXTURE_PASSWORD);
    const b1 = await login(app, 'executor.b1', FIXTURE_PASSWORD);
    const seenByA = await call(app, 'GET', '/api/leads?pageSize=200', { token: a1 });
    expect(seenByA.status).toBe(200);
    const ofCampaign = (answer: { body: { items: { campaign: { id: number }; customer: { id: number }; branch: { id: number }; id: number }[] } }) =>
      answer.body.items.filter((lead) => lead.campaign.id === campaignId);
    expect(ofCampaign(seenByA).map((lead) => [lead.customer.id, lead.branch.id])).toEqual([[Number(inA), org.countyA1]]);
    const seenByB = await call(app, 'GET', '/api/leads?pageSize=200', { token: b1 });
    const [leadOfB] = ofCampaign(seenByB);
    expect(leadOfB.customer.id).toBe(Number(inB));
    expect(seenByB.body.items.every((lead: { branch: { id: number } }) => lead.branch.id === org.countyB1)).toBe(true);

    expect((await call(app, 'PATCH', `/api/leads/${leadOfB.id}`, { token: a1, body: { status: 'contacted' } })).status).toBe(404);
    const moved = await call(app, 'PATCH', `/api/leads/${leadOfB.id}`, { token: b1, body: { status: 'contacted' } });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('contacted');
    const badStatus = await call(app, 'PATCH', `/api/leads/${leadOfB.id}`, { token: b1, body: { status: 'won' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details).toEqual([expect.objectContaining({ field: 'status' })]);
    const planner = await login(app, 'planner.web', FIXTURE_PASSWORD);
    expect((await call(app, 'GET', '/api/leads', { token: planner })).status).toBe(403);
  });
});
