import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { PortfolioCampaign } from '@lib/analytics/portfolio.view';
import type { ReportDetail } from '@lib/evaluation/reports';
import { ReportCreation } from '@lib/evaluation/reports';
import { runningCampaignWithResults } from './support/evaluation-campaign';
import { createCustomer, createFixtureOrg, createPolicy, createUser, FixtureOrg, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

/**
 * The evaluation reports seen from the rest of the product: the portfolio says how far
 * each campaign's completion reports are, and a completed campaign is closed by hand
 * only once every report is approved, and a draft's prefilled figures stay current until
 * it is filed.
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

  it('refuses to close a completed campaign whose reports are not made yet, naming them, and closes it with the last approval once all are made', async () => {
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1, org.countyA2], startDate: '2026-11-01', endDate: '2026-12-31',
      checkpoints: ['2026-11-10'], name: '报告未生成活动',
    });
    // Completed without the move's listeners (an API that stopped right after the commit), before the hourly round.
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [campaignId]);
    const close = (language: string) =>
      call(app, 'POST', `/api/campaigns/${campaignId}/moves/close`, { token: reviewer, body: {}, headers: { 'accept-language': language } });
    const [a1, a2] = [names.get(org.countyA1), names.get(org.countyA2)];

    const refused = await close('zh-CN');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('campaign_reports_missing');
    expect(refused.body.message).toBe(
      `每个参与机构的评估报告都通过后活动才能关闭；以下报告尚未生成（系统每小时补生成一次）：${a1?.name}（阶段评估 2026年11月10日）、${a2?.name}（阶段评估 2026年11月10日）、${a1?.name}、${a2?.name}`,
    );
    const english = await close('en');
    expect(english.body.message).toContain(`these reports are not made yet (the hourly round makes them): ${a1?.name_en ?? a1?.name} (checkpoint of 10 Nov 2026)`);
    expect((await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.status).toBe('completed');

    // The round makes what is owed: each branch's checkpoint and completion report.
    expect(await app.get(ReportCreation).createDue()).toBe(4);
    const reports: { id: number; branch_id: number; occasion: string }[] = await db.query(
      `SELECT id, branch_id, occasion FROM evaluation_reports WHERE campaign_id = $1 ORDER BY occasion, branch_id`, [campaignId],
    );
    expect(reports.map((r) => [r.occasion, r.branch_id])).toEqual([
      ['checkpoint', org.countyA1], ['checkpoint', org.countyA2], ['completion', org.countyA1], ['completion', org.countyA2],
    ]);
    const lastOpen = reports[1];
    await db.query(`UPDATE evaluation_reports SET status = CASE WHEN id = $2 THEN 'submitted' ELSE 'approved' END WHERE campaign_id = $1`, [campaignId, lastOpen.id]);
    // Every completion report approved is not enough: the checkpoint report of A2 is still to be approved.
    const open = await close('zh-CN');
    expect(open.body).toMatchObject({ code: 'campaign_reports_not_approved' });
    expect(open.body.message).toContain(`尚未通过：${a2?.name}（阶段评估 2026年11月10日）`);

    const approved = await call(app, 'POST', `/api/evaluation-reports/${lastOpen.id}/approve`, { token: reviewer, body: {} });
    expect(approved.status).toBe(200);
    expect((await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.status).toBe('closed');
  });

  it('closes by hand a completed campaign that has no participating branch, and so no report', async () => {
    const campaignId = await completedCampaign([], '无分支机构活动');
    expect((await db.query(`SELECT count(*)::int AS n FROM evaluation_reports WHERE campaign_id = $1`, [campaignId]))[0].n).toBe(0);
    const closed = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/close`, { token: reviewer, body: {} });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  /** A policy attributed to the campaign's treatment group in the branch after completion, as attribution goes on. */
  async function lateConversion(campaignId: number, branchId: number, premium: number): Promise<void> {
    const customerId = await createCustomer(db, branchId);
    const policyId = await createPolicy(db, customerId, 'JCX', { premium });
    await db.query(
      `INSERT INTO campaign_conversions (policy_id, campaign_id, launch_id, customer_id, control, org_unit_id, product_code, premium, start_date)
       SELECT $1, $2, l.id, $3, false, $4, 'JCX', $5, current_date FROM campaign_launches l WHERE l.campaign_id = $2`,
      [policyId, campaignId, customerId, branchId, premium],
    );
  }

  const open = async (token: string, campaignId: number): Promise<ReportDetail> => {
    const list = await call(app, 'GET', `/api/evaluation-reports?campaignId=${campaignId}`, { token });
    const answer = await call(app, 'GET', `/api/evaluation-reports/${list.body[0].id}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('keeps a draft\'s figures current until it is filed: unchanged answers follow, changed ones keep their value and explanation', async () => {
    const campaignId = await completedCampaign([org.countyA1], '报告跟随最新数据');
    const first = await open(countyA1, campaignId);
    // Branch A1 as in test/support/evaluation-campaign.ts: 5 contacts made, 1 policy of 1000.
    expect(first.systemValues).toMatchObject({ contacts: '5', delivered: '3', conversions: '1', premium_written: '1000.00' });
    const saved = await call(app, 'PUT', `/api/evaluation-reports/${first.id}`, {
      token: countyA1, body: { answers: { ...first.answers, contacts: '9', summary: '本机构按计划完成电话和邮件触达，客户反馈良好。' }, explanations: { contacts: '四次上门未记入系统' } },
    });
    expect(saved.body.details ?? []).toEqual([]);

    // After completion: one more policy attributed, and a call recorded as failed found connected after all.
    await lateConversion(campaignId, org.countyA1, 640);
    await db.query(`UPDATE contacts SET status = 'connected' WHERE campaign_id = $1 AND status = 'failed' AND org_unit_id = $2`, [campaignId, org.countyA1]);
    const reopened = await open(countyA1, campaignId);
    expect(reopened.systemValues).toMatchObject({ contacts: '6', delivered: '4', conversions: '2', premium_written: '1640.00' });
    expect(reopened.answers).toMatchObject({ contacts: '9', delivered: '4', conversions: '2', premium_written: '1640.00', summary: '本机构按计划完成电话和邮件触达，客户反馈良好。' });
    expect(reopened.explanations).toEqual({ contacts: '四次上门未记入系统' });

    // A save from a page opened before the new policy: its unchanged answer follows the figure as it is at saving.
    await lateConversion(campaignId, org.countyA1, 360);
    const stale = await call(app, 'PUT', `/api/evaluation-reports/${first.id}`, {
      token: countyA1, body: { answers: reopened.answers, explanations: reopened.explanations },
    });
    expect(stale.status).toBe(200);
    expect(stale.body.systemValues).toMatchObject({ contacts: '6', delivered: '4', conversions: '3', premium_written: '2000.00' });
    expect(stale.body.answers).toMatchObject({ contacts: '9', delivered: '4', conversions: '3', premium_written: '2000.00' });

    // Filed: the figures it was filed with stay, for the branch and the reviewer alike.
    const submitted = await call(app, 'POST', `/api/evaluation-reports/${first.id}/submit`, {
      token: countyA1,
      body: {
        answers: {
          ...stale.body.answers, started_on: '2026-11-02', finished_on: '2026-11-20', plan_adherence: '4', results_by_line: [],
          contact_costs: stale.body.systemValues.spend, spend_items: [], feedback_overall: 'positive', feedback_topics: ['price'],
          problems: '个别客户电话无人接听。', self_rating: '4',
        },
        explanations: stale.body.explanations,
      },
    });
    expect(submitted.status).toBe(200);
    await lateConversion(campaignId, org.countyA1, 500);
    for (const token of [countyA1, reviewer]) {
      const filed = await open(token, campaignId);
      expect(filed.status).toBe('submitted');
      expect(filed.systemValues).toMatchObject({ contacts: '6', delivered: '4', conversions: '3', premium_written: '2000.00' });
      expect(filed.answers).toMatchObject({ contacts: '9', delivered: '4', conversions: '3' });
      expect(filed.explanations).toEqual({ contacts: '四次上门未记入系统' });
    }
  });
});
