import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { WebContactSpend } from '@lib/channels';
import { REDIS } from '@lib/redis';
import {
  ContactEventDrain,
  ContactEventStream,
  LinkTracking,
  TrackedLinks,
  TrackingPurpose,
  TrackingService,
  TrackingTokens,
} from '@lib/tracking';
import { createApiApp } from '../apps/api/src/create-api-app';
import { createCampaignRows, createCustomer, createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const APPLE_MAIL = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const THUNDERBIRD = 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0';

describe('Tracking links and the contact-event stream', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let redis: Redis;
  let org: FixtureOrg;
  let links: LinkTracking;
  let campaignId: number;
  let stepId: number;
  let ownerId: number;

  const pathOf = (url: string) => new URL(url).pathname;

  /** Moves everything in the stream as the worker would, claiming what a dead consumer left. */
  async function drainAll(): Promise<number> {
    let stored = 0;
    for (;;) {
      const batch = await app.get(ContactEventDrain).drainBatch(redis, 'test-drain', { batchSize: 100, blockMs: 0, claimIdleMs: 0 }, (manager, made) =>
        app.get(WebContactSpend).charge(manager, made),
      );
      if (batch.read === 0) return stored;
      stored += batch.stored;
    }
  }

  async function newContact(orgUnitId = org.countyA1, customerColumns: Record<string, unknown> = {}): Promise<{ contactId: number; customerId: number }> {
    const customerId = await createCustomer(db, orgUnitId, customerColumns);
    const [{ id }] = await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
       VALUES ($1, $2, $3, 'email', $4, now(), 'sent') RETURNING id::int AS id`,
      [customerId, campaignId, stepId, orgUnitId],
    );
    return { contactId: id, customerId };
  }

  const eventsOf = (contactId: number) =>
    db.query(
      `SELECT event_type AS "eventType", open_proxy AS "openProxy", link_index AS "linkIndex", campaign_id AS "campaignId",
              step_id AS "stepId", org_unit_id AS "orgUnitId", channel
       FROM contact_events WHERE contact_id = $1 ORDER BY occurred_at, event_type`,
      [contactId],
    );

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    redis = app.get(REDIS);
    links = app.get(LinkTracking);
    org = await createFixtureOrg(db);
    ownerId = await createUser(db, 'cm.tracking', org.province, ['campaign_manager']);
    campaignId = 901;
    await createCampaignRows(db, [campaignId], ownerId, org.province);
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, name, objective, created_by) VALUES ($1, 1, '车险客户家财险交叉销售', 'cross_sell', $2) RETURNING id`,
      [campaignId, ownerId],
    );
    [{ id: stepId }] = await db.query(`INSERT INTO campaign_steps (revision_id, position, channel) VALUES ($1, 1, 'email') RETURNING id`, [revision.id]);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(async () => {
    await drainAll();
  });

  describe('the open pixel', () => {
    it('answers a 1×1 GIF that no cache keeps, and stores the open once moved', async () => {
      const { contactId } = await newContact();
      const answer = await app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)), headers: { 'user-agent': THUNDERBIRD } });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('image/gif');
      expect(answer.headers['cache-control']).toContain('no-store');
      expect(answer.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
      expect(await eventsOf(contactId)).toEqual([]);

      expect(await drainAll()).toBe(1);
      expect(await eventsOf(contactId)).toEqual([
        { eventType: 'opened', openProxy: null, linkIndex: null, campaignId, stepId, orgUnitId: org.countyA1, channel: 'email' },
      ]);
    });

    it('marks an open fetched by Apple Mail or an image proxy', async () => {
      const { contactId } = await newContact();
      const url = pathOf(links.openPixelUrl(contactId));
      await app.inject({ method: 'GET', url, headers: { 'user-agent': APPLE_MAIL } });
      await app.inject({ method: 'GET', url, headers: { 'user-agent': 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)' } });
      await drainAll();
      expect((await eventsOf(contactId)).map((event: { openProxy: string }) => event.openProxy).sort()).toEqual(['apple_privacy', 'google_proxy']);
    });

    it('answers 404 to forged, tampered and foreign tokens, and records nothing', async () => {
      const { contactId } = await newContact();
      const genuine = links.openPixelUrl(contactId).split('/').pop() as string;
      const foreign = new TrackingTokens('a-secret-that-is-not-the-platforms!').sign({ purpose: TrackingPurpose.Open, contactId });
      const tampered = `${genuine.slice(0, -1)}${genuine.endsWith('A') ? 'B' : 'A'}`;
      const unsubscribeToken = links.unsubscribeUrl(contactId).split('/').pop() as string;
      for (const token of [foreign, tampered, 'forged', unsubscribeToken]) {
        const answer = await call(app, 'GET', `/api/t/o/${token}`);
        expect(answer.status).toBe(404);
      }
      expect(await app.get(ContactEventStream).backlog()).toBe(0);
    });
  });

  describe('the links that take every open and click', () => {
    it('answer ahead of the middleware every other route passes', async () => {
      const own = await createApiApp();
      let passed = 0;
      own.use((_request: unknown, _response: unknown, next: () => void) => {
        passed += 1;
        next();
      });
      await own.init();
      try {
        const { contactId } = await newContact();
        const [link] = await app.get(TrackedLinks).register(stepId, ['https://www.example.com/home-cover?c=1']);
        expect((await own.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)) })).statusCode).toBe(200);
        expect((await own.inject({ method: 'GET', url: pathOf(links.clickUrl(contactId, stepId, link)) })).statusCode).toBe(302);
        expect((await own.inject({ method: 'GET', url: pathOf(links.unsubscribeUrl(contactId)) })).statusCode).toBe(200);
        expect((await own.inject({ method: 'GET', url: `/api/t/o/forged-token-of-no-one-at-all` })).statusCode).toBe(404);
        expect(passed).toBe(0);
        expect((await own.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
        expect(passed).toBe(1);
        expect(await drainAll()).toBe(2);
      } finally {
        await own.close();
      }
    });

    it('answer no success while their event cannot be written, and record nothing', async () => {
      const { contactId } = await newContact();
      const [link] = await app.get(TrackedLinks).register(stepId, ['https://www.example.com/home-cover?c=1']);
      const stream = app.get(ContactEventStream);
      const english = { 'accept-language': 'en' };
      // A key of another type refuses the XADD, as Redis refuses writes when it is out of memory.
      await redis.del(stream.key);
      await redis.set(stream.key, 'not a stream');
      try {
        const answers = [
          await app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)), headers: english }),
          await app.inject({ method: 'GET', url: pathOf(links.clickUrl(contactId, stepId, link)), headers: english }),
          await app.inject({
            method: 'POST',
            url: pathOf(links.unsubscribeUrl(contactId)),
            headers: { ...english, 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'List-Unsubscribe=One-Click',
          }),
        ];
        for (const answer of answers) {
          expect(answer.statusCode).toBe(500);
          expect(answer.headers['cache-control']).toContain('no-store');
          expect(answer.json()).toMatchObject({ statusCode: 500, code: 'internal_error', errorId: expect.any(String) });
        }
      } finally {
        await redis.del(stream.key);
      }
      // The stream went with its consumer group: the first read finds neither and makes them again.
      expect(await drainAll()).toBe(0);
      expect((await app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)) })).statusCode).toBe(200);
      expect(await drainAll()).toBe(1);
      expect(await eventsOf(contactId)).toHaveLength(1);
    });
  });

  describe('click redirects', () => {
    it('lead only to a link registered for the step, each click kept, the contact counted once', async () => {
      const [offer, branchPage] = await app.get(TrackedLinks).register(stepId, ['https://www.example.com/home-cover?c=1', 'https://www.example.com/branch']);
      expect(await app.get(TrackedLinks).register(stepId, ['https://www.example.com/branch'])).toEqual([branchPage]);
      const { contactId } = await newContact(org.countyA2);

      for (let i = 0; i < 2; i += 1) {
        const answer = await call(app, 'GET', pathOf(links.clickUrl(contactId, stepId, offer)));
        expect(answer.status).toBe(302);
        expect(answer.headers.location).toBe('https://www.example.com/home-cover?c=1');
      }
      expect((await call(app, 'GET', pathOf(links.clickUrl(contactId, stepId, branchPage)))).headers.location).toBe('https://www.example.com/branch');
      // A signed index with no link behind it, and a link of another step, lead nowhere.
      expect((await call(app, 'GET', pathOf(links.clickUrl(contactId, stepId, 99)))).status).toBe(404);
      expect((await call(app, 'GET', pathOf(links.clickUrl(contactId, stepId + 1000, offer)))).status).toBe(404);

      expect(await drainAll()).toBe(3);
      expect((await eventsOf(contactId)).map((event: { linkIndex: number }) => event.linkIndex).sort()).toEqual([offer, offer, branchPage].sort());
      const counts = await app.get(TrackingService).campaignCounts(campaignId);
      expect(counts.events).toContainEqual({ stepId, orgUnitId: org.countyA2, eventType: 'clicked', reason: null, events: 3 });
      expect(counts.engagements).toContainEqual({ stepId, orgUnitId: org.countyA2, opened: 0, openedDirectly: 0, clicked: 1, unsubscribed: 0 });
    });
  });

  describe('one-click unsubscribe', () => {
    it('asks on GET without recording anything, and turns email consent off on POST', async () => {
      const { contactId, customerId } = await newContact();
      const path = pathOf(links.unsubscribeUrl(contactId));

      const page = await app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
      expect(await app.get(ContactEventStream).backlog()).toBe(0);

      const posted = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(posted.statusCode).toBe(200);
      expect(await drainAll()).toBe(1);
      const [customer] = await db.query(`SELECT consent_email AS "consentEmail", consent_phone AS "consentPhone" FROM customers WHERE id = $1`, [customerId]);
      expect(customer).toEqual({ consentEmail: false, consentPhone: true });
      expect((await eventsOf(contactId)).map((event: { eventType: string }) => event.eventType)).toEqual(['unsubscribed']);
    });

    it('takes the one-click POST as multipart/form-data too, as RFC 8058 prefers', async () => {
      const { contactId, customerId } = await newContact();
      const body = '--b0und\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b0und--\r\n';
      const posted = await app.inject({
        method: 'POST',
        url: pathOf(links.unsubscribeUrl(contactId)),
        headers: { 'content-type': 'multipart/form-data; boundary=b0und' },
        payload: body,
      });
      expect(posted.statusCode).toBe(200);
      await drainAll();
      expect((await db.query(`SELECT consent_email FROM customers WHERE id = $1`, [customerId]))[0].consent_email).toBe(false);
    });

    it('takes the one-click POST whatever its body, and refuses only a body far too large', async () => {
      const { contactId, customerId } = await newContact();
      const url = pathOf(links.unsubscribeUrl(contactId));
      for (const headers of [{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/json' }]) {
        expect((await app.inject({ method: 'POST', url, headers, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200);
      }
      const huge = await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', 'accept-language': 'en' }, payload: 'x'.repeat(100_000) });
      expect(huge.statusCode).toBe(413);
      expect(huge.json()).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
      expect(await drainAll()).toBe(3);
      expect((await db.query(`SELECT consent_email FROM customers WHERE id = $1`, [customerId]))[0].consent_email).toBe(false);
    });

    it('refuses a token that is not an unsubscribe token of ours', async () => {
      const { contactId, customerId } = await newContact();
      const pixelToken = links.openPixelUrl(contactId).split('/').pop();
      const posted = await app.inject({ method: 'POST', url: `/api/t/u/${pixelToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      expect(posted.statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `/api/t/u/${pixelToken}` })).statusCode).toBe(404);
      await drainAll();
      expect((await db.query(`SELECT consent_email FROM customers WHERE id = $1`, [customerId]))[0].consent_email).toBe(true);
    });
  });

  describe('moving events to PostgreSQL', () => {
    it('stores an event once however often it is moved', async () => {
      const { contactId } = await newContact();
      await app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)), headers: { 'user-agent': THUNDERBIRD } });
      const [[, fields]] = await redis.xrange(app.get(ContactEventStream).key, '-', '+');
      expect(await drainAll()).toBe(1);
      // The same entry again, as after a worker killed between commit and acknowledgement.
      await redis.xadd(app.get(ContactEventStream).key, '*', ...fields);
      await redis.xadd(app.get(ContactEventStream).key, '*', ...fields);
      expect(await drainAll()).toBe(0);
      expect(await eventsOf(contactId)).toHaveLength(1);
    });

    it('writes the events of requests taken together as one entry, and moves every one of them', async () => {
      const contacts = await Promise.all(Array.from({ length: 30 }, () => newContact()));
      const answers = await Promise.all(contacts.map(({ contactId }) => app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)) })));
      expect(answers.map((answer) => answer.statusCode)).toEqual(contacts.map(() => 200));
      expect(await app.get(ContactEventStream).backlog()).toBeLessThan(contacts.length);
      expect(await drainAll()).toBe(contacts.length);
      for (const { contactId } of contacts) expect(await eventsOf(contactId)).toHaveLength(1);
    });

    it('moves an entry of one event, as written before events were grouped', async () => {
      const { contactId } = await newContact();
      const event = { eventId: '0b6f5c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f', type: 'opened', contactId, occurredAt: new Date().toISOString() };
      await redis.xadd(app.get(ContactEventStream).key, '*', 'event', JSON.stringify(event));
      expect(await drainAll()).toBe(1);
      expect(await eventsOf(contactId)).toHaveLength(1);
    });

    it('takes over what a consumer read and never acknowledged', async () => {
      const contacts = await Promise.all([1, 2, 3].map(() => newContact()));
      for (const { contactId } of contacts) await app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)) });
      const dead = redis.duplicate();
      const taken = await app.get(ContactEventStream).read(dead, 'consumer-that-died', 10, 0, 60_000);
      expect(taken).toHaveLength(3);
      await dead.quit();

      expect(await drainAll()).toBe(3);
      expect(await app.get(ContactEventStream).backlog()).toBe(0);
      for (const { contactId } of contacts) expect(await eventsOf(contactId)).toHaveLength(1);
    });

    it('counts an open once per contact in the rates, a proxied one apart, and keeps every event', async () => {
      const first = await newContact(org.countyB1);
      const second = await newContact(org.countyB1);
      const pixel = (contactId: number, agent: string) => app.inject({ method: 'GET', url: pathOf(links.openPixelUrl(contactId)), headers: { 'user-agent': agent } });
      await pixel(first.contactId, THUNDERBIRD);
      await pixel(first.contactId, THUNDERBIRD);
      await pixel(first.contactId, APPLE_MAIL);
      await pixel(second.contactId, APPLE_MAIL);
      await drainAll();
      const counts = await app.get(TrackingService).campaignCounts(campaignId);
      expect(counts.events).toContainEqual({ stepId, orgUnitId: org.countyB1, eventType: 'opened', reason: null, events: 4 });
      expect(counts.engagements).toContainEqual({ stepId, orgUnitId: org.countyB1, opened: 2, openedDirectly: 1, clicked: 0, unsubscribed: 0 });
    });

    it('counts a contact once in the rates when its opens and clicks are moved in separate batches, from the first of each', async () => {
      await createCampaignRows(db, [904], ownerId, org.province);
      const [revision] = await db.query(
        `INSERT INTO campaign_revisions (campaign_id, number, name, objective, created_by) VALUES (904, 1, '意外险续保', 'retention', $1) RETURNING id`,
        [ownerId],
      );
      const [{ id: ownStep }] = await db.query(`INSERT INTO campaign_steps (revision_id, position, channel) VALUES ($1, 1, 'email') RETURNING id`, [revision.id]);
      const [link] = await app.get(TrackedLinks).register(ownStep, ['https://www.example.com/accident-cover']);
      const customerId = await createCustomer(db, org.countyA1);
      const [{ id: contactId }] = await db.query(
        `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
         VALUES ($1, 904, $2, 'email', $3, now(), 'sent') RETURNING id::int AS id`,
        [customerId, ownStep, org.countyA1],
      );
      const follow = async (url: string, agent = THUNDERBIRD) => {
        await app.inject({ method: 'GET', url: pathOf(url), headers: { 'user-agent': agent } });
        await drainAll();
      };
      // Each event its own batch, so every one after the first meets the contact's engagement row already stored.
      await follow(links.openPixelUrl(contactId), APPLE_MAIL);
      await follow(links.openPixelUrl(contactId));
      await follow(links.clickUrl(contactId, ownStep, link));
      await follow(links.openPixelUrl(contactId));
      await follow(links.clickUrl(contactId, ownStep, link));

      const counts = await app.get(TrackingService).campaignCounts(904);
      expect(counts.events).toEqual([
        { stepId: ownStep, orgUnitId: org.countyA1, eventType: 'clicked', reason: null, events: 2 },
        { stepId: ownStep, orgUnitId: org.countyA1, eventType: 'opened', reason: null, events: 3 },
      ]);
      expect(counts.engagements).toEqual([{ stepId: ownStep, orgUnitId: org.countyA1, opened: 1, openedDirectly: 1, clicked: 1, unsubscribed: 0 }]);
      const [firsts] = await db.query(
        `SELECT g.first_opened_at = min(e.occurred_at) FILTER (WHERE e.event_type = 'opened') AS "firstOpen",
                g.first_direct_open_at = min(e.occurred_at) FILTER (WHERE e.event_type = 'opened' AND e.open_proxy IS NULL) AS "firstDirectOpen",
                g.first_clicked_at = min(e.occurred_at) FILTER (WHERE e.event_type = 'clicked') AS "firstClick"
         FROM contact_engagements g JOIN contact_events e ON e.contact_id = g.contact_id
         WHERE g.contact_id = $1 GROUP BY g.contact_id, g.first_opened_at, g.first_direct_open_at, g.first_clicked_at`,
        [contactId],
      );
      expect(firsts).toEqual({ firstOpen: true, firstDirectOpen: true, firstClick: true });
    });
  });

  describe(TrackingService.name, () => {
    it('records a batch of contacts set-based, once however often the batch is recorded', async () => {
      const contacts = await Promise.all([1, 2].map(() => newContact(org.countyA2)));
      const batch = { type: 'skipped' as const, reason: 'capped', contactIds: contacts.map((c) => c.contactId), occurredAt: new Date('2026-11-03T02:00:00Z'), key: 'send:step-1:batch-7' };
      const service = app.get(TrackingService);
      expect(await service.record(batch)).toEqual({ stored: 2, optedOut: 0, madeWebContacts: [] });
      expect(await db.transaction((manager) => service.record(batch, manager))).toEqual({ stored: 0, optedOut: 0, madeWebContacts: [] });
      const counts = await service.campaignCounts(campaignId);
      expect(counts.events).toContainEqual({ stepId, orgUnitId: org.countyA2, eventType: 'skipped', reason: 'capped', events: 2 });
      await expect(service.record({ ...batch, reason: undefined })).rejects.toThrow('A skip needs its reason');
    });

    it('writes an event of a month long past into a partition made for it', async () => {
      const { contactId } = await newContact();
      await app.get(TrackingService).record({ type: 'sent', contactIds: [contactId], occurredAt: new Date('2025-06-15T08:00:00Z'), key: 'demo:2025-06' });
      const [row] = await db.query(`SELECT tableoid::regclass::text AS partition FROM contact_events WHERE contact_id = $1`, [contactId]);
      expect(row.partition).toBe('contact_events_2025_06');
    });
  });

  describe('GET /api/customers/:id/contact-history', () => {
    it("shows a customer's events across campaigns, newest first, within the reader's scope only", async () => {
      const { contactId, customerId } = await newContact(org.countyA1);
      await app.get(TrackingService).record({ type: 'sent', contactIds: [contactId], occurredAt: new Date('2026-11-20T01:00:00Z'), key: 'history' });
      await app.get(TrackingService).record({ type: 'delivered', contactIds: [contactId], occurredAt: new Date('2026-11-20T01:00:05Z'), key: 'history' });
      const inCityA = await loginNewUser(app, 'exec.history.a', org.cityA, ['branch_executor']);
      const inCityB = await loginNewUser(app, 'exec.history.b', org.cityB, ['branch_executor']);

      const answer = await call(app, 'GET', `/api/customers/${customerId}/contact-history`, { token: inCityA });
      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(2);
      expect(answer.body.items.map((item: { eventType: string }) => item.eventType)).toEqual(['delivered', 'sent']);
      expect(answer.body.items[0]).toMatchObject({
        campaignId,
        campaignCode: `T-${campaignId}`,
        campaignName: '车险客户家财险交叉销售',
        stepPosition: 1,
        channel: 'email',
        orgUnitId: org.countyA1,
        orgUnitName: '江宁支公司',
        occurredAt: '2026-11-20T01:00:05.000Z',
      });
      expect((await call(app, 'GET', `/api/customers/${customerId}/contact-history`, { token: inCityB })).status).toBe(404);
      expect(await app.get(TrackingService).contactHistory(customerId, await scopeOf(db, org.cityB), 1, 20).catch((err) => err.code)).toBe('not_found');
    });
  });
});
