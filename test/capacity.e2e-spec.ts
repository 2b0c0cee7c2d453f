import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { approve, createCampaign } from './support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

describe('Channel capacity over HTTP: the channel manager sets it, the planner sees what is left', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let channelManager: string;
  let planner: string;
  let executorA1: string;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    channelManager = await loginNewUser(app, 'channel.province', org.province, ['channel_manager']);
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    executorA1 = await loginNewUser(app, 'exec.a1', org.countyA1, ['branch_executor']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('books the capacity of an approved campaign next to its budget and shows what is left per day', async () => {
    const seats = await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: channelManager, body: { seats: 5, contactsPerSeat: 40 } });
    expect(seats).toMatchObject({ status: 200, body: { dailyCapacity: 200 } });
    const holiday = await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}/days/2027-05-01`, {
      token: channelManager,
      body: { dailyCapacity: 80, note: '劳动节' },
    });
    expect(holiday).toMatchObject({ status: 200, body: { days: [{ day: '2027-05-01', capacity: 80, overridden: true }] } });
    const cost = await call(app, 'PUT', '/api/channel-settings/phone', { token: channelManager, body: { defaultCostPerContact: '2.80' } });
    expect(cost).toMatchObject({ status: 200, body: { channel: 'phone', defaultCostPerContact: '2.80' } });

    const reviewer = await loginNewUser(app, 'reviewer.province', org.province, ['reviewer']);
    expect((await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 2027, orgUnitId: org.province, amount: '10000.00' } })).status).toBe(201);
    const ownerId = await createUser(db, 'cm.owner', org.province, ['campaign_manager']);
    const campaign = await createCampaign(db, {
      ownerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1],
      budgetFen: 100_000,
      startDate: '2027-04-30',
      endDate: '2027-05-02',
      steps: [{ channel: 'phone', costPerContactFen: 280, dailyCapacity: 70, branchIds: [org.countyA1] }],
    });
    await approve(db, app.get(CampaignCommitments), campaign.plan);

    const calendar = await call(app, 'GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=2027-04-30&to=2027-05-02`, { token: planner });
    expect(calendar.status).toBe(200);
    expect(calendar.body.days.map((day: { left: number }) => day.left)).toEqual([130, 10, 130]);
    const editing = await call(app, 'GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=2027-05-01&to=2027-05-01&exceptCampaignId=${campaign.campaignId}`, {
      token: planner,
    });
    expect(editing.body.days).toEqual([{ day: '2027-05-01', capacity: 80, overridden: true, booked: 0, left: 80 }]);
    const budget = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}`, { token: planner });
    expect(budget).toMatchObject({ status: 200, body: { figures: { reserved: '1000.00' } } });
  });

  it('lets only channel managers change capacity, and only the province the default cost', async () => {
    expect((await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: planner, body: { dailyCapacity: 1 } })).status).toBe(403);
    const countyManager = await loginNewUser(app, 'channel.a1', org.countyA1, ['channel_manager']);
    expect((await call(app, 'PUT', '/api/channel-settings/email', { token: countyManager, body: { defaultCostPerContact: '0.05' } })).status).toBe(403);
    const otherBranch = await call(app, 'PUT', `/api/channel-capacities/agent_visit/branches/${org.countyB1}`, { token: countyManager, body: { dailyCapacity: 9 } });
    expect(otherBranch).toMatchObject({ status: 400, body: { details: [{ field: 'branchId', code: 'outside_scope_unit' }] } });
    const unseen = await call(app, 'GET', `/api/channel-capacities/phone/branches/${org.countyB1}/calendar?from=2027-05-01&to=2027-05-01`, { token: executorA1 });
    expect(unseen.status).toBe(400);
  });

  it('answers bad input with 400s naming the field', async () => {
    const fields = async (method: 'GET' | 'PUT', url: string, body?: unknown) =>
      [...new Set(((await call(app, method, url, { token: channelManager, body })).body.details ?? []).map((d: { field: string }) => d.field))];
    await expect(fields('PUT', `/api/channel-capacities/fax/branches/${org.countyA1}`, { dailyCapacity: 1 })).resolves.toEqual(['channel']);
    await expect(fields('PUT', `/api/channel-capacities/phone/branches/${org.countyA1}/days/2027-02-30`, { dailyCapacity: 1 })).resolves.toEqual(['day']);
    await expect(fields('PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { dailyCapacity: -1 })).resolves.toEqual(['dailyCapacity']);
    await expect(fields('PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { seats: 3 })).resolves.toEqual(['contactsPerSeat']);
    await expect(fields('GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=2027-05-02&to=2027-05-01`)).resolves.toEqual(['to']);
    await expect(fields('GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=x`)).resolves.toEqual(['from', 'to']);
    await expect(fields('PUT', '/api/channel-settings/phone', { defaultCostPerContact: '0.001' })).resolves.toEqual(['defaultCostPerContact']);
  });
});
