import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createProducts, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

describe('Submitting a campaign: the budget must pay for the forecast contacts, and the channels must have room', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let planner: string;
  let reviewer: string;
  let segmentId: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    // 40 customers of Jiangning who may be called.
    for (let i = 0; i < 40; i += 1) await createCustomer(db, org.countyA1);
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    const channelManager = await loginNewUser(app, 'ch.province', org.province, ['channel_manager']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const rule = { type: 'condition', field: 'do_not_contact', operator: 'is', value: false };
    segmentId = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '可接触客户', kind: 'dynamic', rule } })).body.id;
    await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 2027, orgUnitId: org.province, amount: '100000.00' } });
    await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: channelManager, body: { seats: 4, contactsPerSeat: 50 } });
  });

  afterAll(async () => {
    await app.close();
  });

  /** Calls to Jiangning in the week of 2027-06-07 (Monday to Friday) at ¥10 a call. */
  const plan = (budget: string, dailyCalls: number) => ({
    name: '江宁客户家财险推荐',
    objective: 'cross_sell',
    startDate: '2027-06-07',
    endDate: '2027-06-11',
    includeSegmentIds: [segmentId],
    controlSharePct: 10,
    budget,
    branchIds: [org.countyA1],
    steps: [{ channel: 'phone', templateRef: 'cross_sell', costPerContact: '10.00', dailyCapacity: dailyCalls }],
  });

  const create = async (body: ReturnType<typeof plan> & { evaluationCheckpoints?: string[] }): Promise<number> => (await call(app, 'POST', '/api/campaigns', { token: planner, body })).body.id;
  const submit = (id: number) => call(app, 'POST', `/api/campaigns/${id}/moves/submit`, { token: planner, body: {} });

  it('refuses a budget below the forecast cost of the planned contacts, naming the budget and the cost', async () => {
    const id = await create(plan('100.00', 20));
    // 40 customers less a control share of 4: 36 calls within the capacity, ¥360.
    const forecast = await call(app, 'GET', `/api/campaigns/${id}/forecast`, { token: planner });
    expect(forecast).toMatchObject({ status: 200, body: { audience: 40, steps: [{ treatment: 36, contacts: 10, limitedBy: 'budget' }], budgetSuffices: false } });

    const refused = await submit(id);
    expect(refused).toMatchObject({ status: 400, body: { code: 'campaign_plan_incomplete' } });
    expect(refused.body.details).toContainEqual(
      expect.objectContaining({ field: 'budget', code: 'budget_below_forecast', params: { budget: '100.00', cost: '360.00' } }),
    );
    await expect(db.query('SELECT status FROM campaigns WHERE id = $1', [id])).resolves.toEqual([{ status: 'draft' }]);

    expect((await call(app, 'PATCH', `/api/campaigns/${id}`, { token: planner, body: { budget: '400.00' } })).status).toBe(200);
    expect((await submit(id)).status).toBe(200);
  });

  it('refuses a plan whose calls the call centre cannot take on its days, naming the step and the days short', async () => {
    const first = await create(plan('5000.00', 150));
    expect((await submit(first)).status).toBe(200);
    expect((await call(app, 'POST', `/api/campaigns/${first}/moves/approve`, { token: reviewer, body: {} })).status).toBe(200);

    const second = await create(plan('5000.00', 60));
    const refused = await submit(second);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toContainEqual(
      expect.objectContaining({
        field: 'steps.0.dailyCapacity',
        code: 'capacity_short_on_days',
        params: expect.objectContaining({ count: 5, left: 50, days: ['2027-06-07', '2027-06-08', '2027-06-09', '2027-06-10', '2027-06-11'] }),
      }),
    );
    expect((await call(app, 'PATCH', `/api/campaigns/${second}`, { token: planner, body: { steps: [{ ...plan('', 0).steps[0], dailyCapacity: 50 }] } })).status).toBe(200);
    expect((await submit(second)).status).toBe(200);
  });

  it('names the problems in the reader’s language', async () => {
    const id = await create(plan('1.00', 20));
    const refused = await call(app, 'POST', `/api/campaigns/${id}/moves/submit`, { token: planner, body: {}, headers: { 'accept-language': 'en' } });
    expect(refused.body.details).toContainEqual(
      expect.objectContaining({ field: 'budget', problem: 'The budget of 1.00 yuan is below the forecast cost of the planned contacts, 360.00 yuan' }),
    );
  });

  it('reads the checkpoints back as days and refuses at submission one outside the campaign\'s dates', async () => {
    const id = await create({ ...plan('5000.00', 20), evaluationCheckpoints: ['2027-06-09', '2027-06-20'] });
    const read = await call(app, 'GET', `/api/campaigns/${id}`, { token: planner });
    expect(read.body.open.evaluationCheckpoints).toEqual(['2027-06-09', '2027-06-20']);
    const refused = await submit(id);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toContainEqual(
      expect.objectContaining({ field: 'evaluationCheckpoints[1]', code: 'campaign_checkpoint_outside_dates', params: { day: '2027-06-20' } }),
    );
  });
});
