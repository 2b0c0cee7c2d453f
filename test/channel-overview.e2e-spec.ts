import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CallCampaign, launchedCallCampaign, localTimeIn, phoneQuietHours } from './support/call-campaign';
import { createPools, localToday } from './support/email-campaign';
import { createCustomer, createFixtureOrg, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, HttpAnswer, loginNewUser, startApi } from './support/test-app';

describe('The channel manager’s overview', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let campaign: CallCampaign;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    const plannerId = await createUser(db, 'planner.overview', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.overview', org.province, ['reviewer']);
    await createPools(app, db, org.province, reviewerId);
    // Launched whatever the hour: the calls are not held back by the quiet hours at launch.
    await phoneQuietHours(app, db, localTimeIn(6), localTimeIn(7));
    const customers: number[] = [];
    for (const unit of [org.countyA1, org.countyA1, org.countyA1, org.countyB1, org.countyB1]) customers.push(await createCustomer(db, unit));
    campaign = await launchedCallCampaign(app, db, { ownerId: plannerId, owningUnitId: org.province, branchIds: [org.cityA, org.cityB], customerIds: customers, dailyCapacity: 40 });
    await db.query(
      `INSERT INTO capacity_bookings (campaign_id, revision_id, step_id, channel, org_unit_id, day, contacts)
       SELECT $1, s.revision_id, s.id, 'phone', b, $3::date, 40 FROM campaign_steps s, unnest($4::int[]) AS b WHERE s.id = $2`,
      [campaign.campaignId, campaign.stepId, localToday(), [org.cityA, org.cityB]],
    );
    // One call of county A1 failed every attempt.
    await db.query(`UPDATE contacts SET status = 'dead' WHERE id = (SELECT min(id) FROM contacts WHERE step_id = $1 AND org_unit_id = $2)`, [campaign.stepId, org.countyA1]);
    await db.query(
      `UPDATE contact_policies SET holidays = jsonb_build_array($1::text), holiday_channels = '{phone,agent_visit}',
              quiet_hours = quiet_hours || '{"phone": {"start": "21:00", "end": "09:00"}}' WHERE is_default`,
      [localToday(1)],
    );
    tokens.province = await loginNewUser(app, 'cm.overview.province', org.province, ['channel_manager']);
    tokens.cityA = await loginNewUser(app, 'cm.overview.a', org.cityA, ['channel_manager']);
    tokens.cityB = await loginNewUser(app, 'cm.overview.b', org.cityB, ['channel_manager']);
    tokens.executor = await loginNewUser(app, 'exec.overview', org.cityA, ['branch_executor']);
  });

  afterAll(async () => {
    await app.close();
  });

  const overview = (token: string, from = localToday(), to = localToday(2), language = 'zh'): Promise<HttpAnswer> =>
    call(app, 'GET', `/api/channels/overview?from=${from}&to=${to}`, { token, headers: { 'accept-language': language } });
  const phone = (answer: HttpAnswer) => answer.body.channels.find((channel: { channel: string }) => channel.channel === 'phone');

  it('shows each channel’s booked capacity and load by day and branch, its quiet hours, holidays, running steps’ costs and dead letters', async () => {
    const answer = await overview(tokens.province);
    expect(answer.status).toBe(200);
    expect(answer.body.channels.map((channel: { channel: string }) => channel.channel)).toEqual(['email', 'phone', 'web', 'agent_visit']);
    const calls = phone(answer);
    const today = calls.load.filter((row: { day: string }) => row.day === localToday());
    expect(today).toEqual([
      expect.objectContaining({ branchId: org.cityA, booked: 40, planned: 2, made: 0 }),
      expect.objectContaining({ branchId: org.cityB, booked: 40, planned: 2, made: 0 }),
    ]);
    expect(calls.quietHours).toEqual({ start: '21:00', end: '09:00' });
    expect(calls.holidays).toEqual([localToday(1)]);
    expect(calls.runningSteps).toEqual([expect.objectContaining({ campaignId: campaign.campaignId, stepId: campaign.stepId, costPerContact: '2.00' })]);
    expect(calls.deadLetters).toBe(1);
    const email = answer.body.channels[0];
    expect(email).toMatchObject({ load: [], holidays: [], runningSteps: [], deadLetters: 0 });
  });

  it('shows a branch’s channel manager only the branch’s own load, steps and dead letters', async () => {
    const a = phone(await overview(tokens.cityA));
    expect(new Set(a.load.map((row: { branchId: number }) => row.branchId))).toEqual(new Set([org.cityA]));
    expect(a.deadLetters).toBe(1);
    const b = phone(await overview(tokens.cityB));
    expect(new Set(b.load.map((row: { branchId: number }) => row.branchId))).toEqual(new Set([org.cityB]));
    expect(b.load.find((row: { day: string }) => row.day === localToday())).toMatchObject({ booked: 40, planned: 2 });
    expect(b.deadLetters).toBe(0);
  });

  it('is for channel managers, and refuses a range backwards or too long, naming the field', async () => {
    expect((await overview(tokens.executor)).status).toBe(403);
    const backwards = await overview(tokens.cityA, localToday(3), localToday(), 'en');
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to', code: 'date_before', problem: expect.stringContaining('before') })]);
    const long = await overview(tokens.cityA, localToday(), localToday(90));
    expect(long.status).toBe(400);
    expect(long.body.details).toEqual([expect.objectContaining({ field: 'to', code: 'range_too_long' })]);
    const bad = await overview(tokens.cityA, '2026-02-30', localToday());
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
  });
});
