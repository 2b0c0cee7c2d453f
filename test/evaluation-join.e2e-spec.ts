import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { PortfolioCampaign } from '@lib/analytics/portfolio.view';
import { runningCampaignWithResults } from './support/evaluation-campaign';
import { createFixtureOrg, createUser, FixtureOrg, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

/**
 * The evaluation reports seen from the rest of the product: the portfolio says how far
 * each campaign's completion reports are, and a completed campaign is closed by hand
 * only once every report is approved.
 */
describe('Evaluation reports in the portfolio and the campaign life cycle', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let plannerId: number;
  let planner: string;
  let reviewer: string;
  let countyA1: string;
  let names: Map<number, { name: string; name_en: string | null }>;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'join.planner', org.province, ['campaign_manager']);
    await createUser(db, 'join.reviewer', org.province, ['reviewer']);
    await createUser(db, 'join.a1', org.countyA1, ['branch_executor']);
    planner = await login(app, 'join.planner', FIXTURE_PASSWORD);
    reviewer = await login(app, 'join.reviewer', FIXTURE_PASSWORD);
    countyA1 = await login(app, 'join.a1', FIXTURE_PASSWORD);
    const units: { id: number; name: string; name_en: string | null }[] = await db.query(`SELECT id, name, name_en FROM org_units`);
    names = new Map(units.map((unit) => [unit.id, unit]));
  });

  afterAll(async () => {
    await app.close();
  });

  async function completedCampaign(branchIds: number[], name: string): Promise<number> {
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds, startDate: '2026-11-01', endDate: '2026-12-31', dueDays: 5, name,
    });
    const moved = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/complete`, { token: planner, body: {} });
    expect(moved.status).toBe(200);
    return campaignId;
  }

  const reportStatus = (campaignId: number, branchId: number, status: string, dueDate?: string) =>
    db.query(`UPDATE evaluation_reports SET status = $3, due_date = coalesce($4::date, due_date) WHERE campaign_id = $1 AND branch_id = $2`, [
      campaignId, branchId, status, dueDate ?? null,
    ]);

  const portfolioRow = async (token: string, campaignId: number, filter = ''): Promise<PortfolioCampaign | undefined> => {
    const answer = await call(app, 'GET', `/api/analytics/portfolio?from=2026-11-01&to=2026-12-31${filter}`, { token });
    expect(answer.status).toBe(200);
    return answer.body.campaigns.find((row: PortfolioCampaign) => row.campaignId === campaignId);
  };

  it('counts each campaign\'s completion reports in the portfolio, within the reader\'s subtree, filters and exports them', async () => {
    const evaluated = await completedCampaign([org.countyA1, org.countyA2, org.countyB1], '评估进度活动');
    const unevaluated = (await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1], startDate: '2026-11-01', endDate: '2026-12-31', name: '进行中活动',
    })).campaignId;
    await reportStatus(evaluated, org.countyA1, 'approved');
    await reportStatus(evaluated, org.countyA2, 'returned', '2026-01-01');
    await reportStatus(evaluated, org.countyB1, 'resubmitted');

    expect((await portfolioRow(planner, evaluated))?.evaluationStatus).toEqual({ total: 3, draft: 0, submitted: 1, returned: 1, approved: 1, overdue: 1 });
    expect((await portfolioRow(planner, unevaluated))?.evaluationStatus).toBeNull();
    // A county counts its own report only.
    expect((await portfolioRow(countyA1, evaluated))?.evaluationStatus).toEqual({ total: 1, draft: 0, submitted: 0, returned: 0, approved: 1, overdue: 0 });

    // "Reports overdue", "returned", "every report approved", "no report yet".
    expect(await portfolioRow(planner, evaluated, '&evaluation=overdue')).toBeDefined();
    expect(await portfolioRow(planner, unevaluated, '&evaluation=overdue')).toBeUndefined();
    expect(await portfolioRow(planner, evaluated, '&evaluation=returned')).toBeDefined();
    expect(await portfolioRow(planner, evaluated, '&evaluation=approved')).toBeUndefined();
    expect(await portfolioRow(countyA1, evaluated, '&evaluation=approved')).toBeDefined();
    expect(await portfolioRow(planner, unevaluated, '&evaluation=none')).toBeDefined();
    expect(await portfolioRow(planner, evaluated, '&evaluation=none')).toBeUndefined();
    const bad = await call(app, 'GET', '/api/analytics/portfolio?evaluation=late', { token: planner });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toContainEqual(expect.objectContaining({ field: 'evaluation', code: 'not_one_of' }));

    const csv = await app.inject({
      method: 'GET', url: '/api/analytics/portfolio.csv?from=2026-11-01&to=2026-12-31&evaluation=overdue',
      headers: { authorization: `Bearer ${planner}`, 'accept-language': 'en' },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('1 of 3 approved, 1 awaiting review, 1 returned, 1 overdue');
    expect(csv.body).not.toContain('进行中活动');
    const xlsx = await app.inject({
      method: 'GET', url: '/api/analytics/portfolio.xlsx?from=2026-11-01&to=2026-12-31', headers: { authorization: `Bearer ${planner}`, 'accept-language': 'zh-CN' },
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain('3 份中 1 份已通过，1 份待审核，1 份已退回，1 份已逾期');
    expect(cells).toContain('尚无评估报告');
  });

  it('refuses to close a completed campaign by hand until every report is approved, naming the branches in the reader\'s language', async () => {
    const campaignId = await completedCampaign([org.countyA1, org.countyA2], '待关闭活动');
    const close = (language: string) =>
      call(app, 'POST', `/api/campaigns/${campaignId}/moves/close`, { token: reviewer, body: {}, headers: { 'accept-language': language } });

    const refused = await close('zh-CN');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('campaign_reports_not_approved');
    expect(refused.body.message).toContain(`${names.get(org.countyA1)?.name}、${names.get(org.countyA2)?.name}`);
    await reportStatus(campaignId, org.countyA1, 'approved');
    const english = await close('en');
    expect(english.status).toBe(409);
    expect(english.body.message).toContain(`not yet approved: ${names.get(org.countyA2)?.name_en ?? names.get(org.countyA2)?.name}`);
    expect(english.body.message).not.toContain(names.get(org.countyA1)?.name_en ?? String(names.get(org.countyA1)?.name));
    expect((await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.status).toBe('completed');

    await reportStatus(campaignId, org.countyA2, 'approved');
    const closed = await close('zh-CN');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  it('closes by hand a completed campaign that has no participating branch, and so no report', async () => {
    const campaignId = await completedCampaign([], '无分支机构活动');
    expect((await db.query(`SELECT count(*)::int AS n FROM evaluation_reports WHERE campaign_id = $1`, [campaignId]))[0].n).toBe(0);
    const closed = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/close`, { token: reviewer, body: {} });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });
});
