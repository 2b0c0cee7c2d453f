import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const motorHolders = { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' };

describe('A campaign through its life cycle: budget reserved and capacity booked at approval, both given back on cancel', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let planner: string;
  let reviewer: string;
  let channelManager: string;
  let segmentId: number;
  let poolId: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (const unit of [org.countyA1, org.countyB1]) await createPolicy(db, await createCustomer(db, unit), 'SYX');
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    channelManager = await loginNewUser(app, 'ch.province', org.province, ['channel_manager']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    segmentId = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '商业车险客户', kind: 'dynamic', rule: motorHolders } })).body.id;
    poolId = (await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 2027, orgUnitId: org.province, amount: '100000.00' } })).body.id;
    await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: channelManager, body: { seats: 4, contactsPerSeat: 50 } });
  });

  afterAll(async () => {
    await app.close();
  });

  /** A call-centre campaign of Jiangning and Kunshan in the week of 2027-06-07. */
  const plan = (budget: string, dailyCalls: number) => ({
    name: '江宁、昆山车险客户家财险交叉销售',
    objective: 'cross_sell',
    startDate: '2027-06-07',
    endDate: '2027-06-11',
    includeSegmentIds: [segmentId],
    controlSharePct: 10,
    budget,
    branchIds: [org.countyA1, org.countyB1],
    kpiTargets: { contacts: 1000, responseRatePct: 5, conversions: 50, premium: '100000.00' },
    steps: [
      { channel: 'phone', templateRef: 'cross_sell', startOffsetDays: 0, windowStart: '09:00', windowEnd: '18:00', costPerContact: '3.50', dailyCapacity: dailyCalls, branchIds: [org.countyA1] },
    ],
  });

  /** Creates and submits a plan; returns the campaign's id. */
  async function submitted(body: ReturnType<typeof plan>): Promise<number> {
    const created = await call(app, 'POST', '/api/campaigns', { token: planner, body });
    expect((await call(app, 'POST', `/api/campaigns/${created.body.id}/moves/submit`, { token: planner, body: {} })).status).toBe(200);
    return created.body.id;
  }

  /** Asks the province reviewer to approve a submitted campaign; returns the campaign and the approval's answer. */
  async function approve(campaignId: number) {
    return { campaignId, approval: await call(app, 'POST', `/api/campaigns/${campaignId}/moves/approve`, { token: reviewer, body: {} }) };
  }

  it('reserves the budget with its split and books the call centre when approved, and gives both back when cancelled', async () => {
    const created = await call(app, 'POST', '/api/campaigns', { token: planner, body: plan('30000.00', 150) });
    expect(created.status).toBe(201);
    const campaignId = created.body.id;
    const revisionId = (await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.open.id;
    const split = await call(app, 'PUT', `/api/campaign-budgets/${campaignId}/revisions/${revisionId}/allocations`, {
      token: planner,
      body: { branches: [{ branchId: org.countyA1, amount: '25000.00' }, { branchId: org.countyB1, amount: '5000.00' }], channels: [{ channel: 'phone', amount: '26250.00' }] },
    });
    expect(split.status).toBe(200);

    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/submit`, { token: planner, body: {} })).status).toBe(200);
    const approved = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/approve`, { token: reviewer, body: {} });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved' } });

    const pool = await call(app, 'GET', `/api/budget-pools/${poolId}`, { token: reviewer });
    expect(pool.body).toMatchObject({
      figures: { planned: '100000.00', reserved: '30000.00', remaining: '70000.00' },
      campaigns: [{ campaignId, figures: { reserved: '30000.00' } }],
    });
    const budget = await call(app, 'GET', `/api/campaign-budgets/${campaignId}`, { token: planner });
    expect(budget.body).toMatchObject({
      revisionId,
      branches: [
        { branchId: org.countyA1, figures: { planned: '25000.00', remaining: '25000.00' } },
        { branchId: org.countyB1, figures: { planned: '5000.00' } },
      ],
      channels: [{ channel: 'phone', figures: { planned: '26250.00' } }],
    });
    const calendar = await call(app, 'GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=2027-06-07&to=2027-06-11`, { token: planner });
    expect(calendar.body.days.map((day: { left: number }) => day.left)).toEqual([50, 50, 50, 50, 50]);
    const timeline = await db.query(`SELECT action FROM campaign_audit WHERE campaign_id = $1 AND action LIKE ANY('{budget%,capacity%}') ORDER BY id`, [campaignId]);
    expect(timeline.map((entry: { action: string }) => entry.action)).toEqual(['budget_allocated', 'budget_allocated', 'budget_allocated', 'budget_reserved', 'capacity_booked']);

    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/cancel`, { token: planner, body: { comment: '渠道调整' } })).status).toBe(200);
    const after = await call(app, 'GET', `/api/budget-pools/${poolId}`, { token: reviewer });
    expect(after.body).toMatchObject({ figures: { reserved: '0.00', remaining: '100000.00' } });
    const freed = await call(app, 'GET', `/api/channel-capacities/phone/branches/${org.countyA1}/calendar?from=2027-06-07&to=2027-06-07`, { token: planner });
    expect(freed.body.days).toMatchObject([{ booked: 0, left: 200 }]);
  });

  it('refuses the approval of a plan the pool or the call centre cannot take, and the campaign stays submitted', async () => {
    // Both pass their checks at submit; the first approval takes what the second needed.
    const firstId = await submitted(plan('60000.00', 120));
    const tooBusyId = await submitted(plan('1000.00', 81));
    expect((await approve(firstId)).approval.status).toBe(200);
    const tooBusy = await approve(tooBusyId);
    expect(tooBusy.approval).toMatchObject({
      status: 409,
      body: { code: 'capacity_not_available', details: [{ code: 'capacity_short', params: { needed: 81, left: 80 } }, {}, {}, {}, {}] },
    });
    const tooDear = await approve(await submitted(plan('40000.01', 10)));
    expect(tooDear.approval).toMatchObject({ status: 409, body: { code: 'budget_pool_insufficient', params: { remaining: '40000.00', needed: '40000.01' } } });
    for (const { campaignId } of [tooBusy, tooDear]) {
      await expect(db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId])).resolves.toEqual([{ status: 'submitted' }]);
    }
    const pool = await call(app, 'GET', `/api/budget-pools/${poolId}`, { token: reviewer });
    expect(pool.body.figures).toMatchObject({ reserved: '60000.00', remaining: '40000.00' });
  });
});
