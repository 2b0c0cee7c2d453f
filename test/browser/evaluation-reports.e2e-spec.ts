import type { Page } from 'playwright-core';
import { runningCampaignWithResults } from '../support/evaluation-campaign';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { call, login } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

async function logOut(page: Page): Promise<void> {
  const answer = await page.request.post('/api/auth/logout');
  expect(answer.ok()).toBe(true);
}

/** The field's own block of the form, by its key. */
const field = (page: Page, key: string) => page.locator(`[data-field="${key}"]`);

describe('Branch evaluation reports in the browser', () => {
  let stack: BrowserStack;
  let campaignId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('evaluation-reports');
    const { app, db } = stack;
    const org = await createFixtureOrg(db);
    const plannerId = await createUser(db, 'planner.eval', org.province, ['campaign_manager']);
    await createUser(db, 'reviewer.eval', org.province, ['reviewer']);
    await createUser(db, 'executor.eval', org.countyA1, ['branch_executor']);
    ({ campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1], startDate: '2026-11-01', endDate: '2026-12-31', name: '家财险交叉销售（评估）',
    }));
    const planner = await login(app, 'planner.eval', FIXTURE_PASSWORD);
    const completed = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/complete`, { token: planner, body: {} });
    expect(completed.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('a branch fills and submits its report, the reviewer returns it with a comment, the branch resubmits, the reviewer approves and the campaign is closed', async () => {
    const { page, db } = stack;
    await logInAs(page, 'executor.eval', FIXTURE_PASSWORD);
    // The landing page says what there is to do and leads to it.
    const toFill = page.getByTestId('to-do').getByRole('link', { name: '评估报告待填写：1' });
    await toFill.waitFor();
    await stack.shot('home-to-fill');
    await toFill.click();
    await page.waitForURL('**/evaluation-reports');
    await page.getByTestId('report-list').getByText('家财险交叉销售（评估）', { exact: false }).click();
    await page.getByTestId('evaluation-form').waitFor();
    // Prefilled from the system: 5 contacts made by the branch.
    await expect(field(page, 'contacts').getByRole('textbox').inputValue()).resolves.toBe('5');
    await page.getByTestId('system-contacts').getByText('系统数据：5').waitFor();
    await stack.shot('prefilled');

    // A changed figure asks for its explanation.
    await field(page, 'contacts').getByRole('textbox').fill('6');
    await page.getByTestId('explanation-contacts').fill('一次上门拜访未记入系统');
    await page.getByLabel('执行情况综述').fill('本支公司按计划完成电话和邮件触达，客户对家财险兴趣较高。');
    await page.getByLabel('实际开始日期').fill('2026-11-02');
    await page.getByLabel('实际开始日期').press('Enter');
    await page.getByLabel('实际结束日期').fill('2026-11-28');
    await page.getByLabel('实际结束日期').press('Enter');
    await field(page, 'plan_adherence').getByText('4', { exact: true }).click();
    await page.getByLabel('接触费用（按次自动计费）').fill('107.50');
    await field(page, 'feedback_overall').getByText('积极', { exact: true }).click();
    await page.getByLabel('执行中遇到的问题').fill('部分客户电话无人接听。');
    await field(page, 'self_rating').getByText('4', { exact: true }).click();
    await page.getByTestId('save-report').click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByTestId('submit-report').click();
    await page.getByText('报告已提交').waitFor();
    await page.getByTestId('report-status').getByText('已提交').waitFor();
    await stack.shot('submitted');
    await logOut(page);

    // The reviewer sees the changed figure highlighted and returns the report with a comment on a field.
    await logInAs(page, 'reviewer.eval', FIXTURE_PASSWORD);
    await page.getByTestId('to-do').getByRole('link', { name: '评估报告待审核：1' }).waitFor();
    await stack.shot('home-to-review');
    await page.goto(`/campaigns/${campaignId}/evaluation-reports`);
    const [{ id: reportId, branch_id: branchId }] = await db.query(`SELECT id, branch_id FROM evaluation_reports WHERE campaign_id = $1`, [campaignId]);
    const contactsCell = page.getByTestId(`cell-${branchId}-contacts`);
    await contactsCell.getByText('系统数据：5 · 一次上门拜访未记入系统').waitFor();
    await expect(contactsCell.getAttribute('class')).resolves.toBe('side-by-side-differs');
    await page.getByTestId(`differences-${branchId}`).getByText('1 项与系统数据不同').waitFor();
    await stack.shot('side-by-side');
    await page.getByTestId('return-report').click();
    await page.getByLabel('总体意见').fill('请补充改进建议');
    await page.getByTestId('add-field-comment').click();
    await page.getByRole('combobox', { name: '字段 1' }).fill('改进');
    await page.locator('.ant-select-item-option', { hasText: '改进建议' }).click();
    await page.getByLabel('字段意见 1').fill('请写明下次活动的改进措施');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已退回', { exact: true }).first().waitFor();
    await page.getByTestId(`cell-${branchId}-suggestions`).getByText('审核意见：请写明下次活动的改进措施').waitFor();
    await logOut(page);

    // The branch reads the comment at its field and resubmits.
    await logInAs(page, 'executor.eval', FIXTURE_PASSWORD);
    await page.goto(`/evaluation-reports/${reportId}`);
    await page.getByTestId('review-comment').getByText('请补充改进建议').waitFor();
    await field(page, 'suggestions').getByText('审核意见：请写明下次活动的改进措施').waitFor();
    await stack.shot('returned');
    await page.getByLabel('改进建议').fill('提前一周准备外呼名单，并增加周末上门。');
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-status').getByText('已重新提交').waitFor();
    await logOut(page);

    // The reviewer approves: every report of the campaign is approved, so it is closed.
    await logInAs(page, 'reviewer.eval', FIXTURE_PASSWORD);
    await page.goto(`/campaigns/${campaignId}/evaluation-reports`);
    await page.getByTestId('approve-report').click();
    await page.getByTestId('campaign-closed').waitFor();
    await page.getByTestId('approved-count').getByText('已通过 1 / 1').waitFor();
    await stack.shot('approved');
    const [campaign] = await db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    expect(campaign.status).toBe('closed');
    const [report] = await db.query(`SELECT status, answers->>'contacts' AS contacts, explanations->>'contacts' AS why FROM evaluation_reports WHERE id = $1`, [reportId]);
    expect(report).toEqual({ status: 'approved', contacts: '6', why: '一次上门拜访未记入系统' });
  });
});
