import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addContact, addEvent, addMember, analyticsCampaign } from './support/analytics-campaign';
import { createFixtureOrg, createProducts, createUser, resetDatabase } from './support/fixtures';
import { eventually, startWorker } from './support/test-app';

/** The worker keeps the rollups by itself: a click recorded now is in the campaign's figures within a minute. */
describe('Rollups kept by the worker', () => {
  let worker: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    worker = await startWorker();
    db = worker.get(DataSource);
    // Not Redis: emptying it would drop the refresh's repeated job the worker just registered.
    await resetDatabase(db);
  });

  afterAll(async () => {
    await worker.close();
  });

  it('counts a new response within a minute of its event', async () => {
    const org = await createFixtureOrg(db);
    await createProducts(db);
    const campaign = await analyticsCampaign(db, org, await createUser(db, 'planner', org.province, ['campaign_manager']));
    const member = await addMember(db, campaign, { orgUnitId: org.countyA1 });
    const contact = await addContact(db, campaign, member, { step: 'email', status: 'clicked', at: '2026-03-02T10:00:00+08:00' });
    const recorded = Date.now();
    await addEvent(db, contact, 'clicked', '2026-03-02T11:00:00+08:00');
    const responses = await eventually(async () => {
      const [row] = await db.query(`SELECT sum(responses)::int AS n FROM campaign_contact_rollups WHERE campaign_id = $1`, [campaign.campaignId]);
      return row.n > 0 ? row.n : undefined;
    }, 60_000);
    expect(responses).toBe(1);
    expect(Date.now() - recorded).toBeLessThan(60_000);
  }, 70_000);
});
