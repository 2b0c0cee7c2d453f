import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BudgetPoolService } from '@lib/budgets';
import { CampaignOverlapService } from '@lib/campaigns';
import { CampaignLaunchService } from '@lib/dispatch';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const motorHolders = { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' };

describe(CampaignOverlapService.name, () => {
  let app: NestFastifyApplication;
  let org: FixtureOrg;
  let planner: string;
  let reviewer: string;
  let executorB1: string;
  const ids: Record<'running' | 'scheduled' | 'may' | 'draft', number> = { running: 0, scheduled: 0, may: 0, draft: 0 };
  const customerNos: string[] = [];

  async function campaign(body: Record<string, unknown>, moves: string[]): Promise<number> {
    const created = await call(app, 'POST', '/api/campaigns', {
      token: planner,
      body: {
        name: '活动', objective: 'cross_sell', budget: '1000.00', branchIds: [org.cityA, org.cityB],
        steps: [{ channel: 'email', templateRef: 'cross_sell', dailyCapacity: 100 }], ...body,
      },
    });
    expect(created.status).toBe(201);
    for (const move of moves) {
      if (move === 'launch') {
        await app.get(CampaignLaunchService).launch(created.body.id);
        continue;
      }
      const token = move === 'approve' ? reviewer : planner;
      const answer = await call(app, 'POST', `/api/campaigns/${created.body.id}/moves/${move}`, { token, body: {} });
      expect(answer.status).toBe(200);
    }
    return created.body.id;
  }

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (const unit of [org.countyA1, org.countyA1, org.countyA2, org.countyB1]) {
      const id = await createCustomer(db, unit);
      await createPolicy(db, id, 'SYX');
      customerNos.push((await db.query('SELECT customer_no FROM customers WHERE id = $1', [id]))[0].customer_no);
    }
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    executorB1 = await loginNewUser(app, 'exec.kunshan', org.countyB1, ['branch_executor']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const motor = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '商业车险客户', kind: 'dynamic', rule: motorHolders } })).body.id;
    const list = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '名单', kind: 'static' } })).body.id;
    await call(app, 'POST', `/api/segments/${list}/members`, { token: segmentManager, body: { customerNos: [customerNos[0], customerNos[2]] } });
    const admin = await createUser(db, 'budget.admin', org.province, ['admin']);
    await app.get(BudgetPoolService).create(await scopeOf(db, org.province), admin, { fiscalYear: 2027, orgUnitId: org.province, amount: '100000.00' });

    const toRun = ['submit', 'approve', 'schedule', 'launch'];
    ids.running = await campaign({ name: '三月车险', startDate: '2027-03-01', endDate: '2027-03-31', includeSegmentIds: [motor] }, toRun);
    ids.scheduled = await campaign(
      { name: '名单续保', objective: 'retention', startDate: '2027-03-15', endDate: '2027-04-15', includeSegmentIds: [list], branchIds: [org.cityA] },
      ['submit', 'approve', 'schedule'],
    );
    ids.may = await campaign({ name: '五月车险', startDate: '2027-05-01', endDate: '2027-05-31', includeSegmentIds: [motor], branchIds: [org.cityA] }, toRun);
    ids.draft = await campaign({ name: '草稿', startDate: '2027-03-20', endDate: '2027-03-31', includeSegmentIds: [motor], excludeSegmentIds: [list] }, []);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists campaigns with filters and paging done by the server', async () => {
    const page = await call(app, 'GET', '/api/campaigns?pageSize=3&page=1', { token: planner });
    expect(page.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page.body.items).toHaveLength(3);
    const second = await call(app, 'GET', '/api/campaigns?pageSize=3&page=2', { token: planner });
    expect(second.body.items).toHaveLength(1);
    const running = await call(app, 'GET', '/api/campaigns?status=running', { token: planner });
    expect(running.body.items.map((c: any) => c.id).sort()).toEqual([ids.running, ids.may].sort());
    const retention = await call(app, 'GET', '/api/campaigns?objective=retention', { token: planner });
    expect(retention.body.items.map((c: any) => c.id)).toEqual([ids.scheduled]);
    const suzhou = await call(app, 'GET', `/api/campaigns?branchId=${org.cityB}`, { token: planner });
    expect(suzhou.body.items.map((c: any) => c.id).sort()).toEqual([ids.running, ids.draft].sort());
    const named = await call(app, 'GET', `/api/campaigns?q=${encodeURIComponent('车险')}`, { token: planner });
    expect(named.body.items.map((c: any) => c.id).sort()).toEqual([ids.running, ids.may].sort());
    const byCode = await call(app, 'GET', `/api/campaigns?q=${running.body.items[0].code.toLowerCase()}`, { token: planner });
    expect(byCode.body.total).toBe(1);
    expect((await call(app, 'GET', '/api/campaigns?q=100%25_', { token: planner })).body.total).toBe(0);
    const mine = await call(app, 'GET', `/api/campaigns?ownerId=999999`, { token: planner });
    expect(mine.body.total).toBe(0);
    expect((await call(app, 'GET', '/api/campaigns?status=launched', { token: planner })).status).toBe(400);
  });

  it('shows a county only the campaigns its unit takes part in', async () => {
    const kunshan = await call(app, 'GET', '/api/campaigns', { token: executorB1 });
    expect(kunshan.body.total).toBe(0);
    const suzhouExecutor = await loginNewUser(app, 'exec.suzhou', org.cityB, ['branch_executor']);
    const suzhou = await call(app, 'GET', '/api/campaigns', { token: suzhouExecutor });
    expect(suzhou.body.items.map((c: any) => c.id).sort()).toEqual([ids.running, ids.draft].sort());
  });

  it('puts a month on the calendar by week and flags campaigns whose audiences overlap in a common week', async () => {
    const march = await call(app, 'GET', '/api/campaigns/calendar?month=2027-03', { token: planner });
    expect(march.status).toBe(200);
    expect(march.body.campaigns.map((c: any) => c.id)).toEqual([ids.running, ids.scheduled, ids.draft]);
    expect(march.body.campaigns[0].weeks).toEqual(['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29']);
    expect(march.body.campaigns[1].weeks).toEqual(['2027-03-15', '2027-03-22', '2027-03-29']);
    expect(march.body.overlaps).toEqual([
      { campaignIds: [ids.running, ids.scheduled], weeks: ['2027-03-15', '2027-03-22', '2027-03-29'], sharedCustomers: 2 },
      { campaignIds: [ids.running, ids.draft], weeks: ['2027-03-15', '2027-03-22', '2027-03-29'], sharedCustomers: 2 },
    ]);
    expect(march.body.campaigns.every((c: any) => c.overlapping)).toBe(true);
    const may = await call(app, 'GET', '/api/campaigns/calendar?month=2027-05', { token: planner });
    expect(may.body).toMatchObject({ campaigns: [{ id: ids.may, overlapping: false }], overlaps: [] });
    expect((await call(app, 'GET', '/api/campaigns/calendar?month=2027-13', { token: planner })).status).toBe(400);
  });

  it('counts, for a draft, the customers other live campaigns already hold, and pages through them', async () => {
    const overlap = await call(app, 'GET', `/api/campaigns/${ids.draft}/overlap`, { token: planner });
    expect(overlap.status).toBe(200);
    // The draft takes the motor holders except the list (customers 2 and 4); the scheduled list campaign shares none of them,
    // and the May campaign reaches only Nanjing's customers (not 4, of Kunshan).
    expect(overlap.body).toEqual({
      campaignId: ids.draft,
      audience: 2,
      campaigns: [
        { campaignId: ids.running, code: expect.any(String), name: '三月车险', status: 'running', sharedCustomers: 2 },
        { campaignId: ids.may, code: expect.any(String), name: '五月车险', status: 'running', sharedCustomers: 1 },
      ],
    });
    const first = await call(app, 'GET', `/api/campaigns/${ids.draft}/overlap/customers?pageSize=1`, { token: planner });
    expect(first.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(first.body.items).toEqual([
      expect.objectContaining({ customerNo: customerNos[1], orgUnitName: '江宁支公司', campaignIds: [ids.running, ids.may].sort((a, b) => a - b) }),
    ]);
    const second = await call(app, 'GET', `/api/campaigns/${ids.draft}/overlap/customers?pageSize=1&page=2`, { token: planner });
    expect(second.body.items).toEqual([expect.objectContaining({ customerNo: customerNos[3], orgUnitName: '昆山支公司', campaignIds: [ids.running] })]);
    const withScheduled = await call(app, 'GET', `/api/campaigns/${ids.draft}/overlap/customers?campaignId=${ids.scheduled}`, { token: planner });
    expect(withScheduled.body).toMatchObject({ total: 0, items: [] });
    expect((await call(app, 'GET', `/api/campaigns/${ids.draft}/overlap`, { token: executorB1 })).status).toBe(404);
  });
});
