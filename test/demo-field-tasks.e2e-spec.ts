import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { seedDemoFieldTasks } from '@lib/channels';
import { DailyWorkGenerator } from '@lib/dispatch';
import { createPools } from './support/email-campaign';
import { launchedFieldCampaign, visitsAllowedNow } from './support/field-campaign';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

describe(seedDemoFieldTasks.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let demoLogin: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    const plannerId = await createUser(db, 'planner.demo.tasks', org.province, ['campaign_manager']);
    await createPools(app, db, org.province, await createUser(db, 'reviewer.demo.tasks', org.province, ['reviewer']));
    await visitsAllowedNow(app, db);
    // A county's demo login, and its marketing officer named after the unit's code.
    await createUser(db, 'exec.county_a1', org.countyA1, ['branch_executor']);
    demoLogin = await createUser(db, 'exec.a1.demo', org.countyA1, ['branch_executor']);
    await createUser(db, 'exec.county_a2', org.countyA2, ['branch_executor']);
    const customers: number[] = [];
    for (const unit of [org.countyA1, org.countyA1, org.countyA1, org.countyA1, org.countyA2, org.countyA2]) customers.push(await createCustomer(db, unit));
    await launchedFieldCampaign(app, db, { ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1, org.countyA2], customerIds: customers, dailyCapacity: 10 });
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives the running campaign today’s visit tasks, some in the counties’ hands, one overdue, so the branch board is not empty', async () => {
    await expect(seedDemoFieldTasks(db, app.get(DailyWorkGenerator), 'COUNTY_A1')).resolves.toEqual({ created: 6, assigned: 4, overdue: 1 });
    const token = await login(app, 'exec.a1.demo', FIXTURE_PASSWORD);
    const board = await call(app, 'GET', '/api/field-tasks?filter=all', { token });
    expect(board.body).toHaveLength(4);
    const daily = await call(app, 'GET', '/api/field-tasks/daily', { token });
    expect(daily.body.myTasksToday).toHaveLength(1);
    expect(daily.body.overdue).toEqual([expect.objectContaining({ agent: expect.objectContaining({ id: demoLogin }) })]);
    const officer = await call(app, 'GET', '/api/field-tasks/daily', { token: await login(app, 'exec.county_a2', FIXTURE_PASSWORD) });
    expect(officer.body.myTasksToday).toHaveLength(2);
    expect(officer.body.overdue).toEqual([]);
  });
});
