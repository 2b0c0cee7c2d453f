import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CampaignCommitments } from '@lib/campaigns';
import { approve, createCampaign, FixtureCampaign } from './support/budget-fixtures';
import { createFixtureOrg, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

/** A multipart/form-data body with one file part. */
function multipart(field: string, fileName: string, content: string) {
  const boundary = '----budget-attachment';
  const rawBody = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { rawBody, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('Budgets over HTTP: roles, branch scope and bad input', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let reviewer: string;
  let planner: string;
  let executorA1: string;
  let executorB1: string;
  let campaign: FixtureCampaign;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    reviewer = await loginNewUser(app, 'reviewer.province', org.province, ['reviewer']);
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    executorA1 = await loginNewUser(app, 'exec.a1', org.countyA1, ['branch_executor']);
    executorB1 = await loginNewUser(app, 'exec.b1', org.countyB1, ['branch_executor']);
    const pool = await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 2026, orgUnitId: org.province, amount: '50000.00' } });
    expect(pool.status).toBe(201);
    const [{ id: ownerId }] = await db.query(`SELECT id FROM users WHERE username = 'cm.province'`);
    campaign = await createCampaign(db, { ownerId, owningUnitId: org.province, branchIds: [org.countyA1, org.countyB1], budgetFen: 2_000_000 });
    const allocations = `/api/campaign-budgets/${campaign.campaignId}/revisions/${campaign.revisionId}/allocations`;
    const body = { branches: [{ branchId: org.countyA1, amount: '12000.00' }, { branchId: org.countyB1, amount: '8000.00' }], channels: [] };
    const otherPlanner = await loginNewUser(app, 'cm.other', org.province, ['campaign_manager']);
    expect(await call(app, 'PUT', allocations, { token: otherPlanner, body })).toMatchObject({ status: 403, body: { code: 'campaign_not_owner' } });
    expect((await call(app, 'PUT', allocations, { token: planner, body })).status).toBe(200);
    await approve(db, app.get(CampaignCommitments), campaign.plan);
  });

  afterAll(async () => {
    await app.close();
  });

  it('shows the pool with the reservation and the campaign whole to the province', async () => {
    const pools = await call(app, 'GET', '/api/budget-pools?fiscalYear=2026', { token: planner });
    expect(pools.status).toBe(200);
    expect(pools.body).toMatchObject([{ orgUnitId: org.province, figures: { planned: '50000.00', reserved: '20000.00', remaining: '30000.00' } }]);
    const budget = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}`, { token: reviewer });
    expect(budget.status).toBe(200);
    expect(budget.body).toMatchObject({ whole: true, figures: { planned: '20000.00', reserved: '20000.00' }, branches: [{}, {}] });
    const listed = await call(app, 'GET', '/api/campaign-budgets?fiscalYear=2026', { token: reviewer });
    expect(listed.body).toMatchObject({ total: 1, page: 1, items: [{ campaignId: campaign.campaignId, whole: true }] });
    const forBranch = await call(app, 'GET', `/api/campaign-budgets?branchId=${org.countyB1}`, { token: executorB1 });
    expect(forBranch.body).toMatchObject({ total: 1, items: [{ whole: false, figures: null, branches: [{ branchId: org.countyB1 }] }] });
    const otherYear = await call(app, 'GET', '/api/campaign-budgets?fiscalYear=2027', { token: reviewer });
    expect(otherYear.body).toMatchObject({ total: 0, items: [] });
  });

  it("keeps another branch's budget lines from being read or changed", async () => {
    const spend = await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/spend`, {
      token: executorA1,
      body: { branchId: org.countyA1, category: 'printed_material', amount: '860.00', spentOn: '2026-03-03', reference: 'YS-778' },
    });
    expect(spend.status).toBe(201);
    const lineId = spend.body.id;
    const upload = multipart('file', 'receipt.pdf', '%PDF-1.4 printed leaflets');
    expect((await call(app, 'PUT', `/api/campaign-budgets/${campaign.campaignId}/spend/${lineId}/attachment`, { token: executorA1, ...upload })).status).toBe(200);

    // County B1 sees its own part only: not A1's figures, lines or attachment, and cannot reverse or attach to A1's line.
    const seen = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}`, { token: executorB1 });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ whole: false, figures: null, channels: [] });
    expect(seen.body.branches.map((branch: { branchId: number }) => branch.branchId)).toEqual([org.countyB1]);
    const lines = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend`, { token: executorB1 });
    expect(lines).toMatchObject({ status: 200, body: [] });
    const filtered = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend?branchId=${org.countyA1}`, { token: executorB1 });
    expect(filtered).toMatchObject({ status: 200, body: [] });
    expect((await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend/${lineId}/attachment`, { token: executorB1 })).status).toBe(404);
    expect((await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/spend/${lineId}/reversal`, { token: executorB1 })).status).toBe(404);
    expect((await call(app, 'PUT', `/api/campaign-budgets/${campaign.campaignId}/spend/${lineId}/attachment`, { token: executorB1, ...upload })).status).toBe(404);
    const intoA1 = await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/spend`, {
      token: executorB1,
      body: { branchId: org.countyA1, category: 'gifts', amount: '1.00', spentOn: '2026-03-03' },
    });
    expect(intoA1).toMatchObject({ status: 400, body: { code: 'validation_failed', details: [{ field: 'branchId', code: 'outside_scope_unit' }] } });

    // A1 itself reads its line and the attachment back.
    const own = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend`, { token: executorA1 });
    expect(own.body).toMatchObject([{ id: lineId, amount: '860.00', category: 'printed_material', attachmentName: 'receipt.pdf' }]);
    const file = await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend/${lineId}/attachment`, { token: executorA1 });
    expect(file).toMatchObject({ status: 200, body: '%PDF-1.4 printed leaflets' });
    const unrelated = await loginNewUser(app, 'exec.a2', org.countyA2, ['branch_executor']);
    expect((await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}`, { token: unrelated })).status).toBe(404);
  });

  it('checks the role of every change', async () => {
    const asExecutor = await call(app, 'POST', '/api/budget-pools', { token: executorA1, body: { fiscalYear: 2027, orgUnitId: org.countyA1, amount: '1.00' } });
    expect(asExecutor).toMatchObject({ status: 403, body: { code: 'role_required' } });
    const raise = await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/raise-requests`, { token: executorA1, body: { amount: '1.00', reason: 'x' } });
    expect(raise.status).toBe(403);
    const spendByPlanner = await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/spend`, {
      token: planner,
      body: { branchId: org.countyA1, category: 'gifts', amount: '1.00', spentOn: '2026-03-03' },
    });
    expect(spendByPlanner.status).toBe(403);
    expect((await call(app, 'GET', '/api/budget-raise-requests', { token: planner })).status).toBe(403);
    const otherPlanner = await loginNewUser(app, 'cm.another', org.province, ['campaign_manager']);
    const notOwner = await call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/raise-requests`, { token: otherPlanner, body: { amount: '1.00', reason: '多发礼品' } });
    expect(notOwner).toMatchObject({ status: 403, body: { code: 'campaign_not_owner' } });
  });

  it('answers bad input with 400s naming the field, never 500', async () => {
    const spend = (body: Record<string, unknown>) =>
      call(app, 'POST', `/api/campaign-budgets/${campaign.campaignId}/spend`, {
        token: executorA1,
        body: { branchId: org.countyA1, category: 'gifts', amount: '1.00', spentOn: '2026-03-03', ...body },
      });
    const fields = async (body: Record<string, unknown>) => [...new Set((await spend(body)).body.details?.map((d: { field: string }) => d.field))];
    await expect(fields({ amount: 12.5 })).resolves.toEqual(['amount']);
    await expect(fields({ amount: '1.005' })).resolves.toEqual(['amount']);
    await expect(fields({ amount: '-3.00' })).resolves.toEqual(['amount']);
    await expect(fields({ spentOn: '2026-02-30' })).resolves.toEqual(['spentOn']);
    await expect(fields({ category: 'bribes' })).resolves.toEqual(['category']);
    await expect(fields({ amount: '0.00' })).resolves.toEqual(['amount']);
    expect((await call(app, 'GET', '/api/campaign-budgets/abc', { token: reviewer })).status).toBe(400);
    expect((await call(app, 'GET', `/api/campaign-budgets/${campaign.campaignId}/spend?branchId=x`, { token: reviewer })).status).toBe(400);
    const overspend = await spend({ amount: '12000.00' });
    expect(overspend).toMatchObject({ status: 409, body: { code: 'budget_exceeded' } });
    const pool = await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: 1999, orgUnitId: 'x', amount: '1e5' } });
    expect(pool.status).toBe(400);
    expect([...new Set(pool.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(['amount', 'fiscalYear', 'orgUnitId']);
  });
});
