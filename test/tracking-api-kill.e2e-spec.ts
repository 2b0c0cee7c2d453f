import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ContactEventStream, LinkEventType, LinkTracking, TrackedLinks } from '@lib/tracking';
import { ApiProcess, killApiProcess, startApiProcess } from './support/api-process';
import { createCampaignRows, createCustomer, createFixtureOrg, createUser, resetState } from './support/fixtures';
import { eventually, startApi, startWorker } from './support/test-app';

const CLIENTS = 8;
const CONTACTS = 40;
/** Answers to wait for before the kill, and after the restart. */
const ANSWERS_PER_PHASE = 1000;

type Counts = Record<LinkEventType, Map<number, number>>;

const newCounts = (): Counts => ({ opened: new Map(), clicked: new Map(), unsubscribed: new Map() });
const add = (counts: Counts, type: LinkEventType, contactId: number, n = 1) => counts[type].set(contactId, (counts[type].get(contactId) ?? 0) + n);
const total = (counts: Counts) => Object.values(counts).reduce((sum, byContact) => sum + [...byContact.values()].reduce((a, b) => a + b, 0), 0);

describe('Killing the API while its tracking links are under load', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let db: DataSource;
  let api: ApiProcess | undefined;
  const contactIds: number[] = [];
  let stepId: number;

  beforeAll(async () => {
    // In this process only to sign the links and read the database; the API under load is a process of its own.
    app = await startApi();
    db = await resetState(app);
    const org = await createFixtureOrg(db);
    const ownerId = await createUser(db, 'cm.tracking.kill', org.province, ['campaign_manager']);
    await createCampaignRows(db, [903], ownerId, org.province);
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, name, objective, created_by) VALUES (903, 1, '续保提醒', 'retention', $1) RETURNING id`,
      [ownerId],
    );
    [{ id: stepId }] = await db.query(`INSERT INTO campaign_steps (revision_id, position, channel) VALUES ($1, 1, 'email') RETURNING id`, [revision.id]);
    for (let i = 0; i < CONTACTS; i += 1) {
      const customerId = await createCustomer(db, i % 2 ? org.countyA1 : org.countyB1);
      const [{ id }] = await db.query(
        `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
         SELECT $1, 903, $2, 'email', org_unit_id, now(), 'sent' FROM customers WHERE id = $1 RETURNING id::int AS id`,
        [customerId, stepId],
      );
      contactIds.push(id);
    }
    worker = await startWorker();
  });

  afterAll(async () => {
    if (api) await killApiProcess(api);
    await worker?.close();
    await app.close();
  });

  it('finds in PostgreSQL every open, click and unsubscribe that got an answer', async () => {
    const links = app.get(LinkTracking);
    const [offer, branch] = await app.get(TrackedLinks).register(stepId, ['https://www.example.com/renewal', 'https://www.example.com/branch']);
    const requests: { type: LinkEventType; contactId: number; method: 'GET' | 'POST'; path: string; status: number }[] = contactIds.flatMap((contactId) => [
      { type: 'opened', contactId, method: 'GET', path: new URL(links.openPixelUrl(contactId)).pathname, status: 200 },
      { type: 'clicked', contactId, method: 'GET', path: new URL(links.clickUrl(contactId, stepId, offer)).pathname, status: 302 },
      { type: 'clicked', contactId, method: 'GET', path: new URL(links.clickUrl(contactId, stepId, branch)).pathname, status: 302 },
      { type: 'unsubscribed', contactId, method: 'POST', path: new URL(links.unsubscribeUrl(contactId)).pathname, status: 200 },
    ]);

    const answered = newCounts();
    let answers = 0;
    let failures = 0;
    let inFlight = 0;
    let sending = true;
    let next = 0;
    api = await startApiProcess();
    const firstApi = api;

    /** One client: request after request to whichever API process is up, counting what was answered. */
    async function client(): Promise<void> {
      while (sending) {
        const request = requests[next++ % requests.length];
        inFlight += 1;
        try {
          const answer = await fetch(`${(api as ApiProcess).baseUrl}${request.path}`, {
            method: request.method,
            redirect: 'manual',
            ...(request.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } : {}),
          });
          await answer.arrayBuffer();
          if (answer.status !== request.status) throw new Error(`${request.method} ${request.path} answered ${answer.status}`);
          add(answered, request.type, request.contactId);
          answers += 1;
        } catch (err) {
          // A request cut by the kill or refused while the API is down got no answer: nothing was promised.
          if (err instanceof Error && err.message.includes(' answered ')) throw err;
          failures += 1;
          // While the API is down every connect is refused at once: a short pause keeps the clients from starving its start.
          await new Promise((resolve) => setTimeout(resolve, 10));
        } finally {
          inFlight -= 1;
        }
      }
    }

    const clients = Array.from({ length: CLIENTS }, () => client());
    try {
      await eventually(async () => (answers >= ANSWERS_PER_PHASE ? true : undefined), 30_000);
      const inFlightAtKill = inFlight;
      const answeredBeforeKill = answers;
      await killApiProcess(firstApi);
      api = await startApiProcess();
      const answeredAfterRestart = answers;
      await eventually(async () => (answers >= answeredAfterRestart + ANSWERS_PER_PHASE ? true : undefined), 30_000);
      sending = false;
      await Promise.all(clients);

      const stream = app.get(ContactEventStream);
      await eventually(async () => ((await stream.backlog()) === 0 ? true : undefined), 30_000);
      const stored = newCounts();
      const rows: { contactId: number; eventType: LinkEventType; events: number }[] = await db.query(
        `SELECT contact_id::int AS "contactId", event_type AS "eventType", count(*)::int AS events FROM contact_events GROUP BY 1, 2`,
      );
      for (const row of rows) add(stored, row.eventType, row.contactId, row.events);
      let missing = 0;
      let storedWithoutAnswer = 0;
      for (const type of Object.keys(answered) as LinkEventType[]) {
        for (const contactId of contactIds) {
          const difference = (answered[type].get(contactId) ?? 0) - (stored[type].get(contactId) ?? 0);
          if (difference > 0) missing += difference;
          else storedWithoutAnswer -= difference;
        }
      }
      console.log(
        `API killed with ${inFlightAtKill} requests in flight after ${answeredBeforeKill} answers; ${failures} requests got no answer; ` +
          `answered ${total(answered)}, stored ${total(stored)}, answered but missing ${missing}, stored without an answer ${storedWithoutAnswer}`,
      );
      expect(inFlightAtKill).toBeGreaterThan(0);
      for (const type of Object.keys(answered) as LinkEventType[]) expect(answered[type].size).toBeGreaterThan(0);
      expect(missing).toBe(0);
      // Only a request cut by the kill, at most one per client, can be stored without its answer.
      expect(storedWithoutAnswer).toBeLessThanOrEqual(CLIENTS);
      const [{ stillOptedIn }] = await db.query(
        `SELECT count(*)::int AS "stillOptedIn" FROM customers c JOIN contacts k ON k.customer_id = c.id WHERE k.id = ANY($1) AND c.consent_email`,
        [[...answered.unsubscribed.keys()]],
      );
      expect(stillOptedIn).toBe(0);
    } finally {
      sending = false;
      await Promise.allSettled(clients);
    }
  }, 120_000);
});
