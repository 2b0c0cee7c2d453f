import { Locator, Page } from 'playwright-core';
import { BudgetPoolService } from '@lib/budgets';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, scopeOf } from '../support/fixtures';
import { call, loginNewUser } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select and picks the option with this label (typing first when the select is searchable). */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  const search = select.locator('input.ant-select-selection-search-input');
  if (await search.isEditable().catch(() => false)) await search.fill(label);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

/** Types a day into an antd DatePicker's input (the test id lands on it) and closes its panel. */
async function pickDate(page: Page, input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

async function switchUser(page: Page, username: string): Promise<void> {
  await page.context().clearCookies();
  await logInAs(page, username, FIXTURE_PASSWORD);
}

async function openSection(page: Page, title: string): Promise<void> {
  await page.getByTestId('editor-steps').getByText(title, { exact: true }).click();
}

describe('Planning, submitting and approving a campaign in the browser', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;

  beforeAll(async () => {
    stack = await startBrowserStack('campaigns');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    await createProducts(db);
    // Commercial motor holders in the two Nanjing counties (and one in Suzhou, outside the campaign's branches).
    for (const [unit, name] of [[org.countyA1, '钱志刚'], [org.countyA1, '冯丽华'], [org.countyA2, '何建平'], [org.countyB1, '许婷']] as const) {
      await createPolicy(db, await createCustomer(db, unit, { name }), 'SYX', { premium: 4200 });
    }
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const segment = await call(app, 'POST', '/api/segments', {
      token: segmentManager,
      body: { name: '商业车险客户', kind: 'dynamic', rule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' } },
    });
    expect(segment.status).toBe(201);
    await createUser(db, 'cm.nanjing', org.cityA, ['campaign_manager']);
    await createUser(db, 'rv.nanjing', org.cityA, ['reviewer']);
    await createUser(db, 'rv.province', org.province, ['reviewer']);
    // The approval reserves the budget from the province's pool of the campaign's year.
    const admin = await createUser(db, 'budget.admin', org.province, ['admin']);
    await app.get(BudgetPoolService).create(await scopeOf(db, org.province), admin, { fiscalYear: 2027, orgUnitId: org.province, amount: '1000000.00' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('plans a campaign with two steps, sees the forecast, and is told every problem on submit', async () => {
    const { page } = stack;
    await logInAs(page, 'cm.nanjing', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.waitForURL('**/campaigns');
    await stack.audit();
    await page.getByTestId('new-campaign').click();
    await page.waitForURL('**/campaigns/new');

    await page.getByTestId('campaign-name').fill('车险客户交叉销售家财险');
    await pickDate(page, page.getByTestId('campaign-start'), '2027-03-01');
    await pickDate(page, page.getByTestId('campaign-end'), '2027-03-31');
    const branches = page.getByTestId('campaign-branches');
    await choose(page, branches, '江宁支公司');
    await choose(page, branches, '浦口支公司');
    await page.keyboard.press('Escape');

    await openSection(page, '目标受众');
    await choose(page, page.getByTestId('campaign-include'), '商业车险客户');
    await page.keyboard.press('Escape');

    await openSection(page, '渠道步骤');
    const first = page.getByTestId('step-0');
    await first.getByTestId('step-template').fill('cross_sell');
    await first.getByTestId('step-capacity').fill('1000');
    await first.getByTestId('step-cost').fill('0.10');
    await page.getByTestId('add-step').click();
    const second = page.getByTestId('step-1');
    await choose(page, second.getByTestId('step-channel'), '电话');
    await second.getByTestId('step-offset').fill('7');
    await second.getByTestId('step-cost').fill('8.50');
    await second.getByTestId('step-capacity').fill('200');

    await openSection(page, '预算与分配');
    await page.getByTestId('campaign-budget').fill('80000');
    // The forecast follows the plan as edited: three motor holders in the two counties, 10 % held out.
    await page.locator('[data-testid="forecast"][data-audience="3"]').waitFor();
    await page.getByTestId('budget-suffices').waitFor();
    expect(await page.getByTestId('forecast-steps').innerText()).toContain('电话');
    await stack.shot('editor-forecast');

    // The second step has no template reference: submit lists it by field and marks the channels step.
    stack.expectFailedRequest(/\/api\/campaigns\/\d+\/moves\/submit$/, { status: 400, method: 'POST' });
    await page.getByTestId('submit-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+\/edit$/);
    const problems = page.getByTestId('plan-problems');
    await problems.getByText('步骤 2 · 模板编号').waitFor();
    await second.locator('.ant-form-item-explain-error').first().waitFor();
    await stack.shot('problems');

    await second.getByTestId('step-template').fill('cross_sell');
    await page.getByTestId('submit-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('campaign-status').getByText('待审批').waitFor();
    await page.getByTestId('approval-route').getByText('地市审批').waitFor();
    await stack.shot('submitted');

    const [row] = await stack.db.query(`SELECT status FROM campaigns`);
    expect(row.status).toBe('submitted');
  });

  it('is returned by the city reviewer with a comment on the budget, fixed and submitted again', async () => {
    const { page } = stack;
    await switchUser(page, 'rv.nanjing');
    await page.locator('.ant-layout-sider').getByText('待我审批', { exact: true }).click();
    await page.waitForURL('**/approvals');
    const inbox = page.getByTestId('approval-inbox');
    await inbox.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).waitFor();
    await stack.shot('inbox');
    await inbox.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    // The reviewer judges the plan with the planner's forecast beside it.
    await page.locator('[data-testid="forecast"][data-audience="3"]').waitFor();
    await page.getByTestId('move-return').click();
    await page.getByTestId('move-comment').fill('电话外呼成本偏高，请调整预算后再提交');
    await page.getByTestId('add-field-comment').click();
    await page.getByTestId('field-comment-0').getByTestId('field-comment-text').fill('预算请提高到 90,000 元');
    await stack.shot('return-dialog');
    await page.getByTestId('confirm-move').click();
    await page.getByTestId('campaign-status').getByText('已退回').waitFor();

    await switchUser(page, 'cm.nanjing');
    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('decisions').getByText('预算请提高到 90,000 元', { exact: false }).waitFor();
    await page.getByTestId('edit-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+\/edit$/);
    await page.getByTestId('review-comments').getByText('电话外呼成本偏高，请调整预算后再提交').waitFor();
    await openSection(page, '预算与分配');
    // The reviewer's comment stands beside the budget field.
    await page.getByText('预算请提高到 90,000 元').last().waitFor();
    await page.getByTestId('campaign-budget').fill('90000');
    await stack.shot('fixing');
    await page.getByTestId('submit-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('campaign-status').getByText('待审批').waitFor();

    const [revision] = await stack.db.query(`SELECT status, budget::text AS budget, review_round FROM campaign_revisions`);
    expect(revision).toEqual({ status: 'submitted', budget: '90000.00', review_round: 2 });
  });

  it('needs the city and then the province to approve a budget above the city limit', async () => {
    const { page } = stack;
    await switchUser(page, 'rv.nanjing');
    await page.locator('.ant-layout-sider').getByText('待我审批', { exact: true }).click();
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('move-approve').click();
    await page.getByTestId('confirm-move').click();
    // ¥90,000 is above what a city approves alone: still submitted, now waiting for the province.
    await page.getByTestId('move-approve').waitFor({ state: 'detached' });
    await page.getByTestId('campaign-status').getByText('待审批').waitFor();
    await stack.shot('city-approved');
    // It now waits for the province, so it has left the city reviewer's inbox.
    await page.locator('.ant-layout-sider').getByText('待我审批', { exact: true }).click();
    await page.waitForURL('**/approvals');
    await page.getByTestId('approval-inbox').locator('.ant-empty').waitFor();

    await switchUser(page, 'rv.province');
    await page.locator('.ant-layout-sider').getByText('待我审批', { exact: true }).click();
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('move-approve').click();
    await page.getByTestId('move-comment').fill('同意');
    await page.getByTestId('confirm-move').click();
    await page.getByTestId('campaign-status').getByText('已批准').waitFor();
    await page.getByTestId('approved-plan').waitFor();

    await page.getByRole('tab', { name: '变更记录' }).click();
    const timeline = page.getByTestId('audit-timeline');
    await timeline.getByText('退回修改').waitFor();
    await timeline.getByText('本级审批通过，转上级审批').waitFor();
    await stack.shot('approved-audit');

    const approvals = await stack.db.query(`SELECT org_level, decision FROM campaign_approvals ORDER BY id`);
    expect(approvals).toEqual([
      { org_level: 3, decision: 'returned' },
      { org_level: 3, decision: 'approved' },
      { org_level: 2, decision: 'approved' },
    ]);
  });

  it('copies the campaign into a new draft and marks the overlapping audiences on the month calendar', async () => {
    const { page } = stack;
    await switchUser(page, 'cm.nanjing');
    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('copy-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+\/edit$/);
    await page.locator('[data-testid="campaign-name"][value="车险客户交叉销售家财险 副本"]').waitFor();

    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.waitForURL('**/campaigns');
    await page.getByTestId('campaign-view').getByText('日历', { exact: true }).click();
    await page.waitForURL('**/campaigns?view=calendar');
    await pickDate(page, page.getByLabel('月份'), '2027-03');
    // The approved campaign and its draft copy share all three customers in every week of March.
    await page.getByTestId('overlap-mark').first().waitFor();
    expect(await page.getByTestId('campaign-calendar').locator('tbody tr.ant-table-row').count()).toBe(2);
    await stack.shot('calendar');
  });

  it('revises the approved plan, splits its budget, and shows the revision beside the one before', async () => {
    const { page } = stack;
    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.waitForURL('**/campaigns');
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('create-revision').click();
    await page.waitForURL(/\/campaigns\/\d+\/edit$/);
    await page.locator('[data-testid="campaign-name"][value="车险客户交叉销售家财险"]').waitFor();
    await openSection(page, '渠道步骤');
    // No capacity is set for these channels and branches, so the planner sees them as not limited.
    await page.getByTestId('step-capacity-left').first().getByText('不限', { exact: false }).first().waitFor();
    await openSection(page, '预算与分配');
    await page.getByTestId('campaign-budget').fill('95000');
    await page.getByTestId('save-campaign').click();
    await page.getByText('草稿已保存').waitFor();
    const split = page.getByTestId('allocation-editor');
    await split.getByLabel('江宁支公司').fill('60000');
    await split.getByLabel('浦口支公司').fill('35000');
    await split.getByTestId('save-allocation').click();
    await page.getByText('预算分配已保存').waitFor();
    await stack.shot('revision-split');

    await page.getByRole('button', { name: '返回活动列表' }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByRole('tab', { name: '版本对比' }).click();
    const comparison = page.getByTestId('revision-comparison');
    await comparison.getByText('90000.00', { exact: false }).waitFor();
    await comparison.getByText('95000.00', { exact: false }).waitFor();
    await stack.shot('revision-comparison');

    // The same page in English: the plan's words, the status and the comparison follow the switch.
    await page.locator('header .ant-segmented').getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Revisions' }).waitFor();
    await comparison.getByText('Revision 2 against the one before').waitFor();
    await page.getByTestId('campaign-status').getByText('Approved').waitFor();
    await stack.shot('revision-comparison-en');
    await page.locator('header .ant-segmented').getByText('中文', { exact: true }).click();

    const rows = await stack.db.query(`SELECT r.number, r.status, r.budget::text AS budget FROM campaign_revisions r JOIN campaigns c ON c.id = r.campaign_id WHERE c.status = 'approved' ORDER BY r.number`);
    expect(rows).toEqual([
      { number: 1, status: 'approved', budget: '90000.00' },
      { number: 2, status: 'draft', budget: '95000.00' },
    ]);
  });

  it('schedules the approved campaign, and its draft copy shows the customers the two share', async () => {
    const { page } = stack;
    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.waitForURL('**/campaigns');
    await page.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByTestId('move-schedule').click();
    await page.getByTestId('confirm-move').click();
    await page.getByTestId('campaign-status').getByText('已排期').waitFor();
    // Starting is the launch's work: it waits for the start, and the page can bring it forward for the worker (not running in this stack).
    await page.getByTestId('launches-at').getByText('自动启动', { exact: false }).waitFor();
    await expect(page.getByTestId('campaign-moves').getByRole('button', { name: '开始执行' }).count()).resolves.toBe(0);
    await page.getByTestId('launch-campaign').click();
    await page.getByText('已提交启动', { exact: false }).waitFor();

    await page.locator('.ant-layout-sider').getByText('营销活动', { exact: true }).click();
    await page.waitForURL('**/campaigns');
    await page.getByRole('link', { name: '车险客户交叉销售家财险 副本', exact: true }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByRole('tab', { name: '受众重叠' }).click();
    const overlap = page.getByTestId('campaign-overlap');
    await overlap.getByRole('link', { name: '车险客户交叉销售家财险', exact: true }).waitFor();
    await overlap.getByRole('button', { name: '查看共享客户: 车险客户交叉销售家财险', exact: true }).click();
    await overlap.getByText('钱志刚').waitFor();
    await stack.shot('overlap');
    expect(await overlap.locator('tbody tr.ant-table-row').count()).toBe(1 + 3);
  });
});
