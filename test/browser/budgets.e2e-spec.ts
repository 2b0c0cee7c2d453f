import { Locator, Page } from 'playwright-core';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { approveCampaignThroughApi, daysFromToday } from '../support/approved-campaign';
import { call, loginNewUser } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select (or TreeSelect) and picks the option with this label. */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

async function switchUser(page: Page, username: string): Promise<void> {
  await page.context().clearCookies();
  await logInAs(page, username, FIXTURE_PASSWORD);
}

async function openMenu(page: Page, entry: string, path: string): Promise<void> {
  await page.locator('.ant-layout-sider').getByText(entry, { exact: true }).click();
  await page.waitForURL(`**${path}`);
}

/** antd puts a space between the two characters of a Chinese button label. */
const button = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

/** A table row of the given table holding this text. */
const rowOf = (page: Page, table: string, text: string) => page.getByTestId(table).locator('tbody tr', { hasText: text });

describe('Budget pools, a campaign budget and manual spend in the browser', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  let campaignId: number;
  const startDate = daysFromToday(7);
  const fiscalYear = Number(startDate.slice(0, 4));

  beforeAll(async () => {
    stack = await startBrowserStack('budgets');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (const unit of [org.countyA1, org.countyB1]) await createPolicy(db, await createCustomer(db, unit), 'SYX');
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const segment = await call(app, 'POST', '/api/segments', {
      token: segmentManager,
      body: { name: '商业车险客户', kind: 'dynamic', rule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' } },
    });
    const planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    const reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    const channelManager = await loginNewUser(app, 'ch.province', org.province, ['channel_manager']);
    await createUser(db, 'exec.jiangning', org.countyA1, ['branch_executor']);
    expect((await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear, orgUnitId: org.province, amount: '100000.00' } })).status).toBe(201);
    await call(app, 'PUT', `/api/channel-capacities/phone/branches/${org.countyA1}`, { token: channelManager, body: { seats: 4, contactsPerSeat: 50 } });
    campaignId = await approveCampaignThroughApi(app, {
      planner,
      reviewer,
      segmentId: segment.body.id,
      name: '江宁、昆山车险客户家财险交叉销售',
      budget: '30000.00',
      startDate,
      endDate: daysFromToday(11),
      branchIds: [org.countyA1, org.countyB1],
      dailyCalls: 150,
      callBranchIds: [org.countyA1],
      split: {
        branches: [{ branchId: org.countyA1, amount: '25000.00' }, { branchId: org.countyB1, amount: '5000.00' }],
        channels: [{ channel: 'phone', amount: '26250.00' }],
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the reservation of the approved campaign in the province pool, and a reviewer allocates to a city pool', async () => {
    const { page } = stack;
    await logInAs(page, 'rv.province', FIXTURE_PASSWORD);
    await openMenu(page, '预算池', '/budgets');
    await choose(page, page.getByTestId('fiscal-year'), `预算年度 ${fiscalYear}`);
    const province = rowOf(page, 'pool-tree', '江苏省分公司');
    // planned, reserved, committed, actual, remaining
    await province.getByText('¥30,000.00').waitFor();
    await expect(province.innerText()).resolves.toMatch(/¥100,000\.00[\s\S]*¥30,000\.00[\s\S]*¥0\.00[\s\S]*¥0\.00[\s\S]*¥70,000\.00/);

    await page.getByTestId(`pool-${org.province}`).click();
    const reserving = rowOf(page, 'pool-campaigns', '江宁、昆山车险客户家财险交叉销售');
    await reserving.getByText('¥30,000.00').first().waitFor();
    await page.getByTestId('pool-chart').waitFor();
    await stack.shot('pool-reservation');

    await page.getByTestId('new-pool').click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.locator('.ant-select'), '南京分公司');
    await dialog.getByTestId('pool-amount').fill('20000.00');
    await dialog.getByRole('button', { name: button('保存') }).click();
    await rowOf(page, 'pool-tree', '南京分公司').getByText('¥20,000.00').first().waitFor();
    await expect(province.innerText()).resolves.toMatch(/¥80,000\.00[\s\S]*¥30,000\.00[\s\S]*¥50,000\.00/);
    await stack.shot('pool-allocated');
  });

  it('lets a branch executor enter a manual spend with its receipt, see it in the branch figures, and reverse a wrong one', async () => {
    const { page, db } = stack;
    await switchUser(page, 'exec.jiangning');
    await openMenu(page, '活动预算', '/budgets/campaigns');
    await stack.audit();
    await page.getByRole('link', { name: /江宁、昆山车险客户家财险交叉销售/ }).click();
    await page.waitForURL(`**/budgets/campaigns/${campaignId}`);
    await page.getByText('您只能看到本机构的部分').waitFor();
    const jiangning = rowOf(page, 'branch-figures', '江宁支公司');
    await jiangning.getByText('¥25,000.00').first().waitFor();

    const enterSpend = async (category: string, amount: string, reference: string, receipt?: string) => {
      await page.getByTestId('add-spend').click();
      const dialog = page.getByRole('dialog');
      await choose(page, dialog.getByTestId('spend-category'), category);
      await dialog.getByTestId('spend-amount').fill(amount);
      await dialog.getByTestId('spend-reference').fill(reference);
      if (receipt) await dialog.locator('input[type=file]').setInputFiles({ name: receipt, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt') });
      await dialog.getByRole('button', { name: button('保存') }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await enterSpend('礼品', '1280.50', 'FP-2026-0012', 'receipt-0012.pdf');
    const gifts = rowOf(page, 'spend-lines', 'FP-2026-0012');
    await gifts.getByText('receipt-0012.pdf').waitFor();
    await expect(gifts.innerText()).resolves.toContain('¥1,280.50');
    const receipt = await page.request.get((await gifts.locator('a[download]').getAttribute('href')) ?? '');
    await expect(receipt.text()).resolves.toBe('%PDF-1.4 receipt');
    await jiangning.getByText('¥23,719.50').waitFor();

    await enterSpend('印刷物料', '999.00', 'FP-WRONG');
    await jiangning.getByText('¥22,720.50').waitFor();
    await rowOf(page, 'spend-lines', 'FP-WRONG').getByRole('button', { name: button('冲销') }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: button('冲销') }).click();
    await rowOf(page, 'spend-lines', 'FP-WRONG').first().getByText('已冲销').waitFor();
    await jiangning.getByText('¥23,719.50').waitFor();
    await expect(jiangning.innerText()).resolves.toContain('¥1,280.50');
    await page.getByTestId('branch-chart').waitFor();
    await stack.shot('branch-spend');

    const lines = await db.query(`SELECT amount::text FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend' ORDER BY id`, [campaignId]);
    expect(lines).toEqual([{ amount: '1280.50' }, { amount: '999.00' }, { amount: '-999.00' }]);
    await expect(db.query(`SELECT attachment_name FROM manual_spends WHERE reference = 'FP-2026-0012'`)).resolves.toEqual([{ attachment_name: 'receipt-0012.pdf' }]);
  });

  it('shows the planner the whole campaign with the spend, and a reviewer approves the raise the planner asks for', async () => {
    const { page } = stack;
    await switchUser(page, 'cm.province');
    await openMenu(page, '活动预算', '/budgets/campaigns');
    await rowOf(page, 'campaign-budgets', '江宁、昆山车险客户家财险交叉销售').getByText('¥1,280.50').waitFor();
    await page.getByTestId('campaign-budgets-chart').waitFor();
    await stack.shot('campaign-budgets');
    await page.getByRole('link', { name: /江宁、昆山车险客户家财险交叉销售/ }).click();
    await page.waitForURL(`**/budgets/campaigns/${campaignId}`);
    await expect(page.getByTestId('figure-actual').innerText()).resolves.toBe('¥1,280.50');
    await expect(page.getByTestId('figure-remaining').innerText()).resolves.toBe('¥28,719.50');
    await expect(rowOf(page, 'channel-figures', '电话').innerText()).resolves.toContain('¥26,250.00');

    await page.getByTestId('request-raise').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('raise-amount').fill('5000.00');
    await dialog.getByLabel('理由').fill('江宁支公司客户答谢会增加礼品');
    await dialog.getByRole('button', { name: button('保存') }).click();
    await rowOf(page, 'raise-requests', '江宁支公司客户答谢会增加礼品').getByText('待审批').waitFor();
    await stack.shot('campaign-budget');

    await switchUser(page, 'rv.province');
    await openMenu(page, '活动预算', '/budgets/campaigns');
    const pending = rowOf(page, 'pending-raises', '江宁支公司客户答谢会增加礼品');
    await pending.getByRole('button', { name: button('批准') }).click();
    await page.getByRole('dialog').getByLabel('审批意见').fill('同意');
    await page.getByRole('dialog').getByRole('button', { name: button('保存') }).click();
    await page.getByTestId('pending-raises').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /江宁、昆山车险客户家财险交叉销售/ }).click();
    await expect(page.getByTestId('figure-reserved').innerText()).resolves.toBe('¥35,000.00');
    await rowOf(page, 'raise-requests', '江宁支公司客户答谢会增加礼品').getByText('已批准').waitFor();

    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: /^Campaign budget: / }).waitFor();
    await stack.shot('campaign-budget-english');
  });
});
